//! `claims import`: bring claims in from a spreadsheet, an export, or a ClaimReview feed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::context::Context;
use crate::error::UserError;
use crate::files;
use crate::import::fields::{ColumnRef, Field, Mapping};
use crate::import::source::InputFormat;
use crate::import::{self, Counting, Options, Summary, Target, UpdateKey};
use crate::output::{progress, table};
use crate::scale::slugify;

/// Import claims from a CSV, TSV, JSON or JSON-lines file, or a ClaimReview feed.
///
/// Columns named like the fields need no --map: text and speaker (required), said_on (or date),
/// status, context, source_url (or url), tags, speaker_role (or role), note (the verdict's
/// explanation), id, created_at, updated_at. A file written by `claims export` imports as it is.
///
/// All or nothing: the first bad row stops the import with its line, column and problem, and
/// nothing is imported, unless --skip-bad sets bad rows aside. Ids in the file are kept when the
/// database is empty (a restore); otherwise claims get new ids.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to read; `-` reads standard input.
    pub file: String,

    /// The file's shape [default: from its extension: .csv, .tsv, .json, .jsonl].
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,

    /// Read FIELD from COLUMN: a header name, or a column number from 1 (repeat for each field).
    /// `FIELD=` with nothing after it reads the field from nowhere, even if a column has its
    /// name.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<String>,

    /// Give FIELD this VALUE in every record that has none (`--set speaker="Snopes staff"` for
    /// a file with no speaker column); `--set tags=T` adds the tag T to every claim. Repeat for
    /// each field.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub constants: Vec<String>,

    /// Read the verdict LABEL of another scale as VERDICT of this database's scale
    /// (case-insensitive; repeat for each label).
    #[arg(long = "status-map", value_name = "LABEL=VERDICT")]
    pub status_maps: Vec<String>,

    /// The file has no header row: columns are numbered from 1.
    #[arg(long)]
    pub no_header: bool,

    /// `none` reads `"` as an ordinary character, for files whose stray quotation marks break
    /// quote-aware readers (LIAR's TSV).
    #[arg(long, value_enum, default_value_t = Quoting::Standard)]
    pub quoting: Quoting,

    /// What separates the values of a CSV, when not a comma: one character, or `tab`
    /// (`--delimiter ';'` for the semicolon CSVs of European spreadsheets).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Take off the ' that `claims export` puts before cells a spreadsheet would run as
    /// formulas. Needed only for a CSV whose header is not an export's (a file with columns
    /// renamed): other people's text that begins with ' ('Tis) keeps it.
    #[arg(long)]
    pub undo_formula_guard: bool,

    /// Read a JSON file whose strings hold quotation marks that are not escaped (a scrape
    /// written one value a line): those are read as text. The import says how many it read so.
    #[arg(long)]
    pub repair_quotes: bool,

    /// What separates several tags in one value.
    #[arg(long, default_value = ";", value_name = "SEP")]
    pub tag_separator: String,

    /// Report what would be imported, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Import the good rows and write each bad one, with its reason, to this CSV file.
    #[arg(long, value_name = "REJECTS.csv")]
    pub skip_bad: Option<PathBuf>,

    /// Leave out rows that repeat a claim already logged (the same speaker, the same words),
    /// instead of importing them and reporting them.
    #[arg(long, conflicts_with = "update_by")]
    pub skip_duplicates: bool,

    /// Report exact repeats only (the same speaker, the same words), not claims that say the
    /// same in other words: for an archive of millions of rows on a machine short of temporary
    /// space (looking for those writes every claim's words to TMPDIR while the import runs,
    /// about 350 bytes a claim), or in a hurry.
    #[arg(long)]
    pub exact_repeats_only: bool,

    /// Import a file again: a row that stands for a claim logged before (by its `id`, its
    /// `source_url`, a source it cites, `evidence_url`, or the same speaker and words, `text`)
    /// updates that claim, each change in its history, instead of adding it a second time;
    /// rows that change nothing are counted as unchanged, new rows are added.
    #[arg(long, value_enum, value_name = "KEY")]
    pub update_by: Option<UpdateByArg>,
}

/// `--update-by`'s keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UpdateByArg {
    Id,
    #[value(name = "source_url", alias = "source-url")]
    SourceUrl,
    #[value(name = "evidence_url", alias = "evidence-url")]
    EvidenceUrl,
    Text,
}

impl From<UpdateByArg> for UpdateKey {
    fn from(key: UpdateByArg) -> Self {
        match key {
            UpdateByArg::Id => UpdateKey::Id,
            UpdateByArg::SourceUrl => UpdateKey::SourceUrl,
            UpdateByArg::EvidenceUrl => UpdateKey::EvidenceUrl,
            UpdateByArg::Text => UpdateKey::Text,
        }
    }
}

