-- Schema 6.1, a minor step (only adds): a speaker is a person or an organisation (see
-- migrations/sqlite/0007).
ALTER TABLE speakers ADD COLUMN kind TEXT COLLATE "C"
    CHECK (kind IS NULL OR kind IN ('person', 'organization'));
