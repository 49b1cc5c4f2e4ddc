-- Full-text search (FTS5) over what a claim says and what was found about it: its text, its
-- context, its working notes, and the titles and excerpts of its sources. The index reads its
-- content from the view claim_search_text, so nothing is stored twice; triggers keep it in
-- step with every change, each one deleting the claim's old entry (read from the view before
-- the change) and adding the new one (after it). Porter stemming and folded diacritics:
-- "migrants" finds "migrant", "mexico" finds "México".

CREATE VIEW claim_search_text AS
SELECT
    c.id AS id,
    c.text AS text,
    coalesce(c.context, '') AS context,
    coalesce((SELECT group_concat(n.text, ' ') FROM notes n WHERE n.claim_id = c.id), '') AS notes,
    coalesce((SELECT group_concat(coalesce(e.title, '') || ' ' || coalesce(e.excerpt, ''), ' ')
              FROM evidence e WHERE e.claim_id = c.id), '') AS sources
FROM claims c;

CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, context, notes, sources,
    content = 'claim_search_text',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.id;
END;

CREATE TRIGGER claims_fts_before_update BEFORE UPDATE OF text, context ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text WHERE id = OLD.id;
END;

CREATE TRIGGER claims_fts_after_update AFTER UPDATE OF text, context ON claims BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.id;
END;

CREATE TRIGGER claims_fts_delete BEFORE DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text WHERE id = OLD.id;
END;

CREATE TRIGGER notes_fts_before_insert BEFORE INSERT ON notes BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = NEW.claim_id;
END;

CREATE TRIGGER notes_fts_after_insert AFTER INSERT ON notes BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.claim_id;
END;

CREATE TRIGGER notes_fts_before_delete BEFORE DELETE ON notes BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = OLD.claim_id;
END;

CREATE TRIGGER notes_fts_after_delete AFTER DELETE ON notes BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = OLD.claim_id;
END;

CREATE TRIGGER evidence_fts_before_insert BEFORE INSERT ON evidence BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = NEW.claim_id;
END;

CREATE TRIGGER evidence_fts_after_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = NEW.claim_id;
END;

CREATE TRIGGER evidence_fts_before_delete BEFORE DELETE ON evidence BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, context, notes, sources)
    SELECT 'delete', id, text, context, notes, sources FROM claim_search_text
    WHERE id = OLD.claim_id;
END;

CREATE TRIGGER evidence_fts_after_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO claims_fts (rowid, text, context, notes, sources)
    SELECT id, text, context, notes, sources FROM claim_search_text WHERE id = OLD.claim_id;
END;
