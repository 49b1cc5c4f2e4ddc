//! Storing imported claims in bulk: one transaction (the caller's), prepared statements, and the
//! speakers and tags seen so far kept in memory, so a million rows cost a million inserts and
//! little else.

use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use anyhow::Result;
use rusqlite::{Connection, params};

use super::claims::{self, NewClaim};
use super::filter::speaker_key;
use super::history::{self, Change};
use crate::import::fields::ImportedClaim;
use crate::model::ClaimId;

/// Writes imported claims into one open transaction.
pub struct Loader<'conn> {
    conn: &'conn Connection,
    /// Whether the database held nothing when the import began: only then are the ids in the
    /// file kept, so that an export imported into an empty database comes back the same.
    keep_ids: bool,
    /// Each speaker's id and the role last written for it.
    speakers: HashMap<String, (i64, Option<String>)>,
    tags: HashMap<String, i64>,
    /// A fingerprint of every claim's speaker and text, to report duplicates.
    seen: HashSet<u64>,
    /// Speakers this import created.
    pub new_speakers: u64,
}

impl<'conn> Loader<'conn> {
    /// Prepares to load into `conn`, reading what is there already.
    pub fn new(conn: &'conn Connection) -> Result<Self> {
        let empty: bool = conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM claims) AND NOT EXISTS (SELECT 1 FROM history) \
             AND NOT EXISTS (SELECT 1 FROM evidence) AND NOT EXISTS (SELECT 1 FROM notes)",
            [],
            |row| row.get(0),
        )?;
        let mut loader = Loader {
            conn,
            keep_ids: empty,
            speakers: HashMap::new(),
            tags: HashMap::new(),
            seen: HashSet::new(),
            new_speakers: 0,
        };
        if !empty {
            let mut stmt = conn.prepare(
                "SELECT s.name_key, c.text FROM claims c JOIN speakers s ON s.id = c.speaker_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let key: String = row.get(0)?;
                let text: String = row.get(1)?;
                loader.seen.insert(fingerprint(&key, &text));
            }
        }
        Ok(loader)
    }

    /// Whether the file's ids are kept.
    pub fn keeps_ids(&self) -> bool {
        self.keep_ids
    }

    /// Stores one claim with everything attached to it; returns whether the same speaker had
    /// already said the same text (in the database or earlier in the file).
    pub fn load(
        &mut self,
        claim: &ImportedClaim,
        now: &str,
        actor: &str,
        source: &str,
    ) -> Result<bool> {
        let duplicate = !self
            .seen
            .insert(fingerprint(&speaker_key(&claim.speaker), &claim.text));
        let speaker_id = self.speaker_id(&claim.speaker, claim.role.as_deref())?;
        let id = claims::insert_row(
            self.conn,
            &NewClaim {
                text: &claim.text,
                speaker: &claim.speaker,
                said_on: claim.said_on.as_deref(),
                context: claim.context.as_deref(),
                source_url: claim.source_url.as_deref(),
            },
            speaker_id,
            claim.id.filter(|_| self.keep_ids),
            claim.status.as_str(),
            claim.created_at.as_deref().unwrap_or(now),
            claim.updated_at.as_deref().unwrap_or(now),
        )?;
        for tag in &claim.tags {
            let tag_id = self.tag_id(tag)?;
            self.conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) VALUES (?, ?)",
                )?
                .execute(params![id.0, tag_id])?;
        }
        for item in &claim.evidence {
            self.conn
                .prepare_cached(
                    "INSERT INTO evidence (id, claim_id, url, title, publisher, published_on, \
                     stance, excerpt, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    item.id.filter(|_| self.keep_ids),
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
        for note in &claim.notes {
            self.conn
                .prepare_cached(
                    "INSERT INTO notes (id, claim_id, text, author, created_at) VALUES (?, ?, ?, ?, ?)",
                )?
                .execute(params![
                    note.id.filter(|_| self.keep_ids),
                    id.0,
                    note.text,
                    note.author,
                    note.created_at
                ])?;
        }
        if let (None, Some(note), false) = (&claim.history, &claim.note, claim.status.is_verdict())
        {
            // An explanation without a verdict (a review that rates nothing) is kept as a note.
            self.conn
                .prepare_cached(
                    "INSERT INTO notes (claim_id, text, author, created_at) VALUES (?, ?, ?, ?)",
                )?
                .execute(params![id.0, note, actor, now])?;
        }
        match &claim.history {
            Some(changes) => {
                for change in changes {
                    self.conn
                        .prepare_cached(
                            "INSERT INTO history (id, claim_id, at, actor, field, old_value, \
                             new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        )?
                        .execute(params![
                            change.id.filter(|_| self.keep_ids),
                            id.0,
                            change.at,
                            change.actor,
                            change.field,
                            change.old_value,
                            change.new_value,
                            change.note
                        ])?;
                }
            }
            None => self.record_import(id, claim, now, actor, source)?,
        }
        Ok(duplicate)
    }

    /// The history of a claim from a file that has none: it was created by this import, and a
    /// status other than unverified was set with the file's explanation.
    fn record_import(
        &self,
        id: ClaimId,
        claim: &ImportedClaim,
        now: &str,
        actor: &str,
        source: &str,
    ) -> Result<()> {
        let imported = format!("imported from {source}");
        history::record(
            self.conn,
            id,
            now,
            actor,
            &Change {
                field: "created",
                old_value: None,
                new_value: None,
                note: Some(&imported),
            },
        )?;
        if claim.status.as_str() != crate::model::Status::UNVERIFIED {
            history::record(
                self.conn,
                id,
                now,
                actor,
                &Change {
                    field: "status",
                    old_value: Some(crate::model::Status::UNVERIFIED),
                    new_value: Some(claim.status.as_str()),
                    note: claim.note.as_deref(),
                },
            )?;
        }
        Ok(())
    }

    /// The speaker's id, creating the speaker on first use; a role given updates theirs.
    fn speaker_id(&mut self, name: &str, role: Option<&str>) -> Result<i64> {
        let key = speaker_key(name);
        if !self.speakers.contains_key(&key) {
            let (id, created) = claims::speaker_id_created(self.conn, name)?;
            self.new_speakers += u64::from(created);
            self.speakers.insert(key.clone(), (id, None));
        }
        let (id, known_role) = self
            .speakers
            .get_mut(&key)
            .expect("the speaker was just cached");
        if let Some(role) = role
            && known_role.as_deref() != Some(role)
        {
            self.conn
                .prepare_cached("UPDATE speakers SET role = ? WHERE id = ?")?
                .execute(params![role, *id])?;
            *known_role = Some(role.to_string());
        }
        Ok(*id)
    }

    fn tag_id(&mut self, name: &str) -> Result<i64> {
        if let Some(id) = self.tags.get(name) {
            return Ok(*id);
        }
        self.conn
            .prepare_cached("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING")?
            .execute([name])?;
        let id: i64 = self
            .conn
            .prepare_cached("SELECT id FROM tags WHERE name = ?")?
            .query_row([name], |row| row.get(0))?;
        self.tags.insert(name.to_string(), id);
        Ok(id)
    }
}

/// Two claims are the same when one speaker said the same words, whatever the case or spacing.
fn fingerprint(speaker_key: &str, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    speaker_key.hash(&mut hasher);
    for word in text.split_whitespace() {
        word.to_lowercase().hash(&mut hasher);
    }
    hasher.finish()
}
