//! `claims publish`: mark checked claims as published.

use std::io::Write;

use anyhow::Result;

use super::filter_args::FilterArgs;
use super::selection;
use crate::context::Context;
use crate::input;
use crate::output::table;

/// Mark checked claims as published: when, by whom, and where (--url). From then on ClaimReview
/// export and `claims report --public` take only published claims, and changing a published
/// verdict is a correction that readers are shown. Ids, or the filters of `claims list`; above
/// 20 claims only with --yes.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The claims' ids (none with filters).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Where the check was published (one claim), an http(s) address.
    #[arg(long)]
    pub url: Option<String>,

    /// Change more than 20 claims without asking.
    #[arg(long)]
    pub yes: bool,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Runs `claims publish`.
pub fn run(ctx: &Context, args: PublishArgs, out: &mut dyn Write) -> Result<()> {
    let ids = selection::ids(&args.ids)?;
    let url = args
        .url
        .as_deref()
        .map(|url| input::web_url(url, "--url"))
        .transpose()?;
    let mut store = ctx.open_store()?;
    let tx = ctx.transaction(&mut *store)?;
    let chosen = selection::claims(tx.store(), ids, &args.filters, args.yes)?;
    if url.is_some() && chosen.len() > 1 {
        anyhow::bail!(
            "--url is the address of one claim's check: publish the claims one at a time with \
             their own --url, or without it"
        );
    }
    let mut published = 0;
    for id in &chosen {
        published += u64::from(tx.publish(*id, url.as_deref())?);
    }
    tx.finish()?;
    let already = chosen.len() as u64 - published;
    match (chosen.as_slice(), published) {
        ([one], 1) => writeln!(out, "Published claim {one}.")?,
        ([one], _) => writeln!(out, "Claim {one} is published already: nothing changed.")?,
        _ => writeln!(
            out,
            "Published {}{}.",
            table::counted(published, "claim"),
            if already > 0 {
                format!(" ({already} were already)")
            } else {
                String::new()
            }
        )?,
    }
    Ok(())
}
