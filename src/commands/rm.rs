//! `claims rm`: delete a claim, keeping its whole record in the history.

use std::io::Write;

use anyhow::{Result, bail};

use crate::context::Context;
use crate::db::{self, history::Change};
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
    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let claim = db::claims::get(&tx, id)?;
    if !args.yes {
        bail!(
            "deleting claim {id} (\"{}\") needs --yes: `claims rm {id} --yes` (its record stays \
             in the history; `claims deleted` lists it)",
            table::shortened(&table::plain(&claim.text), 50)
        );
    }
    let record = db::full_record(&tx, claim)?;
    let snapshot = serde_json::to_string(&record)?;
    db::history::record(
        &tx,
        id,
        &ctx.timestamp(),
        &ctx.actor(),
        &Change {
            field: "deleted",
            old_value: Some(&snapshot),
            new_value: None,
            note: None,
        },
    )?;
    // Sources, notes, tags and repeats go with it (ON DELETE CASCADE); the triggers take it
    // out of the search index and the counts.
    tx.execute("DELETE FROM claims WHERE id = ?", [id.0])?;
    tx.commit()?;
    writeln!(
        out,
        "Deleted claim {id}; its whole record is kept in the history (`claims deleted`)."
    )?;
    Ok(())
}
