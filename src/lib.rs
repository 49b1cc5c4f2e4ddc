//! `claims`: a fact-checking claim tracker on one SQLite file, or on a desk's PostgreSQL
//! database. A checker logs the claims worth
//! checking with their speaker and date, attaches sources as evidence, reaches and justifies a
//! verdict, and reviews and exports the state of everything. Every change is kept in a history.

pub mod claimreview;
pub mod cli;
pub mod commands;
pub mod context;
pub mod dates;
pub mod db;
pub mod error;
pub mod extract;
pub mod files;
pub mod filter;
pub mod import;
pub mod input;
pub mod matching;
pub mod model;
pub mod ops;
pub mod output;
pub mod report;
pub mod scale;
pub mod search;

use std::io::Write;

use anyhow::Result;

use crate::cli::Cli;
use crate::context::Context;
use crate::output::Style;

/// Runs one parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let context = Context::new(cli.db, Style::detect(cli.color))?;
    commands::run(&context, cli.command, out).map_err(|err| db::explained(err, &context.db))?;
    out.flush()?;
    Ok(())
}
