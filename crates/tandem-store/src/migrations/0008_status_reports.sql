-- Weekly status reports, kept as history: what the report said when it was generated, not
-- what the data says now. The body is the full (internal) report as JSON; the client version
-- is derived from it on read by leaving the internal sections out (ADR 0007).
CREATE TABLE status_reports (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    generated_by BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    generated_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    markdown TEXT NOT NULL
);
CREATE INDEX status_reports_project ON status_reports (project_id, generated_at);
