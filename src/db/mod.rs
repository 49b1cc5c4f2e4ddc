//! The storage boundary: what the operations (`crate::ops`) and the read commands ask of a
//! database, as two traits, and the engines that implement them. Only an engine knows which
//! database it is: SQL, pragmas, triggers and bulk-load tricks live in its folder (`sqlite/`,
//! `postgres/`) and nowhere else. A [`Location`] says which engine `--db` names. The same conformance suite (`conformance.rs`) runs against every engine.
//!
//! A [`Store`] hands out transactions; a [`StoreTxn`] reads (a consistent snapshot) and, when
//! it was begun with [`Store::write`], writes, all of which lands at [`StoreTxn::commit`] or
//! not at all. The store applies no rules: which change is allowed, and what history it
//! leaves, is the operations' business.

pub mod postgres;
pub mod sqlite;

#[cfg(test)]
mod conformance;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Result;
use chrono::NaiveDate;

use crate::filter::{ClaimFilter, SortOrder};
use crate::matching::Match;
use crate::model::imported::{ImportedChange, ImportedClaim, ImportedNote};
use crate::model::workflow::{Assignment, CheckerLoad, Proposal, Publication, Workflow};
use crate::model::{
    Appearance, Change, Claim, ClaimField, ClaimId, ClaimRecord, Evidence, EvidenceId,
    HistoryEntry, NewAppearance, NewClaim, NewEvidence, Note, NoteId, Speaker, SpeakerId,
    SpeakerKind, Status,
};
use crate::scale::Scale;
use crate::search::Hit;

/// A database that claims are kept in.
pub trait Store {
    /// A transaction that only reads: one consistent snapshot, whoever writes meanwhile.
    fn read(&mut self) -> Result<Box<dyn StoreTxn + '_>>;

    /// A transaction that writes: it holds the database's write lock from the start, so that
    /// what it reads stays true until it commits.
    fn write(&mut self) -> Result<Box<dyn StoreTxn + '_>>;

    /// Whether this database can be written at all (a read-only file cannot).
    fn is_read_only(&self) -> bool;

    /// A private copy of this database, to try changes on and throw away: a dry run on a
    /// database that cannot be written. It goes when it is dropped.
    fn scratch_copy(&mut self) -> Result<Box<dyn Store>>;
}

/// What one transaction can read and write.
pub trait StoreTxn {
    // Reading.

