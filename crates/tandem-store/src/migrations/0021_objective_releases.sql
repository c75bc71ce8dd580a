-- Which releases an objective is delivered through, so a release page can list the objectives
-- it serves. Both sides cascade: deleting either end drops the link, never the other artefact.
CREATE TABLE objective_releases (
    objective_id BIGINT NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
    release_id BIGINT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    PRIMARY KEY (objective_id, release_id)
);
CREATE INDEX objective_releases_release ON objective_releases (release_id);
