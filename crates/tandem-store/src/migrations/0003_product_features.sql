-- The product cockpit: personas, hypotheses with their experiments, features with their
-- scoring inputs, links and acceptance criteria.
-- Every artefact carries `visibility` (internal|shared: what client contacts may see) and
-- `workshop_id`, the workshop it came out of (no foreign key: workshops arrive in 0004).
-- Scores are not stored: they are computed from the inputs on read (tandem-core rules).

CREATE TABLE personas (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '',
    pains TEXT NOT NULL DEFAULT '',
    -- One quote per line.
    quotes TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX personas_project ON personas (project_id, name);

CREATE TABLE hypotheses (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    statement TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- 1 (minor) to 5 (the concept fails without it).
    importance BIGINT NOT NULL,
    evidence TEXT NOT NULL DEFAULT 'none',
    status TEXT NOT NULL DEFAULT 'untested',
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX hypotheses_project ON hypotheses (project_id, importance);

CREATE TABLE experiments (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    hypothesis_id BIGINT NOT NULL REFERENCES hypotheses (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    method TEXT NOT NULL,
    -- Decided before the experiment starts; frozen once it has started or has a result.
    success_criterion TEXT NOT NULL,
    starts_on TEXT NULL,
    ends_on TEXT NULL,
    result TEXT NOT NULL DEFAULT '',
    outcome TEXT NULL,
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX experiments_hypothesis ON experiments (hypothesis_id, id);
CREATE INDEX experiments_project ON experiments (project_id);

CREATE TABLE features (
    id {id},
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'idea',
    moscow TEXT NULL,
    mvp BOOLEAN NOT NULL DEFAULT FALSE,
    horizon TEXT NULL,
    -- The release it ships in (no foreign key: releases arrive in 0004).
    release_id BIGINT NULL,
    -- Manual backlog order: smaller first.
    rank BIGINT NOT NULL,
    -- RICE: users reached per quarter, impact factor (0.25, 0.5, 1, 2, 3), confidence in
    -- percent (50, 80, 100; NULL = derived from the linked hypotheses), effort in person-months.
    reach DOUBLE PRECISION NULL,
    impact DOUBLE PRECISION NULL,
    confidence BIGINT NULL,
    effort_months DOUBLE PRECISION NULL,
    -- WSJF: cost-of-delay parts and job size, each on the Fibonacci scale 1, 2, 3, 5, 8, 13, 20.
    business_value BIGINT NULL,
    time_criticality BIGINT NULL,
    risk_reduction BIGINT NULL,
    job_size BIGINT NULL,
    -- Value / effort: two quick 1–10 judgements.
    value_score DOUBLE PRECISION NULL,
    effort_score DOUBLE PRECISION NULL,
    -- Estimated effort in person-days, summed for the MVP and the MoSCoW guard.
    estimate_days DOUBLE PRECISION NULL,
    visibility TEXT NOT NULL DEFAULT 'internal',
    workshop_id BIGINT NULL,
    created_by BIGINT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX features_project_rank ON features (project_id, rank);
CREATE INDEX features_project_status ON features (project_id, status);
CREATE INDEX features_release ON features (release_id);

CREATE TABLE feature_personas (
    feature_id BIGINT NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    persona_id BIGINT NOT NULL REFERENCES personas (id) ON DELETE CASCADE,
    PRIMARY KEY (feature_id, persona_id)
);
CREATE INDEX feature_personas_persona ON feature_personas (persona_id);

CREATE TABLE feature_hypotheses (
    feature_id BIGINT NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    hypothesis_id BIGINT NOT NULL REFERENCES hypotheses (id) ON DELETE CASCADE,
    PRIMARY KEY (feature_id, hypothesis_id)
);
CREATE INDEX feature_hypotheses_hypothesis ON feature_hypotheses (hypothesis_id);

CREATE TABLE feature_criteria (
    id {id},
    feature_id BIGINT NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    met BOOLEAN NOT NULL DEFAULT FALSE,
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX feature_criteria_feature ON feature_criteria (feature_id, position);
