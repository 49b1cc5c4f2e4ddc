//! Storing imported claims in bulk with `COPY`: rows are gathered in PostgreSQL's text format
//! and sent a few thousand claims at a time, children after their claims, inside the import's
//! one transaction. Speakers and tags are created as they come (they are few). Duplicates are
//! found through the fingerprint index, a Bloom filter of what this load stored, and the rows
//! not yet sent.
//!
//! A bulk load (10,000 rows or more, into a database with fewer claims) also sets aside the
//! triggers that keep the search entries and the counts, and makes both once at the end:
//! row by row they cost more than the rows themselves. Setting a trigger aside takes the
//! table's exclusive lock until the import commits, so readers of a desk wait for a bulk
//! load, as they would for a restore.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Context as _, Result};
use postgres::{Statement, Transaction};

use super::claims;
use crate::db::BulkLoad;
use crate::db::sqlite::functions::fingerprint;
use crate::db::sqlite::import::Bloom;
use crate::model::imported::{ImportedChange, ImportedClaim, ImportedNote};
use crate::model::{ClaimId, speaker_key};

/// From how many rows an import into a database with fewer claims is a bulk load.
const BULK_ROWS: u64 = 10_000;
/// How many claims are gathered before they are sent.
const FLUSH_CLAIMS: usize = 5_000;

/// The triggers a bulk load sets aside, with their tables: the search entries and the counts.
const TRIGGERS: [(&str, &str); 8] = [
    ("claims", "claims_search_insert"),
    ("claims", "claims_counted"),
    ("claims", "claims_words_counted"),
    // Fired by the search entries set at the end, it would count each claim's words again,
    // one row of `claim_words` at a time: in one transaction a common word's row is then
    // updated once per claim, and each update walks all the versions before it (minutes for
    // ten thousand claims). The counts are made whole afterwards instead.
    ("claims", "claims_words_recounted"),
    ("claims", "claims_speaker_counted"),
    ("claim_tags", "claim_tags_counted"),
    ("notes", "notes_search"),
    ("evidence", "evidence_search"),
];

/// The SQL that sets a bulk load's triggers aside (the benchmark's `psql` peer runs it too).
pub fn set_aside_sql() -> String {
    TRIGGERS
        .iter()
        .map(|(table, trigger)| format!("ALTER TABLE {table} DISABLE TRIGGER {trigger};\n"))
        .collect()
}

/// The SQL that, after a bulk load, makes the search entries that are missing and the counts,
/// and puts the triggers back.
pub fn made_whole_sql() -> String {
    let enable: String = TRIGGERS
        .iter()
        .map(|(table, trigger)| format!("ALTER TABLE {table} ENABLE TRIGGER {trigger};\n"))
        .collect();
    format!(
        "UPDATE claims SET search = claims_search_vector(id, text, context) \
         WHERE search IS NULL;\n{};\n{enable}",
        super::counts::RECOUNT_SQL
    )
}

/// The tables rows are copied into, in the order they are sent, with their columns.
const TABLES: [(&str, &str); 7] = [
    ("speakers", "id, name, name_key"),
    (
        "claims",
        "id, text, speaker_id, said_on, context, source_url, speaker_role, status, created_at, \
         updated_at, fingerprint",
    ),
    ("claim_tags", "claim_id, tag_id, status"),
    (
        "evidence",
        "id, claim_id, url, title, publisher, published_on, stance, excerpt, note, created_at",
    ),
    (
        "appearances",
        "id, claim_id, speaker_id, said_on, source_url, context, created_at",
    ),
    ("notes", "id, claim_id, text, author, created_at"),
    (
        "history",
        "id, claim_id, at, actor, field, old_value, new_value, note",
    ),
];
const SPEAKERS: usize = 0;
const CLAIMS: usize = 1;
const TAGS: usize = 2;
const EVIDENCE: usize = 3;
const APPEARANCES: usize = 4;
const NOTES: usize = 5;
const HISTORY: usize = 6;

