//! The counts the schema keeps ready (migrations 0003, 0006 and 0009): how many claims have each
//! status, overall, per speaker and per tag, and the status each tag row carries. Triggers keep them in
//! step; these functions count them again from the claims, to check them or to rebuild them.

use anyhow::Result;
use rusqlite::Connection;

/// How many kept counts disagree with the claims: status counts, speaker counts, tag counts,
/// and tag rows whose status is not their claim's.
pub fn disagreements(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT
           (SELECT count(*) FROM (SELECT status, count(*) AS n FROM claims GROUP BY status) a
              FULL JOIN (SELECT status, claims FROM status_counts WHERE claims <> 0) b
              USING (status) WHERE a.n IS NOT b.claims)
         + (SELECT count(*) FROM (SELECT speaker_id, status, count(*) AS n FROM claims
                                  GROUP BY speaker_id, status) a
              FULL JOIN (SELECT speaker_id, status, claims FROM speaker_counts
                         WHERE claims <> 0) b
              USING (speaker_id, status) WHERE a.n IS NOT b.claims)
         + (SELECT count(*) FROM (SELECT ct.tag_id, c.status, count(*) AS n FROM claim_tags ct
                                  JOIN claims c ON c.id = ct.claim_id
                                  JOIN tags t ON t.id = ct.tag_id GROUP BY ct.tag_id, c.status) a
              FULL JOIN (SELECT tag_id, status, claims FROM tag_counts WHERE claims <> 0) b
              USING (tag_id, status) WHERE a.n IS NOT b.claims)
         + (SELECT count(*) FROM claim_tags t JOIN claims c ON c.id = t.claim_id
              WHERE t.status IS NOT c.status)",
        [],
        |row| row.get(0),
    )?)
}

/// Counts every speaker's and every tag's claims by status again (from the tag rows' status).
pub fn recount_speakers_and_tags(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM speaker_counts;
         INSERT INTO speaker_counts (speaker_id, status, claims)
         SELECT speaker_id, status, count(*) FROM claims GROUP BY speaker_id, status;
         DELETE FROM tag_counts;
         INSERT INTO tag_counts (tag_id, status, claims)
         SELECT tag_id, status, count(*) FROM claim_tags
         WHERE status IS NOT NULL AND tag_id IN (SELECT id FROM tags)
         GROUP BY tag_id, status;",
    )?;
    Ok(())
}

/// Counts everything again from the claims.
pub fn recount(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM status_counts;
         INSERT INTO status_counts (status, claims)
         SELECT status, count(*) FROM claims GROUP BY status;
         UPDATE claim_tags SET status = (SELECT status FROM claims WHERE id = claim_tags.claim_id)
         WHERE status IS NOT (SELECT status FROM claims WHERE id = claim_tags.claim_id);",
    )?;
    recount_speakers_and_tags(conn)
}
