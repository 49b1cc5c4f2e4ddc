//! `claims note`: a timestamped working note on a claim.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::model::ClaimId;

/// Add a timestamped working note to a claim: what you found, asked or still have to do.
#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The claim's id.
    pub id: i64,

    /// The note. `-` reads it from standard input.
    pub text: String,
}

pub fn run(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let text = input::required_text_or_stdin(&args.text, "the note", input::MAX_LONG_TEXT_CHARS)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let note_id = tx.add_note(id, &text)?;
    tx.finish()?;
    writeln!(out, "Added note {note_id} to claim {id}.")?;
    Ok(())
}
