-- E-mail waiting to be sent (and what became of it). A notification for a person who wants
-- its kind by e-mail adds a row here in the same transaction, so nothing is lost while the
-- SMTP relay is down or the server restarts; `tandem serve` drains the rows.
--
-- The mail is stored as composed when it was raised (recipient, subject, text, the link's
-- path); the sending server makes the link absolute with its public URL.
CREATE TABLE mail_outbox (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    notification_id BIGINT NULL REFERENCES notifications (id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    link TEXT NOT NULL,
    -- pending (waits for its next attempt), sent, or failed (gave up).
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    next_attempt_at BIGINT NOT NULL,
    -- A sender holds the row until then; a crashed sender's rows are picked up after it.
    claimed_until BIGINT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT NULL
);
-- The sender's "what is due" scan.
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
