//! The command line: global options, then one subcommand.

use std::path::PathBuf;

use clap::Parser;

use crate::commands::Command;
use crate::output::ColorChoice;

/// Track the claims politicians and officials make, the evidence on them, and their verdicts,
/// in one SQLite file.
#[derive(Debug, Parser)]
#[command(
    name = "claims",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "CLAIMS_DB", default_value = "claims.db")]
    pub db: PathBuf,

    /// When to colour the output: auto colours only on a terminal, and never when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}
