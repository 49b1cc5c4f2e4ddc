//! `claims stats`: where the desk stands, by status and by speaker.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::filter_args::FilterArgs;
use crate::context::Context;
use crate::db::StoreTxn;
use crate::filter::ClaimFilter;
use crate::model::{BOTTOMLESS_TIMES, Status};
use crate::output::csv::{CsvCells, CsvWriter};
use crate::output::{Format, table};
use crate::scale::Scale;

/// Count claims by status, and by speaker and status (each speaker's record).
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// table for people; csv (speaker,status,claims rows) or json for programs.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,

    /// List at most this many speakers, those with the most claims first (0: all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub limit: usize,
}

/// A count of claims with one status.
#[derive(Debug, Serialize)]
pub(super) struct StatusCount {
    pub status: Status,
    pub claims: u64,
}

/// One speaker's record.
#[derive(Debug, Serialize)]
pub(super) struct SpeakerRecord {
    pub speaker: String,
    pub total: u64,
    pub by_status: Vec<StatusCount>,
}

/// What `stats --format json` prints.
#[derive(Debug, Serialize)]
struct Stats {
    total: u64,
    by_status: Vec<StatusCount>,
    by_speaker: Vec<SpeakerRecord>,
    /// Claims rated false and made `BOTTOMLESS_TIMES` times or more.
    bottomless: u64,
    /// Each checker's assigned claims: open, overdue and done (only when claims are assigned).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by_checker: Vec<crate::model::workflow::CheckerLoad>,
}

pub fn run(ctx: &Context, args: StatsArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let scale = read.scale()?;
    let filter = args.filters.resolve(&*read)?;
    let by_status: Vec<StatusCount> = read
        .count_by_status(&filter)?
        .into_iter()
        .map(|(status, claims)| StatusCount { status, claims })
        .collect();
    let mut by_speaker = speaker_records(&*read, &filter)?;
    let speakers = by_speaker.len();
    if args.limit > 0 {
        by_speaker.truncate(args.limit);
    }
    let by_checker = read.checker_loads(ctx.today())?;
    let stats = Stats {
        total: by_status.iter().map(|count| count.claims).sum(),
        by_status,
        by_speaker,
        bottomless: read.count_bottomless(&filter, &scale)?,
        by_checker,
    };
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)?;
        }
        Format::Csv => write_speaker_csv(out, args.cells, &stats.by_speaker)?,
        Format::Table => {
            write_tables(out, ctx.style, &scale, &stats)?;
            if stats.by_speaker.len() < speakers {
                writeln!(
                    out,
                    "The {} with the most claims of {}: raise --limit, or --limit 0 for all.",
                    table::counted(stats.by_speaker.len() as u64, "speaker"),
                    table::count(speakers as u64)
                )?;
            }
            if !stats.by_checker.is_empty() {
                let mut rows = table::new_table(ctx.style, &["Checker", "Open", "Overdue", "Done"]);
                for load in &stats.by_checker {
                    let number =
                        |n: u64| Cell::new(table::count(n)).set_alignment(CellAlignment::Right);
                    rows.add_row(vec![
                        Cell::new(table::plain(&load.checker)),
                        number(load.open),
                        number(load.overdue),
                        number(load.done),
                    ]);
                }
                writeln!(out, "\nClaims by checker\n{rows}")?;
            }
        }
    }
    Ok(())
}

fn write_tables(
    out: &mut dyn Write,
    style: crate::output::Style,
    scale: &Scale,
    stats: &Stats,
) -> Result<()> {
    if stats.total == 0 {
        writeln!(out, "No claims match.")?;
        return Ok(());
    }
    let number = |n: u64| Cell::new(table::count(n)).set_alignment(CellAlignment::Right);

    let mut by_status = table::new_table(style, &["Status", "Claims", "Share"]);
    for count in &stats.by_status {
        let share = 100.0 * count.claims as f64 / stats.total as f64;
        by_status.add_row(vec![
            table::status_cell(scale, &count.status),
            number(count.claims),
            Cell::new(format!("{share:.0}%")).set_alignment(CellAlignment::Right),
        ]);
    }
    by_status.add_row(vec![Cell::new("total"), number(stats.total), Cell::new("")]);
    writeln!(out, "Claims by status\n{by_status}")?;
    if stats.bottomless > 0 {
        writeln!(
            out,
            "Bottomless: {} rated false and made {BOTTOMLESS_TIMES} times or more.",
            table::counted(stats.bottomless, "claim")
        )?;
    }
    writeln!(out)?;

    // Only the statuses that occur get a column, so the record fits a terminal.
    let statuses: Vec<&Status> = stats.by_status.iter().map(|count| &count.status).collect();
    let by_speaker = speaker_table(style, &statuses, &stats.by_speaker);
    writeln!(out, "Claims by speaker\n{by_speaker}")?;
    Ok(())
}

/// Each speaker's record: their claims by status, speakers with the most claims first.
pub(super) fn speaker_records(
    read: &dyn StoreTxn,
    filter: &ClaimFilter,
) -> Result<Vec<SpeakerRecord>> {
    let mut records: Vec<SpeakerRecord> = Vec::new();
    for (speaker, status, claims) in read.count_by_speaker_and_status(filter)? {
        // Rows come grouped by speaker, so a new name starts a new record.
        if records
            .last()
            .is_none_or(|record| record.speaker != speaker)
        {
            records.push(SpeakerRecord {
                speaker,
                total: 0,
                by_status: Vec::new(),
            });
        }
        let record = records.last_mut().expect("a record was just pushed");
        record.total += claims;
        record.by_status.push(StatusCount { status, claims });
    }
    Ok(records)
}

/// The speakers' records as a table with a column for each of `statuses`.
pub(super) fn speaker_table(
    style: crate::output::Style,
    statuses: &[&Status],
    records: &[SpeakerRecord],
) -> comfy_table::Table {
    let number = |n: u64| Cell::new(table::count(n)).set_alignment(CellAlignment::Right);
    let mut header = vec!["Speaker", "Total"];
    header.extend(statuses.iter().map(|status| status.as_str()));
    let mut rows = table::new_table(style, &header);
    for record in records {
        let mut row = vec![
            Cell::new(table::plain(&record.speaker)),
            number(record.total),
        ];
        row.extend(statuses.iter().map(|status| {
            let n = record
                .by_status
                .iter()
                .find(|count| &count.status == *status)
                .map_or(0, |count| count.claims);
            number(n)
        }));
        rows.add_row(row);
    }
    rows
}

/// The speakers' records as CSV: `speaker,status,claims`.
pub(super) fn write_speaker_csv(
    out: &mut dyn Write,
    cells: CsvCells,
    records: &[SpeakerRecord],
) -> Result<()> {
    let mut writer = CsvWriter::new(out, cells);
    writer.write_record(["speaker", "status", "claims"])?;
    for record in records {
        for count in &record.by_status {
            writer.write_record([
                record.speaker.as_str(),
                count.status.as_str(),
                &count.claims.to_string(),
            ])?;
        }
    }
    writer.finish()?;
    Ok(())
}
