use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claims::cli::Cli::parse();
    claims::files::clean_up_on_interrupt();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match claims::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // `claims list | head` closes the pipe early: the reader has all it wanted, so this is
        // not a failure and deserves no message.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // A usage error found after parsing (an id that is not a number among positional
            // values) exits as clap's own do.
            let usage = matches!(
                err.downcast_ref::<claims::error::UserError>(),
                Some(claims::error::UserError::Usage(_))
            );
            // What is still buffered is dropped: a failed export should not leave the start
            // of a document on stdout (a command that means to show output with its error,
            // such as doctor's report, flushes it first).
            drop(out.into_parts());
            let _ = writeln!(
                io::stderr(),
                "error: {}",
                one_safe_line(&format!("{err:#}"))
            );
            if usage {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The error as one line that cannot drive the terminal: what the user typed is often quoted
/// in it, so a control character (an escape sequence, a line break) is shown escaped.
fn one_safe_line(message: &str) -> String {
    message
        .chars()
        .map(|ch| {
            if ch.is_control() {
                ch.escape_default().to_string()
            } else {
                ch.to_string()
            }
        })
        .collect()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io_err| io_err.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|csv_err| matches!(csv_err.kind(), csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::BrokenPipe))
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|json_err| json_err.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
