//! The counts the schema keeps ready (migrations 0003, 0005, 0006 and 0009), counted again from the
//! claims: to check them (`claims doctor`) or to make them after a bulk load.

use anyhow::Result;
use postgres::Transaction;

/// How many kept counts disagree with the claims: status counts, speaker counts, tag counts,
/// and tag rows whose status is not their claim's.
pub fn disagreements(tx: &mut Transaction<'_>) -> Result<i64> {
    Ok(tx
        .query_one(
            "SELECT
               (SELECT count(*) FROM (SELECT status, count(*) AS n FROM claims GROUP BY status) a
                  FULL JOIN (SELECT status, claims FROM status_counts WHERE claims <> 0) b
                  USING (status) WHERE a.n IS DISTINCT FROM b.claims)
             + (SELECT count(*) FROM (SELECT speaker_id, status, count(*) AS n FROM claims
                                      GROUP BY speaker_id, status) a
                  FULL JOIN (SELECT speaker_id, status, claims FROM speaker_counts
                             WHERE claims <> 0) b
                  USING (speaker_id, status) WHERE a.n IS DISTINCT FROM b.claims)
             + (SELECT count(*) FROM (SELECT ct.tag_id, c.status, count(*) AS n
                                      FROM claim_tags ct JOIN claims c ON c.id = ct.claim_id
                                      GROUP BY ct.tag_id, c.status) a
                  FULL JOIN (SELECT tag_id, status, claims FROM tag_counts WHERE claims <> 0) b
                  USING (tag_id, status) WHERE a.n IS DISTINCT FROM b.claims)
             + (SELECT count(*) FROM claim_tags t JOIN claims c ON c.id = t.claim_id
                  WHERE t.status IS DISTINCT FROM c.status)",
            &[],
        )?
        .get(0))
}

/// How many words' kept counts disagree with the search entries.
pub fn word_disagreements(tx: &mut Transaction<'_>) -> Result<i64> {
    Ok(tx
        .query_one(
            "SELECT count(*) FROM (SELECT word, ndoc::bigint AS n
                                   FROM ts_stat('SELECT search FROM claims')) a
               FULL JOIN (SELECT word, claims FROM claim_words WHERE claims <> 0) b
               USING (word) WHERE a.n IS DISTINCT FROM b.claims",
            &[],
        )?
        .get(0))
}

/// The SQL that counts everything again from the claims and their search entries.
pub const RECOUNT_SQL: &str = "DELETE FROM status_counts;
     INSERT INTO status_counts (status, claims)
     SELECT status, count(*) FROM claims GROUP BY status;
     UPDATE claim_tags t SET status = c.status FROM claims c
     WHERE c.id = t.claim_id AND t.status IS DISTINCT FROM c.status;
     DELETE FROM speaker_counts;
     INSERT INTO speaker_counts (speaker_id, status, claims)
     SELECT speaker_id, status, count(*) FROM claims GROUP BY speaker_id, status;
     DELETE FROM tag_counts;
     INSERT INTO tag_counts (tag_id, status, claims)
     SELECT tag_id, status, count(*) FROM claim_tags WHERE status IS NOT NULL
     GROUP BY tag_id, status;
     DELETE FROM claim_words;
     INSERT INTO claim_words (word, claims)
     SELECT word, ndoc FROM ts_stat('SELECT search FROM claims');";

/// Counts everything again from the claims and their search entries.
pub fn recount(tx: &mut Transaction<'_>) -> Result<()> {
    tx.batch_execute(RECOUNT_SQL)?;
    Ok(())
}
