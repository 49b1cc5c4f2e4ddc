-- Schema 6.3, a minor step (only adds: older binaries keep it true through its triggers).
-- Each tag's claims by status, kept ready like speaker_counts (0006): the footer of `list --tag`
-- reads these rows instead of counting the tag's rows (a common tag is on a third of an
-- archive's claims: 300,000 index entries at a million). claim_tags carries its claim's status
-- (0003), so plain SQL triggers on claim_tags keep it in step whoever writes the file.

CREATE TABLE tag_counts (
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    claims INTEGER NOT NULL,
    PRIMARY KEY (tag_id, status)
) WITHOUT ROWID;

INSERT INTO tag_counts (tag_id, status, claims)
SELECT tag_id, status, count(*) FROM claim_tags
WHERE status IS NOT NULL AND tag_id IN (SELECT id FROM tags) -- a file's orphans are the doctor's
GROUP BY tag_id, status;

CREATE TRIGGER claim_tags_counted AFTER INSERT ON claim_tags WHEN NEW.status IS NOT NULL
BEGIN
    INSERT INTO tag_counts (tag_id, status, claims) VALUES (NEW.tag_id, NEW.status, 1)
    ON CONFLICT (tag_id, status) DO UPDATE SET claims = claims + 1;
END;

CREATE TRIGGER claim_tags_uncounted AFTER DELETE ON claim_tags WHEN OLD.status IS NOT NULL
BEGIN
    UPDATE tag_counts SET claims = claims - 1 WHERE tag_id = OLD.tag_id AND status = OLD.status;
END;

CREATE TRIGGER claim_tags_recounted AFTER UPDATE OF status, tag_id ON claim_tags
WHEN OLD.status IS NOT NEW.status OR OLD.tag_id IS NOT NEW.tag_id
BEGIN
    UPDATE tag_counts SET claims = claims - 1 WHERE tag_id = OLD.tag_id AND status = OLD.status;
    INSERT INTO tag_counts (tag_id, status, claims)
    SELECT NEW.tag_id, NEW.status, 1 WHERE NEW.status IS NOT NULL
    ON CONFLICT (tag_id, status) DO UPDATE SET claims = claims + 1;
END;
