//! How results reach the user: tables for people, CSV and JSON for programs, and the decision
//! whether to colour.

pub mod csv;
pub mod json;
pub mod progress;
pub mod table;

use std::io::IsTerminal;

/// `--color`: whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour only when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// `--format`: who reads the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    #[default]
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// JSON.
    Json,
}

/// How to draw tables on this run's standard output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Whether standard output is a terminal: then charts are drawn with Unicode blocks, else
    /// with plain ASCII that any file or pipe shows.
    pub terminal: bool,
    /// The width tables must fit in, in terminal columns.
    pub width: u16,
}

/// The width used when standard output is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: u16 = 120;

impl Style {
    /// Decides colour and width from the flag, the environment and whether stdout is a terminal.
    pub fn detect(choice: ColorChoice) -> Style {
        let on_terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => on_terminal && !no_color,
        };
        // comfy-table colours through crossterm, which on its own obeys NO_COLOR even over
        // `--color always`; the decision made here is the one that holds.
        crossterm::style::force_color_output(color);
        let width = comfy_table::Table::new()
            .width()
            .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
            .unwrap_or(DEFAULT_WIDTH);
        Style {
            color,
            terminal: on_terminal,
            width,
        }
    }
}
