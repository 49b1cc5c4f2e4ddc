//! `claims evidence add|list|rm`: the sources a verdict rests on.

use std::io::Write;

use anyhow::Result;
use comfy_table::Cell;

use crate::context::Context;
use crate::input;
use crate::model::{ClaimId, Evidence, EvidenceId, NewEvidence, Stance};
use crate::ops::{Detached, EvidenceEdit};
use crate::output::csv::{CsvCells, CsvWriter};
use crate::output::{Format, Style, json::JsonArrayWriter, table};

/// Attach, list and remove the sources of a claim.
#[derive(Debug, clap::Subcommand)]
pub enum EvidenceCommand {
    Add(AddArgs),
    List(ListArgs),
    Edit(EditArgs),
    Rm(RmArgs),
}

/// Correct a source in place; the claim's history keeps it as it was. An empty value clears a
/// field.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("changes").required(true).multiple(true))]
pub struct EditArgs {
    /// The evidence id (from `claims evidence list CLAIM_ID`).
    pub evidence_id: i64,

    /// The corrected http(s) address.
    #[arg(long, group = "changes")]
    pub url: Option<String>,

    #[arg(long, group = "changes")]
    pub title: Option<String>,

    #[arg(long, group = "changes")]
    pub publisher: Option<String>,

    /// When it was published: YYYY-MM-DD, today or yesterday.
    #[arg(long, group = "changes")]
    pub published: Option<String>,

    #[arg(long, value_enum, group = "changes")]
    pub stance: Option<Stance>,

    #[arg(long, group = "changes")]
    pub excerpt: Option<String>,

    #[arg(long, group = "changes")]
    pub note: Option<String>,
}

/// Attach a source to a claim.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The claim's id.
    pub claim_id: i64,

    /// The source's http(s) address.
    pub url: String,

    /// The source's title.
    #[arg(long)]
    pub title: Option<String>,

    /// Who published it (an agency, a newspaper, a statistics office).
    #[arg(long)]
    pub publisher: Option<String>,

    /// When it was published: YYYY-MM-DD, today or yesterday.
    #[arg(long)]
    pub published: Option<String>,

    /// What the source says about the claim.
    #[arg(long, value_enum, default_value_t = Stance::Context)]
    pub stance: Stance,

    /// The passage of the source that matters.
    #[arg(long)]
    pub excerpt: Option<String>,

    /// Why this source matters, in the checker's words.
    #[arg(long)]
    pub note: Option<String>,
}

/// List a claim's sources.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The claim's id.
    pub claim_id: i64,

    /// table for people; csv or json for programs (every field of each source).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,
}

/// Detach a source from its claim. The source stays in the claim's history.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The evidence id (from `claims evidence list CLAIM_ID`).
    pub evidence_id: i64,
}

pub fn run(ctx: &Context, command: EvidenceCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        EvidenceCommand::Add(args) => add(ctx, args, out),
        EvidenceCommand::List(args) => list(ctx, args, out),
        EvidenceCommand::Edit(args) => edit(ctx, args, out),
        EvidenceCommand::Rm(args) => remove(ctx, args, out),
    }
}

fn edit(ctx: &Context, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    let id = EvidenceId(args.evidence_id);
    let cleared = |value: &Option<String>, what, limit| {
        value
            .as_deref()
            .map(|value| input::optional_text(Some(value), what, limit))
            .transpose()
    };
    let edit = EvidenceEdit {
        url: args
            .url
            .as_deref()
            .map(|url| input::web_url(url, "--url"))
            .transpose()?,
        title: cleared(&args.title, "the title", input::MAX_NAME_CHARS)?,
        publisher: cleared(&args.publisher, "the publisher", input::MAX_NAME_CHARS)?,
        published_on: args
            .published
            .as_deref()
            .map(|date| match date.trim() {
                "" => Ok(None),
                date => input::past_date(date, "--published", ctx.today()).map(Some),
            })
            .transpose()?,
        stance: args.stance,
        excerpt: cleared(&args.excerpt, "the excerpt", input::MAX_LONG_TEXT_CHARS)?,
        note: cleared(&args.note, "the note", input::MAX_LONG_TEXT_CHARS)?,
    };
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    if tx.edit_evidence(id, &edit)? {
        tx.finish()?;
        writeln!(
            out,
            "Corrected evidence {id}; the history keeps it as it was."
        )?;
    } else {
        writeln!(out, "Evidence {id} unchanged: it already has those values.")?;
    }
    Ok(())
}

