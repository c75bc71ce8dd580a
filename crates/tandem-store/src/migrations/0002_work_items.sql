-- Work items and what hangs off them: per-project workflow (statuses, transitions), sprints,
-- items with labels, dependencies, comments, the change history (events) and saved views.
-- `{id}` becomes the backend's auto-generated BIGINT primary key. Durations are minutes,
-- dates are `YYYY-MM-DD` text, times are unix milliseconds.

-- One row per project whose workflow exists; its version guards workflow edits (If-Match).
CREATE TABLE workflows (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- A project's statuses, shown left to right by `sort_order`. `category` is todo,
-- in_progress or done; `wip_limit` NULL means unlimited.
CREATE TABLE workflow_statuses (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    sort_order BIGINT NOT NULL,
    wip_limit BIGINT NULL,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX workflow_statuses_name ON workflow_statuses (project_id, name);
CREATE INDEX workflow_statuses_order ON workflow_statuses (project_id, sort_order);

-- Allowed moves. A project without any row here allows every move.
CREATE TABLE workflow_transitions (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    from_status_id BIGINT NOT NULL REFERENCES workflow_statuses (id) ON DELETE CASCADE,
    to_status_id BIGINT NOT NULL REFERENCES workflow_statuses (id) ON DELETE CASCADE,
    PRIMARY KEY (from_status_id, to_status_id)
);
CREATE INDEX workflow_transitions_project ON workflow_transitions (project_id);

-- Sprints (their lifecycle belongs to the sprint feature); `state` is planned, active or
-- completed.
CREATE TABLE sprints (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    goal TEXT NOT NULL DEFAULT '',
    starts_on TEXT NULL,
    ends_on TEXT NULL,
    state TEXT NOT NULL DEFAULT 'planned',
    started_at BIGINT NULL,
    completed_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sprints_project ON sprints (project_id, state);

-- The last item number handed out per project, so numbers are never reused after a delete.
CREATE TABLE item_counters (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    last_number BIGINT NOT NULL
);

-- Work items. Key = project key + '-' + number. `item_type`: epic, story, task, bug,
-- milestone; `priority`: lowest, low, medium, high, highest. Estimates in minutes; story points
-- are whole numbers. `feature_id` links to a product feature (no foreign key: features live in
-- another migration). `blocking` marks a bug that blocks a release. `board_rank` orders cards
-- within a status column (fractional, so a card can be put between two others).
CREATE TABLE work_items (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    item_type TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status_id BIGINT NOT NULL REFERENCES workflow_statuses (id),
    priority TEXT NOT NULL DEFAULT 'medium',
    assignee_id BIGINT NULL REFERENCES users (id),
    parent_id BIGINT NULL REFERENCES work_items (id),
    story_points BIGINT NULL,
    estimate_minutes BIGINT NULL,
    optimistic_minutes BIGINT NULL,
    most_likely_minutes BIGINT NULL,
    pessimistic_minutes BIGINT NULL,
    remaining_minutes BIGINT NULL,
    due_date TEXT NULL,
    start_date TEXT NULL,
    sprint_id BIGINT NULL REFERENCES sprints (id),
    feature_id BIGINT NULL,
    blocking BOOLEAN NOT NULL DEFAULT FALSE,
    board_rank DOUBLE PRECISION NOT NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX work_items_number ON work_items (project_id, number);
CREATE INDEX work_items_status ON work_items (project_id, status_id, board_rank);
CREATE INDEX work_items_assignee ON work_items (assignee_id);
CREATE INDEX work_items_parent ON work_items (parent_id);
CREATE INDEX work_items_sprint ON work_items (sprint_id);
CREATE INDEX work_items_feature ON work_items (feature_id);

-- Free-text labels, one row per label of an item.
CREATE TABLE item_labels (
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (item_id, label)
);
CREATE INDEX item_labels_label ON item_labels (label);

-- Dependencies between items of one project. `kind`: FS, SS, FF, SF. `lag_days` is in
-- working days and may be negative (a lead).
CREATE TABLE item_dependencies (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    predecessor_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    successor_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    lag_days BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (predecessor_id, successor_id)
);
CREATE INDEX item_dependencies_successor ON item_dependencies (successor_id);
CREATE INDEX item_dependencies_project ON item_dependencies (project_id);

-- Comments; `internal` ones are never shown to client users.
CREATE TABLE item_comments (
    id {id},
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    internal BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    edited_at BIGINT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX item_comments_item ON item_comments (item_id, created_at);

-- The change history, written in the same transaction as each change. No foreign key to the
-- item: a deleted item keeps its history. `kind`: created, field_changed, status_changed,
-- sprint_changed, deleted. Values are JSON; a status value is {"id","name","category"}.
CREATE TABLE item_events (
    id {id},
    item_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    field TEXT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL
);
CREATE INDEX item_events_item ON item_events (item_id, id);
CREATE INDEX item_events_project_at ON item_events (project_id, at);

-- A person's named item filters on a project; `query` is the list page's query string.
CREATE TABLE saved_views (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX saved_views_name ON saved_views (project_id, user_id, name);
