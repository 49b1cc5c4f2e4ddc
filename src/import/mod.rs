//! `claims import`'s engine: read records from a file of any common shape, check each one as
//! `claims add` would, and store them all in one transaction, or none of them.

pub use crate::dates;
pub mod fields;
pub mod source;

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::rc::Rc;

use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;

use crate::model::{ClaimId, Status};
use crate::ops::{ImportRules, Loaded, Transaction};
use crate::output::csv::{CsvCells, CsvWriter};
use crate::scale::Scale;
use fields::{Checks, ColumnMap, Mapping};
use source::{Delimited, InputFormat, Item, Values};

/// How to read the file.
pub struct Options {
    pub format: InputFormat,
    /// `--map`: where each field is, when not under its own name.
    pub maps: Vec<Mapping>,
    /// `--status-map`: labels of another scale (as slugs) and the statuses they become.
    pub status_map: HashMap<String, Status>,
    pub has_header: bool,
    /// `false` for `--quoting none`.
    pub quoting: bool,
    pub tag_separator: String,
    /// Leave out rows that repeat a claim already logged, instead of importing them.
    pub skip_duplicates: bool,
    /// What the history says the claims were imported from.
    pub source_name: String,
    /// About how many records the file holds, when that can be told from its size.
    pub expected_rows: Option<u64>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Summary {
    /// Records read, good or bad.
    pub read: u64,
    pub imported: u64,
    /// Bad records set aside by `--skip-bad`.
    pub rejected: u64,
    /// The first few bad records: where, and why.
    pub rejections: Vec<String>,
    pub new_speakers: u64,
    /// Records that repeat a claim already logged (imported, or skipped with
    /// `--skip-duplicates`), and the first few of them.
    pub duplicates: u64,
    pub duplicate_examples: Vec<String>,
    /// Records that likely say what a claim already logged says, in other words, and the
    /// first few of them.
    pub likely: u64,
    pub likely_examples: Vec<String>,
    /// Claims whose id in the file was not kept, as the database was not empty.
    pub ids_dropped: u64,
    /// The first few warnings, and how many there were.
    pub warnings: Vec<String>,
    pub warned: u64,
}

/// How many duplicates, bad rows and warnings the summary names one by one.
const NAMED_IN_SUMMARY: usize = 5;

/// Keeps a count, and the first few examples.
fn note_example(count: &mut u64, examples: &mut Vec<String>, example: impl FnOnce() -> String) {
    *count += 1;
    if examples.len() < NAMED_IN_SUMMARY {
        examples.push(example());
    }
}

/// What is needed besides the options: where the rows go, and what they are checked against.
pub struct Target<'a> {
    /// The import's transaction.
    pub tx: &'a Transaction<'a>,
    pub scale: &'a Scale,
    pub today: NaiveDate,
}

