//! `claims doctor`: check the database file and say what to do about what is wrong.

use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::Cell;

use crate::context::Context;
use crate::db::Location;
use crate::db::postgres::doctor as postgres_doctor;
use crate::db::sqlite::doctor::{self, Finding, Outcome, Repair};
use crate::output::table;

/// Check the database: SQLite's integrity and foreign-key checks, the schema version and
/// objects, the search index, the kept counts, and history whose claim is gone without
/// `claims rm`. On PostgreSQL: the schema version, the kept counts and the search index (the
/// server checks its own pages). Exits 1 when something is wrong, saying what to do.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Also repair what can be rebuilt from the claims (indexes, triggers, the search index,
    /// the counts), in one transaction, then check again. Nothing you logged is changed.
    #[arg(long)]
    pub repair: bool,
}

/// Runs `claims doctor`.
/// The database under examination, on either engine.
enum Patient {
    File(doctor::Patient),
    Server(postgres_doctor::Patient),
}

impl Patient {
    fn check(&mut self) -> Vec<Finding> {
        match self {
            Patient::File(patient) => patient.check(),
            Patient::Server(patient) => patient.check(),
        }
    }

    fn repair(&mut self, repairs: &[Repair]) -> Result<()> {
        match self {
            Patient::File(patient) => patient.repair(repairs),
            Patient::Server(patient) => patient.repair(repairs),
        }
    }
}

pub fn run(ctx: &Context, args: DoctorArgs, out: &mut dyn Write) -> Result<()> {
    let mut patient = match &ctx.db {
        Location::File(path) => Patient::File(doctor::Patient::open(path)?),
        Location::Postgres(url) => Patient::Server(postgres_doctor::Patient::open(url)?),
    };
    let mut findings = patient.check();
    if args.repair {
        let repairs: Vec<doctor::Repair> = findings
            .iter()
            .filter_map(|finding| match &finding.outcome {
                Outcome::Problem { repair, .. } => repair.clone(),
                Outcome::Fine(_) => None,
            })
            .collect();
        if !repairs.is_empty() {
            patient.repair(&repairs)?;
            writeln!(out, "Repaired {} problem(s); checked again:", repairs.len())?;
            findings = patient.check();
        }
    }
    write_report(ctx, out, &findings)?;
    let problems: Vec<&Finding> = findings
        .iter()
        .filter(|finding| matches!(finding.outcome, Outcome::Problem { .. }))
        .collect();
    if problems.is_empty() {
        writeln!(out, "{}: no problems found.", ctx.db)?;
        return Ok(());
    }
    let repairable = problems
        .iter()
        .filter(|finding| {
            matches!(
                finding.outcome,
                Outcome::Problem {
                    repair: Some(_),
                    ..
                }
            )
        })
        .count();
    let names: Vec<&str> = problems.iter().map(|finding| finding.check).collect();
    // The report goes out before the error: on an error, what is still buffered is dropped.
    out.flush()?;
    bail!(
        "{} problem(s) in '{}' ({}): see the table above{}",
        problems.len(),
        ctx.db,
        names.join(", "),
        if repairable > 0 && !args.repair {
            format!("; `claims doctor --repair` fixes {repairable} of them")
        } else {
            String::new()
        }
    )
}

fn write_report(ctx: &Context, out: &mut dyn Write, findings: &[Finding]) -> Result<()> {
    let mut rows = table::new_table(ctx.style, &["Check", "Result", "Found", "What to do"]);
    for finding in findings {
        let (result, found, fix) = match &finding.outcome {
            Outcome::Fine(seen) => ("ok", seen.as_str(), ""),
            Outcome::Problem { found, fix, .. } => ("PROBLEM", found.as_str(), fix.as_str()),
        };
        rows.add_row(vec![
            Cell::new(finding.check),
            Cell::new(result),
            Cell::new(table::plain(found)),
            Cell::new(fix),
        ]);
    }
    writeln!(out, "{rows}")?;
    Ok(())
}
