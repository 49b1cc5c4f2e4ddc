//! Claims, their speakers and tags: the rows of the review table.

use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::filter::{
    ClaimFilter, CountPlan, SortOrder, order_sql, speaker_key, statuses_in, where_sql,
};
use super::functions::fingerprint;
use crate::error::UserError;
use crate::model::{Claim, ClaimField, ClaimId, NewClaim, Status};
use crate::scale::{Leaning, Scale};

/// The SELECT list of a review-table row, over claims `c` joined to speakers `s`. Tags are
/// sorted in a subquery rather than by `group_concat(... ORDER BY)`, which the `sqlite3` shells
/// of common distributions (before 3.44) do not know.
const CLAIM_COLUMNS: &str = "c.id, c.text, s.name, c.said_on, c.status, c.context, c.source_url, \
     (SELECT group_concat(name, ';') FROM (SELECT t.name FROM claim_tags ct \
      JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = c.id ORDER BY t.name)), \
     (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id), \
     c.created_at, c.updated_at, c.speaker_role, \
     (SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1";

fn claim_from_row(row: &Row<'_>) -> rusqlite::Result<Claim> {
    let tags: Option<String> = row.get(7)?;
    Ok(Claim {
        id: ClaimId(row.get(0)?),
        text: row.get(1)?,
        speaker: row.get(2)?,
        said_on: super::day(row, 3)?,
        status: Status::new(row.get(4)?),
        context: row.get(5)?,
        source_url: row.get(6)?,
        tags: tags
            .map(|joined| joined.split(';').map(str::to_string).collect())
            .unwrap_or_default(),
        evidence_count: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        speaker_role: row.get(11)?,
        times_said: row.get(12)?,
    })
}

/// Logs a claim with status `unverified` and returns its id.
pub fn insert(conn: &Connection, claim: &NewClaim<'_>, now: &str) -> Result<ClaimId> {
    let (speaker_id, _) = speaker_id_created(conn, claim.speaker)?;
    let print = fingerprint(&speaker_key(claim.speaker), claim.text);
    insert_row(
        conn,
        claim,
        speaker_id,
        print,
        None,
        Status::UNVERIFIED,
        now,
        now,
    )
}

pub use crate::model::MAX_ID;

/// The id the next claim gets: one past the largest there is, or was.
///
/// That skips the ids of deleted claims, which live on in the history: an id is cited in
/// published work and in the desk's notes, so it must never come to name another claim.
/// SQLite alone would hand out the deleted last id again (it takes the largest id + 1).
fn next_id(conn: &Connection) -> Result<i64> {
    let largest = largest_id(conn)?;
    if largest >= MAX_ID {
        return Err(UserError::NoClaimIdLeft {
            path: conn.path().unwrap_or_default().to_string(),
            largest,
            last: MAX_ID,
        }
        .into());
    }
    Ok(largest + 1)
}

/// The largest id a claim has or had (deleted claims keep theirs in the history); 0 when
/// there has been none.
pub fn largest_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT max((SELECT coalesce(max(id), 0) FROM claims), \
             (SELECT coalesce(max(claim_id), 0) FROM history))",
        )?
        .query_row([], |row| row.get(0))?)
}

/// Stores a claim row as given: with `id` when it is `Some` (an import restoring an export),
/// else with the next free one (`next_id`). `print` is the claim's `functions::fingerprint`.
#[allow(clippy::too_many_arguments)]
pub fn insert_row(
    conn: &Connection,
    claim: &NewClaim<'_>,
    speaker_id: i64,
    print: i64,
    id: Option<i64>,
    status: &str,
    created_at: &str,
    updated_at: &str,
) -> Result<ClaimId> {
    let id = match id {
        Some(id) => id,
        None => next_id(conn)?,
    };
    conn.prepare_cached(
        "INSERT INTO claims (id, text, speaker_id, said_on, context, source_url, speaker_role, \
         status, created_at, updated_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        id,
        claim.text,
        speaker_id,
        claim.said_on,
        claim.context,
        claim.source_url,
        claim.speaker_role,
        status,
        created_at,
        updated_at,
        print,
    ])?;
    Ok(ClaimId(id))
}

/// The id of the speaker with this name, creating the speaker on first use (then `true`).
pub fn speaker_id_created(conn: &Connection, name: &str) -> Result<(i64, bool)> {
    let key = speaker_key(name);
    let created = conn
        .prepare_cached(
            "INSERT INTO speakers (name, name_key) VALUES (?, ?) ON CONFLICT (name_key) DO NOTHING",
        )?
        .execute(params![name, key])?
        > 0;
    let id = conn
        .prepare_cached("SELECT id FROM speakers WHERE name_key = ?")?
        .query_row([key], |row| row.get(0))?;
    Ok((id, created))
}

