//! `claims undo` and `claims revert`: take a change back, as a change of its own.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::output::table;

/// Take back your last change (every change of your last command), as new changes: nothing is
/// erased, and the history says what each one reverts. `claims undo` again takes the undo back.
#[derive(Debug, clap::Args)]
pub struct UndoArgs {}

/// Take back one change of a claim's history (its id is in `claims show ID --format json`),
/// as a new change that says what it reverts.
#[derive(Debug, clap::Args)]
pub struct RevertArgs {
    /// The history entry's id.
    pub history_id: i64,
}

/// Runs `claims undo`.
pub fn undo(ctx: &Context, _args: UndoArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let undone = tx.undo()?;
    tx.finish()?;
    let mut claims: Vec<String> = undone.iter().map(|(id, _)| id.to_string()).collect();
    claims.dedup();
    writeln!(
        out,
        "Took back {} of {} (claim {}).",
        table::counted(undone.len() as u64, "change"),
        table::plain(&ctx.actor()),
        claims.join(", ")
    )?;
    Ok(())
}

/// Runs `claims revert`.
pub fn revert(ctx: &Context, args: RevertArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let claim = tx.revert(args.history_id)?;
    tx.finish()?;
    writeln!(
        out,
        "Reverted history entry {} of claim {claim}.",
        args.history_id
    )?;
    Ok(())
}
