//! The CSV that `list --format csv` and `export` write: RFC 4180 through the `csv` crate, one
//! header row, columns in a fixed, documented order. Every CSV `claims` writes goes through
//! `CsvWriter`, which keeps spreadsheets from running a cell as a formula.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;

use crate::model::{Claim, ClaimRecord};

/// How a cell that a spreadsheet would run as a formula begins (OWASP's CSV-injection list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// What neutralises such a cell: spreadsheets show a cell that starts with it as text.
const GUARD: char = '\'';

/// `--raw`, for every command that writes CSV.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct CsvCells {
    /// With --format csv: write every cell exactly as stored. By default a cell a spreadsheet
    /// would run as a formula (one starting with =, +, -, @, a tab or a carriage return) gets
    /// a leading ', and so does one that starts with ' itself; `claims import` takes it off
    /// again, so a round trip is exact. (Import takes such a ' off a --raw export too: a value
    /// of your own that starts with ' and then one of those characters loses its '.)
    #[arg(long)]
    pub raw: bool,
}

/// `value` as it is safe to open in a spreadsheet: with the guard `'` in front when it starts
/// like a formula, or with the guard itself (so that `unneutralised` can tell the two apart).
/// A plain number such as a search score of -7.3 is left as it is: a spreadsheet reads it as
/// that number, not as a formula.
pub fn neutralised(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some(first)
            if first == GUARD || (FORMULA_STARTS.contains(&first) && !is_plain_number(value)) =>
        {
            Cow::Owned(format!("{GUARD}{value}"))
        }
        _ => Cow::Borrowed(value),
    }
}

/// A number a spreadsheet reads as a number: digits, a sign, a point, an exponent (not the
/// `inf` and `NaN` that Rust's parser also takes, which a spreadsheet reads as formulas).
fn is_plain_number(value: &str) -> bool {
    value.parse::<f64>().is_ok()
        && value
            .bytes()
            .all(|byte| byte.is_ascii_digit() || b"+-.eE".contains(&byte))
}

/// Undoes `neutralised`: drops a leading guard that stands before a formula start or another
/// guard. A value that merely starts with `'` (`'90s`) is left as it is.
pub fn unneutralised(value: &str) -> &str {
    match value.strip_prefix(GUARD) {
        Some(rest)
            if rest
                .chars()
                .next()
                .is_some_and(|first| first == GUARD || FORMULA_STARTS.contains(&first)) =>
        {
            rest
        }
        _ => value,
    }
}

/// A CSV writer (RFC 4180, through the `csv` crate) that neutralises each cell unless `raw`.
pub struct CsvWriter<W: Write> {
    writer: ::csv::Writer<W>,
    raw: bool,
}

impl<W: Write> CsvWriter<W> {
    /// Starts writing; the caller writes the header as the first record.
    pub fn new(out: W, cells: CsvCells) -> Self {
        CsvWriter {
            writer: ::csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out),
            raw: cells.raw,
        }
    }

    /// Writes one row.
    pub fn write_record<T: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = T>,
    ) -> Result<()> {
        for cell in cells {
            let cell = cell.as_ref();
            if self.raw {
                self.writer.write_field(cell)?;
            } else {
                self.writer.write_field(neutralised(cell).as_ref())?;
            }
        }
        // An empty record ends the row of fields written one by one.
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Flushes the rows and hands back the underlying writer.
    pub fn finish(self) -> Result<W> {
        self.writer
            .into_inner()
            .map_err(|err| anyhow::Error::new(err.into_error()))
    }
}

/// The columns, in order. Changing them breaks the spreadsheets and scripts that read exports.
pub const CLAIM_COLUMNS: [&str; 12] = [
    "id",
    "text",
    "speaker",
    "said_on",
    "status",
    "context",
    "source_url",
    "tags",
    "evidence_count",
    "created_at",
    "updated_at",
    "speaker_role",
];

