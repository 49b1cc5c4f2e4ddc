//! Repeats: the other times a logged claim was made.

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::model::{Appearance, ClaimId, NewAppearance};

/// Records a repeat of a claim and returns it as stored.
pub fn insert(
    conn: &Connection,
    claim_id: ClaimId,
    new: &NewAppearance<'_>,
    now: &str,
) -> Result<Appearance> {
    let (speaker_id, _) = super::claims::speaker_id_created(conn, new.speaker)?;
    conn.prepare_cached(
        "INSERT INTO appearances (claim_id, speaker_id, said_on, source_url, context, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        claim_id.0,
        speaker_id,
        new.said_on,
        new.source_url,
        new.context,
        now
    ])?;
    let sql = format!("SELECT {APPEARANCE_COLUMNS} FROM {APPEARANCE_TABLES} WHERE a.id = ?");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([conn.last_insert_rowid()], appearance_from_row)?)
}

pub(crate) const APPEARANCE_COLUMNS: &str =
    "a.id, s.name, a.said_on, a.source_url, a.context, a.created_at";
pub(crate) const APPEARANCE_TABLES: &str = "appearances a JOIN speakers s ON s.id = a.speaker_id";
/// A claim's repeats in the order they were made, unknown dates last.
pub(crate) const APPEARANCE_ORDER: &str = "a.said_on IS NULL, a.said_on, a.id";

pub(crate) fn appearance_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Appearance> {
    Ok(Appearance {
        id: row.get(0)?,
        speaker: row.get(1)?,
        said_on: super::day(row, 2)?,
        source_url: row.get(3)?,
        context: row.get(4)?,
        created_at: row.get(5)?,
    })
}

/// A claim's repeats, in the order they were made (unknown dates last).
pub fn for_claim(conn: &Connection, claim_id: ClaimId) -> Result<Vec<Appearance>> {
    let sql = format!(
        "SELECT {APPEARANCE_COLUMNS} FROM {APPEARANCE_TABLES} WHERE a.claim_id = ? \
         ORDER BY {APPEARANCE_ORDER}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([claim_id.0], appearance_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
