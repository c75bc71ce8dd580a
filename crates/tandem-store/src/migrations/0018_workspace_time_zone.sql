-- The workspace's time zone (ADR 0039): the zone whose calendar day is "today" for due dates,
-- overdue flags, sprints, time entries and the health diagnosis, and the zone of people who
-- never chose their own. One row; version 0 while the default (UTC) applies.
CREATE TABLE workspace_time_zone (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    time_zone TEXT NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO workspace_time_zone (id, time_zone, version) VALUES (1, 'UTC', 0);
