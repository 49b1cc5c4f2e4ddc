//! Storing imported claims in bulk: one transaction (the caller's), prepared statements, and the
//! speakers and tags seen so far kept in memory (a few per distinct name), so a million rows
//! cost a million inserts and little else. Duplicates are found through the fingerprint index,
//! not a set of every claim in memory.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension, params};

use super::claims;
use super::functions::fingerprint;
use crate::db::BulkLoad;
use crate::model::imported::{ImportedChange, ImportedClaim, ImportedNote};
use crate::model::{ClaimId, NewClaim, speaker_key};

/// The trigger of migration 0003 that keeps `status_counts` as claims are inserted (a LIKE
/// pattern, as `set_aside_triggers` takes).
const COUNTING_TRIGGER: &str = "claims\\_counted";

/// The triggers of migration 0004 that keep the search index, as a LIKE pattern.
const SEARCH_TRIGGERS: &str = "%\\_fts\\_%";

/// Drops the triggers whose names are LIKE `pattern` and returns their SQL, to put back.
fn set_aside_triggers(conn: &Connection, pattern: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
    )?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([pattern], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        // The name comes from the schema, not from the user.
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// The page cache while deferred indexes are built, in KiB.
const SORT_CACHE_KIB: i64 = 2 * 1024;

/// The trigger of migration 0006 that keeps `speaker_counts` as claims are inserted.
const SPEAKER_COUNTING_TRIGGER: &str = "claims\\_speaker\\_counted";

/// The trigger of migration 0009 that keeps `tag_counts` as tag rows are inserted.
const TAG_COUNTING_TRIGGER: &str = "claim\\_tags\\_counted";

/// From how many rows an import into a database with fewer claims is a bulk load.
const BULK_ROWS: u64 = 10_000;

/// Drops the indexes of claims and claim_tags that a bulk load would update at random (all but
/// the fingerprints, which find duplicates as rows arrive) and returns their SQL. Building an
/// index once from sorted keys at the end is several times faster than a million random
/// inserts that miss the page cache: 43 s → 20 s for a million claims. It all happens inside
/// the import's transaction: other connections keep the indexes, and a failed import gets them
/// back by rolling back.
fn defer_indexes(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' \
         AND tbl_name IN ('claims', 'claim_tags') AND sql IS NOT NULL \
         AND name <> 'claims_by_fingerprint'",
    )?;
    let indexes: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        // The name comes from the schema, not from the user.
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Writes imported claims into one open transaction.
pub struct Loader<'conn> {
    conn: &'conn Connection,
    /// Whether the database held nothing when the import began: only then are the ids in the
    /// file kept, so that an export imported into an empty database comes back the same.
    keep_ids: bool,
    speakers: HashMap<String, i64>,
    tags: HashMap<String, i64>,
    /// Whether the database held claims before: then every claim is looked up by its
    /// fingerprint. Otherwise only those the filter of this file's claims may have seen are.
    had_claims: bool,
    seen: Bloom,
    /// The triggers set aside for the import (their SQL, to put them back): the one that counts
    /// claims by status row by row, and for a bulk load those of the search index.
    set_aside: Vec<String>,
    /// Whether the counting trigger is among them; then the counts this import adds.
    counting_paused: bool,
    counted: HashMap<String, i64>,
    /// The indexes dropped for a bulk load, to build again at the end (their SQL).
    deferred_indexes: Vec<String>,
    /// Speakers this import created.
    new_speakers: u64,
}

impl<'conn> Loader<'conn> {
    /// Prepares to load claims into `conn`. `expected` is about how many claims the file
    /// holds, when it can be told.
    pub fn new(conn: &'conn Connection, expected: Option<u64>) -> Result<Self> {
        let (had_claims, empty): (bool, bool) = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM claims), NOT EXISTS (SELECT 1 FROM claims) \
             AND NOT EXISTS (SELECT 1 FROM history) AND NOT EXISTS (SELECT 1 FROM evidence) \
             AND NOT EXISTS (SELECT 1 FROM notes)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        // The counting trigger runs a statement for every claim: a fifth of a million-row
        // import. It is set aside inside the import's transaction (so a failed import puts it
        // back by rolling back) and the counts are added once at the end, in `finish`.
        let mut set_aside = set_aside_triggers(conn, COUNTING_TRIGGER)?;
        let counting_paused = !set_aside.is_empty();
        let existing: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM claims", [], |row| {
                row.get(0)
            })?;
        let bulk = expected.is_some_and(|rows| rows >= BULK_ROWS && rows >= existing as u64);
        let deferred_indexes = if bulk {
            // The search index and each speaker's counts too are made once at the end: their
            // triggers go aside.
            set_aside.extend(set_aside_triggers(conn, SEARCH_TRIGGERS)?);
            set_aside.extend(set_aside_triggers(conn, SPEAKER_COUNTING_TRIGGER)?);
            set_aside.extend(set_aside_triggers(conn, TAG_COUNTING_TRIGGER)?);
            defer_indexes(conn)?
        } else {
            Vec::new()
        };
        Ok(Loader {
            conn,
            set_aside,
            counting_paused,
            counted: HashMap::new(),
            deferred_indexes,
            keep_ids: empty,
            speakers: HashMap::new(),
            tags: HashMap::new(),
            had_claims,
            seen: Bloom::new(),
            new_speakers: 0,
        })
    }

    /// The claim with this fingerprint, if one was logged before (in the database or earlier
    /// in the file).
    fn same_claim(&mut self, print: i64) -> Result<Option<ClaimId>> {
        let maybe = self.seen.check_and_insert(print);
        if !maybe && !self.had_claims {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM claims WHERE fingerprint = ? ORDER BY id LIMIT 1")?
            .query_row([print], |row| Ok(ClaimId(row.get(0)?)))
            .optional()?)
    }
}

