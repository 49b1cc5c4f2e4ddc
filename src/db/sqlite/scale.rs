//! The database's verdict scale: the rows of `statuses` and the scale's name in `settings`.

use anyhow::{Result, bail};
use rusqlite::{Connection, params};

use crate::model::Status;
use crate::scale::{OPEN_STATUSES, Scale, Verdict};

/// The database's scale.
pub fn load(conn: &Connection) -> Result<Scale> {
    let name: String = conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'scale'")?
        .query_row([], |row| row.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, label, rating FROM statuses WHERE is_verdict = 1 ORDER BY rank",
    )?;
    let verdicts = stmt
        .query_map([], |row| {
            Ok(Verdict {
                name: row.get(0)?,
                label: row.get(1)?,
                rating: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Scale { name, verdicts })
}

/// How many claims have each status that `scale` lacks: what must be mapped before switching.
pub fn statuses_missing_from(conn: &Connection, scale: &Scale) -> Result<Vec<(Status, u64)>> {
    let mut stmt = conn.prepare(
        "SELECT c.status, count(*) FROM claims c JOIN statuses s ON s.name = c.status \
         GROUP BY c.status ORDER BY min(s.rank)",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((Status::new(row.get(0)?), row.get::<_, i64>(1)? as u64))
    })?;
    let names = scale.status_names();
    let mut missing = Vec::new();
    for row in rows {
        let (status, count) = row?;
        if !names.contains(&status.as_str()) {
            missing.push((status, count));
        }
    }
    Ok(missing)
}

/// Makes `scale` the database's scale. Every claim whose status the new scale lacks must have a
/// mapping in `renames` (old status → new status): the caller checks that first (and records
/// each move in the history), and the foreign key from claims to statuses refuses the switch if
/// it did not.
pub fn install(
    conn: &Connection,
    scale: &Scale,
    renames: &[(Status, Status)],
    at: &str,
) -> Result<()> {
    // Ranks are unique; move the old ones out of the way before writing the new order.
    conn.execute("UPDATE statuses SET rank = -1 - rank", [])?;
    let mut upsert = conn.prepare(
        "INSERT INTO statuses (name, rank, is_verdict, label, rating) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (name) DO UPDATE SET rank = excluded.rank, is_verdict = excluded.is_verdict, \
         label = excluded.label, rating = excluded.rating",
    )?;
    for (rank, (name, label)) in OPEN_STATUSES.iter().enumerate() {
        upsert.execute(params![name, rank as i64, false, label, None::<i64>])?;
    }
    for (rank, verdict) in scale.verdicts.iter().enumerate() {
        upsert.execute(params![
            verdict.name,
            (rank + OPEN_STATUSES.len()) as i64,
            true,
            verdict.label,
            verdict.rating
        ])?;
    }
    // The renames apply all at once, to the statuses claims had before the switch: with
    // `false=pants-on-fire` and `misleading=false`, a misleading claim becomes false, not
    // pants-on-fire. So each claim moves in one step.
    conn.execute_batch(
        "CREATE TEMP TABLE scale_moves (claim_id INTEGER PRIMARY KEY, status TEXT)",
    )?;
    for (old, new) in renames.iter().filter(|(old, new)| old != new) {
        conn.execute(
            "INSERT INTO scale_moves (claim_id, status) SELECT id, ? FROM claims WHERE status = ?",
            params![new.as_str(), old.as_str()],
        )?;
    }
    conn.execute(
        "UPDATE claims SET status = (SELECT status FROM scale_moves WHERE claim_id = claims.id), \
         updated_at = ? WHERE id IN (SELECT claim_id FROM scale_moves)",
        [at],
    )?;
    conn.execute_batch("DROP TABLE scale_moves")?;
    // What is left of the old scale is unused now, unless a mapping was missing.
    conn.execute(
        "DELETE FROM statuses WHERE rank < 0 AND name NOT IN (SELECT status FROM claims)",
        [],
    )?;
    let unmapped: i64 =
        conn.query_row("SELECT count(*) FROM statuses WHERE rank < 0", [], |row| {
            row.get(0)
        })?;
    if unmapped > 0 {
        bail!(
            "claims still have statuses the {} scale lacks: map each with --map OLD=NEW",
            scale.name
        );
    }
    conn.execute(
        "UPDATE settings SET value = ? WHERE key = 'scale'",
        [&scale.name],
    )?;
    Ok(())
}
