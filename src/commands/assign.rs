//! `claims assign` and `claims unassign`: who checks which claims, and by when.

use std::io::Write;

use anyhow::Result;

use super::filter_args::FilterArgs;
use super::selection;
use crate::context::Context;
use crate::input;
use crate::output::table;

/// Give claims to a checker, due by a date if given: `claims queue` is their list. Ids, or the
/// filters of `claims list`; all in one transaction, above 20 claims only with --yes.
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// The claims' ids (none with filters).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// The checker.
    #[arg(long, value_name = "NAME")]
    pub to: String,

    /// When the check is due: YYYY-MM-DD, today, tomorrow, or a date such as September 9, 2025.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,

    /// Change more than 20 claims without asking.
    #[arg(long)]
    pub yes: bool,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Take claims back from their checker.
#[derive(Debug, clap::Args)]
pub struct UnassignArgs {
    /// The claims' ids (none with filters).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Change more than 20 claims without asking.
    #[arg(long)]
    pub yes: bool,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Runs `claims assign`.
pub fn assign(ctx: &Context, args: AssignArgs, out: &mut dyn Write) -> Result<()> {
    let ids = selection::ids(&args.ids)?;
    let to = input::required_text(&args.to, "--to", input::MAX_NAME_CHARS)?;
    let due = args
        .due
        .as_deref()
        .map(|day| input::any_date(day, "--due", ctx.today()))
        .transpose()?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let chosen = selection::claims(tx.store(), ids, &args.filters, args.yes)?;
    for id in &chosen {
        tx.assign(*id, &to, due)?;
    }
    tx.finish()?;
    let due = due.map(|day| format!(", due {day}")).unwrap_or_default();
    match chosen.as_slice() {
        [one] => writeln!(out, "Assigned claim {one} to {}{due}.", table::plain(&to))?,
        many => writeln!(
            out,
            "Assigned {} to {}{due}.",
            table::counted(many.len() as u64, "claim"),
            table::plain(&to)
        )?,
    }
    Ok(())
}

/// Runs `claims unassign`.
pub fn unassign(ctx: &Context, args: UnassignArgs, out: &mut dyn Write) -> Result<()> {
    let ids = selection::ids(&args.ids)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let chosen = selection::claims(tx.store(), ids, &args.filters, args.yes)?;
    let mut taken = 0;
    for id in &chosen {
        taken += u64::from(tx.unassign(*id)?);
    }
    tx.finish()?;
    writeln!(
        out,
        "Unassigned {} ({} had no checker).",
        table::counted(taken, "claim"),
        chosen.len() as u64 - taken
    )?;
    Ok(())
}
