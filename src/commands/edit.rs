//! `claims edit`: correct a claim; every change goes into its history.

use std::io::Write;

use anyhow::Result;
use rusqlite::Connection;

use crate::context::Context;
use crate::db::{self, claims::Field, filter::speaker_key, history::Change};
use crate::input;
use crate::model::ClaimId;

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
    let mut tags = args
        .tags
        .iter()
        .map(|tag| input::tag(tag))
        .collect::<Result<Vec<_>>>()?;
    let mut untags = args
        .untags
        .iter()
        .map(|tag| input::tag(tag))
        .collect::<Result<Vec<_>>>()?;
    // A tag both added and removed in one edit leaves the claim as it was.
    let both: Vec<String> = tags
        .iter()
        .filter(|t| untags.contains(t))
        .cloned()
        .collect();
    tags.retain(|t| !both.contains(t));
    untags.retain(|t| !both.contains(t));

    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let claim = db::claims::get(&tx, id)?;
    let editor = Editor {
        conn: &tx,
        id,
        now: ctx.timestamp(),
        actor: ctx.actor(),
    };
    let mut changed: Vec<&str> = Vec::new();

    let fields = [
        (
            Field::Text,
            Some(claim.text.as_str()),
            text.as_ref().map(|t| Some(t.as_str())),
        ),
        (
            Field::SaidOn,
            claim.said_on.as_deref(),
            said_on.as_ref().map(|d| Some(d.as_str())),
        ),
        (
            Field::Context,
            claim.context.as_deref(),
            context.as_ref().map(Option::as_deref),
        ),
        (
            Field::SourceUrl,
            claim.source_url.as_deref(),
            source_url.as_ref().map(Option::as_deref),
        ),
        (
            Field::SpeakerRole,
            claim.speaker_role.as_deref(),
            role.as_ref().map(Option::as_deref),
        ),
    ];
    for (field, old, new) in fields {
        if let Some(new) = new.filter(|new| *new != old) {
            db::claims::set_field(&tx, id, field, new)?;
            editor.record(field.column(), old, new)?;
            changed.push(field.column());
        }
    }
    if let Some(speaker) = speaker.filter(|name| speaker_key(name) != speaker_key(&claim.speaker)) {
        db::claims::set_speaker(&tx, id, &speaker)?;
        editor.record("speaker", Some(&claim.speaker), Some(&speaker))?;
        changed.push("speaker");
    }
    let kept = claim.tags.iter().filter(|tag| !untags.contains(tag));
    input::tag_count(
        kept.chain(&tags)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
    )?;
    let mut tags_changed = false;
    for tag in &tags {
        if db::claims::add_tag(&tx, id, tag, claim.status.as_str())? {
            editor.record("tag", None, Some(tag))?;
            tags_changed = true;
        }
    }
    for tag in &untags {
        if db::claims::remove_tag(&tx, id, tag)? {
            editor.record("tag", Some(tag), None)?;
            tags_changed = true;
        }
    }
    if tags_changed {
        changed.push("tags");
    }

    if changed.is_empty() {
        writeln!(out, "Claim {id} unchanged: it already has those values.")?;
        return Ok(());
    }
    db::claims::touch(&tx, id, &editor.now)?;
    tx.commit()?;
    writeln!(out, "Updated claim {id}: {}.", changed.join(", "))?;
    Ok(())
}

/// Records the changes of one edit, all with the same time and author.
struct Editor<'a> {
    conn: &'a Connection,
    id: ClaimId,
    now: String,
    actor: String,
}

impl Editor<'_> {
    fn record(&self, field: &str, old_value: Option<&str>, new_value: Option<&str>) -> Result<()> {
        db::history::record(
            self.conn,
            self.id,
            &self.now,
            &self.actor,
            &Change {
                field,
                old_value,
                new_value,
                note: None,
            },
        )
    }
}
