//! The PostgreSQL engine behind the storage traits: a connection, and transactions on it that
//! call the queries of the modules beside.
//!
//! A write transaction takes the desk's write lock (a transaction-level advisory lock) before
//! anything else, as SQLite's `BEGIN IMMEDIATE` does: the operations read, check and then write
//! (is it logged already? which id is next?), and what they read must stay true until they
//! commit. Readers never wait: a read is one REPEATABLE READ snapshot.

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;
use postgres::{Client, IsolationLevel, Transaction};

use super::{
    appearances, claims, evidence, history, import, matching, notes, records, scale, search,
    speakers, workflow,
};
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

/// The advisory lock key every write transaction holds ("claims" + 2).
pub const WRITE_LOCK: i64 = 0x636c_6169_6d73_0002;

/// A `claims` database on a PostgreSQL server.
pub struct PostgresStore {
    client: Client,
    /// The login the connection is (its `session_user`), known from connecting: asking the
    /// server would cost every write a round trip.
    login: String,
}

impl PostgresStore {
    /// A store on a connection already open, configured and upgraded, as `login`.
    pub fn on(client: Client, login: String) -> PostgresStore {
        PostgresStore { client, login }
    }

    /// The connection, for what is not a claim's business (the doctor, `watch`).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

impl Store for PostgresStore {
    fn read(&mut self) -> Result<Box<dyn StoreTxn + '_>> {
        let tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        Ok(Box::new(PostgresTxn::new(tx, &self.login)))
    }

    fn write(&mut self) -> Result<Box<dyn StoreTxn + '_>> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        Ok(Box::new(PostgresTxn::new(tx, &self.login)))
    }

    fn is_read_only(&self) -> bool {
        // A dry run is a transaction that is rolled back: the server never needs a copy.
        false
    }

    fn scratch_copy(&mut self) -> Result<Box<dyn Store>> {
        anyhow::bail!(
            "a PostgreSQL database has no scratch copy: a dry run is a transaction rolled back"
        )
    }
}

/// A transaction on a PostgreSQL database. The client's transaction wants `&mut` for every
/// statement while the traits read through `&self`: a `RefCell` bridges them, borrowed for one
/// statement at a time, so a visitor may read through the transaction between batches.
pub struct PostgresTxn<'c> {
    tx: RefCell<Transaction<'c>>,
    login: &'c str,
}

impl<'c> PostgresTxn<'c> {
    /// The store's view of an open transaction of `login`'s session.
    pub fn new(tx: Transaction<'c>, login: &'c str) -> PostgresTxn<'c> {
        PostgresTxn {
            tx: RefCell::new(tx),
            login,
        }
    }

    fn t(&self) -> RefMut<'_, Transaction<'c>> {
        self.tx.borrow_mut()
    }
}

