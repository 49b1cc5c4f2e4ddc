//! Writing the report's pages on a background thread. A page per claim means a million files for
//! a big desk, and creating files costs the kernel more than rendering them costs us: one thread
//! writes while the next pages are read and rendered. More writers were slower here, not faster
//! (they queue for the same folders' locks in the kernel): for 10,000 claims, 0.9 s with one,
//! 1.1 s with two, 2 s with four.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow};

/// Pages waiting to be written; a bound keeps memory flat when the disk is slower than us.
const QUEUE: usize = 256;

/// A thread writing files, fed through a bounded queue.
pub struct PageWriter {
    queue: Option<SyncSender<(PathBuf, String)>>,
    worker: Option<JoinHandle<Result<()>>>,
}

impl PageWriter {
    /// Starts the writer thread.
    pub fn new() -> PageWriter {
        let (queue, pages) = sync_channel::<(PathBuf, String)>(QUEUE);
        PageWriter {
            queue: Some(queue),
            worker: Some(std::thread::spawn(move || write_until_done(&pages))),
        }
    }

    /// Queues a page; an error here means the writer has stopped, and `finish` says why.
    pub fn write(&self, path: PathBuf, contents: String) -> Result<()> {
        self.queue
            .as_ref()
            .expect("the queue lives until finish")
            .send((path, contents))
            .map_err(|_| anyhow!("the report's page writer stopped"))
    }

    /// Waits for every queued page to be written; the writer's error, if it stopped on one.
    pub fn finish(mut self) -> Result<()> {
        self.queue = None;
        self.worker
            .take()
            .expect("finish is called once")
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the page writer panicked")))
    }
}

fn write_until_done(pages: &Receiver<(PathBuf, String)>) -> Result<()> {
    // `recv` fails once the queue is closed and empty.
    while let Ok((path, contents)) = pages.recv() {
        std::fs::write(&path, contents)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    Ok(())
}
