-- A person may take notification e-mail once a day (ADR 0030). Their mails are queued as
-- `held`; the daily run gathers a person's held mails into one digest mail (`pending`) and
-- marks them `digested` with the digest's id, in one transaction.
-- A row only for people who chose; none means `immediately`.
CREATE TABLE notification_delivery (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- immediately or daily.
    email TEXT NOT NULL
);
-- The digest mail a held mail went out in.
ALTER TABLE mail_outbox ADD COLUMN digest_id BIGINT NULL;
-- The day (YYYY-MM-DD, UTC) of a digest mail; NULL for every other mail.
ALTER TABLE mail_outbox ADD COLUMN digest_on TEXT NULL;
-- One digest per person and day, however many servers run the daily job.
CREATE UNIQUE INDEX mail_outbox_one_digest_a_day ON mail_outbox (user_id, digest_on);
CREATE INDEX mail_outbox_digest_items ON mail_outbox (digest_id);
