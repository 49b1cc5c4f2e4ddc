//! `claims speakers`: every speaker with their claims and verdicts.

use std::io::Write;

use anyhow::Result;

use super::stats::{speaker_records, speaker_table, write_speaker_csv};
use crate::context::Context;
use crate::filter::ClaimFilter;
use crate::model::Status;
use crate::output::csv::CsvCells;
use crate::output::{Format, table};

/// List the speakers, those with the most claims first, with each one's claims by status.
#[derive(Debug, clap::Args)]
pub struct SpeakersArgs {
    /// table for people; csv (speaker,status,claims rows) or json for programs.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,
}

/// Runs `claims speakers`.
pub fn run(ctx: &Context, args: SpeakersArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let everyone = ClaimFilter::default();
    let records = speaker_records(&*read, &everyone)?;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        Format::Csv => write_speaker_csv(out, args.cells, &records)?,
        Format::Table => {
            if records.is_empty() {
                writeln!(
                    out,
                    "No speakers yet: `claims add` logs a claim and its speaker."
                )?;
                return Ok(());
            }
            let counts = read.count_by_status(&everyone)?;
            let statuses: Vec<&Status> = counts.iter().map(|(status, _)| status).collect();
            writeln!(out, "{}", speaker_table(ctx.style, &statuses, &records))?;
            writeln!(out, "{}.", table::counted(records.len() as u64, "speaker"))?;
        }
    }
    Ok(())
}
