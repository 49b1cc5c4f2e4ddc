//! `claims review`: a second reader signs off a proposed verdict, or sends it back.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::model::ClaimId;
use crate::ops::{Decision, Reviewed};

/// Sign off the verdict proposed for a claim, or send it back to its checker, with the reason.
/// The desk sets how many second readers a verdict needs (`claims config set review.required
/// 1`); the one who proposed it is never one of them. `claims list --status proposed` lists the
/// verdicts waiting.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The claim's id.
    pub id: i64,

    /// approve: the verdict stands (once enough readers approve); reject: it goes back.
    #[arg(value_enum)]
    pub decision: Decision,

    /// Why.
    #[arg(long)]
    pub note: Option<String>,

    /// Who reviews [default: $CLAIMS_REVIEWER, else your login name].
    #[arg(long)]
    pub by: Option<String>,
}

/// Runs `claims review`.
pub fn run(ctx: &Context, args: ReviewArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let note = input::optional_text(args.note.as_deref(), "the note", input::MAX_LONG_TEXT_CHARS)?;
    let by = args
        .by
        .as_deref()
        .map(|name| input::required_text(name, "--by", input::MAX_NAME_CHARS))
        .transpose()?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let outcome = tx.review(id, args.decision, note.as_deref(), by.as_deref())?;
    tx.finish()?;
    match outcome {
        Reviewed::SignedOff { status } => {
            writeln!(out, "Signed off claim {id}: {status}.")?;
        }
        Reviewed::Waiting { status, still } => writeln!(
            out,
            "Approved {status} for claim {id}; it waits for {still} more {}.",
            if still == 1 { "reader" } else { "readers" }
        )?,
        Reviewed::Rejected { status } => {
            writeln!(out, "Sent {status} for claim {id} back to its checker.")?
        }
    }
    Ok(())
}
