//! Sources attached to claims.

use anyhow::{Result, anyhow};
use postgres::{Row, Transaction};

use super::sql;
use crate::error::UserError;
use crate::model::{ClaimId, Evidence, EvidenceId, NewEvidence};

pub(crate) const EVIDENCE_COLUMNS: &str =
    "id, claim_id, url, title, publisher, published_on, stance, excerpt, note, created_at";

pub(crate) fn evidence_from_row(row: &Row) -> Result<Evidence> {
    let stance: String = row.get(6);
    Ok(Evidence {
        id: EvidenceId(row.get(0)),
        claim_id: ClaimId(row.get(1)),
        url: row.get(2),
        title: row.get(3),
        publisher: row.get(4),
        published_on: sql::date(row, 5)?,
        stance: stance.parse().map_err(|err: String| anyhow!(err))?,
        excerpt: row.get(7),
        note: row.get(8),
        created_at: sql::timestamp(row, 9)?,
    })
}

/// Attaches a source to a claim and returns the stored row. Its id is one past the largest,
/// as SQLite gives it.
pub fn insert(
    tx: &mut Transaction<'_>,
    claim_id: ClaimId,
    new: &NewEvidence<'_>,
    now: &str,
) -> Result<Evidence> {
    let sql = format!(
        "INSERT INTO evidence (id, claim_id, url, title, publisher, published_on, stance, \
         excerpt, note, created_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM evidence), \
         $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {EVIDENCE_COLUMNS}"
    );
    let row = tx.query_one(
        &sql,
        &[
            &claim_id.0,
            &new.url,
            &new.title,
            &new.publisher,
            &sql::day(new.published_on),
            &new.stance.as_str(),
            &new.excerpt,
            &new.note,
            &now,
        ],
    )?;
    evidence_from_row(&row)
}

/// One piece of evidence, or a "no evidence with id" error.
pub fn get(tx: &mut Transaction<'_>, id: EvidenceId) -> Result<Evidence> {
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = $1");
    match tx.query_opt(&sql, &[&id.0])? {
        Some(row) => evidence_from_row(&row),
        None => Err(UserError::EvidenceNotFound(id).into()),
    }
}

/// The evidence attached to a claim, in the order it was attached.
pub fn for_claim(tx: &mut Transaction<'_>, claim_id: ClaimId) -> Result<Vec<Evidence>> {
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE claim_id = $1 ORDER BY id");
    tx.query(&sql, &[&claim_id.0])?
        .iter()
        .map(evidence_from_row)
        .collect()
}

/// Detaches a piece of evidence. The caller records it in the history first.
pub fn delete(tx: &mut Transaction<'_>, id: EvidenceId) -> Result<()> {
    tx.execute("DELETE FROM evidence WHERE id = $1", &[&id.0])?;
    Ok(())
}