impl StoreTxn for PostgresTxn<'_> {
    fn login(&self) -> Result<Option<String>> {
        Ok(Some(self.login.to_string()))
    }

    fn scale(&self) -> Result<Scale> {
        scale::load(&mut self.t())
    }

    fn claim(&self, id: ClaimId) -> Result<Claim> {
        claims::get(&mut self.t(), id)
    }

    fn for_each_claim(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        limit: Option<u64>,
        visit: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        records::for_each_claim(&self.tx, filter, order, limit, visit)
    }

    fn page(
        &self,
        filter: &ClaimFilter,
        order: SortOrder,
        ascending: bool,
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Vec<Claim>> {
        claims::page(&mut self.t(), filter, order, ascending, limit, offset)
    }

    fn workflow(&self, id: ClaimId) -> Result<Workflow> {
        workflow::get(&mut self.t(), id)
    }

    fn workflow_claims(&self) -> Result<Vec<ClaimId>> {
        workflow::claims_in_workflow(&mut self.t())
    }

    fn checker_loads(&self, today: NaiveDate) -> Result<Vec<CheckerLoad>> {
        workflow::checker_loads(&mut self.t(), today)
    }

    fn untouched_since(&self, status: &Status, before: &str) -> Result<Vec<ClaimId>> {
        workflow::untouched_since(&mut self.t(), status, before)
    }

    fn any_published(&self) -> Result<bool> {
        workflow::any_published(&mut self.t())
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        workflow::setting(&mut self.t(), key)
    }

    fn speakers_by_surname(&self, surname: &str) -> Result<Vec<(String, u64)>> {
        workflow::speakers_by_surname(&mut self.t(), surname)
    }

    fn set_assignment(&self, id: ClaimId, assignment: Option<&Assignment>) -> Result<()> {
        workflow::set_assignment(&mut self.t(), id, assignment)
    }

    fn set_proposal(&self, id: ClaimId, proposal: Option<&Proposal>) -> Result<()> {
        workflow::set_proposal(&mut self.t(), id, proposal)
    }

    fn set_publication(&self, id: ClaimId, publication: Option<&Publication>) -> Result<()> {
        workflow::set_publication(&mut self.t(), id, publication)
    }

    fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        workflow::set_setting(&mut self.t(), key, value)
    }

    fn update_evidence(&self, evidence: &Evidence) -> Result<()> {
        self.t().execute(
            "UPDATE evidence SET url = $1, title = $2, publisher = $3, published_on = $4, \
             stance = $5, excerpt = $6, note = $7 WHERE id = $8",
            &[
                &evidence.url,
                &evidence.title,
                &evidence.publisher,
                &super::sql::day(evidence.published_on),
                &evidence.stance.as_str(),
                &evidence.excerpt,
                &evidence.note,
                &evidence.id.0,
            ],
        )?;
        Ok(())
    }

    fn update_note(&self, id: NoteId, text: &str) -> Result<()> {
        self.t()
            .execute("UPDATE notes SET text = $1 WHERE id = $2", &[&text, &id.0])?;
        Ok(())
    }

    fn note(&self, id: NoteId) -> Result<(ClaimId, Note)> {
        let sql = format!(
            "SELECT {}, claim_id FROM notes WHERE id = $1",
            notes::NOTE_COLUMNS
        );
        let row = self
            .t()
            .query_opt(&sql, &[&id.0])?
            .ok_or(crate::error::UserError::NoteNotFound(id))?;
        Ok((ClaimId(row.get(4)), notes::note_from_row(&row)?))
    }

    fn delete_appearance(&self, id: i64) -> Result<()> {
        self.t()
            .execute("DELETE FROM appearances WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn history_entry(&self, id: i64) -> Result<(ClaimId, HistoryEntry)> {
        let sql = format!(
            "SELECT {}, claim_id FROM history WHERE id = $1",
            history::HISTORY_COLUMNS
        );
        let row = self
            .t()
            .query_opt(&sql, &[&id])?
            .ok_or(crate::error::UserError::HistoryEntryNotFound(id))?;
        Ok((ClaimId(row.get(7)), history::history_from_row(&row)?))
    }

    fn last_changes_by(&self, actor: &str) -> Result<Vec<(ClaimId, HistoryEntry)>> {
        // The login's changes, whomever it said it acted for.
        const MINE: &str = "(actor = $1 OR left(actor, length($2)) = $2)";
        let sql = format!(
            "SELECT {}, claim_id FROM history WHERE {MINE} AND at = \
             (SELECT max(at) FROM history WHERE {MINE}) ORDER BY id DESC",
            history::HISTORY_COLUMNS
        );
        let acting_for = format!("{actor} (for ");
        self.t()
            .query(&sql, &[&actor, &acting_for])?
            .iter()
            .map(|row| Ok((ClaimId(row.get(7)), history::history_from_row(row)?)))
            .collect()
    }

    fn count_by_status(&self, filter: &ClaimFilter) -> Result<Vec<(Status, u64)>> {
        claims::count_by_status(&mut self.t(), filter)
    }

    fn count_bottomless(&self, filter: &ClaimFilter, scale: &Scale) -> Result<u64> {
        claims::count_bottomless(&mut self.t(), filter, scale)
    }

    fn count_by_speaker_and_status(
        &self,
        filter: &ClaimFilter,
    ) -> Result<Vec<(String, Status, u64)>> {
        claims::count_by_speaker_and_status(&mut self.t(), filter)
    }

    fn claim_count(&self) -> Result<u64> {
        let count: i64 = self
            .t()
            .query_one("SELECT count(*) FROM claims", &[])?
            .get(0);
        Ok(count as u64)
    }

    fn record(&self, claim: Claim) -> Result<ClaimRecord> {
        let mut t = self.t();
        Ok(ClaimRecord {
            evidence: evidence::for_claim(&mut t, claim.id)?,
            notes: notes::for_claim(&mut t, claim.id)?,
            history: history::for_claim(&mut t, claim.id)?,
            appearances: appearances::for_claim(&mut t, claim.id)?,
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
        records::for_each_claim(&self.tx, filter, SortOrder::Logged, None, &mut |claim| {
            visit(self.record(claim)?)
        })
    }

    fn evidence(&self, id: EvidenceId) -> Result<Evidence> {
        evidence::get(&mut self.t(), id)
    }

    fn evidence_of(&self, claim: ClaimId) -> Result<Vec<Evidence>> {
        evidence::for_claim(&mut self.t(), claim)
    }

    fn matches(&self, text: &str, speaker: &str, except: Option<ClaimId>) -> Result<Vec<Match>> {
        matching::matches(&mut self.t(), text, speaker, except)
    }

    fn same_claims(&self, speaker: &str, text: &str) -> Result<Vec<ClaimId>> {
        claims::same_claims(&mut self.t(), speaker, text)
    }

    fn search(&self, query: &str, filter: &ClaimFilter, limit: u64) -> Result<Vec<Hit>> {
        search::search(&mut self.t(), query, filter, limit)
    }

    fn speaker(&self, name: &str) -> Result<Option<Speaker>> {
        speakers::find_optional(&mut self.t(), name)
    }

    fn claims_of_speaker(&self, speaker: SpeakerId) -> Result<Vec<ClaimId>> {
        speakers::claim_ids(&mut self.t(), speaker)
    }

    fn times_said_by(&self, speaker: SpeakerId) -> Result<u64> {
        speakers::times_said_by(&mut self.t(), speaker)
    }

    fn speakers_with_claims(&self) -> Result<HashMap<String, SpeakerId>> {
        speakers::ids_with_claims(&mut self.t())
    }

    fn organizations(&self) -> Result<std::collections::HashSet<String>> {
        speakers::organizations(&mut self.t())
    }

    fn deletions(&self) -> Result<Vec<(ClaimId, HistoryEntry)>> {
        history::deletions(&mut self.t())
    }

    fn claims_with_status(&self, status: &Status) -> Result<Vec<ClaimId>> {
        Ok(self
            .t()
            .query(
                "SELECT id FROM claims WHERE status = $1 ORDER BY id",
                &[&status.as_str()],
            )?
            .iter()
            .map(|row| ClaimId(row.get(0)))
            .collect())
    }

    fn statuses_missing_from(&self, scale: &Scale) -> Result<Vec<(Status, u64)>> {
        scale::statuses_missing_from(&mut self.t(), scale)
    }

    fn insert_claim(&self, claim: &NewClaim<'_>, tags: &[String], now: &str) -> Result<ClaimId> {
        let mut t = self.t();
        let id = claims::insert(&mut t, claim, now)?;
        for tag in tags {
            claims::add_tag(&mut t, id, tag, Status::UNVERIFIED)?;
        }
        Ok(id)
    }

    fn set_field(&self, id: ClaimId, field: ClaimField, value: Option<&str>) -> Result<()> {
        claims::set_field(&mut self.t(), id, field, value)
    }

    fn set_speaker(&self, id: ClaimId, speaker: &str) -> Result<()> {
        claims::set_speaker(&mut self.t(), id, speaker)
    }

    fn set_status(&self, id: ClaimId, status: &Status) -> Result<()> {
        claims::set_status(&mut self.t(), id, status)
    }

    fn add_tag(&self, id: ClaimId, tag: &str, status: &Status) -> Result<bool> {
        claims::add_tag(&mut self.t(), id, tag, status.as_str())
    }

    fn remove_tag(&self, id: ClaimId, tag: &str) -> Result<bool> {
        claims::remove_tag(&mut self.t(), id, tag)
    }

    fn touch(&self, id: ClaimId, now: &str) -> Result<()> {
        claims::touch(&mut self.t(), id, now)
    }

    fn insert_evidence(
        &self,
        claim: ClaimId,
        new: &NewEvidence<'_>,
        now: &str,
    ) -> Result<Evidence> {
        evidence::insert(&mut self.t(), claim, new, now)
    }

    fn delete_evidence(&self, id: EvidenceId) -> Result<()> {
        evidence::delete(&mut self.t(), id)
    }

    fn insert_note(&self, claim: ClaimId, text: &str, author: &str, now: &str) -> Result<NoteId> {
        notes::insert(&mut self.t(), claim, text, author, now)
    }

    fn insert_appearance(
        &self,
        claim: ClaimId,
        new: &NewAppearance<'_>,
        now: &str,
    ) -> Result<Appearance> {
        appearances::insert(&mut self.t(), claim, new, now)
    }

    fn delete_claim(&self, id: ClaimId) -> Result<()> {
        // Sources, notes, tags and repeats go with it (ON DELETE CASCADE); the triggers take
        // it out of the counts.
        self.t()
            .execute("DELETE FROM claims WHERE id = $1", &[&id.0])?;
        Ok(())
    }

    fn append_history(
        &self,
        claim: ClaimId,
        at: &str,
        actor: &str,
        change: &Change<'_>,
    ) -> Result<()> {
        history::record(&mut self.t(), claim, at, actor, change)
    }

    fn rename_speaker(&self, speaker: SpeakerId, name: &str) -> Result<()> {
        speakers::rename(&mut self.t(), speaker, name)
    }

    fn set_speaker_kind(&self, speaker: SpeakerId, kind: SpeakerKind) -> Result<()> {
        speakers::set_kind(&mut self.t(), speaker, kind)
    }

    fn merge_speakers(&self, from: SpeakerId, into: SpeakerId) -> Result<()> {
        speakers::merge(&mut self.t(), from, into)
    }

    fn install_scale(&self, wanted: &Scale, renames: &[(Status, Status)], now: &str) -> Result<()> {
        scale::install(&mut self.t(), wanted, renames, now)
    }

    fn rebuild_search(&self) -> Result<()> {
        search::rebuild(&mut self.t())
    }

    fn bulk_load(&self, expected: Option<u64>) -> Result<Box<dyn BulkLoad + '_>> {
        Ok(Box::new(import::Loader::new(&self.tx, expected)?))
    }

    fn refresh_statistics(&self) -> Result<()> {
        import::refresh_statistics(&mut self.t())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.into_inner().commit()?;
        Ok(())
    }
}
