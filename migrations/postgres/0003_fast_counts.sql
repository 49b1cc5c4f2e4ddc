-- Counts that stay instant at a million claims (see migrations/sqlite/0003): claim_tags carries
-- its claim's status, and status_counts holds how many claims have each status, both kept by
-- PL/pgSQL triggers, so every tool that writes the database keeps them true.

ALTER TABLE claim_tags ADD COLUMN status TEXT COLLATE "C";
CREATE INDEX claim_tags_by_tag ON claim_tags (tag_id, status);

CREATE FUNCTION claim_tags_take_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS NULL THEN
        NEW.status := (SELECT status FROM claims WHERE id = NEW.claim_id);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER claim_tags_take_status BEFORE INSERT ON claim_tags
    FOR EACH ROW EXECUTE FUNCTION claim_tags_take_status();

CREATE TABLE status_counts (
    status TEXT COLLATE "C" PRIMARY KEY,
    claims BIGINT NOT NULL
);

CREATE FUNCTION claims_count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE status_counts SET claims = claims - 1 WHERE status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO status_counts (status, claims) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET claims = status_counts.claims + 1;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        UPDATE claim_tags SET status = NEW.status WHERE claim_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER claims_counted AFTER INSERT OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_count_statuses();
CREATE TRIGGER claims_recounted AFTER UPDATE OF status ON claims
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION claims_count_statuses();
