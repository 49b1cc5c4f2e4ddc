//! Speakers: finding one by name, renaming one, merging two.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use super::filter::speaker_key;
use crate::error::UserError;
use crate::model::{ClaimId, Speaker, SpeakerId, SpeakerKind};

/// The speaker with this name (in any case and spacing), or a "no speaker" error.
pub fn find(conn: &Connection, name: &str) -> Result<Speaker> {
    find_optional(conn, name)?
        .ok_or_else(|| UserError::SpeakerNotFound(name.trim().to_string()).into())
}

/// The speaker with this name, if there is one.
pub fn find_optional(conn: &Connection, name: &str) -> Result<Option<Speaker>> {
    Ok(conn
        .prepare_cached("SELECT id, name, kind FROM speakers WHERE name_key = ?")?
        .query_row([speaker_key(name)], |row| {
            Ok(Speaker {
                id: SpeakerId(row.get(0)?),
                name: row.get(1)?,
                kind: row
                    .get::<_, Option<String>>(2)?
                    .as_deref()
                    .and_then(SpeakerKind::parse),
            })
        })
        .optional()?)
}

/// The names of the speakers recorded as organisations.
pub fn organizations(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare("SELECT name FROM speakers WHERE kind = 'organization'")?;
    let names = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Records what a speaker is.
pub fn set_kind(conn: &Connection, speaker: SpeakerId, kind: SpeakerKind) -> Result<()> {
    conn.execute(
        "UPDATE speakers SET kind = ?2 WHERE id = ?1",
        rusqlite::params![speaker.0, kind.as_str()],
    )?;
    Ok(())
}

/// The id by name of every speaker with claims of their own (not only repeats): the report
/// names speakers' pages by id, and writes one for each of them.
pub fn ids_with_claims(conn: &Connection) -> Result<std::collections::HashMap<String, SpeakerId>> {
    let mut stmt = conn.prepare(
        "SELECT name, id FROM speakers s WHERE EXISTS (SELECT 1 FROM claims WHERE speaker_id = s.id)",
    )?;
    let ids = stmt
        .query_map([], |row| Ok((row.get(0)?, SpeakerId(row.get(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The ids of the claims a speaker made (not counting repeats by them).
pub fn claim_ids(conn: &Connection, speaker: SpeakerId) -> Result<Vec<ClaimId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM claims WHERE speaker_id = ? ORDER BY id")?;
    let ids = stmt
        .query_map([speaker.0], |row| Ok(ClaimId(row.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Gives a speaker another name (its claims keep it; their fingerprints follow).
pub fn rename(conn: &Connection, speaker: SpeakerId, name: &str) -> Result<()> {
    conn.execute(
        "UPDATE speakers SET name = ?, name_key = ? WHERE id = ?",
        params![name, speaker_key(name), speaker.0],
    )?;
    refresh_fingerprints(conn, speaker.0)
}

/// Moves every claim and repeat of speaker `from` to speaker `into`, and removes `from`.
pub fn merge(conn: &Connection, from: SpeakerId, into: SpeakerId) -> Result<()> {
    let (from, into) = (from.0, into.0);
    conn.execute(
        "UPDATE claims SET speaker_id = ? WHERE speaker_id = ?",
        params![into, from],
    )?;
    conn.execute(
        "UPDATE appearances SET speaker_id = ? WHERE speaker_id = ?",
        params![into, from],
    )?;
    conn.execute("DELETE FROM speakers WHERE id = ?", [from])?;
    refresh_fingerprints(conn, into)
}

/// A claim's fingerprint includes its speaker's name: it is computed again after a change.
fn refresh_fingerprints(conn: &Connection, speaker_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE claims SET fingerprint = claim_fingerprint(\
         (SELECT name_key FROM speakers WHERE id = claims.speaker_id), text) \
         WHERE speaker_id = ?",
        [speaker_id],
    )?;
    Ok(())
}
