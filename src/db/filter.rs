//! The review filters shared by `list`, `stats` and `export`, turned into a WHERE clause. The SQL
//! text is built only from fixed fragments; every value the user gave is a bound parameter.

use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::model::Status;

/// Which claims to show. Every condition given must hold; an empty filter matches every claim.
#[derive(Debug, Default, Clone)]
pub struct ClaimFilter {
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// The speaker's name, matched like speakers are (trimmed, case-insensitive).
    pub speaker: Option<String>,
    /// Every one of these tags.
    pub tags: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// A substring of the claim text, in any case.
    pub text: Option<String>,
}

/// The order of the review table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// Newest first, by the date the claim was made (unknown dates last).
    #[default]
    Date,
    /// Most recently logged first.
    Id,
    /// By speaker name, then newest first.
    Speaker,
    /// By the status's place on the scale, then newest first.
    Status,
    /// Oldest logged first: the stable order of exports.
    #[value(skip)]
    Logged,
}

impl SortOrder {
    /// The ORDER BY clause; the query aliases claims as `c` and speakers as `s`.
    pub fn sql(self) -> &'static str {
        match self {
            SortOrder::Date => "c.said_on DESC, c.id DESC",
            SortOrder::Id => "c.id DESC",
            SortOrder::Speaker => "s.name_key, c.said_on DESC, c.id DESC",
            SortOrder::Logged => "c.id",
            SortOrder::Status => {
                "(SELECT rank FROM statuses WHERE name = c.status), c.said_on DESC, c.id DESC"
            }
        }
    }
}

impl ClaimFilter {
    /// The WHERE clause (without the keyword; `1` when empty) over claims aliased as `c`, and
    /// its parameters in order.
    pub fn to_sql(&self) -> (String, Vec<Value>) {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some((condition, statuses)) = self.status_condition("c.status") {
            conditions.push(condition);
            params.extend(statuses);
        }
        if let Some(speaker) = &self.speaker {
            // `=` and not `IN`: name_key is unique, and with `=` SQLite reads the speaker's
            // claims from the index in date order instead of sorting them all.
            conditions
                .push("c.speaker_id = (SELECT id FROM speakers WHERE name_key = ?)".to_string());
            params.push(Value::Text(speaker_key(speaker)));
        }
        for tag in &self.tags {
            conditions.push(
                "EXISTS (SELECT 1 FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id \
                 WHERE ct.claim_id = c.id AND t.name = ?)"
                    .to_string(),
            );
            params.push(Value::Text(tag.clone()));
        }
        if let Some(since) = self.since {
            conditions.push("c.said_on >= ?".to_string());
            params.push(Value::Text(since.to_string()));
        }
        if let Some(until) = self.until {
            conditions.push("c.said_on <= ?".to_string());
            params.push(Value::Text(until.to_string()));
        }
        if let Some(text) = &self.text {
            if text.is_ascii() {
                // SQLite's LIKE folds ASCII letters, in C: for words in ASCII it finds what
                // casefold would, several times faster.
                conditions.push(r"c.text LIKE ? ESCAPE '\'".to_string());
                params.push(Value::Text(format!("%{}%", escape_like(text))));
            } else {
                conditions.push("instr(casefold(c.text), ?) > 0".to_string());
                params.push(Value::Text(text.to_lowercase()));
            }
        }
        if conditions.is_empty() {
            ("1".to_string(), params)
        } else {
            (conditions.join(" AND "), params)
        }
    }
}

impl ClaimFilter {
    /// `column IN (...)` for the statuses asked for, with its parameters; `None` for any status.
    pub fn status_condition(&self, column: &str) -> Option<(String, Vec<Value>)> {
        if self.statuses.is_empty() {
            return None;
        }
        let marks = vec!["?"; self.statuses.len()].join(", ");
        let params = self
            .statuses
            .iter()
            .map(|status| Value::Text(status.as_str().to_string()))
            .collect();
        Some((format!("{column} IN ({marks})"), params))
    }

    /// Whether the filter asks for anything besides statuses and tags.
    pub fn goes_beyond_status_and_tags(&self) -> bool {
        self.speaker.is_some()
            || self.since.is_some()
            || self.until.is_some()
            || self.text.is_some()
    }
}

/// The key that makes two spellings of a speaker's name one speaker.
pub fn speaker_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `%`, `_` and `\` in what the user typed are literal, not LIKE's wildcards.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_key_ignores_case_and_spacing() {
        assert_eq!(speaker_key("  Marco   Rubio "), "marco rubio");
        assert_eq!(speaker_key("marco rubio"), speaker_key("Marco Rubio"));
    }

    #[test]
    fn like_wildcards_in_user_text_are_literal() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn empty_filter_matches_everything() {
        let (sql, params) = ClaimFilter::default().to_sql();
        assert_eq!(sql, "1");
        assert!(params.is_empty());
    }
}
