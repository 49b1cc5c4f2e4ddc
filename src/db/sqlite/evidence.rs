//! Sources attached to claims.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::UserError;
use crate::model::{ClaimId, Evidence, EvidenceId, NewEvidence};

pub(crate) const EVIDENCE_COLUMNS: &str =
    "id, claim_id, url, title, publisher, published_on, stance, excerpt, note, created_at";

pub(crate) fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    let stance: String = row.get(6)?;
    Ok(Evidence {
        id: EvidenceId(row.get(0)?),
        claim_id: ClaimId(row.get(1)?),
        url: row.get(2)?,
        title: row.get(3)?,
        publisher: row.get(4)?,
        published_on: super::day(row, 5)?,
        stance: stance.parse().map_err(|err: String| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, err.into())
        })?,
        excerpt: row.get(7)?,
        note: row.get(8)?,
        created_at: row.get(9)?,
    })
}

/// Attaches a source to a claim and returns the stored row.
pub fn insert(
    conn: &Connection,
    claim_id: ClaimId,
    new: &NewEvidence<'_>,
    now: &str,
) -> Result<Evidence> {
    conn.prepare_cached(
        "INSERT INTO evidence (claim_id, url, title, publisher, published_on, stance, excerpt, \
         note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        claim_id.0,
        new.url,
        new.title,
        new.publisher,
        new.published_on,
        new.stance.as_str(),
        new.excerpt,
        new.note,
        now
    ])?;
    get(conn, EvidenceId(conn.last_insert_rowid()))
}

/// One piece of evidence, or a "no evidence with id" error.
pub fn get(conn: &Connection, id: EvidenceId) -> Result<Evidence> {
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = ?");
    conn.prepare_cached(&sql)?
        .query_row([id.0], evidence_from_row)
        .optional()?
        .ok_or_else(|| UserError::EvidenceNotFound(id).into())
}

/// The evidence attached to a claim, in the order it was attached.
pub fn for_claim(conn: &Connection, claim_id: ClaimId) -> Result<Vec<Evidence>> {
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE claim_id = ? ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([claim_id.0], evidence_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many pieces of evidence a claim has.
pub fn count(conn: &Connection, claim_id: ClaimId) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM evidence WHERE claim_id = ?")?
        .query_row([claim_id.0], |row| row.get(0))?)
}

/// Detaches a piece of evidence. The caller records it in the history first.
pub fn delete(conn: &Connection, id: EvidenceId) -> Result<()> {
    conn.execute("DELETE FROM evidence WHERE id = ?", [id.0])?;
    Ok(())
}
