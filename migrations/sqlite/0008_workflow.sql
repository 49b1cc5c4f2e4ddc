-- Schema 6.2, a minor step (only adds): a desk's workflow. Who checks a claim and by when; a
-- verdict proposed and waiting for a second reader; what was published, when, by whom and
-- where. An older claims goes on logging, rating and exporting claims without seeing these.

CREATE TABLE assignments (
    claim_id    INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    assignee    TEXT NOT NULL,
    due_on      TEXT,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX assignments_by_assignee ON assignments (assignee, due_on);

-- At most one verdict waits for sign-off on a claim; `approved_by` lists the second readers
-- who approved it so far, one name a line.
CREATE TABLE proposals (
    claim_id    INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    note        TEXT,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    approved_by TEXT NOT NULL DEFAULT ''
);

-- A claim published: its verdict as it went out; a later change of verdict is a correction.
CREATE TABLE publications (
    claim_id     INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    url          TEXT
);

-- A source or a note corrected in place (`claims evidence edit`, `claims note edit`) changes
-- what the search index holds for its claim: out with the old text, in with the new, as the
-- triggers of migration 0004 do for inserts and deletes.
CREATE TRIGGER notes_fts_before_update BEFORE UPDATE ON notes BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = OLD.claim_id;
END;

CREATE TRIGGER notes_fts_after_update AFTER UPDATE ON notes BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.claim_id;
END;

CREATE TRIGGER evidence_fts_before_update BEFORE UPDATE ON evidence BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = OLD.claim_id;
END;

CREATE TRIGGER evidence_fts_after_update AFTER UPDATE ON evidence BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.claim_id;
END;