/// One claim, or an error saying there is none (or that it was deleted, and when).
pub fn get(conn: &Connection, id: ClaimId) -> Result<Claim> {
    let sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id WHERE c.id = ?"
    );
    if let Some(claim) = conn
        .prepare_cached(&sql)?
        .query_row([id.0], claim_from_row)
        .optional()?
    {
        return Ok(claim);
    }
    let deleted: Option<(String, String)> = conn
        .query_row(
            "SELECT at, actor FROM history WHERE claim_id = ? AND field = 'deleted' \
             ORDER BY id DESC LIMIT 1",
            [id.0],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Err(match deleted {
        Some((at, actor)) => UserError::ClaimDeleted { id, at, actor },
        None => UserError::ClaimNotFound(id),
    }
    .into())
}

/// Sets one text field (`None` clears it, where the field may be empty).
pub fn set_field(
    conn: &Connection,
    id: ClaimId,
    field: ClaimField,
    value: Option<&str>,
) -> Result<()> {
    // The column name comes from a closed enum, never from user input.
    let sql = format!("UPDATE claims SET {} = ? WHERE id = ?", field.name());
    conn.execute(&sql, params![value, id.0])?;
    if field == ClaimField::Text {
        refresh_fingerprint(conn, id)?;
    }
    Ok(())
}

/// Recomputes the fingerprint after the text or the speaker changed.
fn refresh_fingerprint(conn: &Connection, id: ClaimId) -> Result<()> {
    conn.execute(
        "UPDATE claims SET fingerprint = claim_fingerprint(\
         (SELECT name_key FROM speakers WHERE id = claims.speaker_id), text) WHERE id = ?",
        [id.0],
    )?;
    Ok(())
}