fn add(ctx: &Context, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    let claim_id = ClaimId(args.claim_id);
    let url = input::web_url(&args.url, "the evidence URL")?;
    let name = |value: &Option<String>, what| {
        input::optional_text(value.as_deref(), what, input::MAX_NAME_CHARS)
    };
    let long = |value: &Option<String>, what| {
        input::optional_text(value.as_deref(), what, input::MAX_LONG_TEXT_CHARS)
    };
    let title = name(&args.title, "the title")?;
    let publisher = name(&args.publisher, "the publisher")?;
    let excerpt = long(&args.excerpt, "the excerpt")?;
    let note = long(&args.note, "the note")?;
    let published_on = args
        .published
        .as_deref()
        .map(|date| input::past_date(date, "--published", ctx.today()))
        .transpose()?;

    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let evidence = tx.attach_evidence(
        claim_id,
        &NewEvidence {
            url: &url,
            title: title.as_deref(),
            publisher: publisher.as_deref(),
            published_on,
            stance: args.stance,
            excerpt: excerpt.as_deref(),
            note: note.as_deref(),
        },
    )?;
    tx.finish()?;
    writeln!(
        out,
        "Attached evidence {} to claim {claim_id} ({}).",
        evidence.id, evidence.stance
    )?;
    Ok(())
}

fn list(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let claim_id = ClaimId(args.claim_id);
    read.claim(claim_id)?;
    let evidence = read.evidence_of(claim_id)?;
    match args.format {
        Format::Table => {
            if evidence.is_empty() {
                writeln!(
                    out,
                    "Claim {claim_id} has no evidence yet: attach a source with \
                     `claims evidence add {claim_id} URL`."
                )?;
            } else {
                writeln!(out, "{}", evidence_table(ctx.style, &evidence))?;
            }
        }
        Format::Csv => write_csv(out, args.cells, &evidence)?,
        Format::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for item in &evidence {
                writer.write(item)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// The columns of `evidence list --format csv`, in order.
const EVIDENCE_CSV_COLUMNS: [&str; 10] = [
    "id",
    "claim_id",
    "url",
    "title",
    "publisher",
    "published_on",
    "stance",
    "excerpt",
    "note",
    "created_at",
];

fn write_csv(out: &mut dyn Write, cells: CsvCells, evidence: &[Evidence]) -> Result<()> {
    let mut writer = CsvWriter::new(out, cells);
    writer.write_record(EVIDENCE_CSV_COLUMNS)?;
    for item in evidence {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        writer.write_record([
            item.id.to_string(),
            item.claim_id.to_string(),
            item.url.clone(),
            text(&item.title),
            text(&item.publisher),
            table::day(item.published_on, ""),
            item.stance.to_string(),
            text(&item.excerpt),
            text(&item.note),
            item.created_at.to_string(),
        ])?;
    }
    writer.finish()?;
    Ok(())
}

/// The table of a claim's sources, shared with `show`.
pub fn evidence_table(style: Style, evidence: &[Evidence]) -> comfy_table::Table {
    let mut table = table::new_table(style, &["Id", "Stance", "Source", "Published", "URL"]);
    for item in evidence {
        let source = match (&item.title, &item.publisher) {
            (Some(title), Some(publisher)) => format!("{title} ({publisher})"),
            (Some(only), None) | (None, Some(only)) => only.clone(),
            (None, None) => String::new(),
        };
        table.add_row(vec![
            Cell::new(item.id),
            Cell::new(item.stance),
            Cell::new(table::plain(&source)),
            Cell::new(table::day(item.published_on, "")),
            Cell::new(table::plain(&item.url)),
        ]);
    }
    table
}

fn remove(ctx: &Context, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    let id = EvidenceId(args.evidence_id);
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let Detached { evidence, claim } = tx.detach_evidence(id)?;
    tx.finish()?;
    writeln!(
        out,
        "Removed evidence {} from claim {} (it stays in the claim's history).",
        evidence.id, claim.id
    )?;
    if claim.status.is_verdict() && claim.evidence_count == 0 {
        writeln!(
            out,
            "Warning: the verdict on claim {0} ({1}) now cites no evidence: attach a source with \
             `claims evidence add {0} URL`.",
            claim.id, claim.status
        )?;
    }
    Ok(())
}
