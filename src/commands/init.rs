//! `claims init`: create the database, or upgrade an existing one.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::db;
use crate::error::UserError;
use crate::scale::Scale;

/// Create the database file, or bring an existing one up to this version's schema.
///
/// Every other command needs the database to exist already, so that a typo in --db never
/// creates a stray empty file.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The verdict scale of a new database: default, politifact, pinocchios, fever, or a TOML
    /// or JSON scale file (see `claims scale show --help`). [default: default]
    #[arg(long)]
    pub scale: Option<String>,
}

pub fn run(ctx: &Context, args: InitArgs, out: &mut dyn Write) -> Result<()> {
    // Read the scale before the file is created, so a typo in it creates nothing.
    let wanted = args
        .scale
        .as_deref()
        .map(Scale::named_or_file)
        .transpose()?;
    let (mut store, outcome) = db::init(&ctx.db)?;
    let path = &ctx.db;
    let tx = ctx.transaction(&mut *store)?;
    let mut scale = tx.store().scale()?;
    if let Some(wanted) = wanted.filter(|wanted| *wanted != scale) {
        if !outcome.created {
            return Err(UserError::ScaleAlreadyChosen {
                path: path.to_string(),
                current: scale.name,
                wanted: args.scale.unwrap_or_default(),
            }
            .into());
        }
        tx.choose_scale(&wanted)?;
        scale = wanted;
    }
    tx.finish()?;
    if outcome.created {
        writeln!(
            out,
            "Created {path} (schema version {}, the {} scale).",
            outcome.to_version, scale.name
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
