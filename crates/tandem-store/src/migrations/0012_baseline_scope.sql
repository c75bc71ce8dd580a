-- The feature scope a baseline was saved with, so the health diagnosis can count the features
-- added and removed since (scope churn). Baselines saved before this migration keep
-- `has_scope` FALSE: their scope is unknown, which is not the same as an empty one.

ALTER TABLE baselines ADD COLUMN has_scope BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per feature in scope when the baseline was saved, with the title it had then. No
-- foreign key to features: a feature deleted since must still count as removed, by that title.
CREATE TABLE baseline_features (
    baseline_id BIGINT NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    feature_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (baseline_id, feature_id)
);
