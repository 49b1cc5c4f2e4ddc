//! `claims repeat`: record that a logged claim was made again.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::db::{self, appearances::NewAppearance, history::Change};
use crate::input;
use crate::model::{BOTTOMLESS_TIMES, ClaimId};

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
    let said_on = input::past_date(&args.date, "--date", ctx.today())?.to_string();
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

    let mut conn = ctx.open_db()?;
    let tx = db::write(&mut conn)?;
    let claim = db::claims::get(&tx, id)?;
    let speaker = speaker.unwrap_or_else(|| claim.speaker.clone());
    let (speaker_id, _) = db::claims::speaker_id_created(&tx, &speaker)?;
    let now = ctx.timestamp();
    let appearance = db::appearances::insert(
        &tx,
        id,
        &NewAppearance {
            speaker_id,
            said_on: Some(&said_on),
            source_url: source_url.as_deref(),
            context: context.as_deref(),
        },
        &now,
    )?;
    let snapshot = serde_json::to_string(&appearance)?;
    db::history::record(
        &tx,
        id,
        &now,
        &ctx.actor(),
        &Change {
            field: "repeat",
            old_value: None,
            new_value: Some(&snapshot),
            note: None,
        },
    )?;
    db::claims::touch(&tx, id, &now)?;
    let scale = db::scale::load(&tx)?;
    tx.commit()?;
    let times = claim.times_said + 1;
    writeln!(
        out,
        "Recorded a repeat of claim {id} by {} on {said_on}: said {times} times now.",
        appearance.speaker
    )?;
    if scale.is_bottomless(&claim.status, times) && !scale.is_bottomless(&claim.status, times - 1) {
        writeln!(
            out,
            "Claim {id} is rated {} and has now been made {BOTTOMLESS_TIMES} times: it is \
             bottomless.",
            claim.status
        )?;
    }
    Ok(())
}