/// One field of a COPY row.
enum Field<'a> {
    Text(Option<&'a str>),
    Int(i64),
}

/// Appends one row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
fn push_row(buffer: &mut String, fields: &[Field<'_>]) {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            buffer.push('\t');
        }
        match field {
            Field::Int(value) => {
                let _ = write!(buffer, "{value}");
            }
            Field::Text(None) => buffer.push_str("\\N"),
            Field::Text(Some(text)) => {
                for ch in text.chars() {
                    match ch {
                        '\\' => buffer.push_str("\\\\"),
                        '\t' => buffer.push_str("\\t"),
                        '\n' => buffer.push_str("\\n"),
                        '\r' => buffer.push_str("\\r"),
                        other => buffer.push(other),
                    }
                }
            }
        }
    }
    buffer.push('\n');
}

/// A set of ids kept as the runs of consecutive ids it holds: the rows of a load get ids one
/// after the other (and an export's ids come in order, with gaps where claims were deleted), so
/// a million ids are a few runs, where a set of them would grow with the file. (Ids with a gap
/// between every two would take a run each: more than a set, and as rare.)
#[derive(Debug, Default)]
struct IdRanges {
    /// Each run's first id, and its last.
    runs: std::collections::BTreeMap<i64, i64>,
}

impl IdRanges {
    fn contains(&self, id: i64) -> bool {
        self.runs
            .range(..=id)
            .next_back()
            .is_some_and(|(_, last)| id <= *last)
    }

    fn insert(&mut self, id: i64) {
        if self.contains(id) {
            return;
        }
        // The run just after it, if it starts there, joins it.
        let last = id
            .checked_add(1)
            .and_then(|next| self.runs.remove(&next))
            .unwrap_or(id);
        match self.runs.range_mut(..id).next_back() {
            Some((_, before)) if before.checked_add(1) == Some(id) => *before = last,
            _ => {
                self.runs.insert(id, last);
            }
        }
    }
}

/// Writes imported claims into one open transaction.
pub struct Loader<'t, 'c> {
    tx: &'t std::cell::RefCell<Transaction<'c>>,
    keep_ids: bool,
    had_claims: bool,
    bulk: bool,
    speakers: HashMap<String, i64>,
    tags: HashMap<String, i64>,
    new_speakers: u64,
    /// The look-ups of a speaker or tag not seen yet, prepared once: a file can name
    /// thousands.
    find_speaker: Statement,
    find_tag: Statement,
    /// The next id of each table, as SQLite gives it: one past the largest.
    next: [i64; TABLES.len()],
    /// Rows gathered, per table, not yet sent.
    pending: [String; TABLES.len()],
    pending_claims: usize,
    /// How many claims this import stored: what `claims watch` is told at the end.
    stored_claims: u64,
    /// The fingerprints of the claims gathered and not yet sent.
    pending_prints: HashMap<i64, ClaimId>,
    /// When the file's ids are kept, each table's ids this load used (the database was empty).
    used: [IdRanges; TABLES.len()],
    seen: Bloom,
}

