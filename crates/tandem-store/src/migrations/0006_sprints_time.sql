-- Sprint lifecycle and time tracking. The `sprints` table itself and `work_items.sprint_id`
-- come from 0002; this adds what a sprint remembers beyond its items (the scope committed at
-- start, where unfinished work went at completion) and the time people spend.

-- The scope of a sprint when it started: one row per item with its points and remaining work
-- at that moment, so velocity compares "committed" with "completed" even after items move.
CREATE TABLE sprint_commitments (
    sprint_id BIGINT NOT NULL REFERENCES sprints (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL,
    story_points BIGINT NULL,
    remaining_minutes BIGINT NULL,
    PRIMARY KEY (sprint_id, item_id)
);

-- Unfinished items at completion: where each went (`moved_to_sprint_id` NULL = the backlog)
-- and how much was left.
CREATE TABLE sprint_spillover (
    sprint_id BIGINT NOT NULL REFERENCES sprints (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL,
    moved_to_sprint_id BIGINT NULL REFERENCES sprints (id) ON DELETE SET NULL,
    story_points BIGINT NULL,
    remaining_minutes BIGINT NULL,
    PRIMARY KEY (sprint_id, item_id)
);

-- Time spent by a person on a project (optionally on one item) on one day. `minutes` > 0;
-- `billable` time is what a client is invoiced for.
CREATE TABLE time_entries (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    item_id BIGINT NULL REFERENCES work_items (id) ON DELETE SET NULL,
    date TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    billable BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX time_entries_project_date ON time_entries (project_id, date);
CREATE INDEX time_entries_user_date ON time_entries (user_id, date);
CREATE INDEX time_entries_item ON time_entries (item_id);

-- A running timer; at most one per person (the primary key).
CREATE TABLE timers (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL
);
