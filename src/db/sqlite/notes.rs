//! Working notes: what a checker found out or still has to do, timestamped.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{ClaimId, Note, NoteId};

/// Adds a note to a claim and returns its id.
pub fn insert(
    conn: &Connection,
    claim_id: ClaimId,
    text: &str,
    author: &str,
    now: &str,
) -> Result<NoteId> {
    conn.prepare_cached(
        "INSERT INTO notes (claim_id, text, author, created_at) VALUES (?, ?, ?, ?)",
    )?
    .execute(params![claim_id.0, text, author, now])?;
    Ok(NoteId(conn.last_insert_rowid()))
}

pub(crate) const NOTE_COLUMNS: &str = "id, text, author, created_at";

pub(crate) fn note_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: NoteId(row.get(0)?),
        text: row.get(1)?,
        author: row.get(2)?,
        created_at: row.get(3)?,
    })
}

/// A claim's notes, oldest first.
pub fn for_claim(conn: &Connection, claim_id: ClaimId) -> Result<Vec<Note>> {
    let sql = format!("SELECT {NOTE_COLUMNS} FROM notes WHERE claim_id = ? ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([claim_id.0], note_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A note, with the claim it is on, or an error naming the id.
pub fn get(conn: &Connection, id: NoteId) -> Result<(ClaimId, Note)> {
    let sql = format!("SELECT {NOTE_COLUMNS}, claim_id FROM notes WHERE id = ?");
    conn.prepare_cached(&sql)?
        .query_row([id.0], |row| {
            Ok((ClaimId(row.get(4)?), note_from_row(row)?))
        })
        .optional()?
        .ok_or_else(|| crate::error::UserError::NoteNotFound(id).into())
}