/// The ids of the claims that say what `text` says, by this speaker (see `functions`).
pub fn same_claims(conn: &Connection, speaker: &str, text: &str) -> Result<Vec<ClaimId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM claims WHERE fingerprint = ? ORDER BY id")?;
    let ids = stmt
        .query_map([fingerprint(&speaker_key(speaker), text)], |row| {
            Ok(ClaimId(row.get(0)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Attributes the claim to another speaker.
pub fn set_speaker(conn: &Connection, id: ClaimId, speaker: &str) -> Result<()> {
    let (speaker_id, _) = speaker_id_created(conn, speaker)?;
    conn.execute(
        "UPDATE claims SET speaker_id = ? WHERE id = ?",
        params![speaker_id, id.0],
    )?;
    refresh_fingerprint(conn, id)
}

/// Sets the verification status.
pub fn set_status(conn: &Connection, id: ClaimId, status: &Status) -> Result<()> {
    conn.execute(
        "UPDATE claims SET status = ? WHERE id = ?",
        params![status.as_str(), id.0],
    )?;
    Ok(())
}

/// Marks the claim as changed now.
pub fn touch(conn: &Connection, id: ClaimId, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE claims SET updated_at = ? WHERE id = ?")?
        .execute(params![now, id.0])?;
    Ok(())
}

/// Tags the claim; returns false when it already had the tag.
pub fn add_tag(conn: &Connection, id: ClaimId, tag: &str, status: &str) -> Result<bool> {
    let tag_id = tag_id(conn, tag)?;
    tag_claim(conn, id, tag_id, status)
}

/// Files a claim with `status` under a tag by its id; returns false when it was already. The
/// status travels with the tag, for counting (see migration 0003).
pub fn tag_claim(conn: &Connection, id: ClaimId, tag_id: i64, status: &str) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT INTO claim_tags (claim_id, tag_id, status) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![id.0, tag_id, status])?;
    Ok(added > 0)
}

/// The id of a tag, creating it on first use.
pub fn tag_id(conn: &Connection, tag: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING")?
        .execute([tag])?;
    Ok(conn
        .prepare_cached("SELECT id FROM tags WHERE name = ?")?
        .query_row([tag], |row| row.get(0))?)
}

/// Removes a tag from the claim; returns false when it did not have it.
pub fn remove_tag(conn: &Connection, id: ClaimId, tag: &str) -> Result<bool> {
    let removed = conn.execute(
        "DELETE FROM claim_tags WHERE claim_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
        params![id.0, tag],
    )?;
    Ok(removed > 0)
}

/// The claims matching `filter`, in `order`, at most `limit` of them (all when `None`).
pub fn list(
    conn: &Connection,
    filter: &ClaimFilter,
    order: SortOrder,
    limit: Option<u64>,
) -> Result<Vec<Claim>> {
    let mut claims = Vec::new();
    for_each(conn, filter, order, limit, |claim| {
        claims.push(claim);
        Ok(())
    })?;
    Ok(claims)
}

/// Calls `visit` on each matching claim in turn, without holding them all in memory: exports of
/// a million claims stream through here.
pub fn for_each(
    conn: &Connection,
    filter: &ClaimFilter,
    order: SortOrder,
    limit: Option<u64>,
    mut visit: impl FnMut(Claim) -> Result<()>,
) -> Result<()> {
    let (sql, params) = select_sql(filter, order, limit);
    // Cached: the report runs the same query once per speaker, tens of thousands of times.
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        visit(claim_from_row(row)?)?;
    }
    Ok(())
}

/// The query of `for_each` and its parameters: the review table's rows. Public so that the
/// benchmark runs the very same SQL in `sqlite3` and a test can check its query plan.
pub fn select_sql(
    filter: &ClaimFilter,
    order: SortOrder,
    limit: Option<u64>,
) -> (String, Vec<Value>) {
    page_sql(filter, order, false, limit, 0)
}

/// `select_sql` for one page: `offset` rows skipped, the order turned round by `ascending`.
pub fn page_sql(
    filter: &ClaimFilter,
    order: SortOrder,
    ascending: bool,
    limit: Option<u64>,
    offset: u64,
) -> (String, Vec<Value>) {
    let (condition, mut params) = where_sql(filter);
    // SQLite reads a negative LIMIT as "no limit".
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    params.push(limit.into());
    params.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    let order = if ascending {
        // Every order but the logged one runs newest first; ascending turns each part round.
        order_sql(order)
            .split(", ")
            .map(|part| match part.strip_suffix(" DESC") {
                Some(column) => column.to_string(),
                None => format!("{part} DESC"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        order_sql(order).to_string()
    };
    let sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id \
         WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?"
    );
    (sql, params)
}

/// One page of the claims matching `filter`.
pub fn page(
    conn: &Connection,
    filter: &ClaimFilter,
    order: SortOrder,
    ascending: bool,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<Claim>> {
    let (sql, params) = page_sql(filter, order, ascending, limit, offset);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), claim_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query of `count_by_status` and its parameters (public for the same reasons). Counting
/// a million claims one by one takes longer than a person should wait, so the common filters
/// count from what the schema keeps ready: the running `status_counts` (migration 0003), each
/// speaker's `speaker_counts` (0006) and each tag's `tag_counts` (0009).
pub fn count_by_status_sql(filter: &ClaimFilter) -> (String, Vec<Value>) {
    const ORDER: &str = "ORDER BY (SELECT rank FROM statuses WHERE name = status)";
    let (plan, statuses) = CountPlan::of(filter);
    let (status_condition, mut params) = if statuses.is_empty() {
        ("1".to_string(), Vec::new())
    } else {
        statuses_in("status", statuses)
    };
    match plan {
        CountPlan::Speaker(speaker) => {
            let sql = format!(
                "SELECT status, claims FROM speaker_counts WHERE speaker_id = \
                 (SELECT id FROM speakers WHERE name_key = ?) AND claims > 0 AND \
                 {status_condition} {ORDER}"
            );
            params.insert(0, Value::Text(speaker_key(speaker)));
            (sql, params)
        }
        CountPlan::Kept => (
            format!(
                "SELECT status, claims FROM status_counts WHERE claims > 0 AND \
                 {status_condition} {ORDER}"
            ),
            params,
        ),
        CountPlan::Tag(tag) => {
            let sql = format!(
                "SELECT status, claims FROM tag_counts WHERE tag_id = \
                 (SELECT id FROM tags WHERE name = ?) AND claims > 0 AND {status_condition} \
                 {ORDER}"
            );
            params.insert(0, Value::Text(tag.to_string()));
            (sql, params)
        }
        CountPlan::Claims => {
            let (condition, params) = where_sql(filter);
            let sql = format!(
                "SELECT c.status AS status, count(*) FROM claims c WHERE {condition} \
                 GROUP BY c.status {ORDER}"
            );
            (sql, params)
        }
    }
}

/// How many claims match `filter`, per status, in the scale's order (statuses with none left out).
pub fn count_by_status(conn: &Connection, filter: &ClaimFilter) -> Result<Vec<(Status, u64)>> {
    let (sql, params) = count_by_status_sql(filter);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
    })?;
    let mut counts = Vec::new();
    for row in rows {
        let (status, count) = row?;
        counts.push((Status::new(status), count));
    }
    Ok(counts)
}

/// How many claims matching `filter` are bottomless: rated false on `scale` and made
/// `BOTTOMLESS_TIMES` times or more.
pub fn count_bottomless(conn: &Connection, filter: &ClaimFilter, scale: &Scale) -> Result<u64> {
    let false_verdicts: Vec<Status> = scale
        .verdicts
        .iter()
        .map(|verdict| Status::new(verdict.name.clone()))
        .filter(|status| scale.leaning(status) == Leaning::False)
        .collect();
    if false_verdicts.is_empty() {
        return Ok(0);
    }
    let false_only = ClaimFilter {
        statuses: false_verdicts,
        ..ClaimFilter::default()
    };
    // From the repeats, which are few, to the claims, rather than through every false claim.
    let (false_condition, mut params) = where_sql(&false_only);
    let (condition, filter_params) = where_sql(filter);
    params.extend(filter_params);
    let sql = format!(
        "SELECT count(*) FROM (SELECT claim_id FROM appearances GROUP BY claim_id \
           HAVING count(*) + 1 >= {}) often \
         JOIN claims c ON c.id = often.claim_id WHERE ({false_condition}) AND ({condition})",
        crate::model::BOTTOMLESS_TIMES
    );
    let count: i64 = conn.query_row(&sql, params_from_iter(params), |row| row.get(0))?;
    Ok(count as u64)
}

/// How many claims each speaker has per status: a speaker's record. Speakers come by number of
/// matching claims, most first.
pub fn count_by_speaker_and_status(
    conn: &Connection,
    filter: &ClaimFilter,
) -> Result<Vec<(String, Status, u64)>> {
    let (condition, params) = where_sql(filter);
    // Every claim, or every claim with some statuses: the counts kept ready (migration 0006).
    let (plan, statuses) = CountPlan::of(filter);
    let sql = if plan == CountPlan::Kept {
        let (status_condition, _) = if statuses.is_empty() {
            ("1".to_string(), Vec::new())
        } else {
            statuses_in("sc.status", statuses)
        };
        format!(
            "SELECT s.name, sc.status, sc.claims FROM speaker_counts sc \
             JOIN speakers s ON s.id = sc.speaker_id WHERE sc.claims > 0 AND {status_condition} \
             ORDER BY sum(sc.claims) OVER (PARTITION BY sc.speaker_id) DESC, s.name_key, \
                      (SELECT rank FROM statuses WHERE name = sc.status)"
        )
    } else {
        format!(
            "SELECT s.name, c.status, count(*) FROM claims c \
             JOIN speakers s ON s.id = c.speaker_id WHERE {condition} GROUP BY s.id, c.status \
             ORDER BY sum(count(*)) OVER (PARTITION BY s.id) DESC, s.name_key, \
                      (SELECT rank FROM statuses WHERE name = c.status)"
        )
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)? as u64,
        ))
    })?;
    let mut counts = Vec::new();
    for row in rows {
        let (speaker, status, count) = row?;
        counts.push((speaker, Status::new(status), count));
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::params_from_iter;

    use super::*;
    use crate::model::Status;

    /// The top level of the plan SQLite picks for a query on the current schema (subqueries
    /// left out), one line per step.
    fn plan(sql: &str, params: Vec<Value>) -> String {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::sqlite::migrations::upgrade(&mut conn).unwrap();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(params_from_iter(params), |row| {
                Ok((row.get::<_, i64>(1)?, row.get::<_, String>(3)?))
            })
            .unwrap();
        rows.map(Result::unwrap)
            .filter(|(parent, _)| *parent == 0)
            .map(|(_, detail)| detail)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Each filter of the review table but the substring search finds its rows through an
    /// index and never sorts them all (sorting the claims of one day by id is fine): what keeps
    /// `list` instant at a million claims.
    #[test]
    fn every_list_filter_but_the_substring_uses_an_index() {
        let filters = [
            ClaimFilter::default(),
            ClaimFilter {
                statuses: vec![Status::new("false".into())],
                ..ClaimFilter::default()
            },
            ClaimFilter {
                speaker: Some("Marco Rubio".into()),
                ..ClaimFilter::default()
            },
            ClaimFilter {
                tags: vec!["security".into()],
                ..ClaimFilter::default()
            },
            ClaimFilter {
                since: NaiveDate::from_ymd_opt(2020, 3, 1),
                until: NaiveDate::from_ymd_opt(2020, 3, 31),
                ..ClaimFilter::default()
            },
        ];
        for filter in filters {
            let (sql, params) = select_sql(&filter, SortOrder::Date, Some(50));
            let plan = plan(&sql, params);
            let reads_claims_by_an_index = plan.lines().any(|step| {
                (step.starts_with("SEARCH c ") || step.starts_with("SCAN c "))
                    && step.contains("USING INDEX")
            });
            assert!(reads_claims_by_an_index, "{filter:?}:\n{plan}");
            assert!(
                !plan.contains("TEMP B-TREE FOR ORDER BY"),
                "{filter:?}:\n{plan}"
            );
        }
    }
}
