//! `claims note`: a timestamped working note on a claim; `claims note edit`: correct one.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::model::{ClaimId, NoteId};

/// Add a timestamped working note to a claim: what you found, asked or still have to do. Or
/// correct a note: `claims note edit NOTE_ID TEXT` (the history keeps the old text).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct NoteArgs {
    #[command(subcommand)]
    pub action: Option<NoteAction>,

    /// The claim's id.
    #[arg(required = true)]
    pub id: Option<i64>,

    /// The note. `-` reads it from standard input.
    #[arg(required = true)]
    pub text: Option<String>,
}

/// What to do to a note.
#[derive(Debug, clap::Subcommand)]
pub enum NoteAction {
    Edit(EditArgs),
}

/// Correct a working note's text; the claim's history keeps the old one.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The note's id (`claims show CLAIM_ID --format json` lists a claim's notes).
    pub note_id: i64,
    /// The corrected text. `-` reads it from standard input.
    pub text: String,
}

pub fn run(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(NoteAction::Edit(edit)) = args.action {
        return correct(ctx, edit, out);
    }
    let (Some(id), Some(text)) = (args.id, args.text) else {
        anyhow::bail!("give the claim's id and the note: `claims note 3 \"Asked the agency.\"`");
    };
    let id = ClaimId(id);
    let text = input::required_text_or_stdin(&text, "the note", input::MAX_LONG_TEXT_CHARS)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let note_id = tx.add_note(id, &text)?;
    tx.finish()?;
    writeln!(out, "Added note {note_id} to claim {id}.")?;
    Ok(())
}

fn correct(ctx: &Context, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    let id = NoteId(args.note_id);
    let text = input::required_text_or_stdin(&args.text, "the note", input::MAX_LONG_TEXT_CHARS)?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let (claim, changed) = tx.edit_note(id, &text)?;
    if changed {
        tx.finish()?;
        writeln!(
            out,
            "Corrected note {id} on claim {claim}; the history keeps the old text."
        )?;
    } else {
        writeln!(out, "Note {id} unchanged: it already says that.")?;
    }
    Ok(())
}
