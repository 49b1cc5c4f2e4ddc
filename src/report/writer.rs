//! Writing the report's pages on background threads. A page per claim means a million files for
//! a big desk, and creating files costs the kernel more than rendering them costs us: threads
//! that write while the next pages are read and rendered make the report about twice as fast.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow};

/// Pages waiting to be written; a bound keeps memory flat when the disk is slower than us.
const QUEUE: usize = 256;

/// A pool of threads writing files.
pub struct PageWriter {
    queue: Option<SyncSender<(PathBuf, String)>>,
    workers: Vec<JoinHandle<Result<()>>>,
}

impl PageWriter {
    pub fn new() -> PageWriter {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        let (queue, pages) = sync_channel::<(PathBuf, String)>(QUEUE);
        let pages = Arc::new(Mutex::new(pages));
        let workers = (0..threads)
            .map(|_| {
                let pages = Arc::clone(&pages);
                std::thread::spawn(move || write_until_done(&pages))
            })
            .collect();
        PageWriter {
            queue: Some(queue),
            workers,
        }
    }

    /// Queues a page; an error here means a writer has stopped, and `finish` says why.
    pub fn write(&self, path: PathBuf, contents: String) -> Result<()> {
        self.queue
            .as_ref()
            .expect("the queue lives until finish")
            .send((path, contents))
            .map_err(|_| anyhow!("the report's page writers stopped"))
    }

    /// Waits for every queued page to be written; the first error of any writer.
    pub fn finish(mut self) -> Result<()> {
        self.queue = None;
        let mut first_error = None;
        for worker in self.workers.drain(..) {
            let outcome = worker
                .join()
                .unwrap_or_else(|_| Err(anyhow!("a page writer panicked")));
            if let Err(err) = outcome {
                first_error.get_or_insert(err);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

fn write_until_done(pages: &Mutex<Receiver<(PathBuf, String)>>) -> Result<()> {
    loop {
        let next = pages
            .lock()
            .map_err(|_| anyhow!("a page writer panicked"))?
            .recv();
        let Ok((path, contents)) = next else {
            return Ok(()); // The queue is closed and empty.
        };
        std::fs::write(&path, contents)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
}
