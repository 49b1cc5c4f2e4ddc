//! The likely-repeat index of a large import, kept by a thread of its own. Comparing a row with
//! the claims before it needs nothing from the database but the row and its id, so a second
//! core does it while the first reads the file and stores the rows: at a million rows the
//! import then waits for whichever of the two is slower, not for both one after the other.
//!
//! The rows reach the thread in the file's order through a bounded queue, so what it finds
//! comes back in that order too, and never more than [`RepeatWorker::QUEUE`] rows behind the
//! last one stored.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Result, anyhow};

use super::lsh::RepeatIndex;
use crate::model::ClaimId;

/// A claim for the index: its id, its words, and whether it is a row to compare (a claim
/// logged before the import is only added).
struct Sent {
    id: ClaimId,
    text: String,
    speaker: String,
    compare: bool,
}

/// A row found to repeat a claim likely: the row's claim, and the claim it repeats.
pub type Found = (ClaimId, ClaimId);

/// The index, on its thread.
pub struct RepeatWorker {
    rows: Option<SyncSender<Sent>>,
    found: Receiver<Found>,
    thread: Option<JoinHandle<()>>,
}

impl RepeatWorker {
    /// How many claims may wait for the thread before the sender waits in turn: what it finds
    /// is about one of the last this-many rows sent (and the one it is comparing).
    pub const QUEUE: usize = 1024;

    /// Starts the thread, with `index` (usually empty, sized for the claims to come).
    pub fn start(mut index: RepeatIndex) -> RepeatWorker {
        let (rows, queue) = sync_channel::<Sent>(Self::QUEUE);
        let (report, found) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            for sent in queue {
                let print = index.print(&sent.text, &sent.speaker);
                if sent.compare
                    && let Some((of, _)) = index.likely_repeat(&print)
                    && report.send((sent.id, of)).is_err()
                {
                    return;
                }
                index.insert(sent.id, &print);
            }
        });
        RepeatWorker {
            rows: Some(rows),
            found,
            thread: Some(thread),
        }
    }

    /// Adds a claim logged before the import: rows are compared with it, it with nothing.
    pub fn logged(&mut self, id: ClaimId, text: &str, speaker: &str) -> Result<()> {
        self.send(id, text, speaker, false)
    }

    /// Compares a stored row with every claim before it, then adds it.
    pub fn stored(&mut self, id: ClaimId, text: &str, speaker: &str) -> Result<()> {
        self.send(id, text, speaker, true)
    }

    fn send(&mut self, id: ClaimId, text: &str, speaker: &str, compare: bool) -> Result<()> {
        let sent = Sent {
            id,
            text: text.to_string(),
            speaker: speaker.to_string(),
            compare,
        };
        let delivered = self
            .rows
            .as_ref()
            .is_some_and(|rows| rows.send(sent).is_ok());
        if delivered {
            Ok(())
        } else {
            // The thread is gone: it can only have panicked.
            Err(self.stop().err().unwrap_or_else(stopped))
        }
    }

    /// What the thread has found since the last call, in the file's order, without waiting.
    pub fn found(&self) -> Vec<Found> {
        self.found.try_iter().collect()
    }

    /// Waits for every row sent to be compared; what was found since the last call.
    pub fn finish(&mut self) -> Result<Vec<Found>> {
        self.stop()?;
        Ok(self.found.try_iter().collect())
    }

    /// Closes the queue and waits for the thread.
    fn stop(&mut self) -> Result<()> {
        self.rows = None;
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|panic| {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                anyhow!("the search for likely repeats stopped: {why}")
            }),
            None => Ok(()),
        }
    }
}

fn stopped() -> anyhow::Error {
    anyhow!("the search for likely repeats stopped")
}

impl Drop for RepeatWorker {
    /// An import that fails stops the thread too (what it was comparing no longer matters).
    fn drop(&mut self) {
        self.rows = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_finds_what_the_index_finds_in_the_files_order() {
        let claims = [
            "Migration across the southern border has fallen dramatically since January this year.",
            "The economy added three hundred thousand new jobs in the month of September.",
            "Since January this year migration across the southern border has fallen dramatically.",
            "In September the economy added three hundred thousand new jobs in that month.",
        ];
        let mut index = RepeatIndex::new();
        let mut expected = Vec::new();
        for (n, text) in claims.iter().enumerate() {
            let print = index.print(text, "Marco Rubio");
            if let Some((of, _)) = index.likely_repeat(&print) {
                expected.push((ClaimId(n as i64 + 1), of));
            }
            index.insert(ClaimId(n as i64 + 1), &print);
        }
        assert_eq!(
            expected.len(),
            2,
            "both rewordings are likely: {expected:?}"
        );

        let mut worker = RepeatWorker::start(RepeatIndex::new());
        worker.logged(ClaimId(1), claims[0], "Marco Rubio").unwrap();
        for (n, text) in claims.iter().enumerate().skip(1) {
            worker
                .stored(ClaimId(n as i64 + 1), text, "Marco Rubio")
                .unwrap();
        }
        let mut found = worker.found();
        found.extend(worker.finish().unwrap());
        assert_eq!(found, expected);
    }
}