impl BulkLoad for Loader<'_> {
    fn keeps_ids(&self) -> bool {
        self.keep_ids
    }

    fn new_speakers(&self) -> u64 {
        self.new_speakers
    }

    fn duplicate_of(&mut self, claim: &ImportedClaim) -> Result<Option<ClaimId>> {
        self.same_claim(fingerprint(&speaker_key(&claim.speaker), &claim.text))
    }

    fn taken_id(&self, claim: &ImportedClaim) -> Result<Option<String>> {
        self.taken(claim)
    }

    fn store(
        &mut self,
        claim: &ImportedClaim,
        id: Option<ClaimId>,
        history: &[ImportedChange],
        extra_notes: &[ImportedNote],
        now: &str,
    ) -> Result<ClaimId> {
        let print = fingerprint(&speaker_key(&claim.speaker), &claim.text);
        let speaker_id = self.speaker_id(&claim.speaker)?;
        let keep_ids = self.keep_ids;
        let keep = |id: Option<i64>| id.filter(|_| keep_ids);
        let id = claims::insert_row(
            self.conn,
            &NewClaim {
                text: &claim.text,
                speaker: &claim.speaker,
                // Checked as it was read: YYYY-MM-DD.
                said_on: claim.said_on.as_deref().map(str::parse).transpose()?,
                context: claim.context.as_deref(),
                source_url: claim.source_url.as_deref(),
                speaker_role: claim.speaker_role.as_deref(),
            },
            speaker_id,
            print,
            id.map(|id| id.0),
            claim.status.as_str(),
            claim.created_at.as_deref().unwrap_or(now),
            claim.updated_at.as_deref().unwrap_or(now),
        )?;
        for tag in &claim.tags {
            let tag_id = match self.tags.get(tag) {
                Some(tag_id) => *tag_id,
                None => {
                    let tag_id = claims::tag_id(self.conn, tag)?;
                    self.tags.insert(tag.clone(), tag_id);
                    tag_id
                }
            };
            claims::tag_claim(self.conn, id, tag_id, claim.status.as_str())?;
        }
        for item in &claim.evidence {
            self.conn
                .prepare_cached(
                    "INSERT INTO evidence (id, claim_id, url, title, publisher, published_on, \
                     stance, excerpt, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    keep(item.id),
                    id.0,
                    item.url,
                    item.title,
                    item.publisher,
                    item.published_on,
                    item.stance.as_str(),
                    item.excerpt,
                    item.note,
                    item.created_at.as_deref().unwrap_or(now),
                ])?;
        }
        for appearance in &claim.appearances {
            let speaker_id = self.speaker_id(&appearance.speaker)?;
            self.conn
                .prepare_cached(
                    "INSERT INTO appearances (id, claim_id, speaker_id, said_on, source_url, \
                     context, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    keep(appearance.id),
                    id.0,
                    speaker_id,
                    appearance.said_on,
                    appearance.source_url,
                    appearance.context,
                    appearance.created_at
                ])?;
        }
        for note in claim.notes.iter().chain(extra_notes) {
            self.conn
                .prepare_cached(
                    "INSERT INTO notes (id, claim_id, text, author, created_at) \
                     VALUES (?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    keep(note.id),
                    id.0,
                    note.text,
                    note.author,
                    note.created_at
                ])?;
        }
        for change in history {
            self.conn
                .prepare_cached(
                    "INSERT INTO history (id, claim_id, at, actor, field, old_value, \
                     new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    keep(change.id),
                    id.0,
                    change.at,
                    change.actor,
                    change.field.as_str(),
                    change.old_value,
                    change.new_value,
                    change.note
                ])?;
        }
        match self.counted.get_mut(claim.status.as_str()) {
            Some(count) => *count += 1,
            None => {
                self.counted.insert(claim.status.as_str().to_string(), 1);
            }
        }
        Ok(id)
    }

    /// Builds the deferred indexes again, adds this import's claims to the running counts and
    /// puts the counting trigger back.
    fn finish(self: Box<Self>) -> Result<()> {
        if !self.deferred_indexes.is_empty() {
            // Building an index, the search index or the counts sorts in memory up to the page
            // cache's size, on top of the cache itself: a small cache from here on keeps the
            // whole under 64 MiB.
            self.conn
                .pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
            self.conn.execute_batch("PRAGMA shrink_memory")?;
            for index in &self.deferred_indexes {
                self.conn.execute_batch(index)?;
            }
            super::search::rebuild(self.conn)?;
            // Each speaker's and tag's counts, counted again once: as many rows as speakers
            // (and tags) and statuses, too many to keep in memory for an archive.
            super::counts::recount_speakers_and_tags(self.conn)?;
        }
        if self.counting_paused {
            for (status, count) in &self.counted {
                self.conn.execute(
                    "INSERT INTO status_counts (status, claims) VALUES (?, ?) \
                     ON CONFLICT (status) DO UPDATE SET claims = claims + excluded.claims",
                    params![status, count],
                )?;
            }
        }
        for trigger in &self.set_aside {
            self.conn.execute_batch(trigger)?;
        }
        Ok(())
    }
}

