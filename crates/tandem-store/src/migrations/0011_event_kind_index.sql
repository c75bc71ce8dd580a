-- The health diagnosis and the roadblock list read one kind of event of a whole project
-- (its status changes); with only (project_id, at) they scanned every event of the project.

CREATE INDEX item_events_project_kind ON item_events (project_id, kind, at);
