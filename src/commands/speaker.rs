//! `claims speaker`: one speaker's record; renaming a speaker; merging two.

use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment};

use crate::context::Context;
use crate::error::UserError;
use crate::filter::{ClaimFilter, SortOrder};
use crate::input;
use crate::model::{Claim, SpeakerKind};
use crate::ops::{Moved, SpeakerChange};
use crate::output::{Style, table};
use crate::scale::Scale;

/// One speaker's record: their claims by verdict as a chart, their most repeated claims and
/// their latest. Or fix a speaker's name: `rename`, and `merge` for one person under two names.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SpeakerArgs {
    #[command(subcommand)]
    pub action: Option<SpeakerAction>,

    /// The speaker's name (any case and spacing).
    #[arg(required = true)]
    pub name: Option<String>,
}

/// What to do to a speaker.
#[derive(Debug, clap::Subcommand)]
pub enum SpeakerAction {
    Rename(RenameArgs),
    Merge(MergeArgs),
    Kind(KindArgs),
}

/// Say whether a speaker is a person or an organisation ("Associated Press", a ministry):
/// ClaimReview names the claim's author with that `@type`.
#[derive(Debug, clap::Args)]
pub struct KindArgs {
    /// The speaker's name (any case and spacing).
    pub name: String,
    /// What the speaker is.
    #[arg(value_enum)]
    pub kind: KindValue,
}

/// `claims speaker kind`'s values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindValue {
    Person,
    #[value(alias = "organisation")]
    Organization,
}

/// Give a speaker another name; their claims and their history keep everything.
#[derive(Debug, clap::Args)]
pub struct RenameArgs {
    /// The speaker's name now.
    pub old: String,
    /// The name to give them.
    pub new: String,
}

/// Make two speakers one: every claim and repeat of FROM goes to INTO, and FROM is gone.
/// For one person logged under two names ("Rubio" and "Marco Rubio").
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The name to retire.
    pub from: String,
    /// The speaker who keeps their name and gets the claims.
    pub into: String,

    /// Merge without asking: every claim of FROM moves, which only another merge undoes.
    #[arg(long)]
    pub yes: bool,
}

/// How many claims the record's lists show.
const SHOWN: u64 = 5;

/// Runs `claims speaker`.
pub fn run(ctx: &Context, args: SpeakerArgs, out: &mut dyn Write) -> Result<()> {
    match (args.action, args.name) {
        (Some(SpeakerAction::Rename(rename)), _) => rename_speaker(ctx, rename, out),
        (Some(SpeakerAction::Merge(merge)), _) => merge_speakers(ctx, merge, out),
        (Some(SpeakerAction::Kind(kind)), _) => speaker_kind(ctx, kind, out),
        (None, Some(name)) => record(ctx, &name, out),
        (None, None) => bail!("give a speaker's name: `claims speaker \"Marco Rubio\"`"),
    }
}

fn record(ctx: &Context, name: &str, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let read = store.read()?;
    let speaker = read
        .speaker(name)?
        .ok_or_else(|| UserError::SpeakerNotFound(name.trim().to_string()))?;
    let scale = read.scale()?;
    let theirs = ClaimFilter {
        speaker: Some(speaker.name.clone()),
        ..ClaimFilter::default()
    };
    let counts = read.count_by_status(&theirs)?;
    let claims: Vec<Claim> = read.list(&theirs, SortOrder::Date, None)?;
    let total = claims.len();
    let checked = claims.iter().filter(|c| c.status.is_verdict()).count();
    // What this speaker said: their claims and their repeats, of their own claims or of others'
    // (a repeat by someone else is that person's saying, not this speaker's).
    let said = read.times_said_by(speaker.id)?;
    match speaker.kind {
        Some(kind) => writeln!(out, "{} ({})", table::plain(&speaker.name), kind.as_str())?,
        None => writeln!(out, "{}", table::plain(&speaker.name))?,
    }
    writeln!(
        out,
        "{} {}, {checked} with a verdict; said {said} times in all.\n",
        total,
        if total == 1 { "claim" } else { "claims" }
    )?;
    writeln!(out, "By status")?;
    let widest = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    for (status, n) in &counts {
        writeln!(
            out,
            "  {:<16} {} {n}",
            status.as_str(),
            bar(ctx.style, &scale, status, *n, widest)
        )?;
    }

    let mut repeated: Vec<&Claim> = claims.iter().filter(|c| c.times_said > 1).collect();
    repeated.sort_by(|a, b| b.times_said.cmp(&a.times_said).then(a.id.cmp(&b.id)));
    writeln!(out, "\nMost repeated")?;
    if repeated.is_empty() {
        writeln!(out, "  none repeated")?;
    } else {
        let shown: Vec<&Claim> = repeated.into_iter().take(SHOWN as usize).collect();
        writeln!(out, "{}", claims_table(ctx.style, &scale, &shown, true))?;
    }
    writeln!(out, "\nLatest")?;
    let latest: Vec<&Claim> = claims.iter().take(SHOWN as usize).collect();
    writeln!(out, "{}", claims_table(ctx.style, &scale, &latest, false))?;
    Ok(())
}

