-- In the app and by e-mail are two channels chosen apart for each kind (ADR 0027): a kind
-- may be mailed while it is off in the app. Its notification is still stored, because the
-- row is what keeps a standing condition from being raised (and mailed) again on every
-- sweep, but with `in_app` false it is not listed, counted or marked read.
ALTER TABLE notifications ADD COLUMN in_app BOOLEAN NOT NULL DEFAULT TRUE;

-- Until now a mail was a copy of the in-app notification, so a kind off in the app sent no
-- mail whatever its e-mail box said. Keep that outcome for the people who chose it.
UPDATE notification_settings SET email = FALSE WHERE NOT in_app;
