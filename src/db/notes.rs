//! Working notes: what a checker found out or still has to do, timestamped.

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::model::{ClaimId, Note};

/// Adds a note to a claim and returns its id.
pub fn insert(
    conn: &Connection,
    claim_id: ClaimId,
    text: &str,
    author: &str,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO notes (claim_id, text, author, created_at) VALUES (?, ?, ?, ?)",
    )?
    .execute(params![claim_id.0, text, author, now])?;
    Ok(conn.last_insert_rowid())
}

/// A claim's notes, oldest first.
pub fn for_claim(conn: &Connection, claim_id: ClaimId) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, author, created_at FROM notes WHERE claim_id = ? ORDER BY id",
    )?;
    let rows = stmt.query_map([claim_id.0], |row| {
        Ok(Note {
            id: row.get(0)?,
            text: row.get(1)?,
            author: row.get(2)?,
            created_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
