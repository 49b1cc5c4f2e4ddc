//! `claims status`: move a claim through the check and record its verdict.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::model::ClaimId;
use crate::ops::StatusChange;

/// Set a claim's verification status, with the reason.
///
/// Statuses: unverified, in-progress, and the verdicts of the database's scale (`claims scale
/// show` lists them; by default true, mostly-true, half-true, mostly-false, false, misleading,
/// unproven). A verdict must cite its sources: it needs at least one piece of evidence on the
/// claim, unless --force is given.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The claim's id.
    pub id: i64,

    /// The new status: its name or its label, in any case.
    pub status: String,

    /// Why: for a verdict, its explanation.
    #[arg(long)]
    pub note: Option<String>,

    /// Who decided [default: $CLAIMS_REVIEWER, else your login name].
    #[arg(long)]
    pub by: Option<String>,

    /// Record a verdict even though the claim has no evidence.
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let note = input::optional_text(args.note.as_deref(), "the note", input::MAX_LONG_TEXT_CHARS)?;
    let by = args
        .by
        .as_deref()
        .map(|name| input::required_text(name, "--by", input::MAX_NAME_CHARS))
        .transpose()?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    match tx.set_status(id, &args.status, note.as_deref(), by.as_deref(), args.force)? {
        StatusChange::Unchanged(status) => {
            writeln!(out, "Claim {id} is already {status}: nothing changed.")?;
        }
        StatusChange::Changed { from, to } => {
            tx.finish()?;
            writeln!(out, "Claim {id}: {from} → {to}.")?;
        }
    }
    Ok(())
}
