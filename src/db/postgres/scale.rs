//! The database's verdict scale: the rows of `statuses` and the scale's name in `settings`.

use anyhow::{Result, bail};
use postgres::Transaction;

use crate::model::Status;
use crate::scale::{OPEN_STATUSES, Scale, Verdict};

/// The database's scale.
pub fn load(tx: &mut Transaction<'_>) -> Result<Scale> {
    let name: String = tx
        .query_one("SELECT value FROM settings WHERE key = 'scale'", &[])?
        .get(0);
    let verdicts = tx
        .query(
            "SELECT name, label, rating FROM statuses WHERE is_verdict ORDER BY rank",
            &[],
        )?
        .iter()
        .map(|row| Verdict {
            name: row.get(0),
            label: row.get(1),
            rating: row.get(2),
        })
        .collect();
    Ok(Scale { name, verdicts })
}

/// How many claims have each status that `scale` lacks.
pub fn statuses_missing_from(
    tx: &mut Transaction<'_>,
    scale: &Scale,
) -> Result<Vec<(Status, u64)>> {
    let names = scale.status_names();
    Ok(tx
        .query(
            "SELECT c.status, count(*) FROM claims c JOIN statuses s ON s.name = c.status \
             GROUP BY c.status ORDER BY min(s.rank)",
            &[],
        )?
        .iter()
        .map(|row| (Status::new(row.get(0)), row.get::<_, i64>(1) as u64))
        .filter(|(status, _)| !names.contains(&status.as_str()))
        .collect())
}

/// Makes `scale` the database's scale, moving claims as `renames` says (see the SQLite
/// engine's `install`: all at once, each claim in one step).
pub fn install(
    tx: &mut Transaction<'_>,
    scale: &Scale,
    renames: &[(Status, Status)],
    at: &str,
) -> Result<()> {
    tx.execute("UPDATE statuses SET rank = -1 - rank", &[])?;
    let upsert = tx.prepare(
        "INSERT INTO statuses (name, rank, is_verdict, label, rating) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (name) DO UPDATE SET rank = excluded.rank, is_verdict = excluded.is_verdict, \
         label = excluded.label, rating = excluded.rating",
    )?;
    for (rank, (name, label)) in OPEN_STATUSES.iter().enumerate() {
        tx.execute(
            &upsert,
            &[name, &(rank as i64), &false, label, &None::<i64>],
        )?;
    }
    for (rank, verdict) in scale.verdicts.iter().enumerate() {
        tx.execute(
            &upsert,
            &[
                &verdict.name,
                &((rank + OPEN_STATUSES.len()) as i64),
                &true,
                &verdict.label,
                &verdict.rating,
            ],
        )?;
    }
    let (old, new): (Vec<String>, Vec<String>) = renames
        .iter()
        .filter(|(old, new)| old != new)
        .map(|(old, new)| (old.as_str().to_string(), new.as_str().to_string()))
        .unzip();
    tx.execute(
        "UPDATE claims c SET status = m.new, updated_at = $3 \
         FROM unnest($1::text[], $2::text[]) AS m (old, new) WHERE c.status = m.old",
        &[&old, &new, &at],
    )?;
    tx.execute(
        "DELETE FROM statuses WHERE rank < 0 AND name NOT IN (SELECT status FROM claims)",
        &[],
    )?;
    let unmapped: i64 = tx
        .query_one("SELECT count(*) FROM statuses WHERE rank < 0", &[])?
        .get(0);
    if unmapped > 0 {
        bail!(
            "claims still have statuses the {} scale lacks: map each with --map OLD=NEW",
            scale.name
        );
    }
    tx.execute(
        "UPDATE settings SET value = $1 WHERE key = 'scale'",
        &[&scale.name],
    )?;
    Ok(())
}
