-- Repeats: the other times a logged claim was made, by the same speaker or another. The claim
-- row is its first appearance; each repeat is one more. Deleting a claim deletes its repeats
-- (its history keeps them).
CREATE TABLE appearances (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id),
    said_on    TEXT,
    source_url TEXT,
    context    TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX appearances_by_claim ON appearances (claim_id, said_on);

-- How many claims have each word of the search index (in any column): claim matching asks for
-- a claim's rarest words, which find its likely twins fastest; a word's count is also what a
-- search for it costs.
CREATE VIRTUAL TABLE claims_fts_words USING fts5vocab(claims_fts, 'row');
