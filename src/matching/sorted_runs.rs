//! Sorting more numbers than memory should hold: they are gathered in a buffer of fixed size,
//! each full buffer is sorted and written to a temporary file as a run, and the runs are read
//! back merged, a small buffer of each at a time. Memory stays what the buffers take, whatever
//! the count; a set that fits one buffer never touches the disk.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;

/// How many numbers of each run are read back at once.
const READ_AHEAD: usize = 2048;

/// Numbers being gathered to be read back in ascending order.
pub struct SortedRuns {
    buffer: Vec<u64>,
    capacity: usize,
    /// The runs written so far, one after the other, and where each starts and ends (in
    /// numbers).
    file: Option<BufWriter<File>>,
    runs: Vec<(u64, u64)>,
    written: u64,
}

impl SortedRuns {
    /// Gathers numbers `capacity` at a time (8 bytes each).
    pub fn new(capacity: usize) -> SortedRuns {
        SortedRuns {
            buffer: Vec::new(),
            capacity: capacity.max(1),
            file: None,
            runs: Vec::new(),
            written: 0,
        }
    }

    /// Adds a number.
    pub fn push(&mut self, value: u64) -> io::Result<()> {
        if self.buffer.len() == self.capacity {
            self.spill()?;
        }
        self.buffer.push(value);
        Ok(())
    }

    /// Writes the buffer, sorted, as a run.
    fn spill(&mut self) -> io::Result<()> {
        self.buffer.sort_unstable();
        let file = match &mut self.file {
            Some(file) => file,
            None => self
                .file
                .insert(BufWriter::with_capacity(1 << 16, tempfile::tempfile()?)),
        };
        for value in &self.buffer {
            file.write_all(&value.to_le_bytes())?;
        }
        let end = self.written + self.buffer.len() as u64;
        self.runs.push((self.written, end));
        self.written = end;
        self.buffer.clear();
        Ok(())
    }

    /// Every number added, in ascending order (each as often as it was added). Runs are
    /// merged [`MOST_MERGED`] at a time, into longer runs in a new file where there are more,
    /// so that the buffers read back stay the same however many numbers there were.
    pub fn into_sorted(mut self) -> io::Result<Sorted> {
        let Some(file) = self.file.take() else {
            self.buffer.sort_unstable();
            return Ok(Sorted(Inner::InMemory(self.buffer.into_iter())));
        };
        if !self.buffer.is_empty() {
            self.file = Some(file);
            self.spill()?;
            return self.into_sorted();
        }
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        let mut runs = self.runs;
        while runs.len() > MOST_MERGED {
            let mut longer = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
            let mut longer_runs = Vec::new();
            let mut written = 0;
            for some in runs.chunks(MOST_MERGED) {
                let start = written;
                for value in merged(&file, some)? {
                    longer.write_all(&value?.to_le_bytes())?;
                    written += 1;
                }
                longer_runs.push((start, written));
            }
            file = longer
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            runs = longer_runs;
        }
        Ok(Sorted(merged(&file, &runs)?))
    }
}

/// The most runs merged at once: their read-ahead buffers take 2 MiB.
const MOST_MERGED: usize = 128;

/// These runs of `file`, merged.
fn merged(file: &File, runs: &[(u64, u64)]) -> io::Result<Inner> {
    // Reads give their place in the file, so the clone shares nothing that moves.
    let file = file.try_clone()?;
    let mut readers: Vec<RunReader> = runs
        .iter()
        .map(|(start, end)| RunReader {
            next: *start,
            end: *end,
            ahead: Vec::with_capacity(READ_AHEAD),
            at: 0,
        })
        .collect();
    let mut heads = BinaryHeap::with_capacity(readers.len());
    for (run, reader) in readers.iter_mut().enumerate() {
        if let Some(value) = reader.next(&file)? {
            heads.push(Reverse((value, run)));
        }
    }
    Ok(Inner::Merged {
        file,
        readers,
        heads,
    })
}

/// One run being read back.
struct RunReader {
    /// The next number of the run still on disk, and the run's end.
    next: u64,
    end: u64,
    ahead: Vec<u64>,
    at: usize,
}

impl RunReader {
    fn next(&mut self, file: &File) -> io::Result<Option<u64>> {
        if self.at == self.ahead.len() {
            let count = (self.end - self.next).min(READ_AHEAD as u64) as usize;
            if count == 0 {
                return Ok(None);
            }
            self.ahead.clear();
            read_numbers(file, self.next, count as u64, &mut self.ahead)?;
            self.next += count as u64;
            self.at = 0;
        }
        self.at += 1;
        Ok(Some(self.ahead[self.at - 1]))
    }
}

/// Appends to `into` the `count` numbers of `file` from its `first`th on (8 bytes each, little
/// end first, as the runs and the search's prints are written), 32 KiB at a time.
pub fn read_numbers(file: &File, first: u64, count: u64, into: &mut Vec<u64>) -> io::Result<()> {
    let mut bytes = [0u8; 1 << 15];
    let (mut at, end) = (first * 8, (first + count) * 8);
    while at < end {
        let chunk = &mut bytes[..((end - at) as usize).min(1 << 15)];
        file.read_exact_at(chunk, at)?;
        into.extend(
            chunk
                .chunks_exact(8)
                .map(|number| u64::from_le_bytes(number.try_into().expect("8 bytes"))),
        );
        at += chunk.len() as u64;
    }
    Ok(())
}

/// The numbers of [`SortedRuns`], in ascending order.
pub struct Sorted(Inner);

enum Inner {
    /// They fitted in the buffer.
    InMemory(std::vec::IntoIter<u64>),
    /// The runs on disk, merged.
    Merged {
        file: File,
        readers: Vec<RunReader>,
        heads: BinaryHeap<Reverse<(u64, usize)>>,
    },
}

impl Iterator for Sorted {
    type Item = io::Result<u64>;

    fn next(&mut self) -> Option<io::Result<u64>> {
        self.0.next()
    }
}

impl Iterator for Inner {
    type Item = io::Result<u64>;

    fn next(&mut self) -> Option<io::Result<u64>> {
        match self {
            Inner::InMemory(values) => values.next().map(Ok),
            Inner::Merged {
                file,
                readers,
                heads,
            } => {
                let Reverse((value, run)) = heads.pop()?;
                match readers[run].next(file) {
                    Ok(Some(next)) => heads.push(Reverse((next, run))),
                    Ok(None) => {}
                    Err(err) => return Some(Err(err)),
                }
                Some(Ok(value))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(values: &[u64], capacity: usize) -> Vec<u64> {
        let mut runs = SortedRuns::new(capacity);
        for value in values {
            runs.push(*value).unwrap();
        }
        runs.into_sorted()
            .unwrap()
            .collect::<io::Result<_>>()
            .unwrap()
    }

    #[test]
    fn runs_on_disk_come_back_merged_as_memory_sorts_them() {
        // Numbers in no order, with repeats, more than one read-ahead per run.
        let values: Vec<u64> = (0..20_000u64)
            .map(|n| n.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 5_000)
            .collect();
        let mut expected = values.clone();
        expected.sort_unstable();
        // One number a run is more runs than are merged at once, twice over.
        for capacity in [1, 7, 100, 3_000, 20_000, 50_000] {
            assert_eq!(sorted(&values, capacity), expected, "capacity {capacity}");
        }
        assert!(sorted(&[], 4).is_empty());
    }
}
