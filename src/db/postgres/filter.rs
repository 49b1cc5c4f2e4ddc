//! The review filters turned into PostgreSQL: a WHERE clause over claims `c`, the ORDER BY of
//! each sort, and the plan for counting (the same plans as SQLite's, `CountPlan`). Every value
//! the user gave is a bound parameter.

use std::collections::HashMap;

use anyhow::Result;
use postgres::GenericClient;

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

/// The ids of a filter's tags, looked up before its statement is planned. Given as a value,
/// a tag's id lets the planner read how common that tag is from its statistics, so a common
/// tag's claims are found by walking the claims by date until the page is full and a rare
/// tag's through its index. Named through `tags`, every tag looked alike to the planner (about
/// 1,000 claims of 100,000), and a tag on 30,000 of them had all its claims gathered and sorted
/// for a page of 50: 260 ms, against 3 ms.
#[derive(Default)]
pub struct TagIds(HashMap<String, i64>);

impl TagIds {
    /// The ids of the tags `filter` names (a tag no claim has is left out, and matches none).
    pub fn of(client: &mut impl GenericClient, filter: &ClaimFilter) -> Result<TagIds> {
        let names: Vec<String> = filter
            .conditions()
            .into_iter()
            .filter_map(|condition| match condition {
                Condition::Tag(tag) => Some(tag.to_string()),
                _ => None,
            })
            .collect();
        if names.is_empty() {
            return Ok(TagIds::default());
        }
        let rows = client.query("SELECT name, id FROM tags WHERE name = ANY($1)", &[&names])?;
        Ok(TagIds(
            rows.iter().map(|row| (row.get(0), row.get(1))).collect(),
        ))
    }
}

/// The WHERE condition (`true` when empty) of `filter` over claims `c`, its values taken by `q`
/// and its tags' ids from `tags`.
pub fn where_sql(filter: &ClaimFilter, tags: &TagIds, q: &mut Query) -> String {
    let mut conditions: Vec<String> = Vec::new();
    for condition in filter.conditions() {
        match condition {
            Condition::Statuses(statuses) => conditions.push(statuses_in("c.status", statuses, q)),
            Condition::Speaker(speaker) => conditions.push(format!(
                "c.speaker_id = (SELECT id FROM speakers WHERE name_key = {})",
                q.arg(speaker_key(speaker))
            )),
            Condition::Tag(tag) => conditions.push(match tags.0.get(tag) {
                Some(&id) => format!(
                    "EXISTS (SELECT 1 FROM claim_tags ct WHERE ct.claim_id = c.id \
                     AND ct.tag_id = {})",
                    q.arg(id)
                ),
                None => "false".to_string(),
            }),
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
