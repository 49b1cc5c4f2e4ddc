//! `claims deleted`: the claims deleted with `claims rm`, from the history.

use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use rusqlite::Connection;

use crate::context::Context;
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
    at: String,
    actor: String,
    record: ClaimRecord,
}

fn deletions(conn: &Connection) -> Result<Vec<Deletion>> {
    let mut stmt = conn
        .prepare("SELECT at, actor, old_value FROM history WHERE field = 'deleted' ORDER BY id")?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (at, actor, snapshot) = row?;
        found.push(Deletion {
            at,
            actor,
            record: serde_json::from_str(&snapshot)?,
        });
    }
    Ok(found)
}

/// Runs `claims deleted`.
pub fn run(ctx: &Context, args: DeletedArgs, out: &mut dyn Write) -> Result<()> {
    let conn = ctx.open_db()?;
    let found = deletions(&conn)?;
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
