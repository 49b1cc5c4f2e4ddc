-- Full-text search over what a claim says and what was found about it (see
-- migrations/sqlite/0004): a tsvector column on claims, kept by triggers, weighted A for the
-- claim's text, B its context, C its notes, D the titles and excerpts of its sources, as FTS5's
-- columns are. The configuration `claims` folds accents (unaccent, where the server has it)
-- and stems with Porter's stemmer, as FTS5's `porter unicode61 remove_diacritics 2` does, and
-- drops no stop words (FTS5 drops none).

DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent is not available: searches will not fold accents';
    END;
END $$;

CREATE TEXT SEARCH DICTIONARY claims_porter (TEMPLATE = snowball, Language = porter);
CREATE TEXT SEARCH CONFIGURATION claims (COPY = simple);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent') THEN
        ALTER TEXT SEARCH CONFIGURATION claims
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, claims_porter;
    ELSE
        ALTER TEXT SEARCH CONFIGURATION claims
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH claims_porter;
    END IF;
END $$;

-- A claim's whole search entry, from its own columns and its notes and sources.
CREATE FUNCTION claims_search_vector(claim BIGINT, body TEXT, context TEXT)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('claims', body), 'A')
        || setweight(to_tsvector('claims', coalesce(context, '')), 'B')
        || setweight(to_tsvector('claims', coalesce(
               (SELECT string_agg(n.text, ' ' ORDER BY n.id) FROM notes n
                WHERE n.claim_id = claim), '')), 'C')
        || setweight(to_tsvector('claims', coalesce(
               (SELECT string_agg(coalesce(e.title, '') || ' ' || coalesce(e.excerpt, ''), ' '
                                  ORDER BY e.id)
                FROM evidence e WHERE e.claim_id = claim), '')), 'D')
$$;

ALTER TABLE claims ADD COLUMN search tsvector;
UPDATE claims SET search = claims_search_vector(id, text, context);
CREATE INDEX claims_search ON claims USING gin (search);

CREATE FUNCTION claims_search_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := claims_search_vector(NEW.id, NEW.text, NEW.context);
    RETURN NEW;
END $$;

CREATE TRIGGER claims_search_insert BEFORE INSERT ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_search_own();
CREATE TRIGGER claims_search_update BEFORE UPDATE OF text, context ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_search_own();

-- A note or a source changed: its claim's entry is made again.
CREATE FUNCTION claims_search_of_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE claims SET search = claims_search_vector(id, text, context)
        WHERE id = OLD.claim_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE claims SET search = claims_search_vector(id, text, context)
        WHERE id = NEW.claim_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER notes_search AFTER INSERT OR UPDATE OR DELETE ON notes
    FOR EACH ROW EXECUTE FUNCTION claims_search_of_claim();
CREATE TRIGGER evidence_search AFTER INSERT OR UPDATE OR DELETE ON evidence
    FOR EACH ROW EXECUTE FUNCTION claims_search_of_claim();
