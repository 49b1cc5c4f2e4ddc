-- Each speaker's claims by status, kept ready like status_counts (0003): a speaker's footer in
-- `list --speaker` and every speaker's record in `stats` read these rows instead of counting
-- the claims (a busy speaker has a tenth of a million-claim archive). Plain SQL triggers keep
-- it in step whoever writes the file.

CREATE TABLE speaker_counts (
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    claims     INTEGER NOT NULL,
    PRIMARY KEY (speaker_id, status)
) WITHOUT ROWID;

INSERT INTO speaker_counts (speaker_id, status, claims)
SELECT speaker_id, status, count(*) FROM claims GROUP BY speaker_id, status;

CREATE TRIGGER claims_speaker_counted AFTER INSERT ON claims
BEGIN
    INSERT INTO speaker_counts (speaker_id, status, claims) VALUES (NEW.speaker_id, NEW.status, 1)
    ON CONFLICT (speaker_id, status) DO UPDATE SET claims = claims + 1;
END;

CREATE TRIGGER claims_speaker_uncounted AFTER DELETE ON claims
BEGIN
    UPDATE speaker_counts SET claims = claims - 1
    WHERE speaker_id = OLD.speaker_id AND status = OLD.status;
END;

CREATE TRIGGER claims_speaker_recounted AFTER UPDATE OF status, speaker_id ON claims
WHEN OLD.status IS NOT NEW.status OR OLD.speaker_id IS NOT NEW.speaker_id
BEGIN
    UPDATE speaker_counts SET claims = claims - 1
    WHERE speaker_id = OLD.speaker_id AND status = OLD.status;
    INSERT INTO speaker_counts (speaker_id, status, claims) VALUES (NEW.speaker_id, NEW.status, 1)
    ON CONFLICT (speaker_id, status) DO UPDATE SET claims = claims + 1;
END;
