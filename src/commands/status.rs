//! `claims status`: move a claim through the check and record its verdict.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::db::{self, history::Change};
use crate::error::UserError;
use crate::input;
use crate::model::ClaimId;

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
    let by = match args.by.as_deref() {
        Some(name) => input::required_text(name, "--by", input::MAX_NAME_CHARS)?,
        None => ctx.actor(),
    };

    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let status = db::scale::load(&tx)?.parse_status(&args.status)?;
    let claim = db::claims::get(&tx, id)?;
    if status == claim.status && note.is_none() {
        writeln!(out, "Claim {id} is already {status}: nothing changed.")?;
        return Ok(());
    }
    if status.is_verdict() && !args.force && db::evidence::count(&tx, id)? == 0 {
        return Err(UserError::VerdictWithoutEvidence(id).into());
    }
    let now = ctx.timestamp();
    db::claims::set_status(&tx, id, &status)?;
    db::history::record(
        &tx,
        id,
        &now,
        &by,
        &Change {
            field: "status",
            old_value: Some(claim.status.as_str()),
            new_value: Some(status.as_str()),
            note: note.as_deref(),
        },
    )?;
    db::claims::touch(&tx, id, &now)?;
    tx.commit()?;
    writeln!(out, "Claim {id}: {} → {status}.", claim.status)?;
    Ok(())
}
