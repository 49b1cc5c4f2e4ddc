//! `claims watch`: the desk's changes as they happen, one line each, for a terminal left open
//! beside the work (PostgreSQL's LISTEN/NOTIFY: only a database on a server has one).

use std::io::Write;

use anyhow::{Result, bail};

use crate::context::Context;
use crate::db::Location;
use crate::db::postgres::watch::{Event, Watcher};
use crate::output::table;

/// Print the desk's changes as they happen, one line each, until Ctrl-C: who changed which
/// claim, what, from what to what and why, and imports (PostgreSQL only).
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Stop after this many changes.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
}

/// How much of a claim's words a line shows.
const WORDS_SHOWN: usize = 60;

/// Runs `claims watch`.
pub fn run(ctx: &Context, args: WatchArgs, out: &mut dyn Write) -> Result<()> {
    let Location::Postgres(url) = &ctx.db else {
        bail!(
            "watch follows a desk's database on a PostgreSQL server (its LISTEN/NOTIFY); a file \
             such as '{}' has no live feed: each claim's changes are in `claims show ID`",
            ctx.db
        );
    };
    // Opened as every command opens it: refused when it is not a claims database.
    drop(ctx.open_store()?);
    let mut watcher = Watcher::start(url)?;
    eprintln!("Watching {} for changes (Ctrl-C to stop).", ctx.db);
    let mut seen = 0;
    while args.count.is_none_or(|count| seen < count) {
        let line = describe(&watcher.next_change()?);
        writeln!(out, "{line}")?;
        out.flush()?;
        seen += 1;
    }
    Ok(())
}

/// One change as a line.
fn describe(event: &Event) -> String {
    match event {
        Event::Import { claims, by } => format!(
            "{}  imported {}",
            table::plain(by),
            table::counted(*claims, "claim")
        ),
        Event::Change { claim, text, entry } => {
            let (from, to) = super::show::describe_values(entry);
            let mut line = format!(
                "{}  {}  claim {claim}  {}",
                table::when(&entry.at),
                table::plain(&entry.actor),
                entry.field
            );
            match (from.is_empty(), to.is_empty()) {
                (true, true) => {}
                (true, false) => line.push_str(&format!(": {}", table::plain(&to))),
                (false, true) => line.push_str(&format!(": {} removed", table::plain(&from))),
                (false, false) => line.push_str(&format!(
                    ": {} → {}",
                    table::plain(&from),
                    table::plain(&to)
                )),
            }
            if let Some(note) = &entry.note {
                line.push_str(&format!(" ({})", table::plain(note)));
            }
            if let Some(text) = text {
                let shown: String = text.chars().take(WORDS_SHOWN).collect();
                let more = if shown.len() < text.len() { "…" } else { "" };
                line.push_str(&format!("  “{}{more}”", table::plain(&shown)));
            }
            line
        }
    }
}