    /// The database login the transaction runs as, where the database has logins
    /// (PostgreSQL); `None` for a file, where whoever can write it is whoever they say.
    fn login(&self) -> Result<Option<String>> {
        Ok(None)
    }
    /// The database's verdict scale.
    fn scale(&self) -> Result<Scale>;
    /// One claim, or a "no claim" (or "deleted") error.
    fn claim(&self, id: ClaimId) -> Result<Claim>;
    /// The claims matching `filter`, in `order`, up to `limit`, one at a time.
    fn for_each_claim(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        limit: Option<u64>,
        visit: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()>;
    /// The claims matching `filter`, in `order`, up to `limit`.
    fn list(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        limit: Option<u64>,
    ) -> Result<Vec<Claim>> {
        let mut claims = Vec::new();
        self.for_each_claim(filter, order, limit, &mut |claim| {
            claims.push(claim);
            Ok(())
        })?;
        Ok(claims)
    }
    /// One page of the claims matching `filter`: `offset` skipped, then up to `limit`, in
    /// `order` or (`ascending`) the other way round.
    fn page(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        ascending: bool,
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Vec<Claim>>;
    /// How many claims match `filter`, per status, in the scale's order (none left out).
    fn count_by_status(&self, filter: &ClaimFilter) -> Result<Vec<(Status, u64)>>;
    /// How many claims matching `filter` are rated false on `scale` and bottomless.
    fn count_bottomless(&self, filter: &ClaimFilter, scale: &Scale) -> Result<u64>;
    /// Each speaker's claims per status, speakers with the most claims first.
    fn count_by_speaker_and_status(
        &self,
        filter: &ClaimFilter,
    ) -> Result<Vec<(String, Status, u64)>>;
    /// How many claims there are.
    fn claim_count(&self) -> Result<u64>;
    /// A claim with its evidence, notes, history and repeats.
    fn record(&self, claim: Claim) -> Result<ClaimRecord>;
    /// The full record of every claim matching `filter`, oldest logged first, one at a time.
    fn for_each_record(
        &self,
        filter: &ClaimFilter,
        visit: &mut dyn FnMut(ClaimRecord) -> Result<()>,
    ) -> Result<()>;
    /// One piece of evidence, or a "no evidence" error.
    fn evidence(&self, id: EvidenceId) -> Result<Evidence>;
    /// A claim's evidence, in the order it was attached.
    fn evidence_of(&self, claim: ClaimId) -> Result<Vec<Evidence>>;
    /// The claims already logged that may say what `text` by `speaker` says, closest first.
    fn matches(&self, text: &str, speaker: &str, except: Option<ClaimId>) -> Result<Vec<Match>>;
    /// The claims of this speaker with exactly these words (ignoring case and spacing).
    fn same_claims(&self, speaker: &str, text: &str) -> Result<Vec<ClaimId>>;
    /// The claims matching a full-text `query` and `filter`, most relevant first.
    fn search(&self, query: &str, filter: &ClaimFilter, limit: u64) -> Result<Vec<Hit>>;
    /// The speaker with this name (in any case and spacing), if there is one.
    fn speaker(&self, name: &str) -> Result<Option<Speaker>>;
    /// The claims a speaker made (not their repeats of others' claims), by id.
    fn claims_of_speaker(&self, speaker: SpeakerId) -> Result<Vec<ClaimId>>;
    /// How many times a speaker said something: their claims, and their repeats of any claim.
    fn times_said_by(&self, speaker: SpeakerId) -> Result<u64>;
    /// Every speaker with claims of their own, by name.
    fn speakers_with_claims(&self) -> Result<HashMap<String, SpeakerId>>;
    /// The names of the speakers whose kind is organization (ClaimReview writes them so).
    fn organizations(&self) -> Result<std::collections::HashSet<String>>;
    /// The `deleted` entries of the history, oldest first, with the claim each deleted.
    fn deletions(&self) -> Result<Vec<(ClaimId, HistoryEntry)>>;
    /// The claims with this status.
    fn claims_with_status(&self, status: &Status) -> Result<Vec<ClaimId>>;
    /// The statuses claims have that `scale` lacks, with how many claims have each.
    fn statuses_missing_from(&self, scale: &Scale) -> Result<Vec<(Status, u64)>>;

    /// Where a claim stands in the desk's workflow.
    fn workflow(&self, id: ClaimId) -> Result<Workflow>;
    /// The claims in the desk's workflow (assigned, waiting for review or published), with
    /// where each stands: few beside an archive's, so read whole.
    fn workflows(&self) -> Result<std::collections::HashMap<ClaimId, Workflow>> {
        self.workflow_claims()?
            .into_iter()
            .map(|id| Ok((id, self.workflow(id)?)))
            .collect()
    }
    /// The ids of the claims in the desk's workflow.
    fn workflow_claims(&self) -> Result<Vec<ClaimId>>;
    /// Each checker's open, overdue (before `today`) and done claims.
    fn checker_loads(&self, today: NaiveDate) -> Result<Vec<CheckerLoad>>;
    /// The claims with this status not changed since `before`.
    fn untouched_since(&self, status: &Status, before: &str) -> Result<Vec<ClaimId>>;
    /// Whether any claim was ever published.
    fn any_published(&self) -> Result<bool>;
    /// A setting the desk shares (`claims config`).
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// The speakers whose name ends with the words `surname`, with their number of claims.
    fn speakers_by_surname(&self, surname: &str) -> Result<Vec<(String, u64)>>;

    // Writing.

    /// Stores a new claim (status unverified) with its tags, and returns its id.
    fn insert_claim(&self, claim: &NewClaim<'_>, tags: &[String], now: &str) -> Result<ClaimId>;
    /// Sets one text field of a claim.
    fn set_field(&self, id: ClaimId, field: ClaimField, value: Option<&str>) -> Result<()>;
    /// Moves a claim to another speaker (created on first use).
    fn set_speaker(&self, id: ClaimId, speaker: &str) -> Result<()>;
    fn set_status(&self, id: ClaimId, status: &Status) -> Result<()>;
    /// Tags a claim; false when it already had the tag.
    fn add_tag(&self, id: ClaimId, tag: &str, status: &Status) -> Result<bool>;
    /// Untags a claim; false when it did not have the tag.
    fn remove_tag(&self, id: ClaimId, tag: &str) -> Result<bool>;
    /// Sets a claim's `updated_at`.
    fn touch(&self, id: ClaimId, now: &str) -> Result<()>;
    fn insert_evidence(
        &self,
        claim: ClaimId,
        evidence: &NewEvidence<'_>,
        now: &str,
    ) -> Result<Evidence>;
    fn delete_evidence(&self, id: EvidenceId) -> Result<()>;
    fn insert_note(&self, claim: ClaimId, text: &str, author: &str, now: &str) -> Result<NoteId>;
    fn insert_appearance(
        &self,
        claim: ClaimId,
        appearance: &NewAppearance<'_>,
        now: &str,
    ) -> Result<Appearance>;
    /// Deletes a claim with its evidence, notes, tags and repeats (its history stays).
    fn delete_claim(&self, id: ClaimId) -> Result<()>;
    /// Appends one entry to a claim's history.
    fn append_history(
        &self,
        claim: ClaimId,
        at: &str,
        actor: &str,
        change: &Change<'_>,
    ) -> Result<()>;
    fn rename_speaker(&self, speaker: SpeakerId, name: &str) -> Result<()>;
    /// Says whether a speaker is a person or an organisation.
    fn set_speaker_kind(&self, speaker: SpeakerId, kind: SpeakerKind) -> Result<()>;
    /// Moves every claim and repeat of `from` to `into`, and removes `from`.
    fn merge_speakers(&self, from: SpeakerId, into: SpeakerId) -> Result<()>;
    /// Makes `scale` the database's scale, renaming statuses as `renames` says (old, new).
    fn install_scale(&self, scale: &Scale, renames: &[(Status, Status)], now: &str) -> Result<()>;
    /// Gives a claim to a checker, or (`None`) takes it back.
    fn set_assignment(&self, id: ClaimId, assignment: Option<&Assignment>) -> Result<()>;
    /// Records the verdict waiting for sign-off, or (`None`) that none waits.
    fn set_proposal(&self, id: ClaimId, proposal: Option<&Proposal>) -> Result<()>;
    /// Records a claim as published, or (`None`) not published.
    fn set_publication(&self, id: ClaimId, publication: Option<&Publication>) -> Result<()>;
    /// Sets (or, with `None`, removes) a setting the desk shares.
    fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()>;
    /// Changes a source attached to a claim (all but its id, claim and time).
    fn update_evidence(&self, evidence: &Evidence) -> Result<()>;
    /// Changes a working note's text.
    fn update_note(&self, id: NoteId, text: &str) -> Result<()>;
    /// A working note and the claim it is on.
    fn note(&self, id: NoteId) -> Result<(ClaimId, Note)>;
    /// Removes a repeat (taking back its record).
    fn delete_appearance(&self, id: i64) -> Result<()>;
    /// One history entry, with the claim it is on.
    fn history_entry(&self, id: i64) -> Result<(ClaimId, HistoryEntry)>;
    /// The entries of the last change `actor` made (one command stamps one time), newest first;
    /// on a server, `actor` is a login, and its changes made for others (`login (for NAME)`)
    /// are its own.
    fn last_changes_by(&self, actor: &str) -> Result<Vec<(ClaimId, HistoryEntry)>>;

    /// Builds the full-text index again from what it indexes.
    fn rebuild_search(&self) -> Result<()>;
    /// Starts storing many claims at once (an import of about `expected` of them), with
    /// whatever makes that fast on this engine; [`BulkLoad::finish`] before committing.
    fn bulk_load(&self, expected: Option<u64>) -> Result<Box<dyn BulkLoad + '_>>;
    /// Brings what the engine keeps to plan its queries up to date after a bulk change.
    fn refresh_statistics(&self) -> Result<()>;

    /// Makes everything this transaction wrote last, or (on error) none of it.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Claims stored many at a time, inside one write transaction.
pub trait BulkLoad {
    /// Whether the database held nothing when the load began: only then are the ids a file
    /// gives kept (a restore of an export), since any other id might be taken.
    fn keeps_ids(&self) -> bool;
    /// How many speakers the load created.
    fn new_speakers(&self) -> u64;
    /// The claim already stored (before or during this load) with the same speaker and the
    /// same words, if there is one.
    fn duplicate_of(&mut self, claim: &ImportedClaim) -> Result<Option<ClaimId>>;
    /// When ids are kept, why one of this claim's ids cannot be (an earlier row has it).
    fn taken_id(&self, claim: &ImportedClaim) -> Result<Option<String>>;
    /// Stores a claim with its tags, evidence, repeats and notes, `extra_notes` and the
    /// history entries given, and returns its id: `id` when given, else the next free one.
    fn store(
        &mut self,
        claim: &ImportedClaim,
        id: Option<ClaimId>,
        history: &[ImportedChange],
        extra_notes: &[ImportedNote],
        now: &str,
    ) -> Result<ClaimId>;
    /// Completes what was put off for speed (indexes, counts).
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Where a desk's database is: an SQLite file, or a database on a PostgreSQL server
/// (`postgres://USER@HOST/DATABASE`, completed from the `PG*` variables and `~/.pgpass`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL database, by its URL (which may hold a password: never printed).
    Postgres(String),
}

impl FromStr for Location {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(if postgres::connect::is_url(text) {
            Location::Postgres(text.to_string())
        } else {
            Location::File(PathBuf::from(text))
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&postgres::connect::redacted(url)),
        }
    }
}

impl Location {
    /// The file, or for a server database its address (password hidden) as a path: what the
    /// commands that compare their output files with the database's compare with.
    pub fn path(&self) -> PathBuf {
        match self {
            Location::File(path) => path.clone(),
            Location::Postgres(_) => PathBuf::from(self.to_string()),
        }
    }

    /// Whether the database may be there: a file exists; a server is asked on connecting.
    pub fn exists(&self) -> bool {
        match self {
            Location::File(path) => path.exists(),
            Location::Postgres(_) => true,
        }
    }

    /// Whether this is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

/// Puts the engine's storage errors (a damaged, read-only or full database, a lock held too
/// long) in the user's terms, naming the database; other errors pass unchanged.
pub fn explained(err: anyhow::Error, location: &Location) -> anyhow::Error {
    match location {
        Location::File(path) => sqlite::explained(err, path),
        Location::Postgres(url) => postgres::explained(err, url),
    }
}

/// What `init` found and did.
pub use sqlite::InitOutcome;

/// Creates the database if it is missing (a file) or has no schema (a server's), and brings
/// its schema up to date.
pub fn init(location: &Location) -> Result<(Box<dyn Store>, InitOutcome)> {
    match location {
        Location::File(path) => {
            let (conn, outcome) = sqlite::init(path)?;
            Ok((Box::new(sqlite::SqliteStore::on(conn, path)), outcome))
        }
        Location::Postgres(url) => {
            let (store, outcome) = postgres::init(url)?;
            Ok((Box::new(store), outcome))
        }
    }
}

/// Opens the existing database at `location` (upgrading an older schema).
pub fn open(location: &Location) -> Result<Box<dyn Store>> {
    match location {
        Location::File(path) => Ok(Box::new(sqlite::SqliteStore::open(path)?)),
        Location::Postgres(url) => Ok(Box::new(postgres::open(url)?)),
    }
}

/// Opens the SQLite file at `path`: for what only SQLite has (backups, the file's checks).
pub fn open_file(path: &Path) -> Result<Box<dyn Store>> {
    Ok(Box::new(sqlite::SqliteStore::open(path)?))
}
