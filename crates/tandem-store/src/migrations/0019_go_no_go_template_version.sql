-- The go/no-go checklist template gets a version, so two people replacing it at once never
-- overwrite each other (If-Match on PUT /projects/{key}/go-no-go-template). A template saved
-- before this migration is version 1; a project without one reads as version 0.
ALTER TABLE go_no_go_templates ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
