-- Schedule baselines: a named snapshot of the planned schedule that later schedules are
-- compared with (variance in working days) and that planned value is phased from.

CREATE TABLE baselines (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX baselines_project ON baselines (project_id, created_at);

-- One row per item as planned when the baseline was saved: its scheduled start and finish
-- (`YYYY-MM-DDTHH:MM:SS` on the project calendar), its planned work and its budgeted cost
-- (in the project's budget currency, or hours when it has none).
CREATE TABLE baseline_items (
    baseline_id BIGINT NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    start_at TEXT NOT NULL,
    finish_at TEXT NOT NULL,
    work_minutes BIGINT NOT NULL,
    cost DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (baseline_id, item_id)
);
