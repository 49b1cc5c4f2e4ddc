//! `claims add`: log a claim.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::matching::Closeness;
use crate::model::NewClaim;
use crate::output::table;

/// How many claims close to a new one `add` names.
const SHOWN_MATCHES: usize = 3;

/// Log a claim, with status `unverified`, and print its id.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// What was said, as said. `-` reads it from standard input.
    pub text: String,

    /// Who said it. "Marco Rubio" and "marco rubio " are the same speaker.
    #[arg(long)]
    pub speaker: String,

    /// When it was said: YYYY-MM-DD, today or yesterday.
    #[arg(long)]
    pub date: String,

    /// The role the speaker spoke in ("U.S. Secretary of State"); ClaimReview's jobTitle.
    #[arg(long)]
    pub role: Option<String>,

    /// Where or in what situation it was said (a speech, an interview, a post).
    #[arg(long)]
    pub context: Option<String>,

    /// Where it appeared: an http(s) link to the speech, article or post.
    #[arg(long)]
    pub url: Option<String>,

    /// A topic to file it under (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Log it even if a claim already logged likely says the same thing.
    #[arg(long)]
    pub new: bool,
}

pub fn run(ctx: &Context, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    let text = input::required_text_or_stdin(&args.text, "the claim text", input::MAX_CLAIM_CHARS)?;
    let speaker = input::required_text(&args.speaker, "the speaker", input::MAX_NAME_CHARS)?;
    let said_on = input::past_date(&args.date, "--date", ctx.today())?;
    let role = input::optional_text(args.role.as_deref(), "the role", input::MAX_NAME_CHARS)?;
    let context = input::optional_text(
        args.context.as_deref(),
        "the context",
        input::MAX_LONG_TEXT_CHARS,
    )?;
    let source_url = args
        .url
        .as_deref()
        .map(|url| input::web_url(url, "--url"))
        .transpose()?;
    let tags = args
        .tags
        .iter()
        .map(|tag| input::tag(tag))
        .collect::<Result<Vec<_>>>()?;

    // What a repeat of this claim would carry over, for the way the error proposes.
    let mut repeat_args = String::new();
    for (flag, value) in [("--url", &source_url), ("--context", &context)] {
        if let Some(value) = value {
            repeat_args.push_str(&format!(" {flag} {}", table::shell_word(value)));
        }
    }
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let added = tx.add_claim(
        &NewClaim {
            text: &text,
            speaker: &speaker,
            said_on: Some(said_on),
            context: context.as_deref(),
            source_url: source_url.as_deref(),
            speaker_role: role.as_deref(),
        },
        &tags,
        args.new,
        &repeat_args,
    )?;
    tx.finish()?;
    let (id, matches) = (added.id, added.matches);
    writeln!(out, "Logged claim {id}.")?;
    for found in matches.iter().take(SHOWN_MATCHES) {
        writeln!(
            out,
            "{} the same as claim {} (similarity {:.2}): {}",
            match found.closeness {
                Closeness::Likely => "Likely",
                _ => "Possibly",
            },
            found.id,
            found.similarity,
            table::shortened(&table::plain(&found.text), 60)
        )?;
    }
    if matches.len() > SHOWN_MATCHES {
        writeln!(
            out,
            "… and {} more: `claims similar {id}` lists them.",
            matches.len() - SHOWN_MATCHES
        )?;
    }
    Ok(())
}
