//! The review filters turned into PostgreSQL: a WHERE clause over claims `c`, the ORDER BY of
//! each sort, and the plan for counting (the same plans as SQLite's, `CountPlan`). Every value
//! the user gave is a bound parameter.

use super::search::tsquery;
use super::sql::Query;
pub use crate::db::sqlite::filter::CountPlan;
pub use crate::filter::{ClaimFilter, Condition, SortOrder};
pub use crate::model::speaker_key;

/// The ORDER BY clause of `order`. SQLite sorts an unknown date below every date; here NULLS
/// LAST in a descending order says the same.
pub fn order_sql(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Date => "c.said_on DESC NULLS LAST, c.id DESC",
        SortOrder::Id => "c.id DESC",
        SortOrder::Speaker => "s.name_key, c.said_on DESC NULLS LAST, c.id DESC",
        SortOrder::Logged => "c.id",
        SortOrder::Status => {
            "(SELECT rank FROM statuses WHERE name = c.status), c.said_on DESC NULLS LAST, \
             c.id DESC"
        }
    }
}

/// The WHERE condition (`true` when empty) of `filter` over claims `c`, its values taken by `q`.
pub fn where_sql(filter: &ClaimFilter, q: &mut Query) -> String {
    let mut conditions: Vec<String> = Vec::new();
    for condition in filter.conditions() {
        match condition {
            Condition::Statuses(statuses) => conditions.push(statuses_in("c.status", statuses, q)),
            Condition::Speaker(speaker) => conditions.push(format!(
                "c.speaker_id = (SELECT id FROM speakers WHERE name_key = {})",
                q.arg(speaker_key(speaker))
            )),
            Condition::Tag(tag) => conditions.push(format!(
                "EXISTS (SELECT 1 FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id \
                 WHERE ct.claim_id = c.id AND t.name = {})",
                q.arg(tag.to_string())
            )),
            Condition::Since(since) => {
                conditions.push(format!("c.said_on >= {}", q.arg(since.to_string())));
            }
            Condition::Until(until) => {
                conditions.push(format!("c.said_on <= {}", q.arg(until.to_string())));
            }
            Condition::Repeated(times) => conditions.push(format!(
                "(SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1 >= {}",
                q.arg(i64::try_from(times).unwrap_or(i64::MAX))
            )),
            Condition::Text(text) => {
                // The claim's own words only: weight A of the search entry.
                match crate::search::fts_query(text, Some("text")) {
                    Ok(query) => conditions.push(format!(
                        "c.search @@ to_tsquery('claims', {})",
                        q.arg(tsquery(&query))
                    )),
                    Err(_) => conditions.push("false".to_string()),
                }
            }
            Condition::Assignee(name) => conditions.push(format!(
                "EXISTS (SELECT 1 FROM assignments w WHERE w.claim_id = c.id \
                 AND lower(w.assignee) = {})",
                q.arg(speaker_key(name))
            )),
            Condition::DueBefore(day) => conditions.push(format!(
                "EXISTS (SELECT 1 FROM assignments w WHERE w.claim_id = c.id AND w.due_on < {})",
                q.arg(day.to_string())
            )),
            Condition::Proposed => conditions
                .push("EXISTS (SELECT 1 FROM proposals p WHERE p.claim_id = c.id)".to_string()),
            Condition::Published(published) => conditions.push(format!(
                "{}EXISTS (SELECT 1 FROM publications p WHERE p.claim_id = c.id)",
                if published { "" } else { "NOT " }
            )),
        }
    }
    if conditions.is_empty() {
        "true".to_string()
    } else {
        conditions.join(" AND ")
    }
}

/// `column IN (...)` for these statuses.
pub fn statuses_in(column: &str, statuses: &[crate::model::Status], q: &mut Query) -> String {
    let names: Vec<String> = statuses
        .iter()
        .map(|status| status.as_str().to_string())
        .collect();
    format!("{column} = ANY({}::text[])", q.arg(names))
}
