//! The audit trail: every change to a claim, with its old and new value, who made it and why.

use anyhow::{Result, anyhow};
use postgres::{Row, Transaction};

use super::sql;
pub use crate::model::Change;
use crate::model::{ClaimId, HistoryEntry};

/// Appends a change to a claim's history.
pub fn record(
    tx: &mut Transaction<'_>,
    claim_id: ClaimId,
    at: &str,
    actor: &str,
    change: &Change<'_>,
) -> Result<()> {
    // Whoever runs `claims watch` hears of the entry once the transaction commits (a
    // notification is sent at commit, and not at all when it rolls back).
    tx.execute(
        "WITH entry AS ( \
             INSERT INTO history (id, claim_id, at, actor, field, old_value, new_value, note) \
             VALUES ((SELECT coalesce(max(id), 0) + 1 FROM history), $1, $2, $3, $4, $5, $6, $7) \
             RETURNING id) \
         SELECT pg_notify('claims_changes', 'entry ' || id) FROM entry",
        &[
            &claim_id.0,
            &at,
            &actor,
            &change.field.as_str(),
            &change.old_value,
            &change.new_value,
            &change.note,
        ],
    )?;
    Ok(())
}

pub(crate) const HISTORY_COLUMNS: &str = "id, at, actor, field, old_value, new_value, note";

pub(crate) fn history_from_row(row: &Row) -> Result<HistoryEntry> {
    Ok(HistoryEntry {
        id: row.get(0),
        at: sql::timestamp(row, 1)?,
        actor: row.get(2),
        field: row
            .get::<_, String>(3)
            .parse()
            .map_err(|err: String| anyhow!(err))?,
        old_value: row.get(4),
        new_value: row.get(5),
        note: row.get(6),
    })
}

/// A claim's history, oldest first.
pub fn for_claim(tx: &mut Transaction<'_>, claim_id: ClaimId) -> Result<Vec<HistoryEntry>> {
    let sql = format!("SELECT {HISTORY_COLUMNS} FROM history WHERE claim_id = $1 ORDER BY id");
    tx.query(&sql, &[&claim_id.0])?
        .iter()
        .map(history_from_row)
        .collect()
}

/// The `deleted` entries of the history, oldest first.
pub fn deletions(tx: &mut Transaction<'_>) -> Result<Vec<(ClaimId, HistoryEntry)>> {
    let sql = format!(
        "SELECT {HISTORY_COLUMNS}, claim_id FROM history WHERE field = 'deleted' ORDER BY id"
    );
    tx.query(&sql, &[])?
        .iter()
        .map(|row| Ok((ClaimId(row.get(7)), history_from_row(row)?)))
        .collect()
}
