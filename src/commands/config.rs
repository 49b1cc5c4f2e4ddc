//! `claims config`: the settings a desk shares, kept in the database.

use std::io::Write;

use anyhow::Result;
use comfy_table::Cell;

use crate::context::Context;
use crate::ops::{SETTINGS, known_setting};
use crate::output::table;

/// See or change the settings the whole desk shares, kept in the database: how many second
/// readers a verdict needs (review.required: 0, 1 or 2), and who publishes the checks
/// (publisher.name, publisher.url, and review.url, the address of a check with {id} for the
/// claim's id), which ClaimReview export and the report use when their flags are not given.
/// A person's own defaults (their name) live in $XDG_CONFIG_HOME/claims/config.toml.
#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Every setting and its value.
    List,
    /// One setting's value (nothing when it is not set).
    Get { key: String },
    /// Set a setting.
    Set { key: String, value: String },
    /// Remove a setting (back to its default).
    Unset { key: String },
}

/// Runs `claims config`.
pub fn run(ctx: &Context, command: ConfigCommand, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    match command {
        ConfigCommand::List => {
            let read = store.read()?;
            let mut rows = table::new_table(ctx.style, &["Setting", "Value", "What it holds"]);
            for (key, holds) in SETTINGS {
                let value = read.setting(key)?.unwrap_or_default();
                rows.add_row(vec![
                    Cell::new(key),
                    Cell::new(table::plain(&value)),
                    Cell::new(holds),
                ]);
            }
            writeln!(out, "{rows}")?;
        }
        ConfigCommand::Get { key } => {
            known_setting(&key)?;
            if let Some(value) = store.read()?.setting(&key)? {
                writeln!(out, "{value}")?;
            }
        }
        ConfigCommand::Set { key, value } => {
            let tx = ctx.transaction(&mut *store)?;
            tx.set_setting(&key, Some(&value))?;
            tx.finish()?;
            writeln!(out, "{key} = {}", table::plain(value.trim()))?;
        }
        ConfigCommand::Unset { key } => {
            let tx = ctx.transaction(&mut *store)?;
            tx.set_setting(&key, None)?;
            tx.finish()?;
            writeln!(out, "{key} is no longer set.")?;
        }
    }
    Ok(())
}
