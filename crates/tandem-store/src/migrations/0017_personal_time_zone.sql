-- A person's own time zone (ADR 0036), so their daily digest comes at 07:00 where they live:
-- an IANA name (e.g. Europe/Berlin) the server checked against the time zone database.
-- A row only for people who chose; none means the default (UTC: the workspace has no time
-- zone of its own).
CREATE TABLE user_time_zones (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    time_zone TEXT NOT NULL
);
-- From now on mail_outbox.digest_on is the digest's day in its person's time zone (the day
-- whose 07:00 there it was made for); days written before this were UTC days, which the
-- default zone keeps.
