//! `claims queue`: a checker's work: their claims by due date, the verdicts waiting for a
//! second reader, and the checks that have stalled.

use std::io::Write;

use anyhow::Result;
use chrono::{Days, NaiveDate};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use crate::context::Context;
use crate::db::StoreTxn;
use crate::filter::{ClaimFilter, SortOrder};
use crate::model::workflow::Workflow;
use crate::model::{Claim, Status};
use crate::output::{Style, table};

/// How long a check in progress may sit untouched before the queue names it.
const STALE_DAYS: u64 = 14;

/// A checker's work: the claims assigned to them by due date (overdue first), the verdicts
/// waiting for a second reader (other than their own), and the claims in progress that nobody
/// has touched for 14 days.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// Whose queue [default: $CLAIMS_REVIEWER, else your login name].
    #[arg(long = "for", value_name = "NAME")]
    pub checker: Option<String>,

    /// table for people, json for programs.
    #[arg(long, value_enum, default_value_t = QueueFormat::Table)]
    pub format: QueueFormat,
}

/// What `queue` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueueFormat {
    Table,
    Json,
}

/// One claim of a queue.
#[derive(Debug, Serialize)]
struct Item {
    id: i64,
    text: String,
    speaker: String,
    status: String,
    due_on: Option<NaiveDate>,
    overdue: bool,
    /// The verdict proposed, and who proposed it, for a claim waiting for review.
    proposed: Option<String>,
    proposed_by: Option<String>,
}

#[derive(Debug, Serialize)]
struct Queue {
    checker: String,
    assigned: Vec<Item>,
    to_review: Vec<Item>,
    stalled: Vec<Item>,
}

/// Runs `claims queue`.
pub fn run(ctx: &Context, args: QueueArgs, out: &mut dyn Write) -> Result<()> {
    let checker = args.checker.unwrap_or_else(|| ctx.actor());
    let today = ctx.today();
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let item = |claim: Claim, workflow: Workflow| -> Item {
        let due_on = workflow.assignment.as_ref().and_then(|a| a.due_on);
        Item {
            overdue: due_on.is_some_and(|due| due < today) && !claim.status.is_verdict(),
            id: claim.id.0,
            text: claim.text,
            speaker: claim.speaker,
            status: claim.status.to_string(),
            due_on,
            proposed: workflow.proposal.as_ref().map(|p| p.status.to_string()),
            proposed_by: workflow.proposal.map(|p| p.proposed_by),
        }
    };
    let mut assigned = Vec::new();
    for claim in read.list(
        &ClaimFilter {
            assignee: Some(checker.clone()),
            ..ClaimFilter::default()
        },
        SortOrder::Logged,
        None,
    )? {
        if claim.status.is_verdict() {
            continue; // Done.
        }
        let workflow = read.workflow(claim.id)?;
        assigned.push(item(claim, workflow));
    }
    // By due date, the undated last; overdue ones come first as the earliest.
    assigned.sort_by_key(|item| (item.due_on.is_none(), item.due_on, item.id));
    let mut to_review = Vec::new();
    for claim in read.list(
        &ClaimFilter {
            proposed: true,
            ..ClaimFilter::default()
        },
        SortOrder::Logged,
        None,
    )? {
        let workflow = read.workflow(claim.id)?;
        if workflow
            .proposal
            .as_ref()
            .is_some_and(|proposal| proposal.proposed_by != checker)
        {
            to_review.push(item(claim, workflow));
        }
    }
    let stalled = stalled(&*read, ctx, &item)?;
    let queue = Queue {
        checker,
        assigned,
        to_review,
        stalled,
    };
    match args.format {
        QueueFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &queue)?;
            writeln!(out)?;
        }
        QueueFormat::Table => write_queue(out, ctx.style, &queue)?,
    }
    Ok(())
}

/// The claims in progress nobody touched for `STALE_DAYS` days.
fn stalled(
    read: &dyn StoreTxn,
    ctx: &Context,
    item: &dyn Fn(Claim, Workflow) -> Item,
) -> Result<Vec<Item>> {
    let now = ctx.now();
    let before = now
        .checked_sub_days(Days::new(STALE_DAYS))
        .unwrap_or(now)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut stalled = Vec::new();
    for id in read.untouched_since(&Status::new(Status::IN_PROGRESS.to_string()), &before)? {
        stalled.push(item(read.claim(id)?, read.workflow(id)?));
    }
    Ok(stalled)
}

fn write_queue(out: &mut dyn Write, style: Style, queue: &Queue) -> Result<()> {
    let section = |out: &mut dyn Write, title: String, items: &[Item], empty: &str| -> Result<()> {
        writeln!(out, "{title}")?;
        if items.is_empty() {
            writeln!(out, "  {empty}")?;
            return Ok(());
        }
        let mut rows = table::new_table(style, &["Id", "Due", "Status", "Speaker", "Claim"]);
        for item in items {
            let due = match (item.due_on, item.overdue) {
                (Some(due), true) => format!("{due} (overdue)"),
                (Some(due), false) => due.to_string(),
                (None, _) => String::new(),
            };
            let status = match (&item.proposed, &item.proposed_by) {
                (Some(verdict), Some(by)) => format!("{verdict}? ({})", table::plain(by)),
                _ => item.status.clone(),
            };
            rows.add_row(table::one_line_row(vec![
                Cell::new(item.id).set_alignment(CellAlignment::Right),
                Cell::new(due),
                Cell::new(status),
                Cell::new(table::plain(&item.speaker)),
                Cell::new(table::plain(&item.text)),
            ]));
        }
        writeln!(out, "{rows}")?;
        Ok(())
    };
    let who = table::plain(&queue.checker);
    section(
        out,
        format!("Assigned to {who}, by due date"),
        &queue.assigned,
        "Nothing: `claims assign ID --to NAME` gives a checker a claim.",
    )?;
    section(
        out,
        "Verdicts waiting for a second reader".to_string(),
        &queue.to_review,
        "None.",
    )?;
    section(
        out,
        format!("In progress and untouched for {STALE_DAYS} days"),
        &queue.stalled,
        "None.",
    )?;
    Ok(())
}
