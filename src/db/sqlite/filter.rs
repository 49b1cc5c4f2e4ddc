//! The review filters turned into SQL: a WHERE clause, and the plan for counting what they
//! match. The SQL text is built only from fixed fragments; every value the user gave is a bound
//! parameter.

use rusqlite::types::Value;

pub use crate::filter::{ClaimFilter, Condition, SortOrder};
pub use crate::model::speaker_key;

/// The ORDER BY clause of `order`; the query aliases claims as `c` and speakers as `s`.
pub fn order_sql(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Date => "c.said_on DESC, c.id DESC",
        SortOrder::Id => "c.id DESC",
        SortOrder::Speaker => "s.name_key, c.said_on DESC, c.id DESC",
        SortOrder::Logged => "c.id",
        SortOrder::Status => {
            "(SELECT rank FROM statuses WHERE name = c.status), c.said_on DESC, c.id DESC"
        }
    }
}

/// The WHERE clause (without the keyword; `1` when empty) over claims aliased as `c`, and its
/// parameters in order.
pub fn where_sql(filter: &ClaimFilter) -> (String, Vec<Value>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    for condition in filter.conditions() {
        match condition {
            Condition::Statuses(statuses) => {
                let (sql, values) = statuses_in("c.status", statuses);
                conditions.push(sql);
                params.extend(values);
            }
            Condition::Speaker(speaker) => {
                // `=` and not `IN`: name_key is unique, and with `=` SQLite reads the
                // speaker's claims from the index in date order instead of sorting them all.
                conditions.push(
                    "c.speaker_id = (SELECT id FROM speakers WHERE name_key = ?)".to_string(),
                );
                params.push(Value::Text(speaker_key(speaker)));
            }
            Condition::Tag(tag) => {
                conditions.push(
                    "EXISTS (SELECT 1 FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id \
                     WHERE ct.claim_id = c.id AND t.name = ?)"
                        .to_string(),
                );
                params.push(Value::Text(tag.to_string()));
            }
            Condition::Since(since) => {
                conditions.push("c.said_on >= ?".to_string());
                params.push(Value::Text(since.to_string()));
            }
            Condition::Until(until) => {
                conditions.push("c.said_on <= ?".to_string());
                params.push(Value::Text(until.to_string()));
            }
            Condition::Repeated(times) => {
                conditions.push(
                    "(SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1 >= ?"
                        .to_string(),
                );
                params.push(Value::Integer(i64::try_from(times).unwrap_or(i64::MAX)));
            }
            Condition::Text(text) => {
                // The words are looked up in the full-text index, restricted to the claim's
                // text. A search with nothing to find was refused when the filter was made;
                // here it matches nothing rather than reaching FTS5.
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
            Condition::Assignee(name) => {
                conditions.push(
                    "EXISTS (SELECT 1 FROM assignments w WHERE w.claim_id = c.id \
                     AND lower(w.assignee) = ?)"
                        .to_string(),
                );
                params.push(Value::Text(speaker_key(name)));
            }
            Condition::DueBefore(day) => {
                conditions.push(
                    "EXISTS (SELECT 1 FROM assignments w WHERE w.claim_id = c.id \
                     AND w.due_on < ?)"
                        .to_string(),
                );
                params.push(Value::Text(day.to_string()));
            }
            Condition::Proposed => conditions
                .push("EXISTS (SELECT 1 FROM proposals p WHERE p.claim_id = c.id)".to_string()),
            Condition::Published(published) => conditions.push(format!(
                "{}EXISTS (SELECT 1 FROM publications p WHERE p.claim_id = c.id)",
                if published { "" } else { "NOT " }
            )),
        }
    }
    if conditions.is_empty() {
        ("1".to_string(), params)
    } else {
        (conditions.join(" AND "), params)
    }
}

/// `column IN (...)` for these statuses, with its parameters.
pub fn statuses_in(column: &str, statuses: &[crate::model::Status]) -> (String, Vec<Value>) {
    let marks = vec!["?"; statuses.len()].join(", ");
    let params = statuses
        .iter()
        .map(|status| Value::Text(status.as_str().to_string()))
        .collect();
    (format!("{column} IN ({marks})"), params)
}

/// What a count of the claims a filter matches can read instead of the claims themselves:
/// the counts the schema keeps ready (migrations 0003, 0006 and 0009).
#[derive(Debug, PartialEq, Eq)]
pub enum CountPlan<'a> {
    /// Statuses at most: the running `status_counts`.
    Kept,
    /// One speaker, and statuses at most: `speaker_counts`.
    Speaker(&'a str),
    /// One tag, and statuses at most: `tag_counts`.
    Tag(&'a str),
    /// Anything else: the claims, counted.
    Claims,
}

impl<'a> CountPlan<'a> {
    /// The plan for `filter`, and the statuses it asks for (empty for any).
    pub fn of(filter: &'a ClaimFilter) -> (CountPlan<'a>, &'a [crate::model::Status]) {
        let mut plan = CountPlan::Kept;
        let mut statuses: &[crate::model::Status] = &[];
        for condition in filter.conditions() {
            plan = match (condition, plan) {
                (Condition::Statuses(asked), plan) => {
                    statuses = asked;
                    plan
                }
                (Condition::Speaker(speaker), CountPlan::Kept) => CountPlan::Speaker(speaker),
                (Condition::Tag(tag), CountPlan::Kept) => CountPlan::Tag(tag),
                (
                    Condition::Speaker(_)
                    | Condition::Tag(_)
                    | Condition::Since(_)
                    | Condition::Until(_)
                    | Condition::Repeated(_)
                    | Condition::Text(_)
                    | Condition::Assignee(_)
                    | Condition::DueBefore(_)
                    | Condition::Proposed
                    | Condition::Published(_),
                    _,
                ) => CountPlan::Claims,
            };
        }
        (plan, statuses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn speaker_key_ignores_case_and_spacing() {
        assert_eq!(speaker_key("  Marco   Rubio "), "marco rubio");
        assert_eq!(speaker_key("marco rubio"), speaker_key("Marco Rubio"));
    }

    #[test]
    fn empty_filter_matches_everything() {
        let (sql, params) = where_sql(&ClaimFilter::default());
        assert_eq!(sql, "1");
        assert!(params.is_empty());
    }

    #[test]
    fn counts_read_what_is_kept_only_for_what_is_kept() {
        let statuses = vec![Status::new("false".into())];
        let by = |filter: ClaimFilter| format!("{:?}", CountPlan::of(&filter).0);
        assert_eq!(by(ClaimFilter::default()), "Kept");
        assert_eq!(
            by(ClaimFilter {
                statuses: statuses.clone(),
                speaker: Some("A".into()),
                ..ClaimFilter::default()
            }),
            "Speaker(\"A\")"
        );
        assert_eq!(
            by(ClaimFilter {
                tags: vec!["x".into()],
                ..ClaimFilter::default()
            }),
            "Tag(\"x\")"
        );
        assert_eq!(
            by(ClaimFilter {
                tags: vec!["x".into(), "y".into()],
                ..ClaimFilter::default()
            }),
            "Claims"
        );
        assert_eq!(
            by(ClaimFilter {
                speaker: Some("A".into()),
                tags: vec!["x".into()],
                ..ClaimFilter::default()
            }),
            "Claims"
        );
        assert_eq!(
            by(ClaimFilter {
                repeated: Some(2),
                ..ClaimFilter::default()
            }),
            "Claims"
        );
    }
}
