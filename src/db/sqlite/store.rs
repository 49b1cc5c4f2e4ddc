//! The SQLite engine behind the storage traits: a connection, and transactions on it that
//! call the queries of the modules beside.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{
    appearances, claims, evidence, history, import, matching, notes, records, scale, search,
    speakers, workflow,
};

/// The page cache of an import, in KiB.
const IMPORT_CACHE_KIB: i64 = 24 * 1024;
use crate::db::{BulkLoad, Store, StoreTxn};
use crate::filter::{ClaimFilter, SortOrder};
use crate::matching::Match;
use crate::model::workflow::{Assignment, CheckerLoad, Proposal, Publication, Workflow};
use crate::model::{
    Appearance, Change, Claim, ClaimField, ClaimId, ClaimRecord, Evidence, EvidenceId,
    HistoryEntry, NewAppearance, NewClaim, NewEvidence, Note, NoteId, Speaker, SpeakerId,
    SpeakerKind, Status,
};
use crate::scale::Scale;
use crate::search::Hit;

/// A `claims` database in an SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// The temporary file a scratch copy lives in, removed with it.
    _scratch: Option<super::backup::Scratch>,
}

impl SqliteStore {
    /// Opens the existing database at `path`, upgrading an older schema (see `sqlite::open`).
    pub fn open(path: &Path) -> Result<SqliteStore> {
        Ok(SqliteStore {
            conn: super::open(path)?,
            path: path.to_path_buf(),
            _scratch: None,
        })
    }

    /// A store on a connection already open (and configured).
    pub fn on(conn: Connection, path: &Path) -> SqliteStore {
        SqliteStore {
            conn,
            path: path.to_path_buf(),
            _scratch: None,
        }
    }
}

impl Store for SqliteStore {
    fn read(&mut self) -> Result<Box<dyn StoreTxn + '_>> {
        Ok(Box::new(SqliteTxn {
            tx: self.conn.transaction()?,
        }))
    }

    fn write(&mut self) -> Result<Box<dyn StoreTxn + '_>> {
        // Taken up front: a transaction that reads first and writes later can fail with
        // SQLITE_BUSY without waiting when another process writes in between.
        Ok(Box::new(SqliteTxn {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        }))
    }

    fn is_read_only(&self) -> bool {
        super::is_read_only(&self.conn)
    }

    fn scratch_copy(&mut self) -> Result<Box<dyn Store>> {
        let (conn, scratch) = super::backup::scratch_copy(&self.conn)?;
        Ok(Box::new(SqliteStore {
            conn,
            path: self.path.clone(),
            _scratch: Some(scratch),
        }))
    }
}

/// A transaction on an SQLite database.
pub struct SqliteTxn<'c> {
    tx: Transaction<'c>,
}

impl<'c> SqliteTxn<'c> {
    /// The store's view of an open transaction.
    pub fn new(tx: Transaction<'c>) -> SqliteTxn<'c> {
        SqliteTxn { tx }
    }
}

impl StoreTxn for SqliteTxn<'_> {
    fn scale(&self) -> Result<Scale> {
        scale::load(&self.tx)
    }

    fn claim(&self, id: ClaimId) -> Result<Claim> {
        claims::get(&self.tx, id)
    }

    fn for_each_claim(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        limit: Option<u64>,
        visit: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        claims::for_each(&self.tx, filter, order, limit, visit)
    }

