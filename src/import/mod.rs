//! `claims import`'s engine: read records from a file of any common shape, check each one as
//! `claims add` would, and store them all in one transaction, or none of them.

pub use crate::dates;
pub mod fields;
pub mod repair;
pub mod source;
pub mod spreadsheet;

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::rc::Rc;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;

use crate::matching::repeat_search::LikelyRepeats;
use crate::model::{ClaimId, Status};
pub use crate::ops::UpdateKey;
use crate::ops::{ImportRules, Loaded, Transaction, Updated};
use crate::output::csv::{CsvCells, CsvWriter};
use crate::scale::{Scale, slugify};
use fields::{Checks, ColumnMap, Field, Mapping};
use serde_json::Value;
use source::{Delimited, InputFormat, Item, Location, Record, Values};

/// How to read the file.
pub struct Options {
    pub format: InputFormat,
    /// `--map`: where each field is, when not under its own name.
    pub maps: Vec<Mapping>,
    /// `--status-map`: labels of another scale (as slugs) and the statuses they become.
    pub status_map: HashMap<String, Status>,
    /// `--set`: the value of a field for every record that gives none.
    pub constants: Vec<(Field, String)>,
    pub has_header: bool,
    /// `false` for `--quoting none`.
    pub quoting: bool,
    /// `--delimiter`: what separates a CSV's values, when not `,` (a TSV's: a tab).
    pub delimiter: Option<u8>,
    /// `--undo-formula-guard`: take off the `'` an export puts before formula-like cells, in a
    /// file whose header does not show it is an export.
    pub undo_guard: bool,
    pub tag_separator: String,
    /// Leave out rows that repeat a claim already logged, instead of importing them.
    pub skip_duplicates: bool,
    /// What the history says the claims were imported from.
    pub source_name: String,
    /// About how many records the file holds, when that can be told from its size.
    pub expected_rows: Option<u64>,
    /// `--update-by`: how a row finds the claim logged before that it updates.
    pub update_by: Option<UpdateKey>,
    /// Look for likely repeats as well as exact ones (off only for the benchmark).
    pub likely_repeats: bool,
    /// `--repair-quotes`: read a JSON file whose strings hold unescaped `"` (a pretty-printed
    /// scrape) by escaping those, one value per line.
    pub repair_quotes: bool,
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
    /// Every verdict label the file uses, with how many records use it and the status it
    /// becomes (`None`: one the scale lacks), in order of first use.
    pub labels: Vec<LabelUse>,
    /// Keys of the records that none of the fields read, with how many records have each.
    pub unread_keys: Vec<(String, u64)>,
    /// Some label is on no scale and no `--status-map`: the import must not be saved (the
    /// records that use one were not stored, and `labels` says which).
    pub unknown_labels: bool,
    /// Rows that matched a claim logged before (`--update-by`), and what they did to it.
    pub matched: u64,
    pub updated: Updated,
}

/// A verdict label of the file, how often it is used, and what it becomes.
#[derive(Debug)]
pub struct LabelUse {
    pub label: String,
    /// Where the file first uses it.
    pub first: String,
    pub count: u64,
    pub status: Option<Status>,
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

/// Counts the rows the search for likely repeats found, naming the first few by their place
/// in the file.
fn note_likely(summary: &mut Summary, found: LikelyRepeats) {
    for found in found.first {
        if summary.likely_examples.len() < NAMED_IN_SUMMARY {
            summary.likely_examples.push(format!(
                "{} (claim {})",
                Location::unpacked(found.place),
                found.of
            ));
        }
    }
    summary.likely += found.count;
    if found.left_out > 0 {
        summary.warned += 1;
        summary.warnings.insert(
            0,
            format!(
                "the last {} were not searched for likely repeats: that many claims are more \
                 than the search can hold (exact repeats were looked for in all of them)",
                match found.left_out {
                    1 => "row".to_string(),
                    n => format!("{n} rows"),
                }
            ),
        );
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
        update_by: options.update_by,
        likely_repeats: options.likely_repeats,
        likely_named: NAMED_IN_SUMMARY,
    })?;
    let mut summary = Summary::default();
    // The rejects file is for a spreadsheet too: its cells are neutralised like an export's.
    let mut rejects = rejects.map(|out| CsvWriter::new(out, CsvCells { raw: false }));
    if let Some(writer) = rejects.as_mut() {
        writer.write_record(["location", "reason", "record"])?;
    }
    let delimiter_byte = options.delimiter.unwrap_or(match options.format {
        InputFormat::Tsv => b'\t',
        _ => b',',
    });
    let delimiter = &char::from(delimiter_byte).to_string();
    let statuses: HashMap<String, Status> = target
        .scale
        .spellings()
        .chain(options.status_map.clone())
        .collect();

