//! What the import targets share: a run's settings decoded from the first byte of the input,
//! `--map` specs read as `claims import` reads them, and the row → claim checks applied to every
//! record the reader hands on (as `claims::import::run` does, minus the database).

#![allow(dead_code)]

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use claims::import::fields::{Checks, ColumnMap, ColumnRef, Field, Mapping};
use claims::import::source::{Item, Values};
use claims::model::Status;
use claims::scale::{BUILTIN, Scale, slugify};

/// The settings of one run.
pub struct Setup {
    pub scale: Scale,
    /// The scale's spellings plus a few `--status-map` entries, as `import::run` builds them.
    pub statuses: HashMap<String, Status>,
    pub tag_separator: &'static str,
    pub today: NaiveDate,
    /// Without `--skip-bad` the first bad record stops the import: the visitor returns an
    /// error, which the readers must carry out without panicking.
    pub stop_on_bad: bool,
}

impl Setup {
    /// Bits 4–5: the scale; bit 6: the tag separator; bit 7: stop at the first bad record.
    pub fn new(config: u8) -> Setup {
        let scale = Scale::builtin(BUILTIN[usize::from(config >> 4) & 3])
            .expect("BUILTIN names built-in scales");
        // `--status-map LABEL=VERDICT`, as commands/import.rs reads it: only verdicts the
        // scale has.
        let status_map: HashMap<String, Status> = [
            ("pants-fire", "pants-on-fire"),
            ("barely-true", "mostly-false"),
            ("Four Pinocchios", "four-pinocchios"),
            ("REFUTES", "refuted"),
            ("Fake", "false"),
        ]
        .into_iter()
        .filter_map(|(label, verdict)| Some((slugify(label), scale.parse_status(verdict).ok()?)))
        .collect();
        let statuses = scale.spellings().chain(status_map).collect();
        Setup {
            scale,
            statuses,
            tag_separator: if config & 0x40 == 0 { ";" } else { "," },
            today: NaiveDate::from_ymd_opt(2025, 9, 3).expect("a real day"),
            stop_on_bad: config & 0x80 != 0,
        }
    }

    /// What `import::run`'s handler does with a record before the database: checks it.
    pub fn handle(&self, item: Item, map: &ColumnMap) -> Result<()> {
        let checks = Checks {
            map,
            scale: &self.scale,
            statuses: &self.statuses,
            tag_separator: self.tag_separator,
            today: self.today,
        };
        let problem = match item {
            Err(unreadable) => format!("{}: {}", unreadable.location, unreadable.problem),
            Ok(record) => match checks.claim(&record.values) {
                Ok(claim) => {
                    // The rejects file and messages format everything; so do we.
                    let _ = format!("{claim:?}");
                    return Ok(());
                }
                Err(err) => {
                    let _ = raw(&record.values);
                    format!("{}: {}: {}", record.location, err.column, err.problem)
                }
            },
        };
        if self.stop_on_bad {
            return Err(anyhow!(problem));
        }
        Ok(())
    }
}

/// A record as the rejects file shows it (import::raw is private; this is its copy).
fn raw(values: &Values) -> String {
    match values {
        Values::Columns(columns) => columns.join(","),
        Values::Object(object) => serde_json::Value::Object(object.clone()).to_string(),
    }
}

/// `--map FIELD=COLUMN`, as the private `commands::import::parse_map` reads it.
pub fn parse_map(map: &str) -> Option<Mapping> {
    let (field, column) = map.split_once('=')?;
    let field = Field::parse(field)?;
    let column = ColumnRef::parse(column).ok()?;
    Some((field, column))
}

/// Several `--map`s in one line, separated by `|`; the ones `claims import` would refuse are
/// left out (it stops before reading the file).
pub fn parse_maps(line: &str) -> Vec<Mapping> {
    line.split('|').filter_map(parse_map).collect()
}

/// An import target's input read apart: the config byte, the run's settings, the `--map`s
/// (when bit 3 is set) and the file; `None` for an empty input.
pub fn read_input(data: &[u8]) -> Option<(u8, Setup, Vec<Mapping>, &[u8])> {
    let (&config, rest) = data.split_first()?;
    let (maps, file) = split_maps(rest, config & 0x08 != 0);
    Some((config, Setup::new(config), maps, file))
}

/// Splits the input into the `--map` line (when `has_maps`) and the file.
fn split_maps(data: &[u8], has_maps: bool) -> (Vec<Mapping>, &[u8]) {
    if !has_maps {
        return (Vec::new(), data);
    }
    let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let line = String::from_utf8_lossy(&data[..end]);
    let rest = data.get(end + 1..).unwrap_or(&[]);
    (parse_maps(&line), rest)
}
