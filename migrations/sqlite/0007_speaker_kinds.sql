-- Schema 6.1, a minor step (only adds): a speaker is a person or an organisation, which
-- ClaimReview says with the author's @type. Unknown (NULL) for the speakers logged before, and
-- for those an older claims logs; they are written as a Person, as before.
ALTER TABLE speakers ADD COLUMN kind TEXT CHECK (kind IS NULL OR kind IN ('person', 'organization'));
