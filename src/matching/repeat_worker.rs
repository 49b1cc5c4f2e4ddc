//! The search for likely repeats of a large import ([`RepeatSearch`]), kept by a thread of its
//! own. Reading a row's words and writing its print needs nothing from the database but the
//! row and its id, so a second core does it while the first reads the file and stores the
//! rows; the search itself runs once the last row is in, while the import builds its indexes.
//!
//! The rows reach the thread in the file's order through a bounded queue, so its memory stays
//! that of the queue and the search's fixed buffers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Result, anyhow};

use super::lsh::Printer;
use super::repeat_search::{LikelyRepeats, RepeatSearch};
use crate::model::ClaimId;

/// A claim for the search: its id, the caller's place for it, its words, and whether it is a
/// row to compare (a claim logged before the import is only compared with).
struct Sent {
    id: ClaimId,
    place: u64,
    text: String,
    speaker: String,
    compare: bool,
}

/// The search, on its thread.
pub struct RepeatWorker {
    rows: Option<SyncSender<Vec<Sent>>>,
    /// Claims not sent yet: they go [`RepeatWorker::BATCH`] at a time, so that the thread is
    /// woken once for many (a wake-up per row cost a small import a tenth of its time).
    batch: Vec<Sent>,
    /// Set when the import failed: the search stops wherever it is.
    abandoned: Arc<AtomicBool>,
    thread: Option<JoinHandle<std::io::Result<LikelyRepeats>>>,
}

impl RepeatWorker {
    /// How many claims may wait for the thread before the sender waits in turn.
    pub const QUEUE: usize = 1024;
    /// How many claims are sent at once.
    pub const BATCH: usize = 256;

    /// Starts the thread; it keeps the first `keep` rows it finds. Its temporary file is made
    /// first, so that a directory where none can be made is said at once.
    pub fn start(keep: usize) -> Result<RepeatWorker> {
        let mut search = RepeatSearch::new().map_err(temporary_files)?;
        let (rows, queue) = sync_channel::<Vec<Sent>>(Self::QUEUE / Self::BATCH);
        let abandoned = search.stop_flag();
        let thread = std::thread::spawn(move || {
            let mut printer = Printer::default();
            for sent in queue.into_iter().flatten() {
                let print = printer.print(&sent.text, &sent.speaker);
                search.add(sent.id, sent.place, &print, sent.compare)?;
            }
            // Told to stop (the import failed), it stops at its first look.
            search.finish(keep)
        });
        Ok(RepeatWorker {
            rows: Some(rows),
            batch: Vec::with_capacity(Self::BATCH),
            abandoned,
            thread: Some(thread),
        })
    }

    /// Adds a claim logged before the import: rows are compared with it, it with nothing.
    pub fn logged(&mut self, id: ClaimId, text: &str, speaker: &str) -> Result<()> {
        self.send(id, 0, text, speaker, false)
    }

    /// Adds a stored row, to be compared with every claim before it; `place` is where it is
    /// in its file, as the caller numbers it, given back if it is found.
    pub fn stored(&mut self, id: ClaimId, place: u64, text: &str, speaker: &str) -> Result<()> {
        self.send(id, place, text, speaker, true)
    }

    fn send(
        &mut self,
        id: ClaimId,
        place: u64,
        text: &str,
        speaker: &str,
        compare: bool,
    ) -> Result<()> {
        self.batch.push(Sent {
            id,
            place,
            text: text.to_string(),
            speaker: speaker.to_string(),
            compare,
        });
        if self.batch.len() < Self::BATCH {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(Self::BATCH));
        let delivered = self
            .rows
            .as_ref()
            .is_some_and(|rows| rows.send(batch).is_ok());
        if delivered {
            Ok(())
        } else {
            // The thread is gone: it failed, and says why.
            Err(self
                .finish()
                .err()
                .unwrap_or_else(|| anyhow!("the search for likely repeats stopped")))
        }
    }

    /// Says that every row is in: the search runs while the caller goes on.
    pub fn close(&mut self) {
        if let Some(rows) = self.rows.take()
            && !self.batch.is_empty()
        {
            // A thread that is gone says why when it is joined.
            let _ = rows.send(std::mem::take(&mut self.batch));
        }
    }

    /// Waits for the search: the rows found to repeat a claim likely.
    pub fn finish(&mut self) -> Result<LikelyRepeats> {
        self.close();
        let Some(thread) = self.thread.take() else {
            return Err(anyhow!("the search for likely repeats is over"));
        };
        match thread.join() {
            Ok(Ok(found)) => Ok(found),
            Ok(Err(err)) => Err(temporary_files(err)),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(anyhow!("the search for likely repeats stopped: {why}"))
            }
        }
    }
}

/// What went wrong with the search's temporary files, and what to do.
fn temporary_files(err: std::io::Error) -> anyhow::Error {
    anyhow!(
        "the search for likely repeats could not use its temporary files in {} ({err}); \
         nothing was imported: set TMPDIR to a directory with room, or import with \
         --exact-repeats-only",
        std::env::temp_dir().display()
    )
}

impl Drop for RepeatWorker {
    /// An import that fails stops the thread too (what it was comparing no longer matters).
    fn drop(&mut self) {
        self.abandoned.store(true, Ordering::Release);
        self.rows = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_finds_the_rows_in_the_files_order_with_their_places() {
        let claims = [
            "Migration across the southern border has fallen dramatically since January this year.",
            "The economy added three hundred thousand new jobs in the month of September.",
            "Since January this year migration across the southern border has fallen dramatically.",
            "In September the economy added three hundred thousand new jobs in that month.",
        ];
        let mut worker = RepeatWorker::start(10).unwrap();
        worker.logged(ClaimId(1), claims[0], "Marco Rubio").unwrap();
        for (n, text) in claims.iter().enumerate().skip(1) {
            worker
                .stored(ClaimId(n as i64 + 1), 100 + n as u64, text, "Marco Rubio")
                .unwrap();
        }
        let found = worker.finish().unwrap();
        let rows: Vec<(i64, u64, i64)> = found
            .first
            .iter()
            .map(|found| (found.row.0, found.place, found.of.0))
            .collect();
        assert_eq!(rows, [(3, 102, 1), (4, 103, 2)]);
        assert_eq!(found.count, 2);
    }
}
