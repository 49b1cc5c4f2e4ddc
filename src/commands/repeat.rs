//! `claims repeat`: record that a logged claim was made again.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::input;
use crate::model::{BOTTOMLESS_TIMES, ClaimId};
use crate::ops::{Repeat, Repeated};

/// Record that a logged claim was made again, by its speaker or someone else: desks track how
/// often a false claim is repeated. A claim rated false and made 20 times or more is flagged
/// as bottomless (the Washington Post's "Bottomless Pinocchio" rule).
#[derive(Debug, clap::Args)]
pub struct RepeatArgs {
    /// The claim's id.
    pub id: i64,

    /// When it was said again: YYYY-MM-DD, today or yesterday.
    #[arg(long)]
    pub date: String,

    /// Where it appeared this time: an http(s) link.
    #[arg(long)]
    pub url: Option<String>,

    /// Where or in what situation it was said this time.
    #[arg(long)]
    pub context: Option<String>,

    /// Who said it this time [default: the claim's speaker].
    #[arg(long)]
    pub speaker: Option<String>,
}

/// Runs `claims repeat`.
pub fn run(ctx: &Context, args: RepeatArgs, out: &mut dyn Write) -> Result<()> {
    let id = ClaimId(args.id);
    let said_on = input::past_date(&args.date, "--date", ctx.today())?;
    let source_url = args
        .url
        .as_deref()
        .map(|url| input::web_url(url, "--url"))
        .transpose()?;
    let context = input::optional_text(
        args.context.as_deref(),
        "the context",
        input::MAX_LONG_TEXT_CHARS,
    )?;
    let speaker = args
        .speaker
        .as_deref()
        .map(|name| input::required_text(name, "the speaker", input::MAX_NAME_CHARS))
        .transpose()?;

    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let Repeated {
        claim,
        appearance,
        times,
        became_bottomless,
    } = tx.repeat(
        id,
        &Repeat {
            speaker: speaker.as_deref(),
            said_on,
            source_url: source_url.as_deref(),
            context: context.as_deref(),
        },
    )?;
    tx.finish()?;
    writeln!(
        out,
        "Recorded a repeat of claim {id} by {} on {said_on}: said {times} times now.",
        appearance.speaker
    )?;
    if became_bottomless {
        writeln!(
            out,
            "Claim {id} is rated {} and has now been made {BOTTOMLESS_TIMES} times: it is \
             bottomless.",
            claim.status
        )?;
    }
    Ok(())
}
