-- Schema 6.2, a minor step (only adds): a desk's workflow (see migrations/sqlite/0008). The
-- search index follows sources and notes corrected in place through the triggers of 0004,
-- which fire on updates too.

CREATE TABLE assignments (
    claim_id    BIGINT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    assignee    TEXT COLLATE "C" NOT NULL,
    due_on      TEXT COLLATE "C",
    assigned_by TEXT COLLATE "C" NOT NULL,
    assigned_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX assignments_by_assignee ON assignments (lower(assignee), due_on);

CREATE TABLE proposals (
    claim_id    BIGINT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    status      TEXT COLLATE "C" NOT NULL,
    note        TEXT COLLATE "C",
    proposed_by TEXT COLLATE "C" NOT NULL,
    proposed_at TEXT COLLATE "C" NOT NULL,
    approved_by TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE publications (
    claim_id     BIGINT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    status       TEXT COLLATE "C" NOT NULL,
    published_at TEXT COLLATE "C" NOT NULL,
    published_by TEXT COLLATE "C" NOT NULL,
    url          TEXT COLLATE "C"
);
