//! `claims export`: every matching claim, as CSV, as complete JSON or JSON lines, or as
//! schema.org ClaimReview for the claims with a verdict.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, anyhow};

use super::filter_args::FilterArgs;
use super::publisher_args::PublisherArgs;
use crate::claimreview;
use crate::context::Context;
use crate::files;
use crate::filter::SortOrder;
use crate::model::workflow::{ExportedRecord, Workflow};
use crate::output::csv::CsvCells;
use crate::output::{csv::ClaimCsvWriter, json::JsonArrayWriter, table};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// RFC 4180 CSV, one row per claim: id,text,speaker,said_on,status,context,source_url,tags,
    /// evidence_count,created_at,updated_at,speaker_role (tags joined with ';', timestamps RFC
    /// 3339 UTC).
    #[default]
    Csv,
    /// A JSON array of claims, each with its evidence, notes and history.
    Json,
    /// The same claims as `json`, one JSON object per line, for pipelines.
    Jsonl,
    /// A JSON-LD array of schema.org ClaimReview objects, one per claim with a verdict (needs
    /// --publisher, --publisher-url and --review-url).
    Claimreview,
}

/// Write every matching claim, in the order they were logged, to standard output or a file.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// The format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    #[command(flatten)]
    pub cells: CsvCells,

    /// Write to this file instead of standard output. The file appears whole or not at all:
    /// the export goes to a temporary file that is renamed into place when complete.
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub publisher: PublisherArgs,
}

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(path) = &args.output {
        files::refuse_to_replace(path, "--output", &[(&ctx.db_path, "the database")])?;
    }
    let mut store = ctx.open_store()?;
    // One read transaction: the scale and the claims come from the same snapshot, however long
    // the export takes and whoever writes meanwhile.
    let read = store.read()?;
    let publisher = match args.format {
        ExportFormat::Claimreview => Some(
            args.publisher
                .filled_from(&*read)?
                .required("--format claimreview")?,
        ),
        _ => None,
    };
    let scale = read.scale()?;
    let mut filter = args.filters.resolve(&*read)?;
    // A desk that publishes through claims publishes what it published: ClaimReview is then
    // written for published claims only (one that never published keeps every verdict).
    let published_only = args.format == ExportFormat::Claimreview
        && filter.published.is_none()
        && read.any_published()?;
    if published_only {
        filter.published = Some(true);
    }
    let each = |visit: &mut dyn FnMut(crate::model::Claim) -> Result<()>| {
        read.for_each_claim(&filter, SortOrder::Logged, None, visit)
    };
    let mut unreviewed = 0u64;
    let mut write_all = |out: &mut dyn Write| -> Result<()> {
        match args.format {
            ExportFormat::Csv => {
                let mut writer = ClaimCsvWriter::with_verdicts(out, args.cells)?;
                read.for_each_record(&filter, &mut |record| writer.write_with_verdict(&record))?;
                writer.finish()?;
            }
            ExportFormat::Json => {
                let mut workflows = read.workflows()?;
                let mut writer = JsonArrayWriter::new(out)?;
                read.for_each_record(&filter, &mut |record| {
                    writer.write(&exported(&record, &mut workflows))
                })?;
                writer.finish()?;
            }
            ExportFormat::Jsonl => {
                let mut workflows = read.workflows()?;
                read.for_each_record(&filter, &mut |record| {
                    serde_json::to_writer(&mut *out, &exported(&record, &mut workflows))?;
                    out.write_all(b"\n")?;
                    Ok(())
                })?;
            }
            ExportFormat::Claimreview => {
                let publisher = publisher.as_ref().expect("checked above");
                let mut writer = JsonArrayWriter::new(out)?;
                let organizations = read.organizations()?;
                each(&mut |claim| {
                    if !claim.status.is_verdict() {
                        unreviewed += 1;
                        return Ok(());
                    }
                    let record = read.record(claim)?;
                    let review = claimreview::review(&record, &scale, publisher, &organizations)
                        .ok_or_else(|| {
                            anyhow!(
                                "claim {} has the status '{}', which the {} scale lacks: run \
                             `claims scale use` to fix the scale",
                                record.claim.id,
                                record.claim.status,
                                scale.name
                            )
                        })?;
                    writer.write(&review)
                })?;
                writer.finish()?;
            }
        }
        Ok(())
    };
    match &args.output {
        None => write_all(out)?,
        Some(path) => files::write_atomically(path, "--output", write_all)?,
    }
    if unreviewed > 0 {
        eprintln!(
            "note: {} without a verdict skipped: ClaimReview is for checked claims.",
            table::counted(unreviewed, "claim")
        );
    }
    Ok(())
}

/// A record as JSON exports write it, with its place in the workflow (taken from those read).
fn exported<'r>(
    record: &'r crate::model::ClaimRecord,
    workflows: &mut std::collections::HashMap<crate::model::ClaimId, Workflow>,
) -> ExportedRecord<'r> {
    ExportedRecord {
        record,
        workflow: workflows.remove(&record.claim.id).unwrap_or_default(),
    }
}
