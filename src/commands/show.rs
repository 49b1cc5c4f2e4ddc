//! `claims show`: everything about one claim.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, ColumnConstraint};

use super::evidence::evidence_table;
use crate::context::Context;
use crate::model::workflow::ExportedRecord;
use crate::model::{
    Appearance, BOTTOMLESS_TIMES, ClaimId, ClaimRecord, Evidence, HistoryEntry, HistoryField,
};
use crate::output::table;
use crate::scale::Scale;

/// Print everything about one claim: its fields, tags, evidence, notes, and its full history
/// (who changed what, when, from what to what, and why).
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The claim's id.
    pub id: i64,

    /// table for people; json for programs (the claim as `export --format json` writes it).
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// What `show` writes: one claim has no rows to make a CSV of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// Everything about the claim, for people.
    Table,
    /// The claim as `export --format json` writes it.
    Json,
}

pub fn run(ctx: &Context, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let claim = read.claim(ClaimId(args.id))?;
    let record = read.record(claim)?;
    let workflow = read.workflow(record.claim.id)?;
    match args.format {
        ShowFormat::Json => {
            let exported = ExportedRecord {
                record: &record,
                workflow: workflow.clone(),
            };
            serde_json::to_writer_pretty(&mut *out, &exported)?;
            writeln!(out)?;
            Ok(())
        }
        ShowFormat::Table => write_record(out, ctx, &read.scale()?, &record, &workflow),
    }
}

fn write_record(
    out: &mut dyn Write,
    ctx: &Context,
    scale: &Scale,
    record: &ClaimRecord,
    workflow: &crate::model::workflow::Workflow,
) -> Result<()> {
    let claim = &record.claim;
    writeln!(
        out,
        "Claim {}: {}",
        claim.id,
        table::status_text(ctx.style, scale, &claim.status)
    )?;
    writeln!(out, "{}", table::multiline(&claim.text))?;
    writeln!(out)?;
    let field = |out: &mut dyn Write, name: &str, value: &str| -> Result<()> {
        writeln!(out, "{name:<10}{}", table::plain(value))?;
        Ok(())
    };
    field(out, "Speaker", &claim.speaker)?;
    if let Some(role) = &claim.speaker_role {
        field(out, "Role", role)?;
    }
    field(out, "Said on", &table::day(claim.said_on, "unknown"))?;
    if let Some(context) = &claim.context {
        field(out, "Context", context)?;
    }
    if let Some(url) = &claim.source_url {
        field(out, "Source", url)?;
    }
    if !claim.tags.is_empty() {
        field(out, "Tags", &claim.tags.join(", "))?;
    }
    field(out, "Logged", &claim.created_at.to_string())?;
    field(out, "Updated", &claim.updated_at.to_string())?;
    if let Some(assigned) = &workflow.assignment {
        let due = assigned
            .due_on
            .map(|day| format!(", due {day}"))
            .unwrap_or_default();
        field(out, "Assigned", &format!("{}{due}", assigned.assignee))?;
    }
    if let Some(proposal) = &workflow.proposal {
        field(
            out,
            "Proposed",
            &format!(
                "{} by {}, waiting for review (`claims review {} approve|reject`)",
                proposal.status, proposal.proposed_by, claim.id
            ),
        )?;
    }
    if let Some(published) = &workflow.publication {
        let at = published
            .url
            .as_deref()
            .map(|url| format!(" at {url}"))
            .unwrap_or_default();
        field(
            out,
            "Published",
            &format!(
                "{} by {}{at}",
                published.published_at, published.published_by
            ),
        )?;
    }
    if let Some(entry) = record.verdict_decision() {
        let why = entry.note.as_deref().unwrap_or("(no explanation given)");
        field(
            out,
            "Verdict",
            &format!("{} by {} on {}: {why}", claim.status, entry.actor, entry.at),
        )?;
    }

    if claim.times_said > 1 {
        let mut said = format!("{} times", claim.times_said);
        if scale.is_bottomless(&claim.status, claim.times_said) {
            said.push_str(&format!(
                ": bottomless, a claim rated {} and made {BOTTOMLESS_TIMES} times or more",
                claim.status
            ));
        }
        field(out, "Said", &said)?;
    }

    writeln!(out, "\nEvidence ({})", record.evidence.len())?;
    if record.evidence.is_empty() {
        writeln!(out, "none yet")?;
    } else {
        writeln!(out, "{}", evidence_table(ctx.style, &record.evidence))?;
        for item in &record.evidence {
            if let Some(excerpt) = &item.excerpt {
                writeln!(out, "  [{}] “{}”", item.id, table::plain(excerpt))?;
            }
            if let Some(note) = &item.note {
                writeln!(out, "  [{}] note: {}", item.id, table::plain(note))?;
            }
        }
    }

    writeln!(out, "\nNotes ({})", record.notes.len())?;
    if record.notes.is_empty() {
        writeln!(out, "none yet")?;
    }
    for note in &record.notes {
        writeln!(
            out,
            "{} {}: {}",
            table::when(&note.created_at),
            table::plain(&note.author),
            table::multiline(&note.text)
        )?;
    }

    if !record.appearances.is_empty() {
        writeln!(out, "\nRepeats ({})", record.appearances.len())?;
        let mut repeats = table::new_table(ctx.style, &["Said on", "Speaker", "Context", "Source"]);
        for appearance in &record.appearances {
            repeats.add_row(vec![
                Cell::new(table::day(appearance.said_on, "unknown")),
                Cell::new(table::plain(&appearance.speaker)),
                Cell::new(table::plain(appearance.context.as_deref().unwrap_or(""))),
                Cell::new(table::plain(appearance.source_url.as_deref().unwrap_or(""))),
            ]);
        }
        writeln!(out, "{repeats}")?;
    }

    writeln!(out, "\nHistory ({})", record.history.len())?;
    let mut history = table::new_table(
        ctx.style,
        &["When (UTC)", "Who", "What", "From", "To", "Why"],
    );
    for column in [0, 2] {
        if let Some(column) = history.column_mut(column) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for entry in &record.history {
        let (from, to) = describe_values(entry);
        history.add_row(vec![
            Cell::new(table::when(&entry.at)),
            Cell::new(table::plain(&entry.actor)),
            Cell::new(entry.field),
            Cell::new(table::plain(&from)),
            Cell::new(table::plain(&to)),
            Cell::new(table::plain(entry.note.as_deref().unwrap_or(""))),
        ]);
    }
    writeln!(out, "{history}")?;
    Ok(())
}

/// The old and new value of a change as a person reads them: evidence, stored whole as JSON,
/// is shown as its id, stance and title (else its publisher, else the link's host); a repeat
/// in words, as the report shows it.
pub(super) fn describe_values(entry: &HistoryEntry) -> (String, String) {
    let describe = |value: &Option<String>| -> String {
        let Some(value) = value else {
            return String::new();
        };
        if entry.field == HistoryField::Repeat
            && let Ok(repeat) = serde_json::from_str::<Appearance>(value)
        {
            return repeat.in_words();
        }
        if entry.field == HistoryField::Evidence
            && let Ok(evidence) = serde_json::from_str::<Evidence>(value)
        {
            let host = url::Url::parse(&evidence.url)
                .ok()
                .and_then(|url| url.host_str().map(str::to_string));
            let name = evidence
                .title
                .or(evidence.publisher)
                .or(host)
                .unwrap_or(evidence.url);
            return format!("#{} {}: {name}", evidence.id, evidence.stance);
        }
        value.clone()
    };
    (describe(&entry.old_value), describe(&entry.new_value))
}
