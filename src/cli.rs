//! The command line: global options, then one subcommand.

use clap::Parser;

use crate::commands::Command;
use crate::db::Location;
use crate::output::ColorChoice;

/// Track the claims politicians and officials make, the evidence on them, and their verdicts,
/// in one SQLite file or a desk's PostgreSQL database.
#[derive(Debug, Parser)]
#[command(
    name = "claims",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database: an SQLite file, or a PostgreSQL database as postgres://USER@HOST/DATABASE
    /// (the PG* variables and ~/.pgpass fill in what it leaves out, as for psql).
    #[arg(long, global = true, env = "CLAIMS_DB", default_value = "claims.db")]
    pub db: Location,

    /// When to colour the output: auto colours only on a terminal, and never when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}