impl Loader<'_> {
    /// When the file's ids are kept, an id an earlier row (or the database) already uses.
    fn taken(&self, claim: &ImportedClaim) -> Result<Option<String>> {
        if !self.keep_ids {
            return Ok(None);
        }
        let checks = [("claims", "claim", claim.id)]
            .into_iter()
            .chain(claim.evidence.iter().map(|e| ("evidence", "source", e.id)))
            .chain(claim.notes.iter().map(|n| ("notes", "note", n.id)))
            .chain(
                claim
                    .appearances
                    .iter()
                    .map(|a| ("appearances", "repeat", a.id)),
            )
            .chain(
                claim
                    .history
                    .iter()
                    .flatten()
                    .map(|h| ("history", "history entry", h.id)),
            );
        for (table, what, id) in checks {
            let Some(id) = id else { continue };
            // The table name comes from the fixed list above, never from the file.
            let taken: bool = self
                .conn
                .prepare_cached(&format!(
                    "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?)"
                ))?
                .query_row([id], |row| row.get(0))?;
            if taken {
                return Ok(Some(format!(
                    "{what} id {id} is already used by an earlier row: give each one its own id, \
                     or none"
                )));
            }
        }
        Ok(None)
    }

    /// The speaker's id, creating the speaker on first use.
    fn speaker_id(&mut self, name: &str) -> Result<i64> {
        let key = speaker_key(name);
        if let Some(id) = self.speakers.get(&key) {
            return Ok(*id);
        }
        let (id, created) = claims::speaker_id_created(self.conn, name)?;
        self.new_speakers += u64::from(created);
        self.speakers.insert(key, id);
        Ok(id)
    }
}

/// A Bloom filter of fingerprints: fixed memory (8 MiB) whatever the file's size. "No" is
/// certain, "maybe" is checked against the index; with a million claims one "maybe" in ten
/// thousand is false, with ten million one in twenty.
pub(crate) struct Bloom {
    bits: Vec<u64>,
}

impl Bloom {
    const WORDS: usize = 1 << 20;

    pub(crate) fn new() -> Self {
        Bloom {
            bits: vec![0; Self::WORDS],
        }
    }

    /// Whether `print` may have been seen before; it is seen from now on.
    pub(crate) fn check_and_insert(&mut self, print: i64) -> bool {
        let mut hash = print as u64;
        let mut seen = true;
        for _ in 0..3 {
            // Three positions from one 64-bit hash, remixed (SplitMix64's finaliser).
            hash = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = hash;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let bit = (z as usize) % (Self::WORDS * 64);
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            seen &= self.bits[word] & mask != 0;
            self.bits[word] |= mask;
        }
        seen
    }
}

/// Fresh statistics for the query planner after a bulk change, sampled (`analysis_limit`) so
/// that they take milliseconds even at a million claims.
pub fn refresh_statistics(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")
        .context("cannot update the planner's statistics")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bloom_filter_knows_what_it_saw() {
        let mut bloom = Bloom::new();
        let false_maybes = (0..100_000)
            .filter(|n| bloom.check_and_insert(n * 7919))
            .count();
        assert!(false_maybes < 10, "{false_maybes}");
        assert!((0..100_000).all(|n| bloom.check_and_insert(n * 7919)));
    }
}
