//! Every claim with its evidence, notes, history and repeats, read in one pass: each table is
//! scanned once in claim order through a portal, a batch at a time, and the scans are merged by
//! claim id (as the SQLite engine's `records` does), so that a report of a million claims costs
//! six scans rather than four million look-ups.

use std::cell::RefCell;
use std::collections::VecDeque;

use anyhow::Result;
use postgres::{Portal, Row, Transaction};

use super::appearances::{APPEARANCE_COLUMNS, APPEARANCE_ORDER, APPEARANCE_TABLES};
use super::claims::{BATCH, claim_from_row, select_sql};
use super::evidence::EVIDENCE_COLUMNS;
use super::filter::FilterIds;
use super::history::HISTORY_COLUMNS;
use super::notes::NOTE_COLUMNS;
use crate::filter::{ClaimFilter, SortOrder};
use crate::model::ClaimRecord;

/// Calls `visit` with each claim's full record, oldest logged first.
pub fn for_each_record(
    tx: &RefCell<Transaction<'_>>,
    visit: &mut dyn FnMut(ClaimRecord) -> Result<()>,
) -> Result<()> {
    let mut evidence = ByClaim::new(
        tx,
        &format!("SELECT {EVIDENCE_COLUMNS}, claim_id FROM evidence ORDER BY claim_id, id"),
        super::evidence::evidence_from_row,
    )?;
    let mut notes = ByClaim::new(
        tx,
        &format!("SELECT {NOTE_COLUMNS}, claim_id FROM notes ORDER BY claim_id, id"),
        super::notes::note_from_row,
    )?;
    let mut history = ByClaim::new(
        tx,
        &format!("SELECT {HISTORY_COLUMNS}, claim_id FROM history ORDER BY claim_id, id"),
        super::history::history_from_row,
    )?;
    let mut appearances = ByClaim::new(
        tx,
        &format!(
            "SELECT {APPEARANCE_COLUMNS}, a.claim_id FROM {APPEARANCE_TABLES} \
             ORDER BY a.claim_id, {APPEARANCE_ORDER}"
        ),
        super::appearances::appearance_from_row,
    )?;
    for_each_claim(
        tx,
        &ClaimFilter::default(),
        SortOrder::Logged,
        None,
        &mut |claim| {
            let id = claim.id.0;
            visit(ClaimRecord {
                evidence: evidence.take(tx, id)?,
                notes: notes.take(tx, id)?,
                history: history.take(tx, id)?,
                appearances: appearances.take(tx, id)?,
                claim,
            })
        },
    )
}

/// Calls `visit` on each matching claim in turn, a batch at a time: the transaction is free
/// between batches, so `visit` may read through it.
pub fn for_each_claim(
    tx: &RefCell<Transaction<'_>>,
    filter: &ClaimFilter,
    order: SortOrder,
    limit: Option<u64>,
    visit: &mut dyn FnMut(crate::model::Claim) -> Result<()>,
) -> Result<()> {
    let tags = FilterIds::of(&mut *tx.borrow_mut(), filter)?;
    let q = select_sql(filter, &tags, order, limit);
    let portal = tx.borrow_mut().bind(q.sql.as_str(), &q.refs())?;
    loop {
        let rows = tx.borrow_mut().query_portal(&portal, BATCH)?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in &rows {
            visit(claim_from_row(row)?)?;
        }
    }
}

/// One scan ordered by claim id (its last column), read a batch ahead.
struct ByClaim<T> {
    portal: Portal,
    rows: VecDeque<Row>,
    done: bool,
    read: fn(&Row) -> Result<T>,
}

impl<T> ByClaim<T> {
    fn new(tx: &RefCell<Transaction<'_>>, sql: &str, read: fn(&Row) -> Result<T>) -> Result<Self> {
        Ok(ByClaim {
            portal: tx.borrow_mut().bind(sql, &[])?,
            rows: VecDeque::new(),
            done: false,
            read,
        })
    }

    fn peek_claim(&mut self, tx: &RefCell<Transaction<'_>>) -> Result<Option<i64>> {
        if self.rows.is_empty() && !self.done {
            self.rows = tx.borrow_mut().query_portal(&self.portal, BATCH)?.into();
            self.done = self.rows.is_empty();
        }
        Ok(self.rows.front().map(|row| row.get(row.len() - 1)))
    }

    /// The rows of claim `id`, skipping those of lower ids (the history of deleted claims).
    fn take(&mut self, tx: &RefCell<Transaction<'_>>, id: i64) -> Result<Vec<T>> {
        let mut taken = Vec::new();
        while let Some(claim_id) = self.peek_claim(tx)? {
            if claim_id > id {
                break;
            }
            let row = self.rows.pop_front().expect("just peeked");
            if claim_id == id {
                taken.push((self.read)(&row)?);
            }
        }
        Ok(taken)
    }
}
