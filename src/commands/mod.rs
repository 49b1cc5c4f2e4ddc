//! One file per subcommand, each an `Args` struct (its doc comments are the `--help` text) and
//! a `run` function. This file is the dispatch table.

mod add;
mod assign;
mod backup;
mod completions;
mod config;
mod deleted;
mod doctor;
mod edit;
mod evidence;
mod export;
mod extract;
mod filter_args;
mod import;
mod init;
mod list;
mod note;
mod publish;
mod publisher_args;
mod queue;
mod repeat;
mod report;
mod restore;
mod review;
mod rm;
mod scale;
mod search;
mod selection;
mod show;
mod similar;
mod speaker;
mod speakers;
mod stats;
mod status;
mod undo;
mod watch;

use std::io::Write;

use anyhow::Result;
use clap::Subcommand;

use crate::context::Context;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    Add(add::AddArgs),
    Edit(edit::EditArgs),
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    Status(status::StatusArgs),
    Note(note::NoteArgs),
    Repeat(repeat::RepeatArgs),
    Show(show::ShowArgs),
    List(list::ListArgs),
    Stats(stats::StatsArgs),
    Export(export::ExportArgs),
    Extract(extract::ExtractArgs),
    Import(import::ImportArgs),
    #[command(subcommand)]
    Scale(scale::ScaleCommand),
    Search(search::SearchArgs),
    Similar(similar::SimilarArgs),
    Speakers(speakers::SpeakersArgs),
    Speaker(speaker::SpeakerArgs),
    Rm(rm::RmArgs),
    Deleted(deleted::DeletedArgs),
    Doctor(doctor::DoctorArgs),
    Backup(backup::BackupArgs),
    Restore(restore::RestoreArgs),
    Report(report::ReportArgs),
    Assign(assign::AssignArgs),
    Unassign(assign::UnassignArgs),
    Queue(queue::QueueArgs),
    Review(review::ReviewArgs),
    Publish(publish::PublishArgs),
    #[command(subcommand)]
    Config(config::ConfigCommand),
    Undo(undo::UndoArgs),
    Revert(undo::RevertArgs),
    Watch(watch::WatchArgs),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

/// Runs one subcommand.
pub fn run(ctx: &Context, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Init(args) => init::run(ctx, args, out),
        Command::Add(args) => add::run(ctx, args, out),
        Command::Edit(args) => edit::run(ctx, args, out),
        Command::Evidence(command) => evidence::run(ctx, command, out),
        Command::Status(args) => status::run(ctx, args, out),
        Command::Note(args) => note::run(ctx, args, out),
        Command::Repeat(args) => repeat::run(ctx, args, out),
        Command::Show(args) => show::run(ctx, args, out),
        Command::List(args) => list::run(ctx, args, out),
        Command::Stats(args) => stats::run(ctx, args, out),
        Command::Export(args) => export::run(ctx, args, out),
        Command::Report(args) => report::run(ctx, args, out),
        Command::Extract(args) => extract::run(ctx, args, out),
        Command::Import(args) => import::run(ctx, args, out),
        Command::Scale(command) => scale::run(ctx, command, out),
        Command::Search(args) => search::run(ctx, args, out),
        Command::Similar(args) => similar::run(ctx, args, out),
        Command::Speakers(args) => speakers::run(ctx, args, out),
        Command::Speaker(args) => speaker::run(ctx, args, out),
        Command::Rm(args) => rm::run(ctx, args, out),
        Command::Deleted(args) => deleted::run(ctx, args, out),
        Command::Doctor(args) => doctor::run(ctx, args, out),
        Command::Backup(args) => backup::run(ctx, args, out),
        Command::Restore(args) => restore::run(ctx, args, out),
        Command::Assign(args) => assign::assign(ctx, args, out),
        Command::Unassign(args) => assign::unassign(ctx, args, out),
        Command::Queue(args) => queue::run(ctx, args, out),
        Command::Review(args) => review::run(ctx, args, out),
        Command::Publish(args) => publish::run(ctx, args, out),
        Command::Config(command) => config::run(ctx, command, out),
        Command::Undo(args) => undo::undo(ctx, args, out),
        Command::Revert(args) => undo::revert(ctx, args, out),
        Command::Watch(args) => watch::run(ctx, args, out),
        Command::Completions(args) => completions::completions(args, out),
        Command::Man(args) => completions::man(args, out),
    }
}
