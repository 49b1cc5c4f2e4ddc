//! `claims status`: move claims through the check and record their verdict.

use std::io::Write;

use anyhow::Result;

use super::filter_args::FilterArgs;
use super::selection;
use crate::context::Context;
use crate::error::UserError;
use crate::input;
use crate::ops::StatusChange;

/// Set a claim's verification status, with the reason; or several claims' at once.
///
/// Statuses: unverified, in-progress, and the verdicts of the database's scale (`claims scale
/// show` lists them; by default true, mostly-true, half-true, mostly-false, false, misleading,
/// unproven). A verdict must cite its sources: it needs at least one piece of evidence on the
/// claim, unless --force is given. When the desk asks for a second reader (`claims config set
/// review.required 1`), a verdict is proposed, and stands once `claims review ID approve` signs
/// it off. Changing a published claim's verdict is a correction, which needs --note.
///
/// Several claims: their ids before the status (`claims status 3 4 5 in-progress`), or the
/// filters of `claims list` (`claims status --speaker "Donald Trump" --status unverified
/// in-progress`); all in one transaction. Above 20 claims it asks for --yes.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The claims' ids (none with filters), then the new status: its name or its label, in any
    /// case.
    #[arg(required = true, value_name = "ID... STATUS")]
    pub args: Vec<String>,

    /// Why: for a verdict, its explanation.
    #[arg(long)]
    pub note: Option<String>,

    /// Who decided [default: $CLAIMS_REVIEWER, else your login name].
    #[arg(long)]
    pub by: Option<String>,

    /// Record a verdict even though the claim has no evidence.
    #[arg(long)]
    pub force: bool,

    /// Change more than 20 claims without asking.
    #[arg(long)]
    pub yes: bool,

    #[command(flatten)]
    pub filters: FilterArgs,
}

pub fn run(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> Result<()> {
    let (status, ids) = args.args.split_last().expect("clap requires one value");
    let ids = selection::ids(ids)?;
    let note = input::optional_text(args.note.as_deref(), "the note", input::MAX_LONG_TEXT_CHARS)?;
    let by = args
        .by
        .as_deref()
        .map(|name| input::required_text(name, "--by", input::MAX_NAME_CHARS))
        .transpose()?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let chosen = selection::claims(tx.store(), ids, &args.filters, args.yes)?;
    let mut changed = 0;
    let mut lines = Vec::new();
    for id in &chosen {
        match tx.set_status(*id, status, note.as_deref(), by.as_deref(), args.force)? {
            StatusChange::Unchanged(status) => {
                lines.push(format!("Claim {id} is already {status}: nothing changed."));
            }
            StatusChange::Changed { from, to } => {
                changed += 1;
                lines.push(format!("Claim {id}: {from} → {to}."));
            }
            StatusChange::Proposed { status, reviews } => {
                changed += 1;
                lines.push(format!(
                    "Proposed {status} for claim {id}: it stands once {} signs it off \
                     (`claims review {id} approve`).",
                    if reviews == 1 {
                        "a second reader".to_string()
                    } else {
                        format!("{reviews} other readers")
                    }
                ));
            }
        }
    }
    if changed > 0 {
        tx.finish()?;
    }
    if chosen.len() > 1 && lines.len() > 5 {
        writeln!(
            out,
            "{changed} of {} claims changed; the first five:",
            chosen.len()
        )?;
        lines.truncate(5);
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if changed == 0 && chosen.is_empty() {
        return Err(UserError::NoneSelected.into());
    }
    Ok(())
}