/// A bar of `n` out of `widest`, 30 cells at most: Unicode blocks on a terminal (coloured like
/// the status when colour is on), `#` elsewhere.
fn bar(style: Style, scale: &Scale, status: &crate::model::Status, n: u64, widest: u64) -> String {
    const WIDTH: u64 = 30;
    let cells = if widest == 0 {
        0
    } else {
        (n * WIDTH).div_ceil(widest) as usize
    };
    if !style.terminal {
        return "#".repeat(cells);
    }
    let blocks = "█".repeat(cells);
    let coloured = table::status_text(style, scale, status);
    // status_text wraps the name in colour codes; the same codes wrap the bar.
    coloured.replace(status.as_str(), &blocks)
}

fn claims_table(style: Style, scale: &Scale, claims: &[&Claim], times: bool) -> comfy_table::Table {
    let header: &[&str] = if times {
        &["Id", "Said", "Date", "Status", "Claim"]
    } else {
        &["Id", "Date", "Status", "Claim"]
    };
    let mut rows = table::new_table(style, header);
    for claim in claims {
        let mut row = vec![Cell::new(claim.id).set_alignment(CellAlignment::Right)];
        if times {
            row.push(Cell::new(claim.times_said).set_alignment(CellAlignment::Right));
        }
        row.extend([
            Cell::new(table::day(claim.said_on, "unknown")),
            table::status_cell(scale, &claim.status),
            Cell::new(table::plain(&claim.text)),
        ]);
        rows.add_row(table::one_line_row(row));
    }
    rows
}

fn speaker_kind(ctx: &Context, args: KindArgs, out: &mut dyn Write) -> Result<()> {
    let kind = match args.kind {
        KindValue::Person => SpeakerKind::Person,
        KindValue::Organization => SpeakerKind::Organization,
    };
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    match tx.set_speaker_kind(&args.name, kind)? {
        None => writeln!(
            out,
            "{} is {} already: nothing changed.",
            args.name.trim(),
            indefinite(kind)
        )?,
        Some(speaker) => {
            tx.finish()?;
            writeln!(out, "{} is {}.", speaker.name, indefinite(kind))?;
        }
    }
    Ok(())
}

/// "a person", "an organization".
fn indefinite(kind: SpeakerKind) -> &'static str {
    match kind {
        SpeakerKind::Person => "a person",
        SpeakerKind::Organization => "an organization",
    }
}

fn rename_speaker(ctx: &Context, args: RenameArgs, out: &mut dyn Write) -> Result<()> {
    let new = input::required_text(&args.new, "the new name", input::MAX_NAME_CHARS)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    match tx.rename_speaker(&args.old, &new)? {
        SpeakerChange::Unchanged(speaker) => {
            writeln!(
                out,
                "{} is already called that: nothing changed.",
                speaker.name
            )?;
        }
        SpeakerChange::Moved(Moved { from, to, claims }) => {
            tx.finish()?;
            writeln!(
                out,
                "Renamed {} to {to}: {} kept.",
                from.name,
                table::counted(claims, "claim")
            )?;
        }
    }
    Ok(())
}

fn merge_speakers(ctx: &Context, args: MergeArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let (from, into, claims) = tx.merge_plan(&args.from, &args.into)?;
    if !args.yes {
        bail!(
            "merging {} into {} moves {} to {} and retires the name {}: run it again with \
             --yes to merge",
            table::plain(&from.name),
            table::plain(&into.name),
            table::counted(claims, "claim"),
            table::plain(&into.name),
            table::plain(&from.name)
        );
    }
    let Moved { from, to, claims } = tx.merge_speakers(&args.from, &args.into)?;
    tx.finish()?;
    writeln!(
        out,
        "Merged {} into {to}: {} moved.",
        from.name,
        table::counted(claims, "claim")
    )?;
    Ok(())
}
