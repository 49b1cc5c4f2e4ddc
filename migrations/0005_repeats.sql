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

-- How many claims each word of the search index appears in: claim matching asks for the
-- rarest words of a claim first, which find its likely twins fastest.
CREATE VIRTUAL TABLE claims_fts_words USING fts5vocab(claims_fts, 'row');
