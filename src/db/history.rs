//! The audit trail: every change to a claim, with its old and new value, who made it and why.

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::model::{ClaimId, HistoryEntry};

/// One change, as it is recorded.
pub struct Change<'a> {
    pub field: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Appends a change to a claim's history.
pub fn record(
    conn: &Connection,
    claim_id: ClaimId,
    at: &str,
    actor: &str,
    change: &Change<'_>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (claim_id, at, actor, field, old_value, new_value, note) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        claim_id.0,
        at,
        actor,
        change.field,
        change.old_value,
        change.new_value,
        change.note
    ])?;
    Ok(())
}

pub(crate) const HISTORY_COLUMNS: &str = "id, at, actor, field, old_value, new_value, note";

pub(crate) fn history_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        field: row.get(3)?,
        old_value: row.get(4)?,
        new_value: row.get(5)?,
        note: row.get(6)?,
    })
}

/// A claim's history, oldest first.
pub fn for_claim(conn: &Connection, claim_id: ClaimId) -> Result<Vec<HistoryEntry>> {
    let sql = format!("SELECT {HISTORY_COLUMNS} FROM history WHERE claim_id = ? ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([claim_id.0], history_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
