-- People and capacity, project calendars, time off, budget lines, expenses and the risk
-- register (delivery cockpit). Dates are `YYYY-MM-DD` text, amounts are minor units.

-- A member's discipline, capacity and (internal) hourly rate on one project. A member
-- without a row has no discipline, is full time and has no rate.
CREATE TABLE member_profiles (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    discipline TEXT NULL,
    weekly_capacity_minutes BIGINT NULL,
    hourly_rate_minor BIGINT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (project_id, user_id)
);

-- A project's work week (JSON: weekday -> list of ["HH:MM","HH:MM"] ranges). A project
-- without a row works the standard week, Monday to Friday 08-12 and 13-17.
CREATE TABLE project_calendars (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    work_week TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- Holidays and altered days of a project calendar (`hours` JSON, empty = non-working).
CREATE TABLE calendar_exceptions (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    hours TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX calendar_exceptions_project ON calendar_exceptions (project_id, from_date);

-- A person's absence, on one project or (project_id NULL) everywhere.
CREATE TABLE time_off (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id),
    project_id BIGINT NULL REFERENCES projects (id) ON DELETE CASCADE,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX time_off_user ON time_off (user_id, from_date);
CREATE INDEX time_off_project ON time_off (project_id);

CREATE TABLE budget_lines (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX budget_lines_project ON budget_lines (project_id);

CREATE TABLE expenses (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    spent_on TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    budget_line_id BIGINT NULL REFERENCES budget_lines (id) ON DELETE SET NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX expenses_project_date ON expenses (project_id, spent_on);
CREATE INDEX expenses_budget_line ON expenses (budget_line_id);

CREATE TABLE risks (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    probability BIGINT NOT NULL,
    impact BIGINT NOT NULL,
    owner_id BIGINT NULL REFERENCES users (id),
    mitigation TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    review_date TEXT NULL,
    visibility TEXT NOT NULL DEFAULT 'internal',
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX risks_project_status ON risks (project_id, status);

-- Work items a risk threatens or that mitigate it.
CREATE TABLE risk_items (
    risk_id BIGINT NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    PRIMARY KEY (risk_id, item_id)
);
CREATE INDEX risk_items_item ON risk_items (item_id);
