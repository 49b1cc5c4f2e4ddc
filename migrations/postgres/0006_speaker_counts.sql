-- Each speaker's claims by status, kept ready like status_counts (see
-- migrations/sqlite/0006), by PL/pgSQL triggers.

CREATE TABLE speaker_counts (
    speaker_id BIGINT NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    status     TEXT COLLATE "C" NOT NULL,
    claims     BIGINT NOT NULL,
    PRIMARY KEY (speaker_id, status)
);

INSERT INTO speaker_counts (speaker_id, status, claims)
SELECT speaker_id, status, count(*) FROM claims GROUP BY speaker_id, status;

CREATE FUNCTION claims_count_speakers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE speaker_counts SET claims = claims - 1
        WHERE speaker_id = OLD.speaker_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO speaker_counts (speaker_id, status, claims)
        VALUES (NEW.speaker_id, NEW.status, 1)
        ON CONFLICT (speaker_id, status) DO UPDATE SET claims = speaker_counts.claims + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER claims_speaker_counted AFTER INSERT OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_count_speakers();
CREATE TRIGGER claims_speaker_recounted AFTER UPDATE OF status, speaker_id ON claims
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id)
    EXECUTE FUNCTION claims_count_speakers();
