//! Tables for people, drawn with comfy-table.

use comfy_table::{Cell, Color, ContentArrangement, Row, Table, presets};

use super::Style;
use crate::model::Status;
use crate::scale::{Leaning, Scale};

/// An empty table in the house style, fitted to the output's width.
pub fn new_table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(header.to_vec());
    if style.color {
        table.enforce_styling();
    }
    table
}

/// A row whose long cells are cut to one line with "…" instead of wrapping.
pub fn one_line_row(cells: Vec<Cell>) -> Row {
    let mut row = Row::from(cells);
    row.max_height(1);
    row
}

/// The colour of a status, by where it leans on its scale; `unverified` has none.
fn status_color(scale: &Scale, status: &Status) -> Option<Color> {
    match scale.leaning(status) {
        Leaning::Unchecked => None,
        Leaning::InProgress => Some(Color::Cyan),
        Leaning::True => Some(Color::Green),
        Leaning::Between | Leaning::OffAxis => Some(Color::Yellow),
        Leaning::False => Some(Color::Red),
    }
}

/// A status in a table cell, coloured when colour is on (the text says it all the same).
pub fn status_cell(scale: &Scale, status: &Status) -> Cell {
    let cell = Cell::new(status.as_str());
    match status_color(scale, status) {
        Some(color) => cell.fg(color),
        None => cell,
    }
}

/// A status in running text, coloured with the same colours as in tables when colour is on.
pub fn status_text(style: Style, scale: &Scale, status: &Status) -> String {
    // The SGR foreground codes of the colours `status_color` uses.
    let code = match status_color(scale, status).filter(|_| style.color) {
        Some(Color::Red) => 31,
        Some(Color::Green) => 32,
        Some(Color::Yellow) => 33,
        Some(Color::Cyan) => 36,
        _ => return status.to_string(),
    };
    format!("\u{1b}[{code}m{status}\u{1b}[39m")
}

/// Text made safe and flat for a terminal cell: control characters (which could move the cursor
/// or recolour the screen) and line breaks become spaces.
pub fn plain(text: &str) -> String {
    text.chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect()
}

/// At most `chars` characters of a text, with "…" when it was cut.
pub fn shortened(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Text made safe for a terminal while keeping its line breaks.
pub fn multiline(text: &str) -> String {
    text.chars()
        .map(|ch| {
            if ch.is_control() && ch != '\n' {
                ' '
            } else {
                ch
            }
        })
        .collect()
}

/// A moment as a table shows it, to the minute: `2025-09-04 11:10` (UTC).
pub fn when(timestamp: &crate::model::Timestamp) -> String {
    timestamp.at().format("%Y-%m-%d %H:%M").to_string()
}

/// A date as a table shows it, or `unknown` in its place.
pub fn day(date: Option<chrono::NaiveDate>, unknown: &str) -> String {
    date.map_or_else(|| unknown.to_string(), |date| date.to_string())
}

/// A count and what it counts, in the plural unless it is one: "1 claim", "2,000 claims".
pub fn counted(n: u64, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{} {what}s", count(n)),
    }
}

/// A number with thousands separators, for footers people read: "1,000,014".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `text` as one word of a shell command the user can paste: quoted when it needs to be.
pub fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_./:=@%+,".contains(ch))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(plain("a\u{1b}[31mb\nc\td"), "a [31mb c d");
        assert_eq!(multiline("a\u{1b}b\nc"), "a b\nc");
    }

    #[test]
    fn timestamps_are_shown_to_the_minute() {
        assert_eq!(
            when(&"2025-09-04T11:10:59Z".parse().unwrap()),
            "2025-09-04 11:10"
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
