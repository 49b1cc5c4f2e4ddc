//! `claims import`'s engine: read records from a file of any common shape, check each one as
//! `claims add` would, and store them all in one transaction, or none of them.

pub mod dates;
pub mod fields;
pub mod source;

use std::cell::Cell;
use std::io::{Read, Write};
use std::rc::Rc;

use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::db::import::Loader;
use crate::model::Status;
use crate::scale::Scale;
use fields::{Checks, ColumnMap, ColumnRef, Field};
use source::{Delimited, InputFormat, Item, Values};

/// How to read the file and what to do with bad rows.
pub struct Options {
    pub format: InputFormat,
    pub maps: Vec<(Field, ColumnRef)>,
    /// `--status-map`: labels of another scale (as slugs) and the statuses they become.
    pub status_map: Vec<(String, Status)>,
    pub has_header: bool,
    pub quoting: bool,
    pub tag_separator: String,
    /// What the history says the claims were imported from.
    pub source_name: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Summary {
    pub read: u64,
    pub imported: u64,
    pub skipped: u64,
    pub new_speakers: u64,
    pub duplicates: u64,
    /// Where the first few duplicates are, for the report.
    pub duplicate_locations: Vec<String>,
    /// Claims whose id in the file was not kept, as the database was not empty.
    pub ids_dropped: u64,
    /// The first few warnings, and how many there were.
    pub warnings: Vec<String>,
    pub warned: u64,
}

/// How many duplicates and warnings the summary names one by one.
const NAMED_IN_SUMMARY: usize = 5;

/// What is needed besides the options: where the rows go and how they are stamped.
pub struct Target<'a> {
    pub conn: &'a Connection,
    pub scale: &'a Scale,
    pub today: NaiveDate,
    pub now: &'a str,
    pub actor: &'a str,
}

/// Reads `input` and stores every good record through the caller's transaction. The first bad
/// record is an error (the caller then rolls back), unless `rejects` is given: then each bad
/// record goes there as CSV, with its location and the reason.
pub fn run(
    input: impl Read,
    options: &Options,
    rejects: Option<&mut dyn Write>,
    target: &Target<'_>,
    progress: impl Fn(u64),
) -> Result<Summary> {
    let mut loader = Loader::new(target.conn)?;
    let keep_ids = loader.keeps_ids();
    let mut summary = Summary::default();
    let mut rejects = rejects.map(csv::Writer::from_writer);
    if let Some(writer) = rejects.as_mut() {
        writer.write_record(["location", "reason", "record"])?;
    }
    let mut map: Option<ColumnMap> = match options.format {
        InputFormat::Csv | InputFormat::Tsv if options.has_header => None,
        InputFormat::Csv | InputFormat::Tsv => {
            Some(ColumnMap::for_columns(None, &options.maps).map_err(|problem| anyhow!(problem))?)
        }
        _ => Some(ColumnMap::for_objects(&options.maps).map_err(|problem| anyhow!(problem))?),
    };

    let delimiter = if options.format == InputFormat::Tsv {
        "\t"
    } else {
        ","
    };
    let mut handle = |item: Item, map: &ColumnMap| -> Result<()> {
        summary.read += 1;
        if summary.read % 4096 == 0 {
            progress(summary.read);
        }
        let checks = Checks {
            map,
            scale: target.scale,
            status_map: &options.status_map,
            tag_separator: &options.tag_separator,
            today: target.today,
        };
        let outcome = item
            .map_err(|bad| (bad.location, bad.problem, bad.raw))
            .and_then(|record| match checks.claim(&record.values) {
                Ok(claim) => Ok((record.location, claim)),
                Err(err) => Err((
                    record.location,
                    format!("{}: {}", err.column, err.problem),
                    raw(&record.values, delimiter),
                )),
            });
        match outcome {
            Ok((location, claim)) => {
                if loader.load(&claim, target.now, target.actor, &options.source_name)? {
                    summary.duplicates += 1;
                    if summary.duplicate_locations.len() < NAMED_IN_SUMMARY {
                        summary.duplicate_locations.push(location.clone());
                    }
                }
                if let Some(warning) = claim.warning {
                    summary.warned += 1;
                    if summary.warnings.len() < NAMED_IN_SUMMARY {
                        summary.warnings.push(format!("{location}: {warning}"));
                    }
                }
                if claim.id.is_some() && !keep_ids {
                    summary.ids_dropped += 1;
                }
                summary.imported += 1;
                Ok(())
            }
            Err((location, reason, raw)) => match rejects.as_mut() {
                Some(writer) => {
                    summary.skipped += 1;
                    writer.write_record([location.as_str(), reason.as_str(), raw.as_str()])?;
                    Ok(())
                }
                None => Err(anyhow!(
                    "{location}, {reason}; nothing was imported (fix the file, or pass \
                     --skip-bad REJECTS.csv to import the good rows and set the bad ones aside)"
                )),
            },
        }
    };

    match options.format {
        InputFormat::Csv | InputFormat::Tsv => {
            let shape = Delimited {
                delimiter: if options.format == InputFormat::Tsv {
                    b'\t'
                } else {
                    b','
                },
                has_header: options.has_header,
                quoting: options.quoting,
            };
            let maps = options.maps.clone();
            let header_map = std::cell::RefCell::new(map.take());
            source::read_delimited(
                input,
                shape,
                |item| {
                    let map = header_map.borrow();
                    let map = map.as_ref().expect("the header comes before the rows");
                    handle(item, map)
                },
                |header| {
                    let built = ColumnMap::for_columns(Some(&header), &maps)
                        .map_err(|problem| anyhow!(problem))?;
                    *header_map.borrow_mut() = Some(built);
                    Ok(())
                },
            )?;
        }
        InputFormat::Json => {
            let map = map.expect("JSON maps are built up front");
            source::read_json_array(input, |item| handle(item, &map))?;
        }
        InputFormat::Jsonl => {
            let map = map.expect("JSON maps are built up front");
            source::read_json_lines(input, |item| handle(item, &map))?;
        }
        InputFormat::Claimreview => {
            let map = map.expect("JSON maps are built up front");
            source::read_claimreview(input, |item| handle(item, &map))?;
        }
    }
    if let Some(mut writer) = rejects {
        writer.flush().context("cannot write the rejects file")?;
    }
    summary.new_speakers = loader.new_speakers;
    Ok(summary)
}

/// A record as the rejects file shows it: a row as delimited text, an object as JSON.
fn raw(values: &Values, delimiter: &str) -> String {
    match values {
        Values::Columns(columns) => columns.join(delimiter),
        Values::Object(object) => serde_json::Value::Object(object.clone()).to_string(),
    }
}

/// A reader that counts the bytes read through it, for the progress bar.
pub struct Counting<R> {
    inner: R,
    pub count: Rc<Cell<u64>>,
}

impl<R> Counting<R> {
    /// Wraps `inner`; `count` grows as it is read.
    pub fn new(inner: R) -> Self {
        Counting {
            inner,
            count: Rc::new(Cell::new(0)),
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}
