//! `claims edit`: correct a claim; every change goes into its history.

use std::io::Write;

use crate::context::Context;
use crate::input;
use crate::model::ClaimId;
use crate::ops::Edit;
use anyhow::Result;

/// Correct a claim. Each field that changes is recorded in the claim's history with its old
/// and new value.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("changes").required(true).multiple(true))]
pub struct EditArgs {
    /// The claim's id.
    pub id: i64,

    /// The corrected text (`-` reads it from standard input).
    #[arg(long, group = "changes")]
    pub text: Option<String>,

    /// The corrected speaker.
    #[arg(long, group = "changes")]
    pub speaker: Option<String>,

    /// The corrected date: YYYY-MM-DD, today or yesterday.
    #[arg(long, group = "changes")]
    pub date: Option<String>,

    /// The role the speaker spoke in; an empty value clears it.
    #[arg(long, group = "changes")]
    pub role: Option<String>,

    /// The new context; an empty value clears it.
    #[arg(long, group = "changes")]
    pub context: Option<String>,

    /// The new source link; an empty value clears it.
    #[arg(long, group = "changes")]
    pub url: Option<String>,

    /// Add a tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG", group = "changes")]
    pub tags: Vec<String>,

    /// Remove a tag (repeat for several).
    #[arg(long = "untag", value_name = "TAG", group = "changes")]
    pub untags: Vec<String>,
}

pub fn run(ctx: &Context, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let text = args
        .text
        .as_deref()
        .map(|text| input::required_text_or_stdin(text, "the claim text", input::MAX_CLAIM_CHARS))
        .transpose()?;
    let speaker = args
        .speaker
        .as_deref()
        .map(|name| input::required_text(name, "the speaker", input::MAX_NAME_CHARS))
        .transpose()?;
    let said_on = args
        .date
        .as_deref()
        .map(|date| input::past_date(date, "--date", ctx.today()).map(|d| d.to_string()))
        .transpose()?;
    let context = args
        .context
        .as_deref()
        .map(|context| {
            input::optional_text(Some(context), "the context", input::MAX_LONG_TEXT_CHARS)
        })
        .transpose()?;
    let role = args
        .role
        .as_deref()
        .map(|role| input::optional_text(Some(role), "the role", input::MAX_NAME_CHARS))
        .transpose()?;
    let source_url = args
        .url
        .as_deref()
        .map(|url| match url.trim() {
            "" => Ok(None),
            url => input::web_url(url, "--url").map(Some),
        })
        .transpose()?;
    let tags = args
        .tags
        .iter()
        .map(|tag| input::tag(tag))
        .collect::<Result<Vec<_>>>()?;
    let untags = args
        .untags
        .iter()
        .map(|tag| input::tag(tag))
        .collect::<Result<Vec<_>>>()?;

    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let changed = tx.edit_claim(
        id,
        &Edit {
            text,
            speaker,
            said_on,
            context,
            speaker_role: role,
            source_url,
            tags,
            untags,
        },
    )?;
    if changed.is_empty() {
        writeln!(out, "Claim {id} unchanged: it already has those values.")?;
        return Ok(());
    }
    tx.finish()?;
    writeln!(out, "Updated claim {id}: {}.", changed.join(", "))?;
    Ok(())
}
