-- Rating scales as data, the speaker's role on a claim, and the fingerprint of speaker and
-- words that finds a claim logged twice (see migrations/sqlite/0002). The fingerprint is
-- computed by `claims` (src/db/sqlite/functions.rs): no PostgreSQL desk predates this step, so
-- there are no rows to fill in.

CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

INSERT INTO settings (key, value) VALUES ('scale', 'default');

ALTER TABLE statuses ADD COLUMN label TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE statuses ADD COLUMN rating BIGINT CHECK (rating >= 1);

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

ALTER TABLE claims ADD COLUMN speaker_role TEXT COLLATE "C";
ALTER TABLE claims ADD COLUMN fingerprint BIGINT;

CREATE INDEX claims_by_fingerprint ON claims (fingerprint);
