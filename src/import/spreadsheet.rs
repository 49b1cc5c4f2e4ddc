//! Spreadsheets themselves (`.xlsx`, `.xls`, `.ods`), read by calamine without an office suite:
//! the first sheet, its first row the header, each row after it a record, as a CSV's would be.

use std::io::{Cursor, Read};

use anyhow::{Result, anyhow, bail};
use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::source::{Item, Location, Record, Unreadable, Values};
use crate::input::{self, FileLimit};

/// The most of a spreadsheet that `import` reads: it is read whole, as its cells sit in a zip.
const SPREADSHEET_LIMIT: FileLimit = FileLimit {
    bytes: 256 << 20,
    what: "a spreadsheet",
    fix: "save it as CSV, which is read as it streams",
};

/// Reads the first sheet of a workbook. `start` gets the header (with `has_header`) and the
/// number of columns, as `read_delimited`'s does; then each row that is not empty goes to
/// `visit`, located by its row number in the sheet.
pub fn read_spreadsheet<T>(
    input: impl Read,
    name: &str,
    has_header: bool,
    start: impl FnOnce(Option<Vec<String>>, usize) -> Result<T>,
    mut visit: impl FnMut(Item, &T) -> Result<()>,
) -> Result<()> {
    let text_limit = SPREADSHEET_LIMIT;
    let bytes = input::read_bytes(input, name, text_limit)?;
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|err| {
        anyhow!(
            "'{name}' is not a spreadsheet calamine can read ({err}): save it as .xlsx, .ods or CSV"
        )
    })?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| anyhow!("'{name}' has no sheet"))?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|err| anyhow!("cannot read the sheet '{sheet}' of '{name}': {err}"))?;
    let first_row = range.start().map_or(0, |(row, _)| row as u64);
    let width = range.width();
    let mut rows = range.rows().enumerate();
    let state = if has_header {
        let Some((_, header)) = rows.next() else {
            bail!("the sheet '{sheet}' of '{name}' is empty");
        };
        let header: Vec<String> = header
            .iter()
            .map(|cell| text(cell).unwrap_or_default())
            .collect();
        start(Some(header), width)?
    } else {
        start(None, width)?
    };
    for (index, row) in rows {
        if row.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let location = Location::Row(first_row + index as u64 + 1);
        let cells: std::result::Result<Vec<String>, String> = row.iter().map(text).collect();
        let item = match cells {
            Ok(columns) => Ok(Record {
                location,
                values: Values::Columns(columns),
            }),
            Err(problem) => Err(Unreadable {
                location,
                problem,
                raw: row
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            }),
        };
        visit(item, &state)?;
    }
    Ok(())
}

/// A cell as the text a CSV of the sheet would hold: a whole number without `.0`, a date as
/// `YYYY-MM-DD` (with its time, when it has one); a formula's error is a bad row.
fn text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => moment.to_string(),
        },
        Data::Error(error) => {
            return Err(format!(
                "a cell holds the spreadsheet error {error}: fix the formula, or save the sheet's \
                 values"
            ));
        }
    })
}
