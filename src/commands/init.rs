//! `claims init`: create the database, or upgrade an existing one.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::db;

/// Create the database file, or bring an existing one up to this version's schema.
///
/// Every other command needs the database to exist already, so that a typo in --db never
/// creates a stray empty file.
#[derive(Debug, clap::Args)]
pub struct InitArgs {}

pub fn run(ctx: &Context, _args: InitArgs, out: &mut dyn Write) -> Result<()> {
    let outcome = db::init(&ctx.db_path)?;
    let path = ctx.db_path.display();
    if outcome.created {
        writeln!(
            out,
            "Created {path} (schema version {}).",
            outcome.to_version
        )?;
    } else if outcome.from_version == outcome.to_version {
        writeln!(
            out,
            "{path} is already at schema version {}: nothing to upgrade.",
            outcome.to_version
        )?;
    } else {
        writeln!(
            out,
            "Upgraded {path} from schema version {} to {}.",
            outcome.from_version, outcome.to_version
        )?;
    }
    Ok(())
}
