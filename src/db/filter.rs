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
    /// Only claims made at least this many times (once, plus their repeats).
    pub repeated: Option<u64>,
    /// Words of the claim text, as `search` reads them (all must match; "phrases", OR, -word,
    /// prefix*), looked up in the full-text index.
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
        if let Some(times) = self.repeated {
            conditions.push(
                "(SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1 >= ?".to_string(),
            );
            params.push(Value::Integer(i64::try_from(times).unwrap_or(i64::MAX)));
        }
        if let Some(text) = &self.text {
            // The words are looked up in the full-text index, restricted to the claim's text.
            // A search with nothing to find was refused when the filter was made; here it
            // matches nothing rather than reaching FTS5.
            match crate::search::fts_query(text, Some("text")) {
                Ok(query) => {
                    conditions.push(
                        "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
                            .to_string(),
                    );
                    params.push(Value::Text(query));
                }
                Err(_) => conditions.push("0".to_string()),
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
            || self.repeated.is_some()
    }
}

/// The key that makes two spellings of a speaker's name one speaker.
pub fn speaker_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
    fn empty_filter_matches_everything() {
        let (sql, params) = ClaimFilter::default().to_sql();
        assert_eq!(sql, "1");
        assert!(params.is_empty());
    }
}
