-- Schema 6.3, a minor step (only adds: older binaries keep it true through its triggers).
-- Each tag's claims by status, kept ready like speaker_counts (see migrations/sqlite/0009), by
-- PL/pgSQL triggers on claim_tags, whose status follows its claim's (0003). A desk's checkers
-- write it through those triggers, so it gets the grants `init` gives the other kept counts,
-- here, for a desk whose roles exist: whoever upgrades the desk need not be its owner's `init`.

-- Older binaries may go on writing while this one upgrades: no tag row changes between the
-- counting below and the triggers that keep the counts from then on.
LOCK TABLE claim_tags IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE tag_counts (
    tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    status TEXT COLLATE "C" NOT NULL,
    claims BIGINT NOT NULL,
    PRIMARY KEY (tag_id, status)
);

INSERT INTO tag_counts (tag_id, status, claims)
SELECT tag_id, status, count(*) FROM claim_tags WHERE status IS NOT NULL GROUP BY tag_id, status;

CREATE FUNCTION claim_tags_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status IS NOT NULL THEN
        UPDATE tag_counts SET claims = claims - 1
        WHERE tag_id = OLD.tag_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IS NOT NULL THEN
        INSERT INTO tag_counts (tag_id, status, claims)
        VALUES (NEW.tag_id, NEW.status, 1)
        ON CONFLICT (tag_id, status) DO UPDATE SET claims = tag_counts.claims + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER claim_tags_counted AFTER INSERT OR DELETE ON claim_tags
    FOR EACH ROW EXECUTE FUNCTION claim_tags_count();
CREATE TRIGGER claim_tags_recounted AFTER UPDATE OF status, tag_id ON claim_tags
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.tag_id IS DISTINCT FROM NEW.tag_id)
    EXECUTE FUNCTION claim_tags_count();

DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claims_reader') THEN
        GRANT SELECT ON tag_counts TO claims_reader;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claims_checker') THEN
        GRANT INSERT, UPDATE, DELETE ON tag_counts TO claims_checker;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claims_editor') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON tag_counts TO claims_editor;
    END IF;
END $$;