    let mapped_keys: Vec<&str> = options
        .maps
        .iter()
        .filter_map(|(_, column)| match column {
            Some(fields::ColumnRef::Named(key)) => key.split('.').next(),
            _ => None,
        })
        .collect();
    let mut label_index: HashMap<String, usize> = HashMap::new();
    let mut unread_keys: HashMap<String, u64> = HashMap::new();
    let mut unknown_labels = false;
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
        if let Ok(record) = &item {
            if let Some(label) = checks.label(&record.values) {
                let slug = slugify(&label);
                let index = *label_index.entry(slug.clone()).or_insert_with(|| {
                    summary.labels.push(LabelUse {
                        first: record.location.to_string(),
                        status: statuses
                            .get(&label)
                            .or_else(|| statuses.get(&slug))
                            .cloned(),
                        label,
                        count: 0,
                    });
                    summary.labels.len() - 1
                });
                summary.labels[index].count += 1;
            }
            if let Values::Object(object) = &record.values
                && object.contains_key(Field::Text.name())
            {
                for key in object.keys() {
                    if !Field::is_ours(key) && !mapped_keys.contains(&key.as_str()) {
                        *unread_keys.entry(key.clone()).or_default() += 1;
                    }
                }
            }
        }
        let checked = match item {
            Err(bad) => Err((bad.location, bad.problem, bad.raw)),
            Ok(record) => match checks.claim(&record.values) {
                Ok(claim) => Ok((record, claim)),
                // Every label the scale lacks is named at the end, all at once.
                Err(err) if err.unknown_label.is_some() && rejects.is_none() => {
                    unknown_labels = true;
                    return Ok(());
                }
                Err(err) => Err((
                    record.location,
                    format!("{}: {}", err.column, err.problem),
                    raw(&record.values, delimiter),
                )),
            },
        };
        let refused = match checked {
            Err(refused) => refused,
            Ok((record, claim)) => {
                let location = &record.location;
                let loaded = loader
                    .load(&claim, location.packed())
                    .with_context(|| format!("{location}: cannot store the claim"))?;
                let duplicate_of = |of: ClaimId| format!("{location} (claim {of})");
                match loaded {
                    Loaded::Refused(problem) => {
                        (record.location, problem, raw(&record.values, delimiter))
                    }
                    Loaded::Matched { .. } => {
                        summary.matched += 1;
                        return Ok(());
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

    let mut unused = None;
    let mut repaired = 0;
    let objects = || {
        ColumnMap::for_objects(&options.maps, &options.constants)
            .map_err(|problem| anyhow!(problem))
    };
    match options.format {
        InputFormat::Csv | InputFormat::Tsv => {
            let shape = Delimited {
                delimiter: delimiter_byte,
                has_header: options.has_header,
                quoting: options.quoting,
                undo_guard: options.undo_guard,
            };
            source::read_delimited(
                source::LineLimit::new(input),
                shape,
                |header, width| {
                    ColumnMap::for_columns(
                        header.as_deref(),
                        width,
                        &options.maps,
                        &options.constants,
                    )
                    .map_err(|problem| anyhow!(problem))
                },
                &mut handle,
            )?;
        }
        InputFormat::Xlsx | InputFormat::Ods => {
            spreadsheet::read_spreadsheet(
                input,
                &options.source_name,
                options.has_header,
                |header, width| {
                    ColumnMap::for_columns(
                        header.as_deref(),
                        width,
                        &options.maps,
                        &options.constants,
                    )
                    .map_err(|problem| anyhow!(problem))
                },
                &mut handle,
            )?;
        }
        InputFormat::Claimskg => {
            let shape = Delimited {
                delimiter: delimiter_byte,
                has_header: true,
                quoting: options.quoting,
                undo_guard: options.undo_guard,
            };
            // Tags are comma-separated there, and every ClaimsKG row is read as the fields its
            // columns mean, so a --map names those fields' keys.
            let separator = options.tag_separator.clone();
            source::read_delimited(
                source::LineLimit::new(input),
                shape,
                |header, _width| {
                    let header = header.unwrap_or_default();
                    if !source::is_claimskg_header(&header) {
                        bail!(
                            "the file is not a ClaimsKG CSV: it has no claimReview_claimReviewed, \
                             rating_alternateName and claimReview_url columns (import it with \
                             --format csv and --map)"
                        );
                    }
                    Ok((header, objects()?))
                },
                |item, (header, map): &(Vec<String>, ColumnMap)| {
                    let item = item.map(|record| match record.values {
                        Values::Columns(columns) => {
                            let mut fields = source::claimskg_fields(header, &columns);
                            if separator != ","
                                && let Some(Value::String(tags)) = fields.get_mut("tags")
                            {
                                *tags = tags.replace(',', &separator);
                            }
                            Record {
                                location: record.location,
                                values: Values::Object(fields),
                            }
                        }
                        values => Record { values, ..record },
                    });
                    handle(item, map)
                },
            )?;
            unused = None;
        }
        InputFormat::Json => {
            let map = objects()?;
            repaired =
                source::read_json_array(input, options.repair_quotes, |item| handle(item, &map))?;
            unused = map.unused_mapping();
        }
        InputFormat::Jsonl => {
            let map = objects()?;
            source::read_json_lines(source::LineLimit::new(input), |item| handle(item, &map))?;
            unused = map.unused_mapping();
        }
        InputFormat::Claimreview => {
            let map = objects()?;
            source::read_named_claimreview(input, &options.source_name, |item| handle(item, &map))?;
            unused = map.unused_mapping();
        }
        InputFormat::Google => {
            let map = objects()?;
            source::read_google_factcheck(input, |item| handle(item, &map))?;
            unused = map.unused_mapping();
        }
    }
    if let Some(problem) = unused {
        bail!("{problem}; nothing was imported");
    }
    // The caller names every label the scale lacks, all at once, and saves nothing.
    summary.unknown_labels = unknown_labels;
    if repaired > 0 {
        summary.warned += 1;
        summary.warnings.insert(
            0,
            format!(
                "{} of the file held quotation marks that were not escaped; read as text \
                 (--repair-quotes)",
                match repaired {
                    1 => "1 value".to_string(),
                    n => format!("{n} values"),
                }
            ),
        );
    }
    let mut unread: Vec<(String, u64)> = unread_keys.into_iter().collect();
    unread.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    summary.unread_keys = unread;
    if let Some(writer) = rejects {
        writer.finish()?;
    }
    summary.new_speakers = loader.new_speakers();
    let (updated, likely) = loader.finish()?;
    summary.updated = updated;
    note_likely(&mut summary, likely);
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
