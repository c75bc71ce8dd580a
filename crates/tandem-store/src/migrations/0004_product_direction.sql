-- Product direction: vision board with revisions, goals/OKRs, decision log, discovery
-- workshops, feedback inbox, releases with their go/no-go records.
-- Every artefact has a visibility (internal | shared with the client), its origin workshop
-- where it applies, its author, timestamps and a version for optimistic concurrency.
-- Feature ids refer to the product helper's `features` (0003); work items to `work_items`.

CREATE TABLE workshops (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    held_on TEXT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    visibility TEXT NOT NULL DEFAULT 'internal',
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX workshops_project ON workshops (project_id, held_on);

-- Participants: team members and client users by id, outside contacts by name.
CREATE TABLE workshop_participants (
    id {id},
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id BIGINT NULL REFERENCES users (id),
    contact TEXT NULL
);
CREATE INDEX workshop_participants_workshop ON workshop_participants (workshop_id);
CREATE INDEX workshop_participants_user ON workshop_participants (user_id);

CREATE TABLE decisions (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed',
    context TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '[]',
    decision TEXT NOT NULL DEFAULT '',
    rationale TEXT NOT NULL DEFAULT '',
    decider_id BIGINT NULL REFERENCES users (id),
    consulted TEXT NOT NULL DEFAULT '[]',
    decided_on TEXT NULL,
    due_on TEXT NULL,
    consequence_scope TEXT NOT NULL DEFAULT '',
    consequence_time TEXT NOT NULL DEFAULT '',
    consequence_cost TEXT NOT NULL DEFAULT '',
    revisit_on TEXT NULL,
    superseded_by BIGINT NULL REFERENCES decisions (id),
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL REFERENCES workshops (id) ON DELETE SET NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX decisions_project ON decisions (project_id, status, due_on);

-- What a decision affects: kind feature | item | release | vision_revision, and its id.
CREATE TABLE decision_links (
    decision_id BIGINT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    PRIMARY KEY (decision_id, kind, target_id)
);
CREATE INDEX decision_links_target ON decision_links (kind, target_id);

CREATE TABLE vision_boards (
    id {id},
    project_id BIGINT NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
    vision TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    product TEXT NOT NULL DEFAULT '',
    business_goals TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'internal',
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- Every edit of a vision board: the full text of the five boxes before and after (JSON
-- objects), so any diff can be shown; a change of vision or target group is a direction
-- change that waits for the decision record covering it.
CREATE TABLE vision_revisions (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    edited_by BIGINT NULL REFERENCES users (id),
    edited_at BIGINT NOT NULL,
    previous TEXT NOT NULL,
    current TEXT NOT NULL,
    direction_change BOOLEAN NOT NULL DEFAULT FALSE,
    decision_id BIGINT NULL REFERENCES decisions (id) ON DELETE SET NULL
);
CREATE INDEX vision_revisions_project ON vision_revisions (project_id, id);

CREATE TABLE objectives (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    due_on TEXT NULL,
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL REFERENCES workshops (id) ON DELETE SET NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX objectives_project ON objectives (project_id);

CREATE TABLE key_results (
    id {id},
    objective_id BIGINT NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    baseline DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    current DOUBLE PRECISION NOT NULL,
    due_on TEXT NULL,
    position BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX key_results_objective ON key_results (objective_id, position);

CREATE TABLE objective_features (
    objective_id BIGINT NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
    feature_id BIGINT NOT NULL,
    PRIMARY KEY (objective_id, feature_id)
);
CREATE INDEX objective_features_feature ON objective_features (feature_id);

CREATE TABLE feedback (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    persona_id BIGINT NULL,
    importance TEXT NOT NULL DEFAULT 'important',
    status TEXT NOT NULL DEFAULT 'new',
    submitted_by BIGINT NULL REFERENCES users (id),
    workshop_id BIGINT NULL REFERENCES workshops (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX feedback_project ON feedback (project_id, status, id);
CREATE INDEX feedback_submitted_by ON feedback (submitted_by);

CREATE TABLE feedback_features (
    feedback_id BIGINT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    feature_id BIGINT NOT NULL,
    PRIMARY KEY (feedback_id, feature_id)
);
CREATE INDEX feedback_features_feature ON feedback_features (feature_id);

CREATE TABLE releases (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    target_date TEXT NULL,
    status TEXT NOT NULL DEFAULT 'planned',
    description TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'internal',
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX releases_project ON releases (project_id, target_date);

-- The go/no-go record of a release: its criteria checklist (JSON list of {area, text, met,
-- evidence, owner_id}), the decider, and once decided the outcome with its decision record.
CREATE TABLE go_no_go (
    release_id BIGINT PRIMARY KEY REFERENCES releases (id) ON DELETE CASCADE,
    criteria TEXT NOT NULL,
    decider_id BIGINT NULL REFERENCES users (id),
    outcome TEXT NULL,
    new_date TEXT NULL,
    descoped TEXT NOT NULL DEFAULT '[]',
    rationale TEXT NOT NULL DEFAULT '',
    decided_at BIGINT NULL,
    decision_id BIGINT NULL REFERENCES decisions (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- The go/no-go criteria template of a project (JSON list of {area, text}); absent means
-- Tandem's default template.
CREATE TABLE go_no_go_templates (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    criteria TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
