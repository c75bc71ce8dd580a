-- A risk may come out of a discovery workshop, like the features, hypotheses, decisions and
-- feedback it produced: the workshop is remembered as the risk's origin. Deleting the workshop
-- keeps the risk and forgets its origin.
ALTER TABLE risks ADD COLUMN workshop_id BIGINT NULL REFERENCES workshops (id) ON DELETE SET NULL;
CREATE INDEX risks_workshop ON risks (workshop_id);
