//! `claims rm`: delete a claim, keeping its whole record in the history.

use std::io::Write;

use anyhow::{Result, bail};

use crate::context::Context;
use crate::model::ClaimId;
use crate::output::table;

/// Delete a claim with its sources, notes, tags and repeats. Its whole record stays in the
/// history: `claims deleted` lists deleted claims, and its JSON imports them back.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The claim's id.
    pub id: i64,

    /// Really delete it.
    #[arg(long)]
    pub yes: bool,
}

/// Runs `claims rm`.
pub fn run(ctx: &Context, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let mut store = ctx.open_store()?;
    if !args.yes {
        // Refused on a read: asking for --yes takes no lock other writers would wait for.
        let claim = store.read()?.claim(id)?;
        bail!(
            "deleting claim {id} (\"{}\") needs --yes: `claims rm {id} --yes` (its record stays \
             in the history; `claims deleted` lists it)",
            table::shortened(&table::plain(&claim.text), 50)
        );
    }
    let tx = ctx.transaction(&mut *store)?;
    tx.delete_claim(id)?;
    tx.finish()?;
    writeln!(
        out,
        "Deleted claim {id}; its whole record is kept in the history (`claims deleted`)."
    )?;
    Ok(())
}
