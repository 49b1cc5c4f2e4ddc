//! Writing the report's pages on a background thread. A page per claim means a million files for
//! a big desk, and creating files costs the kernel more than rendering them costs us: one thread
//! writes while the next pages are read and rendered. More writers were slower here, not faster
//! (they queue for the same folders' locks in the kernel): for 10,000 claims, 0.9 s with one,
//! 1.1 s with two, 2 s with four.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow};

/// Pages handed to the writer at a time: one hand-over a page cost more in waking threads
/// (futex calls) than the page cost to write.
const BATCH: usize = 64;
/// Batches waiting to be written; a bound keeps memory flat when the disk is slower than us.
const QUEUE: usize = 8;

type Page = (PathBuf, String);

/// A thread writing files, fed through a bounded queue in batches.
pub struct PageWriter {
    batch: RefCell<Vec<Page>>,
    queue: Option<SyncSender<Vec<Page>>>,
    worker: Option<JoinHandle<Result<()>>>,
}

impl PageWriter {
    /// Starts the writer thread.
    pub fn new() -> PageWriter {
        let (queue, pages) = sync_channel::<Vec<Page>>(QUEUE);
        PageWriter {
            batch: RefCell::new(Vec::with_capacity(BATCH)),
            queue: Some(queue),
            worker: Some(std::thread::spawn(move || write_until_done(&pages))),
        }
    }

    /// Queues a page; an error here means the writer has stopped, and `finish` says why.
    pub fn write(&self, path: PathBuf, contents: String) -> Result<()> {
        let mut batch = self.batch.borrow_mut();
        batch.push((path, contents));
        if batch.len() < BATCH {
            return Ok(());
        }
        let full = std::mem::replace(&mut *batch, Vec::with_capacity(BATCH));
        self.send(full)
    }

    fn send(&self, batch: Vec<Page>) -> Result<()> {
        self.queue
            .as_ref()
            .expect("the queue lives until finish")
            .send(batch)
            .map_err(|_| anyhow!("the report's page writer stopped"))
    }

    /// Waits for every queued page to be written; the writer's error, if it stopped on one.
    pub fn finish(mut self) -> Result<()> {
        let last = self.batch.take();
        // A failed send means the writer stopped on an error, which joining it returns.
        let _ = self.send(last);
        self.queue = None;
        self.worker
            .take()
            .expect("finish is called once")
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the page writer panicked")))
    }
}

fn write_until_done(batches: &Receiver<Vec<Page>>) -> Result<()> {
    // `recv` fails once the queue is closed and empty.
    while let Ok(batch) = batches.recv() {
        for (path, contents) in batch {
            std::fs::write(&path, contents)
                .with_context(|| format!("cannot write '{}'", path.display()))?;
        }
    }
    Ok(())
}
