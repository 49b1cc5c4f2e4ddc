//! `claims deleted`: the claims deleted with `claims rm`, from the history.

use std::io::Write;

use anyhow::{Context as _, Result};
use comfy_table::{Cell, CellAlignment};

use crate::context::Context;
use crate::db::StoreTxn;
use crate::model::ClaimRecord;
use crate::output::{json::JsonArrayWriter, table};

/// List the deleted claims with when and by whom; `--format json` writes their whole records,
/// which `claims import` takes back.
#[derive(Debug, clap::Args)]
pub struct DeletedArgs {
    /// table for people; json for the records themselves (importable).
    #[arg(long, value_enum, default_value_t = DeletedFormat::Table)]
    pub format: DeletedFormat,
}

/// What `deleted` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DeletedFormat {
    Table,
    Json,
}

/// A deletion recorded in the history.
struct Deletion {
    at: crate::model::Timestamp,
    actor: String,
    record: ClaimRecord,
}

/// The claims deleted and not back: for each, its last deletion, oldest first. A claim
/// imported back from its record is no longer deleted.
fn deletions(read: &dyn StoreTxn) -> Result<Vec<Deletion>> {
    let mut found: Vec<Deletion> = Vec::new();
    for (id, entry) in read.deletions()? {
        if read.claim(id).is_ok() {
            continue;
        }
        let snapshot = entry.old_value.as_deref().unwrap_or_default();
        let record: ClaimRecord = serde_json::from_str(snapshot).with_context(|| {
            format!("the record of deleted claim {id} in the history cannot be read")
        })?;
        found.retain(|earlier| earlier.record.claim.id != id);
        found.push(Deletion {
            at: entry.at,
            actor: entry.actor,
            record,
        });
    }
    Ok(found)
}

/// Runs `claims deleted`.
pub fn run(ctx: &Context, args: DeletedArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let found = deletions(&*store.read()?)?;
    match args.format {
        DeletedFormat::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for deletion in &found {
                writer.write(&deletion.record)?;
            }
            writer.finish()?;
        }
        DeletedFormat::Table => {
            if found.is_empty() {
                writeln!(out, "No claim has been deleted.")?;
                return Ok(());
            }
            let mut rows =
                table::new_table(ctx.style, &["Id", "Deleted", "By", "Speaker", "Claim"]);
            for deletion in &found {
                let claim = &deletion.record.claim;
                rows.add_row(table::one_line_row(vec![
                    Cell::new(claim.id).set_alignment(CellAlignment::Right),
                    Cell::new(table::when(&deletion.at)),
                    Cell::new(table::plain(&deletion.actor)),
                    Cell::new(table::plain(&claim.speaker)),
                    Cell::new(table::plain(&claim.text)),
                ]));
            }
            writeln!(out, "{rows}")?;
            writeln!(
                out,
                "`claims deleted --format json > deleted.json` and `claims import deleted.json` \
                 bring them back."
            )?;
        }
    }
    Ok(())
}
