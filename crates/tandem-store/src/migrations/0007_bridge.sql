-- The bridge: the responsibility matrix (workspace template and per-project matrices),
-- weekly health snapshots, and an index to read one person's recent audited writes.

-- The workspace default matrix, one row per template (`default`): activities with letters by
-- role, as JSON (validated by the server; a template is always read and written whole).
CREATE TABLE raci_templates (
    name TEXT PRIMARY KEY,
    activities TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- A project's matrix: exists once the template was copied; its version covers every
-- activity and assignment, so concurrent editors of the matrix never overwrite each other.
CREATE TABLE raci_matrices (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE raci_activities (
    id {id},
    project_id BIGINT NOT NULL REFERENCES raci_matrices (project_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    side TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE UNIQUE INDEX raci_activities_name ON raci_activities (project_id, name);

-- One letter per activity and role, or per activity and person.
CREATE TABLE raci_assignments (
    id {id},
    activity_id BIGINT NOT NULL REFERENCES raci_activities (id) ON DELETE CASCADE,
    role TEXT NULL,
    user_id BIGINT NULL REFERENCES users (id) ON DELETE CASCADE,
    letter TEXT NOT NULL,
    CHECK ((role IS NULL) <> (user_id IS NULL))
);
-- Exactly one A per activity: the server refuses a second one with a clear message; this is
-- the backstop.
CREATE UNIQUE INDEX raci_assignments_one_accountable ON raci_assignments (activity_id)
    WHERE letter = 'A';
CREATE UNIQUE INDEX raci_assignments_role ON raci_assignments (activity_id, role)
    WHERE role IS NOT NULL;
CREATE UNIQUE INDEX raci_assignments_user ON raci_assignments (activity_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX raci_assignments_user_id ON raci_assignments (user_id);

-- The verdict of each project, one per ISO week (week = its Monday, YYYY-MM-DD).
CREATE TABLE health_snapshots (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    week TEXT NOT NULL,
    verdict TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, week)
);

-- "What did this person do lately" on the Roles page.
CREATE INDEX audit_log_actor_at ON audit_log (actor_user_id, at);
