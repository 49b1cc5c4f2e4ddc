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

/// The ids of the speaker and tags a filter names, looked up before its statement is planned.
/// Given as values, they let the planner read how common that speaker or tag is from its
/// statistics, so a common tag's claims are found by walking the claims by date until the page
/// is full and a rare tag's through its index. Named through `tags` or `speakers`, every one
/// looked alike to the planner (a tag on about 1,000 claims of 100,000, a speaker on 86 of a
/// million), and a tag on 30,000 had all its claims gathered and sorted for a page of 50
/// (260 ms, against 3 ms); the busiest speaker's 90,000 claims were read one by one for the
/// combined filter (400 ms, against 185 ms).
#[derive(Default)]
pub struct FilterIds {
    tags: HashMap<String, i64>,
    /// The speaker's id, `None` when the filter names none or no speaker has that name.
    speaker: Option<i64>,
}

impl FilterIds {
    /// The ids of what `filter` names (a tag or speaker not in the database is left out, and
    /// matches no claim).
    pub fn of(client: &mut impl GenericClient, filter: &ClaimFilter) -> Result<FilterIds> {
        let mut ids = FilterIds::default();
        let mut names: Vec<String> = Vec::new();
        for condition in filter.conditions() {
            match condition {
                Condition::Tag(tag) => names.push(tag.to_string()),
                Condition::Speaker(speaker) => {
                    ids.speaker = client
                        .query_opt(
                            "SELECT id FROM speakers WHERE name_key = $1",
                            &[&speaker_key(speaker)],
                        )?
                        .map(|row| row.get(0));
                }
                _ => {}
            }
        }
        if !names.is_empty() {
            let rows = client.query("SELECT name, id FROM tags WHERE name = ANY($1)", &[&names])?;
            ids.tags = rows.iter().map(|row| (row.get(0), row.get(1))).collect();
        }
        Ok(ids)
    }
}

/// The WHERE condition (`true` when empty) of `filter` over claims `c`, its values taken by `q`
/// and the ids of its speaker and tags from `ids`.
pub fn where_sql(filter: &ClaimFilter, ids: &FilterIds, q: &mut Query) -> String {
    let mut conditions: Vec<String> = Vec::new();
    for condition in filter.conditions() {
        match condition {
            Condition::Statuses(statuses) => conditions.push(statuses_in("c.status", statuses, q)),
            Condition::Speaker(_) => conditions.push(match ids.speaker {
                Some(id) => format!("c.speaker_id = {}", q.arg(id)),
                None => "false".to_string(),
            }),
            Condition::Tag(tag) => conditions.push(match ids.tags.get(tag) {
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