/// The columns `claims export` adds after `CLAIM_COLUMNS`: the verdict's explanation, when
/// it was reached and by whom (empty for a claim without a verdict), so that an export imported
/// elsewhere keeps the why.
pub const VERDICT_COLUMNS: [&str; 3] = ["verdict_note", "verdict_at", "verdict_by"];

/// Writes claims as CSV rows under the header.
pub struct ClaimCsvWriter<W: Write> {
    writer: CsvWriter<W>,
}

impl<W: Write> ClaimCsvWriter<W> {
    /// Starts the file with its header row (written even when no claim follows).
    pub fn new(out: W, cells: CsvCells) -> Result<Self> {
        let mut writer = CsvWriter::new(out, cells);
        writer.write_record(CLAIM_COLUMNS)?;
        Ok(ClaimCsvWriter { writer })
    }

    /// Starts an export's file: the claims' columns and then `VERDICT_COLUMNS`.
    pub fn with_verdicts(out: W, cells: CsvCells) -> Result<Self> {
        let mut writer = CsvWriter::new(out, cells);
        writer.write_record(CLAIM_COLUMNS.iter().chain(&VERDICT_COLUMNS))?;
        Ok(ClaimCsvWriter { writer })
    }

    /// Writes one claim. Tags are joined with `;`; an unknown date or an absent field is empty.
    pub fn write(&mut self, claim: &Claim) -> Result<()> {
        self.writer.write_record(claim_cells(claim))?;
        Ok(())
    }

    /// Writes one claim with its verdict's columns (for `with_verdicts`).
    pub fn write_with_verdict(&mut self, record: &ClaimRecord) -> Result<()> {
        let decision = record.verdict_decision();
        let at = decision
            .map(|entry| entry.at.to_string())
            .unwrap_or_default();
        let cells = claim_cells(&record.claim);
        self.writer.write_record(
            cells.iter().map(|cell| cell.as_ref()).chain([
                decision
                    .and_then(|entry| entry.note.as_deref())
                    .unwrap_or(""),
                at.as_str(),
                decision.map_or("", |entry| entry.actor.as_str()),
            ]),
        )?;
        Ok(())
    }

    /// Flushes the rows and hands back the underlying writer.
    pub fn finish(self) -> Result<W> {
        self.writer.finish()
    }
}

/// A claim's cells, in the order of `CLAIM_COLUMNS`.
fn claim_cells(claim: &Claim) -> [Cow<'_, str>; 12] {
    [
        Cow::Owned(claim.id.to_string()),
        Cow::Borrowed(claim.text.as_str()),
        Cow::Borrowed(claim.speaker.as_str()),
        Cow::Owned(super::table::day(claim.said_on, "")),
        Cow::Borrowed(claim.status.as_str()),
        Cow::Borrowed(claim.context.as_deref().unwrap_or("")),
        Cow::Borrowed(claim.source_url.as_deref().unwrap_or("")),
        Cow::Owned(claim.tags.join(";")),
        Cow::Owned(claim.evidence_count.to_string()),
        Cow::Owned(claim.created_at.to_string()),
        Cow::Owned(claim.updated_at.to_string()),
        Cow::Borrowed(claim.speaker_role.as_deref().unwrap_or("")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_guarded_and_come_back_exactly() {
        for value in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+1",
            "-2+3",
            "-inf+1",
            "-inf",
            "+NaN",
            "@SUM(A1)",
            "\tindented",
            "\rreturn",
            "'quoted",
            "''twice",
            "'=already guarded",
        ] {
            let guarded = neutralised(value);
            assert!(guarded.starts_with('\''), "{value:?} -> {guarded:?}");
            assert_eq!(unneutralised(&guarded), value);
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for value in [
            "",
            "Migration has fallen",
            "2025-09-03",
            "a=b",
            "42",
            "x-y",
            "-7.3",
            "+1",
        ] {
            assert_eq!(neutralised(value), value);
            assert_eq!(unneutralised(value), value);
        }
        assert_eq!(
            unneutralised("'90s"),
            "'90s",
            "a lone quote is the value's own"
        );
    }
}