impl<'t, 'c> Loader<'t, 'c> {
    /// Prepares to load about `expected` claims.
    pub fn new(tx: &'t std::cell::RefCell<Transaction<'c>>, expected: Option<u64>) -> Result<Self> {
        let mut t = tx.borrow_mut();
        let row = t.query_one(
            "SELECT EXISTS (SELECT 1 FROM claims), NOT EXISTS (SELECT 1 FROM claims) \
             AND NOT EXISTS (SELECT 1 FROM history) AND NOT EXISTS (SELECT 1 FROM evidence) \
             AND NOT EXISTS (SELECT 1 FROM notes), \
             (SELECT count(*) FROM claims)",
            &[],
        )?;
        let (had_claims, empty, existing): (bool, bool, i64) = (row.get(0), row.get(1), row.get(2));
        // Turning triggers off is the tables' owner's to do; a checker's import keeps them on.
        let owner: bool = t
            .query_one(
                "SELECT pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'claims'::regclass), \
                 'MEMBER')",
                &[],
            )?
            .get(0);
        let bulk =
            owner && expected.is_some_and(|rows| rows >= BULK_ROWS && rows >= existing as u64);
        let mut speakers = HashMap::new();
        if bulk {
            t.batch_execute(&set_aside_sql())?;
            // New speakers go with the claims in the COPY, their ids given here: no one else
            // may add one meanwhile. (Setting the triggers aside locked the claims already.)
            t.batch_execute("LOCK TABLE speakers IN SHARE ROW EXCLUSIVE MODE")?;
            for row in t.query("SELECT name_key, id FROM speakers", &[])? {
                speakers.insert(row.get(0), row.get(1));
            }
        }
        // The ids rows are given from here, read once the bulk load's locks are held.
        let mut next = [0; TABLES.len()];
        for (index, (table, _)) in TABLES.iter().enumerate() {
            if index == TAGS {
                continue;
            }
            // The table name comes from the fixed list above.
            next[index] = t
                .query_one(
                    &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
                    &[],
                )?
                .get(0);
        }
        next[CLAIMS] = claims::largest_id(&mut t)? + 1;
        let find_speaker = t.prepare(claims::SPEAKER_ID_SQL)?;
        let find_tag = t.prepare(claims::TAG_ID_SQL)?;
        drop(t);
        Ok(Loader {
            tx,
            keep_ids: empty,
            had_claims,
            bulk,
            speakers,
            tags: HashMap::new(),
            new_speakers: 0,
            find_speaker,
            find_tag,
            next,
            pending: Default::default(),
            pending_claims: 0,
            stored_claims: 0,
            pending_prints: HashMap::new(),
            used: Default::default(),
            seen: Bloom::new(),
        })
    }

    /// The id a row gets: the file's when kept, else the next one; either way the next one
    /// after it is one past the largest.
    fn id_for(&mut self, table: usize, given: Option<i64>) -> i64 {
        let id = given.filter(|_| self.keep_ids).unwrap_or(self.next[table]);
        self.next[table] = self.next[table].max(id + 1);
        if self.keep_ids {
            self.used[table].insert(id);
        }
        id
    }

    /// Sends every row gathered.
    fn flush(&mut self) -> Result<()> {
        let mut t = self.tx.borrow_mut();
        for (index, (table, columns)) in TABLES.iter().enumerate() {
            if self.pending[index].is_empty() {
                continue;
            }
            let mut writer = t.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
            writer.write_all(self.pending[index].as_bytes())?;
            writer
                .finish()
                .with_context(|| format!("cannot copy the rows of {table}"))?;
            self.pending[index].clear();
        }
        self.pending_claims = 0;
        self.pending_prints.clear();
        Ok(())
    }

    fn speaker_id(&mut self, name: &str) -> Result<i64> {
        let key = speaker_key(name);
        if let Some(id) = self.speakers.get(&key) {
            return Ok(*id);
        }
        let (id, created) = if self.bulk {
            // Every speaker the database knew was read at the start.
            let id = self.id_for(SPEAKERS, None);
            let row = [
                Field::Int(id),
                Field::Text(Some(name)),
                Field::Text(Some(&key)),
            ];
            push_row(&mut self.pending[SPEAKERS], &row);
            (id, true)
        } else {
            claims::speaker_id_by(&mut self.tx.borrow_mut(), &self.find_speaker, name)?
        };
        self.new_speakers += u64::from(created);
        self.speakers.insert(key, id);
        Ok(id)
    }

    fn tag_id(&mut self, tag: &str) -> Result<i64> {
        if let Some(id) = self.tags.get(tag) {
            return Ok(*id);
        }
        let id = claims::tag_id_by(&mut self.tx.borrow_mut(), &self.find_tag, tag)?;
        self.tags.insert(tag.to_string(), id);
        Ok(id)
    }
}