/// Reads `input` and stores every good record through the caller's transaction. The first bad
/// record is an error (the caller then rolls back), unless `rejects` is given: then each bad
/// record goes there as CSV, with its location and the reason.
pub fn run(
    input: impl Read,
    options: &Options,
    rejects: Option<&mut dyn Write>,
    target: &Target<'_>,
    progress: impl Fn(),
) -> Result<Summary> {
    let mut loader = target.tx.importer(ImportRules {
        skip_duplicates: options.skip_duplicates,
        source_name: options.source_name.clone(),
        expected_rows: options.expected_rows,
    })?;
    let mut summary = Summary::default();
    // The rejects file is for a spreadsheet too: its cells are neutralised like an export's.
    let mut rejects = rejects.map(|out| CsvWriter::new(out, CsvCells { raw: false }));
    if let Some(writer) = rejects.as_mut() {
        writer.write_record(["location", "reason", "record"])?;
    }
    let delimiter = if options.format == InputFormat::Tsv {
        "\t"
    } else {
        ","
    };
    let statuses: HashMap<String, Status> = target
        .scale
        .spellings()
        .chain(options.status_map.clone())
        .collect();

    let mut handle = |item: Item, map: &ColumnMap| -> Result<()> {
        summary.read += 1;
        if summary.read % 4096 == 0 {
            progress();
        }
        let checks = Checks {
            map,
            scale: target.scale,
            statuses: &statuses,
            tag_separator: &options.tag_separator,
            today: target.today,
        };
        let checked = item
            .map_err(|bad| (bad.location, bad.problem, bad.raw))
            .and_then(|record| match checks.claim(&record.values) {
                Ok(claim) => Ok((record, claim)),
                Err(err) => Err((
                    record.location,
                    format!("{}: {}", err.column, err.problem),
                    raw(&record.values, delimiter),
                )),
            });
        let refused = match checked {
            Err(refused) => refused,
            Ok((record, claim)) => {
                let location = &record.location;
                let loaded = loader
                    .load(&claim)
                    .with_context(|| format!("{location}: cannot store the claim"))?;
                let duplicate_of = |of: ClaimId| format!("{location} (claim {of})");
                match loaded {
                    Loaded::Refused(problem) => {
                        (record.location, problem, raw(&record.values, delimiter))
                    }
                    Loaded::SkippedDuplicate { of } => {
                        note_example(
                            &mut summary.duplicates,
                            &mut summary.duplicate_examples,
                            || duplicate_of(of),
                        );
                        return Ok(());
                    }
                    Loaded::Stored {
                        duplicate_of: of,
                        likely_of,
                        id_dropped,
                        ..
                    } => {
                        if let Some(of) = of {
                            note_example(
                                &mut summary.duplicates,
                                &mut summary.duplicate_examples,
                                || duplicate_of(of),
                            );
                        }
                        if let Some(of) = likely_of {
                            note_example(&mut summary.likely, &mut summary.likely_examples, || {
                                duplicate_of(of)
                            });
                        }
                        if let Some(warning) = &claim.warning {
                            note_example(&mut summary.warned, &mut summary.warnings, || {
                                format!("{location}: {warning}")
                            });
                        }
                        if id_dropped {
                            summary.ids_dropped += 1;
                        }
                        summary.imported += 1;
                        return Ok(());
                    }
                }
            }
        };
        let (location, reason, raw) = refused;
        let Some(writer) = rejects.as_mut() else {
            return Err(anyhow!(
                "{location}, {reason}; nothing was imported (fix the file, or pass \
                 --skip-bad REJECTS.csv to import the good rows and set the bad ones aside)"
            ));
        };
        writer.write_record([location.to_string().as_str(), reason.as_str(), raw.as_str()])?;
        note_example(&mut summary.rejected, &mut summary.rejections, || {
            format!("{location}: {reason}")
        });
        Ok(())
    };

    let objects = || ColumnMap::for_objects(&options.maps).map_err(|problem| anyhow!(problem));
    match options.format {
        InputFormat::Csv | InputFormat::Tsv => {
            let shape = Delimited {
                delimiter: delimiter.as_bytes()[0],
                has_header: options.has_header,
                quoting: options.quoting,
            };
            source::read_delimited(
                source::LineLimit::new(input),
                shape,
                |header, width| {
                    ColumnMap::for_columns(header.as_deref(), width, &options.maps)
                        .map_err(|problem| anyhow!(problem))
                },
                &mut handle,
            )?;
        }
        InputFormat::Json => {
            let map = objects()?;
            source::read_json_array(input, |item| handle(item, &map))?;
        }
        InputFormat::Jsonl => {
            let map = objects()?;
            source::read_json_lines(source::LineLimit::new(input), |item| handle(item, &map))?;
        }
        InputFormat::Claimreview => {
            let map = objects()?;
            source::read_named_claimreview(input, &options.source_name, |item| handle(item, &map))?;
        }
    }
    if let Some(writer) = rejects {
        writer.finish()?;
    }
    summary.new_speakers = loader.new_speakers();
    loader.finish()?;
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
