-- The core tracker: speakers, claims, tags, evidence, working notes, and the history of every change.
-- Dates are ISO 8601 text (YYYY-MM-DD); timestamps are RFC 3339 UTC text (2025-09-03T14:00:00Z),
-- so that they sort as text and read the same in every tool.

-- The verification scale. Claims reference it, so the database itself refuses a status it does
-- not know; `rank` is the scale's order, used when sorting and summarising by status.
CREATE TABLE statuses (
    name       TEXT PRIMARY KEY,
    rank       INTEGER NOT NULL UNIQUE,
    is_verdict INTEGER NOT NULL CHECK (is_verdict IN (0, 1))
) WITHOUT ROWID;

INSERT INTO statuses (name, rank, is_verdict) VALUES
    ('unverified',   0, 0),
    ('in-progress',  1, 0),
    ('true',         2, 1),
    ('mostly-true',  3, 1),
    ('half-true',    4, 1),
    ('mostly-false', 5, 1),
    ('false',        6, 1),
    ('misleading',   7, 1),
    ('unproven',     8, 1);

-- One row per person or organisation; `name_key` (trimmed, lower-cased) makes
-- "Marco Rubio" and "marco rubio " the same speaker, while `name` keeps the spelling first used.
CREATE TABLE speakers (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key TEXT NOT NULL UNIQUE
);

CREATE TABLE claims (
    id         INTEGER PRIMARY KEY,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    speaker_id INTEGER NOT NULL REFERENCES speakers (id),
    said_on    TEXT,  -- NULL when the date is unknown: imported datasets often lack it
    context    TEXT,
    source_url TEXT,
    status     TEXT NOT NULL DEFAULT 'unverified' REFERENCES statuses (name),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX claims_by_said_on ON claims (said_on, id);
CREATE INDEX claims_by_speaker ON claims (speaker_id, said_on);
CREATE INDEX claims_by_status ON claims (status, said_on);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE claim_tags (
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (claim_id, tag_id)
) WITHOUT ROWID;

CREATE INDEX claim_tags_by_tag ON claim_tags (tag_id, claim_id);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    title        TEXT,
    publisher    TEXT,
    published_on TEXT,
    stance       TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    excerpt      TEXT,
    note         TEXT,
    created_at   TEXT NOT NULL
);

CREATE INDEX evidence_by_claim ON evidence (claim_id);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX notes_by_claim ON notes (claim_id);

-- The audit trail: one row per change, with the old and the new value. It has no foreign key to
-- claims on purpose: the record of a claim must outlive the claim (removed evidence is kept here
-- whole, as JSON, and so will a deleted claim be).
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    note      TEXT
);

CREATE INDEX history_by_claim ON history (claim_id, id);
