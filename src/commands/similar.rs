//! `claims similar`: the claims already logged that say what one claim says.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use crate::context::Context;
use crate::matching::Closeness;
use crate::matching::Match;
use crate::model::ClaimId;
use crate::output::csv::{CsvCells, CsvWriter};
use crate::output::{Format, json::JsonArrayWriter, table};

/// List the claims closest to one claim, however they are worded: likely the same claim, or
/// possibly. Similarity is the share of content words two claims have in common (0 to 1).
#[derive(Debug, clap::Args)]
pub struct SimilarArgs {
    /// The claim's id.
    pub id: i64,

    /// Show at most this many claims.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,

    /// table for people; csv or json for programs.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,
}

/// A close claim as `--format csv|json` writes it.
#[derive(Debug, Serialize)]
struct MatchRecord<'a> {
    id: i64,
    similarity: f64,
    closeness: &'static str,
    said_on: Option<chrono::NaiveDate>,
    speaker: &'a str,
    text: &'a str,
}

impl<'a> From<&'a Match> for MatchRecord<'a> {
    fn from(found: &'a Match) -> Self {
        MatchRecord {
            id: found.id.0,
            similarity: (found.similarity * 100.0).round() / 100.0,
            closeness: closeness_name(found.closeness),
            said_on: found.said_on,
            speaker: &found.speaker,
            text: &found.text,
        }
    }
}

/// How a closeness is called in every output.
pub fn closeness_name(closeness: Closeness) -> &'static str {
    match closeness {
        Closeness::Likely => "likely",
        Closeness::Possible => "possible",
        Closeness::Unrelated => "unrelated",
    }
}

/// Runs `claims similar`.
pub fn run(ctx: &Context, args: SimilarArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let id = ClaimId(args.id);
    let claim = read.claim(id)?;
    let mut found = read.matches(&claim.text, &claim.speaker, Some(id))?;
    found.truncate(args.limit);
    match args.format {
        Format::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for item in &found {
                writer.write(&MatchRecord::from(item))?;
            }
            writer.finish()?;
        }
        Format::Csv => {
            let mut writer = CsvWriter::new(out, args.cells);
            writer.write_record([
                "id",
                "similarity",
                "closeness",
                "said_on",
                "speaker",
                "text",
            ])?;
            for item in &found {
                let record = MatchRecord::from(item);
                writer.write_record([
                    record.id.to_string().as_str(),
                    &format!("{:.2}", record.similarity),
                    record.closeness,
                    &table::day(record.said_on, ""),
                    record.speaker,
                    record.text,
                ])?;
            }
            writer.finish()?;
        }
        Format::Table => {
            if found.is_empty() {
                writeln!(out, "No claim logged is close to claim {id}.")?;
                return Ok(());
            }
            let mut rows = table::new_table(
                ctx.style,
                &["Id", "Similarity", "Match", "Date", "Speaker", "Claim"],
            );
            for item in &found {
                rows.add_row(table::one_line_row(vec![
                    Cell::new(item.id).set_alignment(CellAlignment::Right),
                    Cell::new(format!("{:.2}", item.similarity))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(closeness_name(item.closeness)),
                    Cell::new(table::day(item.said_on, "unknown")),
                    Cell::new(table::plain(&item.speaker)),
                    Cell::new(table::plain(&item.text)),
                ]));
            }
            writeln!(out, "{rows}")?;
        }
    }
    Ok(())
}