impl BulkLoad for Loader<'_, '_> {
    fn keeps_ids(&self) -> bool {
        self.keep_ids
    }

    fn new_speakers(&self) -> u64 {
        self.new_speakers
    }

    fn duplicate_of(&mut self, claim: &ImportedClaim) -> Result<Option<ClaimId>> {
        let print = fingerprint(&speaker_key(&claim.speaker), &claim.text);
        let maybe = self.seen.check_and_insert(print);
        if !maybe && !self.had_claims {
            return Ok(None);
        }
        if let Some(id) = self.pending_prints.get(&print) {
            return Ok(Some(*id));
        }
        Ok(self
            .tx
            .borrow_mut()
            .query_opt(
                "SELECT id FROM claims WHERE fingerprint = $1 ORDER BY id LIMIT 1",
                &[&print],
            )?
            .map(|row| ClaimId(row.get(0))))
    }

    fn taken_id(&self, claim: &ImportedClaim) -> Result<Option<String>> {
        if !self.keep_ids {
            return Ok(None);
        }
        let checks = [(CLAIMS, "claim", claim.id)]
            .into_iter()
            .chain(claim.evidence.iter().map(|e| (EVIDENCE, "source", e.id)))
            .chain(claim.notes.iter().map(|n| (NOTES, "note", n.id)))
            .chain(
                claim
                    .appearances
                    .iter()
                    .map(|a| (APPEARANCES, "repeat", a.id)),
            )
            .chain(
                claim
                    .history
                    .iter()
                    .flatten()
                    .map(|h| (HISTORY, "history entry", h.id)),
            );
        for (table, what, id) in checks {
            if let Some(id) = id
                && self.used[table].contains(id)
            {
                return Ok(Some(format!(
                    "{what} id {id} is already used by an earlier row: give each one its own id, \
                     or none"
                )));
            }
        }
        Ok(None)
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
        let claim_id = match id {
            Some(id) => {
                self.next[CLAIMS] = self.next[CLAIMS].max(id.0 + 1);
                if self.keep_ids {
                    self.used[CLAIMS].insert(id.0);
                }
                id.0
            }
            None => self.id_for(CLAIMS, None),
        };
        let status = claim.status.as_str();
        push_row(
            &mut self.pending[CLAIMS],
            &[
                Field::Int(claim_id),
                Field::Text(Some(&claim.text)),
                Field::Int(speaker_id),
                Field::Text(claim.said_on.as_deref()),
                Field::Text(claim.context.as_deref()),
                Field::Text(claim.source_url.as_deref()),
                Field::Text(claim.speaker_role.as_deref()),
                Field::Text(Some(status)),
                Field::Text(Some(claim.created_at.as_deref().unwrap_or(now))),
                Field::Text(Some(claim.updated_at.as_deref().unwrap_or(now))),
                Field::Int(print),
            ],
        );
        self.pending_prints
            .entry(print)
            .or_insert(ClaimId(claim_id));
        let mut tagged = HashSet::new();
        for tag in &claim.tags {
            let tag_id = self.tag_id(tag)?;
            if tagged.insert(tag_id) {
                push_row(
                    &mut self.pending[TAGS],
                    &[
                        Field::Int(claim_id),
                        Field::Int(tag_id),
                        Field::Text(Some(status)),
                    ],
                );
            }
        }
        for item in &claim.evidence {
            let id = self.id_for(EVIDENCE, item.id);
            push_row(
                &mut self.pending[EVIDENCE],
                &[
                    Field::Int(id),
                    Field::Int(claim_id),
                    Field::Text(Some(&item.url)),
                    Field::Text(item.title.as_deref()),
                    Field::Text(item.publisher.as_deref()),
                    Field::Text(item.published_on.as_deref()),
                    Field::Text(Some(item.stance.as_str())),
                    Field::Text(item.excerpt.as_deref()),
                    Field::Text(item.note.as_deref()),
                    Field::Text(Some(item.created_at.as_deref().unwrap_or(now))),
                ],
            );
        }
        for appearance in &claim.appearances {
            let speaker_id = self.speaker_id(&appearance.speaker)?;
            let id = self.id_for(APPEARANCES, appearance.id);
            push_row(
                &mut self.pending[APPEARANCES],
                &[
                    Field::Int(id),
                    Field::Int(claim_id),
                    Field::Int(speaker_id),
                    Field::Text(appearance.said_on.as_deref()),
                    Field::Text(appearance.source_url.as_deref()),
                    Field::Text(appearance.context.as_deref()),
                    Field::Text(Some(&appearance.created_at)),
                ],
            );
        }
        for note in claim.notes.iter().chain(extra_notes) {
            let id = self.id_for(NOTES, note.id);
            push_row(
                &mut self.pending[NOTES],
                &[
                    Field::Int(id),
                    Field::Int(claim_id),
                    Field::Text(Some(&note.text)),
                    Field::Text(Some(&note.author)),
                    Field::Text(Some(&note.created_at)),
                ],
            );
        }
        for change in history {
            let id = self.id_for(HISTORY, change.id);
            push_row(
                &mut self.pending[HISTORY],
                &[
                    Field::Int(id),
                    Field::Int(claim_id),
                    Field::Text(Some(&change.at)),
                    Field::Text(Some(&change.actor)),
                    Field::Text(Some(change.field.as_str())),
                    Field::Text(change.old_value.as_deref()),
                    Field::Text(change.new_value.as_deref()),
                    Field::Text(change.note.as_deref()),
                ],
            );
        }
        self.pending_claims += 1;
        self.stored_claims += 1;
        // Outside a bulk load, what the transaction reads next (the matcher looks for claims
        // said before in other words, those of this file too) must see this claim: it goes
        // at once.
        if self.pending_claims >= FLUSH_CLAIMS || !self.bulk {
            self.flush()?;
        }
        Ok(ClaimId(claim_id))
    }

