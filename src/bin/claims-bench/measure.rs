//! Timing whole processes: wall time from spawn to exit, and the peak memory (max RSS) the
//! kernel reports for the child alone.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

/// One run of a process.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub time: Duration,
    /// Peak resident memory, in KiB.
    pub max_rss_kib: u64,
}

/// Runs `command` to the end with its output discarded (or sent to `stdout_to`), and measures it.
pub fn run(command: &mut Command, stdout_to: Option<&Path>) -> Result<Sample> {
    let stdout = match stdout_to {
        Some(path) => Stdio::from(
            std::fs::File::create(path).with_context(|| format!("create {}", path.display()))?,
        ),
        None => Stdio::null(),
    };
    command.stdout(stdout).stderr(Stdio::piped());
    let start = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("start {:?}", command.get_program()))?;
    let pid = child.id() as libc::pid_t;
    // wait4 rather than Child::wait: it also returns the child's own resource usage, where
    // getrusage(RUSAGE_CHILDREN) would give the largest of all children so far.
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own unwaited child; status and usage are valid for writes.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    if reaped != pid {
        bail!("waiting for {:?} failed", command.get_program());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
        }
        bail!(
            "{:?} {:?} failed: {}",
            command.get_program(),
            command.get_args().collect::<Vec<_>>(),
            stderr.trim()
        );
    }
    Ok(Sample {
        time,
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

/// How long the runs of one measure may take together before they stop early: a measure that
/// takes a minute a run is measured once, so that the whole benchmark fits in ten minutes.
pub const BUDGET: Duration = Duration::from_secs(60);

/// Runs `sample` up to `runs` times (fewer once `BUDGET` is spent) and returns the median time
/// and the largest peak memory.
pub fn median(runs: usize, mut sample: impl FnMut() -> Result<Sample>) -> Result<Sample> {
    let mut samples: Vec<Sample> = Vec::new();
    let mut spent = Duration::ZERO;
    while samples.len() < runs.max(1) && (samples.is_empty() || spent < BUDGET) {
        let taken = sample()?;
        spent += taken.time;
        samples.push(taken);
    }
    Ok(median_of(samples))
}

/// The median time of some samples, and their largest peak memory.
pub fn median_of(mut samples: Vec<Sample>) -> Sample {
    samples.sort_by_key(|sample| sample.time);
    let max_rss_kib = samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0);
    Sample {
        time: samples[samples.len() / 2].time,
        max_rss_kib,
    }
}

/// Times work done in this process.
pub fn in_process(work: impl FnOnce() -> Result<()>) -> Result<Sample> {
    let start = Instant::now();
    work()?;
    Ok(Sample {
        time: start.elapsed(),
        max_rss_kib: 0,
    })
}

/// Removes a folder of many files and waits until the disk has taken the removal in: otherwise
/// the next run, ours or a peer's, pays for the last one's clean-up.
pub fn clear_folder(path: &std::path::Path) {
    let _ = std::fs::remove_dir_all(path);
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
}
