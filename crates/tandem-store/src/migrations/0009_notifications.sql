-- In-app notifications and each person's choice of which kinds reach them (in the app, by
-- e-mail once an SMTP relay is configured).

-- One notification for one person. `dedupe_key` names the condition that raised it (e.g.
-- `decision_overdue:12:2026-11-20`), so a standing condition found again by the next sweep
-- does not notify twice; a changed condition (a new due date) has a new key.
CREATE TABLE notifications (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    project_id BIGINT NULL REFERENCES projects (id) ON DELETE CASCADE,
    link TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT NULL
);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
-- The bell's unread count and the newest-first list.
CREATE INDEX notifications_user_unread ON notifications (user_id, read_at, id);

-- A row only where the person changed the default (every kind in the app, no e-mail).
CREATE TABLE notification_settings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    in_app BOOLEAN NOT NULL,
    email BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);
