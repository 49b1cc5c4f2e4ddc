//! Every claim with its evidence, notes, history and repeats, read in one pass.
//!
//! `full_record` costs four look-ups a claim; for a report of a million claims that is four
//! million queries. Here each table is scanned once in claim order (its `claim_id` index gives
//! that order for free) and the five scans are merged by claim id, as a merge join would.

use anyhow::Result;
use rusqlite::{Connection, Row, Rows, Statement, params_from_iter};

use super::appearances::{APPEARANCE_COLUMNS, APPEARANCE_ORDER, APPEARANCE_TABLES};
use super::claims;
use super::evidence::EVIDENCE_COLUMNS;
use super::filter::{ClaimFilter, SortOrder};
use super::history::HISTORY_COLUMNS;
use super::notes::NOTE_COLUMNS;
use crate::model::ClaimRecord;

/// Calls `visit` with each claim's full record, oldest logged first, holding one at a time.
pub fn for_each_record(
    conn: &Connection,
    mut visit: impl FnMut(ClaimRecord) -> Result<()>,
) -> Result<()> {
    // The claim id is the last column of each scan, so that the usual row readers (which count
    // columns from 0) read the rest.
    let mut evidence = conn.prepare(&format!(
        "SELECT {EVIDENCE_COLUMNS}, claim_id FROM evidence ORDER BY claim_id, id"
    ))?;
    let mut notes = conn.prepare(&format!(
        "SELECT {NOTE_COLUMNS}, claim_id FROM notes ORDER BY claim_id, id"
    ))?;
    let mut history = conn.prepare(&format!(
        "SELECT {HISTORY_COLUMNS}, claim_id FROM history ORDER BY claim_id, id"
    ))?;
    let mut appearances = conn.prepare(&format!(
        "SELECT {APPEARANCE_COLUMNS}, a.claim_id FROM {APPEARANCE_TABLES} \
         ORDER BY a.claim_id, {APPEARANCE_ORDER}"
    ))?;
    let mut evidence = ByClaim::new(&mut evidence, super::evidence::evidence_from_row)?;
    let mut notes = ByClaim::new(&mut notes, super::notes::note_from_row)?;
    let mut history = ByClaim::new(&mut history, super::history::history_from_row)?;
    let mut appearances = ByClaim::new(&mut appearances, super::appearances::appearance_from_row)?;
    claims::for_each(
        conn,
        &ClaimFilter::default(),
        SortOrder::Logged,
        None,
        |claim| {
            let id = claim.id.0;
            visit(ClaimRecord {
                evidence: evidence.take(id)?,
                notes: notes.take(id)?,
                history: history.take(id)?,
                appearances: appearances.take(id)?,
                claim,
            })
        },
    )
}

/// One scan ordered by claim id, read ahead by one row.
struct ByClaim<'s, T> {
    rows: Rows<'s>,
    read: fn(&Row<'_>) -> rusqlite::Result<T>,
    next: Option<(i64, T)>,
}

impl<'s, T> ByClaim<'s, T> {
    fn new(stmt: &'s mut Statement<'_>, read: fn(&Row<'_>) -> rusqlite::Result<T>) -> Result<Self> {
        let mut scan = ByClaim {
            rows: stmt.query(params_from_iter(std::iter::empty::<i64>()))?,
            read,
            next: None,
        };
        scan.advance()?;
        Ok(scan)
    }

    fn advance(&mut self) -> Result<()> {
        self.next = match self.rows.next()? {
            Some(row) => {
                let claim_id = row.get(row.as_ref().column_count() - 1)?;
                Some((claim_id, (self.read)(row)?))
            }
            None => None,
        };
        Ok(())
    }

    /// The rows of claim `id`, skipping those of lower ids (the history of deleted claims).
    fn take(&mut self, id: i64) -> Result<Vec<T>> {
        let mut taken = Vec::new();
        while let Some((claim_id, _)) = &self.next {
            if *claim_id > id {
                break;
            }
            let (claim_id, item) = self.next.take().expect("just matched");
            if claim_id == id {
                taken.push(item);
            }
            self.advance()?;
        }
        Ok(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged scans give exactly what the per-claim look-ups give.
    #[test]
    fn one_pass_reads_what_the_look_ups_read() {
        let (conn, _) = super::super::init(std::path::Path::new(":memory:")).unwrap();
        conn.execute_batch(
            "INSERT INTO speakers (id, name, name_key) VALUES (1, 'A', 'a'), (2, 'B', 'b');
             INSERT INTO claims (id, text, speaker_id, status, created_at, updated_at, fingerprint)
               VALUES (1, 'one', 1, 'unverified', '2025-09-04T12:00:00Z', '2025-09-04T12:00:00Z', 'f1'),
                      (2, 'two', 2, 'unverified', '2025-09-04T12:00:00Z', '2025-09-04T12:00:00Z', 'f2'),
                      (4, 'four', 1, 'unverified', '2025-09-04T12:00:00Z', '2025-09-04T12:00:00Z', 'f4');
             INSERT INTO evidence (claim_id, url, stance, created_at)
               VALUES (4, 'https://b', 'refutes', '2025-09-04T12:00:00Z'), (2, 'https://a', 'supports', '2025-09-04T12:00:00Z'),
                      (4, 'https://c', 'context', '2025-09-04T12:00:00Z');
             INSERT INTO notes (claim_id, text, author, created_at) VALUES (4, 'n', 'x', '2025-09-04T12:00:00Z');
             INSERT INTO history (claim_id, at, actor, field, new_value)
               VALUES (3, '2025-09-04T12:00:00Z', 'x', 'deleted', 'gone'), (1, '2025-09-04T12:00:00Z', 'x', 'created', 'one'),
                      (4, '2025-09-04T12:00:00Z', 'x', 'created', 'four'), (9, '2025-09-04T12:00:00Z', 'x', 'deleted', 'later');
             INSERT INTO appearances (claim_id, speaker_id, said_on, created_at)
               VALUES (2, 1, NULL, '2025-09-04T12:00:00Z'), (2, 2, '2025-01-01', '2025-09-04T12:00:00Z');",
        )
        .unwrap();
        let mut merged = Vec::new();
        for_each_record(&conn, |record| {
            merged.push(format!("{record:?}"));
            Ok(())
        })
        .unwrap();
        let mut conn = conn;
        let store = super::super::SqliteTxn::new(conn.transaction().unwrap());
        let looked_up: Vec<String> = [1, 2, 4]
            .into_iter()
            .map(|id| {
                use crate::db::StoreTxn;
                let claim = store.claim(crate::model::ClaimId(id)).unwrap();
                format!("{:?}", store.record(claim).unwrap())
            })
            .collect();
        assert_eq!(merged, looked_up);
        assert!(merged[2].contains("https://c"));
    }
}
