//! The audit trail: every change to a claim, with its old and new value, who made it and why.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub use crate::model::Change;
use crate::model::{ClaimId, HistoryEntry};

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
        change.field.as_str(),
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
        field: row.get::<_, String>(3)?.parse().map_err(|err: String| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, err.into())
        })?,
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

/// The `deleted` entries of the history, oldest first: the claims `claims rm` deleted, whole.
pub fn deletions(conn: &Connection) -> Result<Vec<(ClaimId, HistoryEntry)>> {
    let sql = format!(
        "SELECT {HISTORY_COLUMNS}, claim_id FROM history WHERE field = 'deleted' ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |row| Ok((ClaimId(row.get(7)?), history_from_row(row)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One history entry, with its claim, or an error naming the id.
pub fn entry(conn: &Connection, id: i64) -> Result<(ClaimId, HistoryEntry)> {
    let sql = format!("SELECT {HISTORY_COLUMNS}, claim_id FROM history WHERE id = ?");
    conn.prepare_cached(&sql)?
        .query_row([id], |row| {
            Ok((ClaimId(row.get(7)?), history_from_row(row)?))
        })
        .optional()?
        .ok_or_else(|| crate::error::UserError::HistoryEntryNotFound(id).into())
}

/// The entries of `actor`'s last change: every entry they made at their latest moment (a
/// command stamps all its entries with one time), newest first.
pub fn last_changes_by(conn: &Connection, actor: &str) -> Result<Vec<(ClaimId, HistoryEntry)>> {
    let sql = format!(
        "SELECT {HISTORY_COLUMNS}, claim_id FROM history WHERE actor = ?1 AND at = \
         (SELECT max(at) FROM history WHERE actor = ?1) ORDER BY id DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([actor], |row| {
        Ok((ClaimId(row.get(7)?), history_from_row(row)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
