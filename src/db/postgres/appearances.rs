//! Repeats: the other times a logged claim was made.

use anyhow::Result;
use postgres::{Row, Transaction};

use super::sql;
use crate::model::{Appearance, ClaimId, NewAppearance};

/// Records a repeat of a claim and returns it as stored.
pub fn insert(
    tx: &mut Transaction<'_>,
    claim_id: ClaimId,
    new: &NewAppearance<'_>,
    now: &str,
) -> Result<Appearance> {
    let (speaker_id, _) = super::claims::speaker_id_created(tx, new.speaker)?;
    let id: i64 = tx
        .query_one(
            "INSERT INTO appearances (id, claim_id, speaker_id, said_on, source_url, context, \
             created_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM appearances), \
             $1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &claim_id.0,
                &speaker_id,
                &sql::day(new.said_on),
                &new.source_url,
                &new.context,
                &now,
            ],
        )?
        .get(0);
    let sql = format!("SELECT {APPEARANCE_COLUMNS} FROM {APPEARANCE_TABLES} WHERE a.id = $1");
    appearance_from_row(&tx.query_one(&sql, &[&id])?)
}

pub(crate) const APPEARANCE_COLUMNS: &str =
    "a.id, s.name, a.said_on, a.source_url, a.context, a.created_at";
pub(crate) const APPEARANCE_TABLES: &str = "appearances a JOIN speakers s ON s.id = a.speaker_id";
/// A claim's repeats in the order they were made, unknown dates last.
pub(crate) const APPEARANCE_ORDER: &str = "a.said_on IS NULL, a.said_on, a.id";

pub(crate) fn appearance_from_row(row: &Row) -> Result<Appearance> {
    Ok(Appearance {
        id: row.get(0),
        speaker: row.get(1),
        said_on: sql::date(row, 2)?,
        source_url: row.get(3),
        context: row.get(4),
        created_at: sql::timestamp(row, 5)?,
    })
}

/// A claim's repeats, in the order they were made (unknown dates last).
pub fn for_claim(tx: &mut Transaction<'_>, claim_id: ClaimId) -> Result<Vec<Appearance>> {
    let sql = format!(
        "SELECT {APPEARANCE_COLUMNS} FROM {APPEARANCE_TABLES} WHERE a.claim_id = $1 \
         ORDER BY {APPEARANCE_ORDER}"
    );
    tx.query(&sql, &[&claim_id.0])?
        .iter()
        .map(appearance_from_row)
        .collect()
}
