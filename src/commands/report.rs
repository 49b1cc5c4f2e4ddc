//! `claims report`: the database as a static website for editors and readers.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::publisher_args::PublisherArgs;
use crate::context::Context;
use crate::filter::ClaimFilter;
use crate::input;
use crate::output::progress;
use crate::output::table::{count, counted};
use crate::report::{self, Options, site};

/// Write the review as a small static website into a folder: a front page with the review
/// table, counts by status and charts; a page per claim (with its evidence, notes, history and
/// ClaimReview JSON-LD) and a page per speaker. It needs no network and opens from the folder
/// (index.html). Writing to the folder of an earlier report replaces that report whole.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The folder to write: new, empty, or holding an earlier report.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The title on every page.
    #[arg(long, default_value = "Fact checks")]
    pub title: String,

    /// Claims per page of the review table (the front page holds the first page).
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..))]
    pub rows_per_page: u32,

    /// Give all three to embed each verdict's ClaimReview in its claim's page, as `export
    /// --format claimreview` writes it (the desk's `claims config` settings stand in for those
    /// not given).
    #[command(flatten)]
    pub publisher: PublisherArgs,

    /// A report for readers: published claims only (`claims publish`), with their verdicts,
    /// explanations, sources and corrections, and none of the desk's working notes, reviewers'
    /// names or internal history. Without it the report is the desk's own, and says so on
    /// every page.
    #[arg(long)]
    pub public: bool,
}

/// Runs `claims report`.
pub fn run(ctx: &Context, args: ReportArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let given = args.publisher.filled_from(&*read)?;
    let publisher = if given.is_empty() {
        None
    } else {
        Some(given.required("embedding ClaimReview")?)
    };
    let title = input::required_text(&args.title, "--title", input::MAX_NAME_CHARS)?;
    // A report replaces its folder whole: the database must not be in it.
    if let (Ok(out), Ok(db)) = (args.out.canonicalize(), ctx.db_path.canonicalize())
        && db.starts_with(&out)
    {
        bail!(
            "--out '{}' is or holds the database: choose a folder of its own for the report",
            args.out.display()
        );
    }
    crate::files::refuse_to_replace(&args.out, "--out", &[(&ctx.db_path, "the database")])?;
    // One read snapshot (begun above): the pages agree with each other whoever writes
    // meanwhile.
    let scale = read.scale()?;
    let options = Options {
        title,
        rows_per_page: args.rows_per_page as usize,
        publisher,
        generated_at: ctx.timestamp(),
        public: args.public,
    };
    let claims: u64 = read
        .count_by_status(&ClaimFilter::default())?
        .iter()
        .map(|(_, n)| n)
        .sum();
    // A bar only where the report takes a while: ten thousand claims take about a second.
    let bar = progress::bar(
        Some(claims).filter(|n| *n >= 10_000),
        "{bar:40} {pos}/{len} claim pages {elapsed} (ETA {eta})",
    );
    let show = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let written = site::publish(&args.out, |dir| {
        report::write(&*read, &scale, &options, dir, &show)
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let written = written?;
    writeln!(
        out,
        "Wrote the report of {} ({}, {}) to {}: open {}.",
        counted(written.claims, "claim"),
        counted(written.speakers as u64, "speaker"),
        counted(written.table_pages as u64, "table page"),
        args.out.display(),
        args.out.join("index.html").display()
    )?;
    if options.publisher.is_none() {
        eprintln!(
            "note: no ClaimReview in the claim pages: give --publisher, --publisher-url and \
             --review-url to embed it."
        );
    } else {
        eprintln!(
            "note: {} ClaimReview embedded (one per claim with a verdict).",
            count(written.reviews)
        );
    }
    Ok(())
}