/// `--quoting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Quoting {
    /// RFC 4180: `"` quotes a value that holds delimiters, line breaks or quotes.
    Standard,
    /// No quoting at all: every `"` is text.
    None,
}

/// Runs `claims import`.
pub fn run(ctx: &Context, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    // Opening a folder succeeds on Linux, and reading it says only "Is a directory".
    if args.file != "-" && Path::new(&args.file).is_dir() {
        return Err(UserError::IsAFolder {
            file: args.file.clone(),
            what: match args.format {
                Some(InputFormat::Claimreview) => "a ClaimReview feed",
                _ => "the file to import",
            },
        }
        .into());
    }
    let format = match args.format {
        Some(format) => format,
        None => {
            InputFormat::from_extension(&args.file).ok_or_else(|| UserError::UnknownFormat {
                file: args.file.clone(),
            })?
        }
    };
    let maps = args
        .maps
        .iter()
        .map(|map| parse_map(map))
        .collect::<Result<Vec<_>>>()?;
    let constants = args
        .constants
        .iter()
        .map(|set| parse_set(set))
        .collect::<Result<Vec<_>>>()?;
    let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;
    if args.tag_separator.is_empty() {
        bail!("--tag-separator is empty: give the text that separates tags");
    }
    if let Some(rejects) = &args.skip_bad {
        files::refuse_to_replace(
            rejects,
            "--skip-bad",
            &[
                (&ctx.db_path, "the database"),
                (Path::new(&args.file), "the file being imported"),
            ],
        )?;
    }
    let (input, size): (Box<dyn Read>, Option<u64>) = if args.file == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(&args.file).map_err(|err| match err.kind() {
            io::ErrorKind::NotFound => {
                anyhow!("file '{}' does not exist: check the path", args.file)
            }
            _ => anyhow::Error::new(err).context(format!("cannot read '{}'", args.file)),
        })?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let input = Counting::new(io::BufReader::with_capacity(1 << 16, input));
    let bytes = input.count.clone();

    let mut store = ctx.open_store()?;
    // A dry run writes into its transaction and rolls it back; on a database that cannot be
    // written it works on a scratch copy instead, so that it stays a read.
    if args.dry_run && store.is_read_only() {
        store = store.scratch_copy()?;
    }
    let tx = ctx.transaction(&mut *store)?;
    let scale = tx.store().scale()?;
    let status_map = args
        .status_maps
        .iter()
        .map(|map| {
            let (label, verdict) = map.split_once('=').ok_or_else(|| UserError::InvalidMap {
                value: map.clone(),
                flag: "--status-map",
                shape: "LABEL=VERDICT",
                example: "pants-fire=pants-on-fire",
            })?;
            Ok((slugify(label), scale.parse_status(verdict)?))
        })
        .collect::<Result<HashMap<_, _>>>()?;
    let target = Target {
        tx: &tx,
        scale: &scale,
        today: ctx.today(),
    };
    let source_name = if args.file == "-" {
        "standard input".to_string()
    } else {
        Path::new(&args.file)
            .file_name()
            .map_or(args.file.clone(), |name| {
                name.to_string_lossy().into_owned()
            })
    };
    let options = Options {
        format,
        maps,
        constants,
        status_map,
        delimiter,
        undo_guard: args.undo_formula_guard,
        repair_quotes: args.repair_quotes,
        update_by: args.update_by.map(UpdateKey::from),
        has_header: !args.no_header,
        quoting: args.quoting == Quoting::Standard,
        tag_separator: args.tag_separator.clone(),
        skip_duplicates: args.skip_duplicates,
        source_name: source_name.clone(),
        // The shortest claim with a speaker takes some 40 bytes: an upper bound of the rows.
        expected_rows: size.map(|bytes| bytes / 40),
        likely_repeats: !args.exact_repeats_only,
    };
    let bar = progress::bar(size, "{bar:40} {bytes}/{total_bytes} {elapsed} (ETA {eta})");
    let progress = || {
        if let Some(bar) = &bar {
            bar.set_position(bytes.get());
        }
    };
    // The rejects file is written beside its place and put there once the import is saved:
    // a failed import leaves no rejects file that would say rows were set aside.
    let rejects = match (&args.skip_bad, args.dry_run) {
        (Some(path), false) => Some(files::Pending::create(path, "--skip-bad")?),
        _ => None,
    };
    let summary = match (&rejects, &args.skip_bad) {
        (Some(pending), _) => {
            let mut writer = io::BufWriter::new(pending.writer()?);
            let summary = import::run(input, &options, Some(&mut writer), &target, progress)?;
            writer
                .flush()
                .with_context(|| format!("cannot write '{}'", pending.path().display()))?;
            summary
        }
        (None, Some(_)) => import::run(input, &options, Some(&mut io::sink()), &target, progress)?,
        (None, None) => import::run(input, &options, None, &target, progress)?,
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if summary.unknown_labels {
        return Err(unknown_labels(&summary, &scale));
    }
    if args.skip_bad.is_some() && summary.imported == 0 && summary.read > 0 {
        // Nothing is saved: the rejects file would be the only thing the run leaves.
        drop(rejects);
        writeln!(out, "Every row of {source_name} is bad:")?;
        for rejection in &summary.rejections {
            writeln!(out, "  {rejection}")?;
        }
        if summary.rejected > summary.rejections.len() as u64 {
            writeln!(out, "  …")?;
        }
        // The reasons are shown with the error, which would otherwise drop them unwritten.
        out.flush()?;
        bail!(
            "no row of {source_name} could be imported ({} bad): nothing was imported and no \
             rejects file was written; fix the rows listed above",
            table::count(summary.rejected)
        );
    }
    if !args.dry_run {
        // The import's last work (the planner's statistics among it) is inside its
        // transaction: nothing can fail once the claims are saved.
        tx.finish().context("cannot save the import")?;
        // No bad row, no rejects file: an empty one would read as something set aside.
        if let Some(pending) = rejects.filter(|_| summary.rejected > 0) {
            let path = pending.path().to_path_buf();
            if let Err(err) = pending.finish() {
                // The claims are in: failing now must not read as a failed import.
                eprintln!(
                    "warning: the import is saved, but the bad rows could not be written to \
                     '{}' ({err:#}): run it again with --dry-run --skip-bad to see them",
                    path.display()
                );
            }
        }
    }
    report(out, &summary, &args, &source_name)
}

/// The error for verdict labels the scale lacks, on one line: every label the file uses, how
/// often and what each becomes, and the `--status-map` flags that are missing, so one run
/// tells all.
fn unknown_labels(summary: &Summary, scale: &crate::scale::Scale) -> anyhow::Error {
    let missing: Vec<&str> = summary
        .labels
        .iter()
        .filter(|use_| use_.status.is_none())
        .map(|use_| use_.label.as_str())
        .collect();
    let labels: Vec<String> = summary
        .labels
        .iter()
        .map(|use_| {
            let becomes = use_
                .status
                .as_ref()
                .map_or("?".to_string(), ToString::to_string);
            format!(
                "'{}' ×{} (first at {}) → {becomes}",
                use_.label,
                table::count(use_.count),
                use_.first
            )
        })
        .collect();
    let flags: Vec<String> = missing
        .iter()
        .map(|label| format!("--status-map '{}=VERDICT'", label.replace('\'', "'\\''")))
        .collect();
    anyhow!(
        "{} of the file {} not on the {} scale: nothing was imported; the file's labels: {}; \
         add {} with VERDICT one of {}",
        match missing.len() {
            1 => "1 verdict label".to_string(),
            n => format!("{n} verdict labels"),
        },
        if missing.len() == 1 { "is" } else { "are" },
        scale.name,
        labels.join(", "),
        flags.join(" "),
        scale.status_names().join(", ")
    )
}

/// `--set FIELD=VALUE`.
fn parse_set(set: &str) -> Result<(Field, String)> {
    let (field, value) = set.split_once('=').ok_or_else(|| UserError::InvalidMap {
        value: set.to_string(),
        flag: "--set",
        shape: "FIELD=VALUE",
        example: "speaker=Snopes staff",
    })?;
    let field = Field::parse(field).ok_or_else(|| {
        anyhow!(
            "unknown field '{}' in --set {set}: expected one of {}",
            field.trim(),
            Field::names()
        )
    })?;
    if value.trim().is_empty() {
        bail!("--set {set}: the value is empty: give the value every record gets");
    }
    Ok((field, value.trim().to_string()))
}

/// `--delimiter`: one ASCII character, or `tab`.
fn parse_delimiter(value: &str) -> Result<u8> {
    match value {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if value.len() == 1 && value.is_ascii() && value != "\"" && value != "\n" => {
            Ok(value.as_bytes()[0])
        }
        _ => bail!(
            "invalid --delimiter '{value}': expected one character, such as ';' or '|', or tab"
        ),
    }
}

fn parse_map(map: &str) -> Result<Mapping> {
    let (field, column) = map.split_once('=').ok_or_else(|| UserError::InvalidMap {
        value: map.to_string(),
        flag: "--map",
        shape: "FIELD=COLUMN",
        example: "text=statement",
    })?;
    let field = Field::parse(field).ok_or_else(|| {
        anyhow!(
            "unknown field '{}' in --map {map}: expected one of {}",
            field.trim(),
            Field::names()
        )
    })?;
    let column = ColumnRef::parse(column).map_err(|problem| anyhow!("--map {map}: {problem}"))?;
    Ok((field, column))
}

fn report(out: &mut dyn Write, summary: &Summary, args: &ImportArgs, source: &str) -> Result<()> {
    let count = |n: u64, one: &str, many: &str| {
        format!("{} {}", table::count(n), if n == 1 { one } else { many })
    };
    let more = |shown: usize, all: u64| if all > shown as u64 { ", …" } else { "" };
    let imported = count(summary.imported, "claim", "claims");
    if args.dry_run {
        writeln!(
            out,
            "Dry run: would import {imported} from {source}; nothing was written."
        )?;
    } else {
        writeln!(out, "Imported {imported} from {source}.")?;
    }
    writeln!(
        out,
        "Rows read {}, imported {}, skipped {}; new speakers {}.",
        table::count(summary.read),
        table::count(summary.imported),
        table::count(summary.read - summary.imported),
        table::count(summary.new_speakers)
    )?;
    if summary.rejected > 0 || (args.skip_bad.is_some() && !args.dry_run) {
        let whereto = match (&args.skip_bad, args.dry_run) {
            (Some(path), false) => {
                format!("written to {} with the reason for each", path.display())
            }
            _ => "left out".to_string(),
        };
        writeln!(
            out,
            "{} {whereto}.",
            count(summary.rejected, "bad row", "bad rows")
        )?;
        for rejection in &summary.rejections {
            writeln!(out, "  {rejection}")?;
        }
        if summary.rejected > summary.rejections.len() as u64 {
            writeln!(out, "  …")?;
        }
    }
    if args.update_by.is_some() {
        writeln!(
            out,
            "{} a claim logged before: {} updated, {} unchanged.",
            count(summary.matched, "row stands for", "rows stand for"),
            table::counted(summary.updated.changed, "claim"),
            table::count(summary.updated.unchanged),
        )?;
    }
    if summary.duplicates > 0 {
        let fate = if args.skip_duplicates {
            "skipped"
        } else {
            "imported all the same"
        };
        writeln!(
            out,
            "{} a claim already logged (same speaker, same words), {fate}: {}{}.",
            count(summary.duplicates, "row repeats", "rows repeat"),
            summary.duplicate_examples.join(", "),
            more(summary.duplicate_examples.len(), summary.duplicates)
        )?;
        if !args.skip_duplicates && args.update_by.is_none() && summary.duplicates == summary.read {
            // Every row is logged already: this is the same file again.
            writeln!(
                out,
                "Every row of the file is logged already: to update those claims instead of \
                 adding them again, import with --update-by (id, source_url, evidence_url or text)."
            )?;
        }
    }
    if summary.likely > 0 {
        writeln!(
            out,
            "{} likely say what a claim already logged says, in other words (see `claims \
             similar`): {}{}.",
            count(summary.likely, "row", "rows"),
            summary.likely_examples.join(", "),
            more(summary.likely_examples.len(), summary.likely)
        )?;
    }
    if summary.ids_dropped > 0 {
        writeln!(
            out,
            "The database already held claims, so the {} got new ids.",
            count(summary.ids_dropped, "imported claim", "imported claims")
        )?;
    }
    if args.dry_run && !summary.labels.is_empty() {
        writeln!(out, "Verdict labels in the file:")?;
        for use_ in &summary.labels {
            let becomes = use_.status.as_ref().map_or(
                "? (not on the scale: map it with --status-map)".to_string(),
                |s| s.to_string(),
            );
            writeln!(
                out,
                "  {:>6}  {} -> {becomes}",
                table::count(use_.count),
                use_.label
            )?;
        }
    }
    if !summary.unread_keys.is_empty() {
        let keys: Vec<String> = summary
            .unread_keys
            .iter()
            .map(|(key, n)| format!("'{key}' ({})", count(*n, "record", "records")))
            .collect();
        writeln!(
            out,
            "Warning: the records use claims' field names, but these keys are none of them and \
             were not read: {} (a misspelling? read one with --map FIELD=KEY)",
            keys.join(", ")
        )?;
    }
    for warning in &summary.warnings {
        writeln!(out, "Warning: {warning}")?;
    }
    if summary.warned > summary.warnings.len() as u64 {
        let left = summary.warned - summary.warnings.len() as u64;
        writeln!(
            out,
            "… and {}.",
            count(left, "more warning", "more warnings")
        )?;
    }
    Ok(())
}
