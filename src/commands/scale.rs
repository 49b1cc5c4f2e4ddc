//! `claims scale show|use`: the verdict scale of the database.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};

use crate::context::Context;
use crate::model::Status;
use crate::ops::ScaleSwitch;
use crate::output::{Style, table};
use crate::scale::{OPEN_STATUSES, Scale};

/// See or change the verdict scale: the verdicts a claim can get, their labels and ratings.
#[derive(Debug, clap::Subcommand)]
pub enum ScaleCommand {
    Show(ShowArgs),
    Use(UseArgs),
}

/// Print a scale: the database's, or a built-in one (default, politifact, pinocchios, fever)
/// or a scale file given by name.
///
/// Ratings run from 1 (the most false verdict) to the truest; verdicts off the true/false axis
/// (misleading, unproven) have none. `--format json` writes a file that `claims init --scale`
/// and `claims scale use` read back.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A built-in scale's name or a TOML or JSON scale file [default: the database's scale].
    pub scale: Option<String>,

    /// table for people; json for programs and as a starting point for a scale of your own.
    #[arg(long, value_enum, default_value_t = ScaleFormat::Table)]
    pub format: ScaleFormat,
}

/// What `scale show` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleFormat {
    Table,
    Json,
}

/// Switch the database to another scale. Claims whose verdict the new scale lacks must be
/// mapped explicitly (--map misleading=half-true); each moved claim gets a history entry.
#[derive(Debug, clap::Args)]
pub struct UseArgs {
    /// A built-in scale's name (default, politifact, pinocchios, fever) or a TOML or JSON file.
    pub scale: String,

    /// Give claims with status OLD the new scale's status NEW (repeat for each).
    #[arg(long = "map", value_name = "OLD=NEW")]
    pub maps: Vec<String>,
}

pub fn run(ctx: &Context, command: ScaleCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ScaleCommand::Show(args) => show(ctx, args, out),
        ScaleCommand::Use(args) => switch(ctx, args, out),
    }
}

fn show(ctx: &Context, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let scale = match &args.scale {
        Some(name) => Scale::named_or_file(name)?,
        None => ctx.open_store()?.read()?.scale()?,
    };
    match args.format {
        ScaleFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &scale)?;
            writeln!(out)?;
        }
        ScaleFormat::Table => write_scale(out, ctx.style, &scale)?,
    }
    Ok(())
}

fn write_scale(out: &mut dyn Write, style: Style, scale: &Scale) -> Result<()> {
    match scale.best_rating() {
        Some(best) => writeln!(
            out,
            "The {} scale: ratings from 1 (the most false) to {best} (the truest).",
            scale.name
        )?,
        None => writeln!(out, "The {} scale: no verdict has a rating.", scale.name)?,
    }
    let mut rows = table::new_table(style, &["Status", "Label", "Rating", "Verdict"]);
    for (name, label) in OPEN_STATUSES {
        rows.add_row(vec![
            table::status_cell(scale, &Status::new(name.to_string())),
            Cell::new(label),
            Cell::new(""),
            Cell::new("no"),
        ]);
    }
    for verdict in &scale.verdicts {
        let rating = verdict
            .rating
            .map_or("off the scale".to_string(), |r| r.to_string());
        rows.add_row(vec![
            table::status_cell(scale, &Status::new(verdict.name.clone())),
            Cell::new(broken_words(
                &table::plain(&verdict.label),
                usize::from(style.width),
            )),
            Cell::new(rating).set_alignment(CellAlignment::Right),
            Cell::new("yes"),
        ]);
    }
    writeln!(out, "{rows}")?;
    Ok(())
}

/// `text` with a line break after every `width` characters of a word longer than that.
///
/// comfy-table wraps a word too long for its column by measuring all that is left of the word
/// for each line it cuts off: quadratic in the word's length (a label of 400,000 characters
/// took 4 s, one of 5 MB did not end). Pieces no wider than the whole table make each cut
/// cheap, so the table is drawn in time linear in the text. Scale files cannot hold such
/// labels any more, but a database written before the limit can. Only a word wider than the
/// table is touched, and that one is broken into lines anyway.
fn broken_words(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut broken = String::with_capacity(text.len());
    let mut run = 0;
    for ch in text.chars() {
        if ch.is_whitespace() {
            run = 0;
        } else if run == width {
            broken.push('\n');
            run = 1;
        } else {
            run += 1;
        }
        broken.push(ch);
    }
    broken
}

fn switch(ctx: &Context, args: UseArgs, out: &mut dyn Write) -> Result<()> {
    let new = Scale::named_or_file(&args.scale)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    match tx.use_scale(&new, &args.maps)? {
        ScaleSwitch::Unchanged => {
            writeln!(out, "The database already uses the {} scale.", new.name)?;
        }
        ScaleSwitch::Switched { from, to, moved } => {
            tx.finish()?;
            let noun = if moved == 1 { "claim" } else { "claims" };
            writeln!(
                out,
                "Switched from the {from} scale to the {to} scale; {moved} {noun} moved to a \
                 new status."
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::broken_words;

    #[test]
    fn only_words_wider_than_the_table_are_broken() {
        assert_eq!(broken_words("Mostly true", 6), "Mostly true");
        assert_eq!(
            broken_words("abcdefghij klmno", 4),
            "abcd\nefgh\nij klmn\no"
        );
        assert_eq!(broken_words("abcd", 4), "abcd");
        assert_eq!(broken_words("ab", 0), "a\nb");
    }
}