    /// Sends what is left; after a bulk load, makes the search entries and the counts and puts
    /// the triggers back; moves the identity columns past the ids used.
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.flush()?;
        let mut t = self.tx.borrow_mut();
        if self.bulk {
            t.batch_execute(&made_whole_sql())?;
        }
        super::identities::advance(&mut t)?;
        super::watch::notify_import(&mut t, self.stored_claims)?;
        Ok(())
    }
}

/// Fresh statistics for the planner after a bulk change.
pub fn refresh_statistics(tx: &mut Transaction<'_>) -> Result<()> {
    tx.batch_execute(
        "ANALYZE claims, claim_tags, evidence, notes, appearances, history, claim_words",
    )
    .context("cannot update the planner's statistics")?;
    Ok(())
}

#[cfg(test)]
mod id_ranges_tests {
    use super::IdRanges;

    #[test]
    fn ids_in_any_order_are_held_as_their_runs() {
        let mut ids = IdRanges::default();
        for id in (1..=1000).chain([2000, 1002, 1001, 5, 1999, -3]) {
            ids.insert(id);
        }
        for id in (1..=1002).chain([1999, 2000, -3]) {
            assert!(ids.contains(id), "{id}");
        }
        for id in [0, -2, -4, 1003, 1998, 2001, i64::MAX] {
            assert!(!ids.contains(id), "{id}");
        }
        // 1..=1002, 1999..=2000 and -3: a run each.
        assert_eq!(ids.runs.len(), 3, "{:?}", ids.runs);
        // The ends of the range of ids are ids too.
        for id in [i64::MAX, i64::MIN, i64::MAX - 1] {
            assert!(!ids.contains(id));
            ids.insert(id);
            assert!(ids.contains(id), "{id}");
        }
        assert_eq!(ids.runs.len(), 5, "{:?}", ids.runs);
    }
}
