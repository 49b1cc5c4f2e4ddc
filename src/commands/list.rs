//! `claims list`: the review table.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};

use super::filter_args::FilterArgs;
use crate::context::Context;
use crate::filter::SortOrder;
use crate::model::{Claim, Status};
use crate::output::csv::CsvCells;
use crate::output::{Format, Style, csv::ClaimCsvWriter, json::JsonArrayWriter, table};
use crate::scale::Scale;

/// Print the review table: the matching claims, newest first, with a footer of totals.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// The order of the rows.
    #[arg(long, value_enum, default_value_t = SortOrder::Date)]
    pub sort: SortOrder,

    /// Show at most this many claims (0 shows all); the footer says how many more match.
    #[arg(long, default_value_t = 100)]
    pub limit: u64,

    /// Skip this many matching claims first: the next page of a big archive is `--offset 100`.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: u64,

    /// The other way round: oldest first (or A to Z, or the truest verdict first).
    #[arg(long)]
    pub asc: bool,

    /// table for people; csv (the columns of `claims export`) or json for programs.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let scale = read.scale()?;
    let filter = args.filters.resolve(&*read)?;
    let limit = (args.limit > 0).then_some(args.limit);
    let claims = read.page(&filter, args.sort, args.asc, limit, args.offset)?;
    match args.format {
        Format::Csv => {
            let mut writer = ClaimCsvWriter::new(out, args.cells)?;
            for claim in &claims {
                writer.write(claim)?;
            }
            writer.finish()?;
        }
        Format::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for claim in &claims {
                writer.write(claim)?;
            }
            writer.finish()?;
        }
        Format::Table => {
            let totals = read.count_by_status(&filter)?;
            write_table(out, ctx.style, &scale, &claims, &totals, args.offset)?;
        }
    }
    Ok(())
}

fn write_table(
    out: &mut dyn Write,
    style: Style,
    scale: &Scale,
    claims: &[Claim],
    totals: &[(Status, u64)],
    offset: u64,
) -> Result<()> {
    let matching: u64 = totals.iter().map(|(_, n)| n).sum();
    if matching == 0 {
        writeln!(out, "No claims match.")?;
        return Ok(());
    }
    let mut table = table::new_table(style, &["Id", "Date", "Speaker", "Status", "Claim", "Ev."]);
    for claim in claims {
        table.add_row(table::one_line_row(vec![
            Cell::new(claim.id).set_alignment(CellAlignment::Right),
            Cell::new(table::day(claim.said_on, "unknown")),
            Cell::new(table::plain(&claim.speaker)),
            if scale.is_bottomless(&claim.status, claim.times_said) {
                // Said in words, not only in colour.
                Cell::new(format!("{} (bottomless)", claim.status))
                    .add_attribute(comfy_table::Attribute::Bold)
                    .fg(comfy_table::Color::Red)
            } else {
                table::status_cell(scale, &claim.status)
            },
            Cell::new(table::plain(&claim.text)),
            Cell::new(claim.evidence_count).set_alignment(CellAlignment::Right),
        ]));
    }
    writeln!(out, "{table}")?;
    let shown = claims.len() as u64;
    let noun = if matching == 1 { "claim" } else { "claims" };
    if offset > 0 {
        writeln!(
            out,
            "Showing {} to {} of {} matching {noun}.",
            table::count(offset + 1),
            table::count(offset + shown),
            table::count(matching)
        )?;
    } else if shown < matching {
        writeln!(
            out,
            "Showing {} of {} matching {noun}: {} more (raise --limit, or --limit 0 for all).",
            table::count(shown),
            table::count(matching),
            table::count(matching - shown)
        )?;
    } else {
        writeln!(out, "{} {noun}.", table::count(matching))?;
    }
    let summary: Vec<String> = totals
        .iter()
        .map(|(status, n)| format!("{status} {}", table::count(*n)))
        .collect();
    writeln!(out, "By status: {}", summary.join(" · "))?;
    Ok(())
}
