//! `claims completions` and `claims man`: what shells and `man` need, made from the command
//! line's own definition, so they never fall out of step with it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::CommandFactory;

use crate::cli::Cli;

/// Print a completion script for a shell: `claims completions bash > /etc/bash_completion.d/claims`,
/// `claims completions zsh > "${fpath[1]}/_claims"`, `claims completions fish >
/// ~/.config/fish/completions/claims.fish`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the manual page (roff): `claims man | man -l -`. With --out, write one page for
/// `claims` and one for each command into a folder (claims.1, claims-add.1, ...).
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A folder to write every page into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `claims completions`.
pub fn completions(args: CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "claims", out);
    Ok(())
}

/// Runs `claims man`.
pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<()> {
    let command = Cli::command();
    let Some(folder) = args.out else {
        clap_mangen::Man::new(command).render(out)?;
        return Ok(());
    };
    if !folder.is_dir() {
        anyhow::bail!(
            "--out '{}' is not a folder: create it first, or leave --out out to print the page",
            folder.display()
        );
    }
    let mut pages = vec![("claims".to_string(), command.clone())];
    for sub in command.get_subcommands() {
        pages.push((format!("claims-{}", sub.get_name()), sub.clone()));
    }
    for (name, page) in &pages {
        let path = folder.join(format!("{name}.1"));
        crate::files::write_atomically(&path, "--out", |file| {
            clap_mangen::Man::new(page.clone().name(name.clone())).render(file)?;
            Ok(())
        })
        .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    writeln!(
        out,
        "Wrote {} manual pages to {}.",
        pages.len(),
        folder.display()
    )?;
    Ok(())
}