    fn page(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        ascending: bool,
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Vec<Claim>> {
        claims::page(&self.tx, filter, order, ascending, limit, offset)
    }

    fn count_by_status(&self, filter: &ClaimFilter) -> Result<Vec<(Status, u64)>> {
        claims::count_by_status(&self.tx, filter)
    }

    fn count_bottomless(&self, filter: &ClaimFilter, scale: &Scale) -> Result<u64> {
        claims::count_bottomless(&self.tx, filter, scale)
    }

    fn count_by_speaker_and_status(
        &self,
        filter: &ClaimFilter,
    ) -> Result<Vec<(String, Status, u64)>> {
        claims::count_by_speaker_and_status(&self.tx, filter)
    }

    fn claim_count(&self) -> Result<u64> {
        let count: i64 = self
            .tx
            .query_row("SELECT count(*) FROM claims", [], |row| row.get(0))?;
        Ok(count as u64)
    }

    fn record(&self, claim: Claim) -> Result<ClaimRecord> {
        Ok(ClaimRecord {
            evidence: evidence::for_claim(&self.tx, claim.id)?,
            notes: notes::for_claim(&self.tx, claim.id)?,
            history: history::for_claim(&self.tx, claim.id)?,
            appearances: appearances::for_claim(&self.tx, claim.id)?,
            claim,
        })
    }

    fn for_each_record(
        &self,
        filter: &ClaimFilter,
        visit: &mut dyn FnMut(ClaimRecord) -> Result<()>,
    ) -> Result<()> {
        if filter.conditions().is_empty() {
            return records::for_each_record(&self.tx, visit);
        }
        // A few claims of many: their own rows, looked up, cost less than scanning every
        // table whole.
        claims::for_each(&self.tx, filter, SortOrder::Logged, None, |claim| {
            visit(self.record(claim)?)
        })
    }

    fn evidence(&self, id: EvidenceId) -> Result<Evidence> {
        evidence::get(&self.tx, id)
    }

    fn evidence_of(&self, claim: ClaimId) -> Result<Vec<Evidence>> {
        evidence::for_claim(&self.tx, claim)
    }

    fn matches(&self, text: &str, speaker: &str, except: Option<ClaimId>) -> Result<Vec<Match>> {
        matching::matches(&self.tx, text, speaker, except)
    }

    fn same_claims(&self, speaker: &str, text: &str) -> Result<Vec<ClaimId>> {
        claims::same_claims(&self.tx, speaker, text)
    }

    fn search(&self, query: &str, filter: &ClaimFilter, limit: u64) -> Result<Vec<Hit>> {
        search::search(&self.tx, query, filter, limit)
    }

    fn speaker(&self, name: &str) -> Result<Option<Speaker>> {
        speakers::find_optional(&self.tx, name)
    }

    fn claims_of_speaker(&self, speaker: SpeakerId) -> Result<Vec<ClaimId>> {
        speakers::claim_ids(&self.tx, speaker)
    }

    fn times_said_by(&self, speaker: SpeakerId) -> Result<u64> {
        let said: i64 = self.tx.query_row(
            "SELECT (SELECT count(*) FROM claims WHERE speaker_id = ?1) \
                  + (SELECT count(*) FROM appearances WHERE speaker_id = ?1)",
            [speaker.0],
            |row| row.get(0),
        )?;
        Ok(said as u64)
    }

    fn speakers_with_claims(&self) -> Result<HashMap<String, SpeakerId>> {
        speakers::ids_with_claims(&self.tx)
    }

    fn organizations(&self) -> Result<std::collections::HashSet<String>> {
        speakers::organizations(&self.tx)
    }

    fn deletions(&self) -> Result<Vec<(ClaimId, HistoryEntry)>> {
        history::deletions(&self.tx)
    }

    fn claims_with_status(&self, status: &Status) -> Result<Vec<ClaimId>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM claims WHERE status = ? ORDER BY id")?;
        let ids = stmt
            .query_map([status.as_str()], |row| Ok(ClaimId(row.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    fn statuses_missing_from(&self, scale: &Scale) -> Result<Vec<(Status, u64)>> {
        scale::statuses_missing_from(&self.tx, scale)
    }

    fn workflow(&self, id: ClaimId) -> Result<Workflow> {
        workflow::get(&self.tx, id)
    }

    fn workflow_claims(&self) -> Result<Vec<ClaimId>> {
        workflow::claims_in_workflow(&self.tx)
    }

    fn checker_loads(&self, today: NaiveDate) -> Result<Vec<CheckerLoad>> {
        workflow::checker_loads(&self.tx, today)
    }

    fn untouched_since(&self, status: &Status, before: &str) -> Result<Vec<ClaimId>> {
        workflow::untouched_since(&self.tx, status, before)
    }

    fn any_published(&self) -> Result<bool> {
        workflow::any_published(&self.tx)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        workflow::setting(&self.tx, key)
    }

    fn speakers_by_surname(&self, surname: &str) -> Result<Vec<(String, u64)>> {
        workflow::speakers_by_surname(&self.tx, surname)
    }

    fn insert_claim(&self, claim: &NewClaim<'_>, tags: &[String], now: &str) -> Result<ClaimId> {
        let id = claims::insert(&self.tx, claim, now)?;
        for tag in tags {
            claims::add_tag(&self.tx, id, tag, Status::UNVERIFIED)?;
        }
        Ok(id)
    }

    fn set_field(&self, id: ClaimId, field: ClaimField, value: Option<&str>) -> Result<()> {
        claims::set_field(&self.tx, id, field, value)
    }

    fn set_speaker(&self, id: ClaimId, speaker: &str) -> Result<()> {
        claims::set_speaker(&self.tx, id, speaker)
    }

    fn set_status(&self, id: ClaimId, status: &Status) -> Result<()> {
        claims::set_status(&self.tx, id, status)
    }

    fn add_tag(&self, id: ClaimId, tag: &str, status: &Status) -> Result<bool> {
        claims::add_tag(&self.tx, id, tag, status.as_str())
    }

    fn remove_tag(&self, id: ClaimId, tag: &str) -> Result<bool> {
        claims::remove_tag(&self.tx, id, tag)
    }

    fn touch(&self, id: ClaimId, now: &str) -> Result<()> {
        claims::touch(&self.tx, id, now)
    }

    fn insert_evidence(
        &self,
        claim: ClaimId,
        new: &NewEvidence<'_>,
        now: &str,
    ) -> Result<Evidence> {
        evidence::insert(&self.tx, claim, new, now)
    }

    fn delete_evidence(&self, id: EvidenceId) -> Result<()> {
        evidence::delete(&self.tx, id)
    }

    fn insert_note(&self, claim: ClaimId, text: &str, author: &str, now: &str) -> Result<NoteId> {
        notes::insert(&self.tx, claim, text, author, now)
    }

    fn insert_appearance(
        &self,
        claim: ClaimId,
        new: &NewAppearance<'_>,
        now: &str,
    ) -> Result<Appearance> {
        appearances::insert(&self.tx, claim, new, now)
    }

    fn delete_claim(&self, id: ClaimId) -> Result<()> {
        // Sources, notes, tags and repeats go with it (ON DELETE CASCADE); the triggers take
        // it out of the search index and the counts.
        self.tx.execute("DELETE FROM claims WHERE id = ?", [id.0])?;
        Ok(())
    }

    fn append_history(
        &self,
        claim: ClaimId,
        at: &str,
        actor: &str,
        change: &Change<'_>,
    ) -> Result<()> {
        history::record(&self.tx, claim, at, actor, change)
    }

    fn rename_speaker(&self, speaker: SpeakerId, name: &str) -> Result<()> {
        speakers::rename(&self.tx, speaker, name)
    }

    fn set_speaker_kind(&self, speaker: SpeakerId, kind: SpeakerKind) -> Result<()> {
        speakers::set_kind(&self.tx, speaker, kind)
    }

    fn merge_speakers(&self, from: SpeakerId, into: SpeakerId) -> Result<()> {
        speakers::merge(&self.tx, from, into)
    }

    fn install_scale(&self, wanted: &Scale, renames: &[(Status, Status)], now: &str) -> Result<()> {
        scale::install(&self.tx, wanted, renames, now)
    }

    fn set_assignment(&self, id: ClaimId, assignment: Option<&Assignment>) -> Result<()> {
        workflow::set_assignment(&self.tx, id, assignment)
    }

    fn set_proposal(&self, id: ClaimId, proposal: Option<&Proposal>) -> Result<()> {
        workflow::set_proposal(&self.tx, id, proposal)
    }

    fn set_publication(&self, id: ClaimId, publication: Option<&Publication>) -> Result<()> {
        workflow::set_publication(&self.tx, id, publication)
    }

    fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        workflow::set_setting(&self.tx, key, value)
    }

    fn update_evidence(&self, evidence: &Evidence) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE evidence SET url = ?, title = ?, publisher = ?, published_on = ?, \
                 stance = ?, excerpt = ?, note = ? WHERE id = ?",
            )?
            .execute(rusqlite::params![
                evidence.url,
                evidence.title,
                evidence.publisher,
                evidence.published_on,
                evidence.stance.as_str(),
                evidence.excerpt,
                evidence.note,
                evidence.id.0
            ])?;
        Ok(())
    }

    fn update_note(&self, id: NoteId, text: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE notes SET text = ? WHERE id = ?")?
            .execute(rusqlite::params![text, id.0])?;
        Ok(())
    }

    fn note(&self, id: NoteId) -> Result<(ClaimId, Note)> {
        notes::get(&self.tx, id)
    }

    fn delete_appearance(&self, id: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM appearances WHERE id = ?", [id])?;
        Ok(())
    }

    fn history_entry(&self, id: i64) -> Result<(ClaimId, HistoryEntry)> {
        history::entry(&self.tx, id)
    }

    fn last_changes_by(&self, actor: &str) -> Result<Vec<(ClaimId, HistoryEntry)>> {
        history::last_changes_by(&self.tx, actor)
    }

    fn rebuild_search(&self) -> Result<()> {
        search::rebuild(&self.tx)
    }

    fn bulk_load(&self, expected: Option<u64>) -> Result<Box<dyn BulkLoad + '_>> {
        // A bigger page cache for this connection: a large import touches every index of
        // claims over and over, and with SQLite's 2 MiB the same pages are read back from
        // disk again and again. 24 MiB is as fast as 32 at a million rows, and leaves room
        // under 64 MiB for the search for likely repeats, which runs beside it.
        self.tx
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        Ok(Box::new(import::Loader::new(&self.tx, expected)?))
    }

    fn refresh_statistics(&self) -> Result<()> {
        import::refresh_statistics(&self.tx)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

/// A moment is stored as its RFC 3339 text, which sorts as time does.
impl rusqlite::types::ToSql for crate::model::Timestamp {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
    }
}

impl rusqlite::types::FromSql for crate::model::Timestamp {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|err: String| rusqlite::types::FromSqlError::Other(err.into()))
    }
}
