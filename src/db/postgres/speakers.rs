//! Speakers: finding one by name, renaming one, merging two.

use std::collections::HashMap;

use anyhow::Result;
use postgres::Transaction;

use super::filter::speaker_key;
use crate::model::{ClaimId, Speaker, SpeakerId, SpeakerKind};

/// The speaker with this name, if there is one.
pub fn find_optional(tx: &mut Transaction<'_>, name: &str) -> Result<Option<Speaker>> {
    Ok(tx
        .query_opt(
            "SELECT id, name, kind FROM speakers WHERE name_key = $1",
            &[&speaker_key(name)],
        )?
        .map(|row| Speaker {
            id: SpeakerId(row.get(0)),
            name: row.get(1),
            kind: row
                .get::<_, Option<String>>(2)
                .as_deref()
                .and_then(SpeakerKind::parse),
        }))
}

/// The names of the speakers recorded as organisations.
pub fn organizations(tx: &mut Transaction<'_>) -> Result<std::collections::HashSet<String>> {
    Ok(tx
        .query("SELECT name FROM speakers WHERE kind = 'organization'", &[])?
        .iter()
        .map(|row| row.get(0))
        .collect())
}

/// Records what a speaker is.
pub fn set_kind(tx: &mut Transaction<'_>, speaker: SpeakerId, kind: SpeakerKind) -> Result<()> {
    tx.execute(
        "UPDATE speakers SET kind = $2 WHERE id = $1",
        &[&speaker.0, &kind.as_str()],
    )?;
    Ok(())
}

/// The id by name of every speaker with claims of their own.
pub fn ids_with_claims(tx: &mut Transaction<'_>) -> Result<HashMap<String, SpeakerId>> {
    Ok(tx
        .query(
            "SELECT name, id FROM speakers s \
             WHERE EXISTS (SELECT 1 FROM claims WHERE speaker_id = s.id)",
            &[],
        )?
        .iter()
        .map(|row| (row.get(0), SpeakerId(row.get(1))))
        .collect())
}

/// The ids of the claims a speaker made (not counting repeats by them).
pub fn claim_ids(tx: &mut Transaction<'_>, speaker: SpeakerId) -> Result<Vec<ClaimId>> {
    Ok(tx
        .query(
            "SELECT id FROM claims WHERE speaker_id = $1 ORDER BY id",
            &[&speaker.0],
        )?
        .iter()
        .map(|row| ClaimId(row.get(0)))
        .collect())
}

/// How many times a speaker said something: their claims and their repeats.
pub fn times_said_by(tx: &mut Transaction<'_>, speaker: SpeakerId) -> Result<u64> {
    let said: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM claims WHERE speaker_id = $1) \
                  + (SELECT count(*) FROM appearances WHERE speaker_id = $1)",
            &[&speaker.0],
        )?
        .get(0);
    Ok(said as u64)
}

/// Gives a speaker another name (its claims keep it; their fingerprints follow).
pub fn rename(tx: &mut Transaction<'_>, speaker: SpeakerId, name: &str) -> Result<()> {
    tx.execute(
        "UPDATE speakers SET name = $1, name_key = $2 WHERE id = $3",
        &[&name, &speaker_key(name), &speaker.0],
    )?;
    super::claims::refresh_fingerprints(tx, "c.speaker_id = $1", speaker.0)
}

/// Moves every claim and repeat of speaker `from` to speaker `into`, and removes `from`.
pub fn merge(tx: &mut Transaction<'_>, from: SpeakerId, into: SpeakerId) -> Result<()> {
    let (from, into) = (from.0, into.0);
    tx.execute(
        "UPDATE claims SET speaker_id = $1 WHERE speaker_id = $2",
        &[&into, &from],
    )?;
    tx.execute(
        "UPDATE appearances SET speaker_id = $1 WHERE speaker_id = $2",
        &[&into, &from],
    )?;
    tx.execute("DELETE FROM speakers WHERE id = $1", &[&from])?;
    super::claims::refresh_fingerprints(tx, "c.speaker_id = $1", into)
}
