//! `claims search`: find claims by their words, most relevant first.

use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::filter_args::FilterArgs;
use crate::context::Context;
use crate::output::csv::{CsvCells, CsvWriter};
use crate::output::{Format, json::JsonArrayWriter, table};
use crate::search::fts_query;
use crate::search::{Hit, MATCH_END, MATCH_START};

/// Search the claims' text, context, notes and sources, most relevant first, with the passage
/// that matched.
///
/// Words must all match, in any case, with any accents and any ending ("migrants" finds
/// "migrant"). "exact phrase" keeps words together, OR gives alternatives (border OR wall),
/// -word leaves claims with that word out, migra* matches the start of a word.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for.
    // A query may start with a word to leave out ("-wall border"): without
    // `allow_hyphen_values` clap would read it as short flags and fail unless `--` came first.
    // The flags of `search` are still read as flags, as clap matches them first; a word that
    // starts with `--` and is no flag is a misspelt one, and stays a usage error.
    #[arg(
        required_unless_present = "rebuild",
        allow_hyphen_values = true,
        value_parser = not_a_flag
    )]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Show at most this many claims.
    #[arg(long, default_value_t = 20)]
    pub limit: u64,

    /// table for people; csv or json for programs (with the snippet and the relevance score,
    /// lower is more relevant).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,

    /// Rebuild the search index from the claims, notes and sources first (it is kept up to date
    /// on every change; this is for a database written by other tools).
    #[arg(long)]
    pub rebuild: bool,
}

/// The query, unless it is a misspelt flag (`--limt`): a search leaves a word out with one `-`.
fn not_a_flag(value: &str) -> Result<String, String> {
    if value.starts_with("--") {
        return Err("no such option (see --help); a word to leave out starts with one '-'".into());
    }
    Ok(value.to_string())
}

/// A hit as `--format csv|json` writes it.
#[derive(Debug, Serialize)]
struct HitRecord<'a> {
    id: i64,
    text: &'a str,
    speaker: &'a str,
    said_on: Option<chrono::NaiveDate>,
    status: &'a str,
    /// The passage that matched, matching words in [brackets].
    snippet: String,
    score: f64,
}

impl<'a> From<&'a Hit> for HitRecord<'a> {
    fn from(hit: &'a Hit) -> Self {
        HitRecord {
            id: hit.id.0,
            text: &hit.text,
            speaker: &hit.speaker,
            said_on: hit.said_on,
            status: hit.status.as_str(),
            snippet: bracketed(&hit.snippet),
            score: hit.score,
        }
    }
}

/// The columns of `search --format csv`.
const CSV_COLUMNS: [&str; 7] = [
    "id", "text", "speaker", "said_on", "status", "snippet", "score",
];

/// Runs `claims search`.
pub fn run(ctx: &Context, args: SearchArgs, out: &mut dyn Write) -> Result<()> {
    let query = args
        .query
        .as_deref()
        .map(|query| fts_query(query, None))
        .transpose()?;
    if args.limit == 0 {
        bail!("--limit 0 shows nothing: give how many claims to show");
    }
    let mut store = ctx.open_store()?;
    if args.rebuild {
        let tx = ctx.transaction(&mut *store)?;
        let claims = tx.rebuild_search()?;
        tx.finish()?;
        writeln!(
            out,
            "Rebuilt the search index of {}.",
            table::counted(claims, "claim")
        )?;
    }
    let Some(query) = query else {
        return Ok(());
    };
    let read = store.read()?;
    let scale = read.scale()?;
    let filter = args.filters.resolve(&*read)?;
    let hits = read.search(&query, &filter, args.limit)?;
    match args.format {
        Format::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for hit in &hits {
                writer.write(&HitRecord::from(hit))?;
            }
            writer.finish()?;
        }
        Format::Csv => {
            let mut writer = CsvWriter::new(out, args.cells);
            writer.write_record(CSV_COLUMNS)?;
            for hit in &hits {
                let record = HitRecord::from(hit);
                writer.write_record([
                    record.id.to_string().as_str(),
                    record.text,
                    record.speaker,
                    &table::day(record.said_on, ""),
                    record.status,
                    &record.snippet,
                    &record.score.to_string(),
                ])?;
            }
            writer.finish()?;
        }
        Format::Table => {
            let typed = args.query.as_deref().unwrap_or_default();
            if hits.is_empty() {
                writeln!(out, "No claim matches '{}'.", table::plain(typed))?;
                return Ok(());
            }
            let mut rows =
                table::new_table(ctx.style, &["Id", "Date", "Speaker", "Status", "Match"]);
            for hit in &hits {
                rows.add_row(table::one_line_row(vec![
                    Cell::new(hit.id).set_alignment(CellAlignment::Right),
                    Cell::new(table::day(hit.said_on, "unknown")),
                    Cell::new(table::plain(&hit.speaker)),
                    table::status_cell(&scale, &hit.status),
                    Cell::new(table::plain(&bracketed(&hit.snippet))),
                ]));
            }
            writeln!(out, "{rows}")?;
            let found = match hits.len() {
                1 => "1 claim".to_string(),
                n => format!("{n} claims"),
            };
            let more = if hits.len() as u64 == args.limit {
                " (raise --limit for more)"
            } else {
                ""
            };
            writeln!(out, "{found}, most relevant first{more}.")?;
        }
    }
    Ok(())
}

/// A snippet with its matching words in [brackets]: readable on any terminal and in a file.
fn bracketed(snippet: &str) -> String {
    snippet
        .chars()
        .map(|ch| match ch {
            MATCH_START => '[',
            MATCH_END => ']',
            other => other,
        })
        .collect()
}
