-- Which personas a hypothesis is about, so a persona page can list the hypotheses that target it.
-- Both sides cascade: deleting either end drops the link, never the other artefact.
CREATE TABLE hypothesis_personas (
    hypothesis_id BIGINT NOT NULL REFERENCES hypotheses (id) ON DELETE CASCADE,
    persona_id BIGINT NOT NULL REFERENCES personas (id) ON DELETE CASCADE,
    PRIMARY KEY (hypothesis_id, persona_id)
);
CREATE INDEX hypothesis_personas_persona ON hypothesis_personas (persona_id);
