-- Rating scales as data. A database has one verdict scale, named in `settings`; its verdicts are
-- the rows of `statuses` after unverified and in-progress, which every scale has.
--   label:  what readers see (ClaimReview's alternateName)
--   rating: 1 for the most false verdict up to the truest; NULL off the true/false axis
--           (misleading, unproven) and for the two statuses that are not verdicts.
-- Claims get the role their speaker spoke in (ClaimReview's jobTitle; a role changes over the
-- years, so it belongs to the claim), and a fingerprint of speaker and words that finds a claim
-- logged twice without keeping every claim in memory (see src/db/functions.rs).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES ('scale', 'default');

ALTER TABLE statuses ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE statuses ADD COLUMN rating INTEGER CHECK (rating >= 1);

UPDATE statuses SET
    label = CASE name
        WHEN 'unverified'   THEN 'Unverified'
        WHEN 'in-progress'  THEN 'In progress'
        WHEN 'true'         THEN 'True'
        WHEN 'mostly-true'  THEN 'Mostly true'
        WHEN 'half-true'    THEN 'Half true'
        WHEN 'mostly-false' THEN 'Mostly false'
        WHEN 'false'        THEN 'False'
        WHEN 'misleading'   THEN 'Misleading'
        WHEN 'unproven'     THEN 'Unproven'
    END,
    rating = CASE name
        WHEN 'true'         THEN 5
        WHEN 'mostly-true'  THEN 4
        WHEN 'half-true'    THEN 3
        WHEN 'mostly-false' THEN 2
        WHEN 'false'        THEN 1
    END;

ALTER TABLE claims ADD COLUMN speaker_role TEXT;
ALTER TABLE claims ADD COLUMN fingerprint INTEGER;

UPDATE claims SET fingerprint =
    claim_fingerprint((SELECT name_key FROM speakers WHERE id = claims.speaker_id), text);

CREATE INDEX claims_by_fingerprint ON claims (fingerprint);
