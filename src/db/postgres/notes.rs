//! Working notes: what a checker found out or still has to do, timestamped.

use anyhow::Result;
use postgres::{Row, Transaction};

use super::sql;
use crate::model::{ClaimId, Note, NoteId};

/// Adds a note to a claim and returns its id (one past the largest, as SQLite gives it).
pub fn insert(
    tx: &mut Transaction<'_>,
    claim_id: ClaimId,
    text: &str,
    author: &str,
    now: &str,
) -> Result<NoteId> {
    let row = tx.query_one(
        "INSERT INTO notes (id, claim_id, text, author, created_at) \
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM notes), $1, $2, $3, $4) RETURNING id",
        &[&claim_id.0, &text, &author, &now],
    )?;
    Ok(NoteId(row.get(0)))
}

pub(crate) const NOTE_COLUMNS: &str = "id, text, author, created_at";

pub(crate) fn note_from_row(row: &Row) -> Result<Note> {
    Ok(Note {
        id: NoteId(row.get(0)),
        text: row.get(1),
        author: row.get(2),
        created_at: sql::timestamp(row, 3)?,
    })
}

/// A claim's notes, oldest first.
pub fn for_claim(tx: &mut Transaction<'_>, claim_id: ClaimId) -> Result<Vec<Note>> {
    let sql = format!("SELECT {NOTE_COLUMNS} FROM notes WHERE claim_id = $1 ORDER BY id");
    tx.query(&sql, &[&claim_id.0])?
        .iter()
        .map(note_from_row)
        .collect()
}
