//! `claims speaker`: one speaker's record; renaming a speaker; merging two.

use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment};

use crate::context::Context;
use crate::db::{self, filter::ClaimFilter, filter::SortOrder, history::Change};
use crate::input;
use crate::model::{Claim, ClaimId};
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
}

/// How many claims the record's lists show.
const SHOWN: u64 = 5;

/// Runs `claims speaker`.
pub fn run(ctx: &Context, args: SpeakerArgs, out: &mut dyn Write) -> Result<()> {
    match (args.action, args.name) {
        (Some(SpeakerAction::Rename(rename)), _) => rename_speaker(ctx, rename, out),
        (Some(SpeakerAction::Merge(merge)), _) => merge_speakers(ctx, merge, out),
        (None, Some(name)) => record(ctx, &name, out),
        (None, None) => bail!("give a speaker's name: `claims speaker \"Marco Rubio\"`"),
    }
}

fn record(ctx: &Context, name: &str, out: &mut dyn Write) -> Result<()> {
    let conn = ctx.open_db()?;
    let speaker = db::speakers::find(&conn, name)?;
    let scale = db::scale::load(&conn)?;
    let theirs = ClaimFilter {
        speaker: Some(speaker.name.clone()),
        ..ClaimFilter::default()
    };
    let counts = db::claims::count_by_status(&conn, &theirs)?;
    let claims: Vec<Claim> = db::claims::list(&conn, &theirs, SortOrder::Date, None)?;
    let total = claims.len();
    let checked = claims.iter().filter(|c| c.status.is_verdict()).count();
    let said: i64 = claims.iter().map(|c| c.times_said).sum();
    writeln!(out, "{}", table::plain(&speaker.name))?;
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
            Cell::new(claim.said_on.as_deref().unwrap_or("unknown")),
            table::status_cell(scale, &claim.status),
            Cell::new(table::plain(&claim.text)),
        ]);
        rows.add_row(table::one_line_row(row));
    }
    rows
}

fn rename_speaker(ctx: &Context, args: RenameArgs, out: &mut dyn Write) -> Result<()> {
    let new = input::required_text(&args.new, "the new name", input::MAX_NAME_CHARS)?;
    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let speaker = db::speakers::find(&tx, &args.old)?;
    // Only "no such speaker" means the name is free: any other error stops the rename.
    if let Some(other) = db::speakers::find_optional(&tx, &new)?
        && other.id != speaker.id
    {
        bail!(
            "'{}' is another speaker already: to make them one, `claims speaker merge \"{}\" \
             \"{}\"`",
            other.name,
            speaker.name,
            other.name
        );
    }
    if speaker.name == new {
        writeln!(
            out,
            "{} is already called that: nothing changed.",
            speaker.name
        )?;
        return Ok(());
    }
    let ids = db::speakers::claim_ids(&tx, speaker.id)?;
    db::speakers::rename(&tx, speaker.id, &new)?;
    record_moves(ctx, &tx, &ids, &speaker.name, &new, "speaker renamed")?;
    tx.commit()?;
    writeln!(
        out,
        "Renamed {} to {new}: {} kept.",
        speaker.name,
        table::counted(ids.len() as u64, "claim")
    )?;
    Ok(())
}

fn merge_speakers(ctx: &Context, args: MergeArgs, out: &mut dyn Write) -> Result<()> {
    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let from = db::speakers::find(&tx, &args.from)?;
    let into = db::speakers::find(&tx, &args.into)?;
    if from.id == into.id {
        bail!(
            "'{}' and '{}' are the same speaker already: nothing to merge",
            args.from.trim(),
            args.into.trim()
        );
    }
    let ids = db::speakers::claim_ids(&tx, from.id)?;
    db::speakers::merge(&tx, from.id, into.id)?;
    record_moves(ctx, &tx, &ids, &from.name, &into.name, "speakers merged")?;
    tx.commit()?;
    writeln!(
        out,
        "Merged {} into {}: {} moved.",
        from.name,
        into.name,
        table::counted(ids.len() as u64, "claim")
    )?;
    Ok(())
}

/// A history entry on each claim whose speaker changed, so every claim keeps the trail.
fn record_moves(
    ctx: &Context,
    conn: &rusqlite::Connection,
    ids: &[i64],
    old: &str,
    new: &str,
    why: &str,
) -> Result<()> {
    let now = ctx.timestamp();
    let actor = ctx.actor();
    for id in ids {
        db::history::record(
            conn,
            ClaimId(*id),
            &now,
            &actor,
            &Change {
                field: "speaker",
                old_value: Some(old),
                new_value: Some(new),
                note: Some(why),
            },
        )?;
        db::claims::touch(conn, ClaimId(*id), &now)?;
    }
    Ok(())
}
