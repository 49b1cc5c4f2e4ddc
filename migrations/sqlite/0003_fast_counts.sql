-- Counts that stay instant at a million claims (see BENCHMARKS.md):
-- * the claims of a speaker are counted by status from an index that carries the status;
-- * claim_tags carries its claim's status (kept in step by triggers), so the claims of a tag
--   are counted by status from the (tag_id, status) index alone;
-- * status_counts holds how many claims have each status, kept by triggers, for the footer of
--   an unfiltered review table and the first table of `stats`.
-- The triggers are plain SQL, so every tool that writes the file keeps them true.

DROP INDEX claims_by_speaker;
CREATE INDEX claims_by_speaker ON claims (speaker_id, said_on, status);

ALTER TABLE claim_tags ADD COLUMN status TEXT;
UPDATE claim_tags SET status = (SELECT status FROM claims WHERE id = claim_tags.claim_id);
DROP INDEX claim_tags_by_tag;
CREATE INDEX claim_tags_by_tag ON claim_tags (tag_id, status);

CREATE TRIGGER claim_tags_take_status AFTER INSERT ON claim_tags WHEN NEW.status IS NULL
BEGIN
    UPDATE claim_tags SET status = (SELECT status FROM claims WHERE id = NEW.claim_id)
    WHERE claim_id = NEW.claim_id AND tag_id = NEW.tag_id;
END;

CREATE TABLE status_counts (
    status TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO status_counts (status, claims) SELECT status, count(*) FROM claims GROUP BY status;

CREATE TRIGGER claims_counted AFTER INSERT ON claims
BEGIN
    INSERT INTO status_counts (status, claims) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET claims = claims + 1;
END;

CREATE TRIGGER claims_uncounted AFTER DELETE ON claims
BEGIN
    UPDATE status_counts SET claims = claims - 1 WHERE status = OLD.status;
END;

CREATE TRIGGER claims_recounted AFTER UPDATE OF status ON claims WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE status_counts SET claims = claims - 1 WHERE status = OLD.status;
    INSERT INTO status_counts (status, claims) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET claims = claims + 1;
    UPDATE claim_tags SET status = NEW.status WHERE claim_id = NEW.id;
END;
