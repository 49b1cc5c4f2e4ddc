//! Claims, their speakers and tags: the rows of the review table, on PostgreSQL.

use anyhow::Result;
use postgres::{Row, ToStatement, Transaction};

use super::filter::{
    ClaimFilter, CountPlan, FilterIds, SortOrder, order_sql, speaker_key, statuses_in, where_sql,
};
use super::sql::{self, Query};
use crate::db::sqlite::functions::fingerprint;
use crate::error::UserError;
use crate::model::{Claim, ClaimField, ClaimId, MAX_ID, NewClaim, Status};
use crate::scale::{Leaning, Scale};

/// The SELECT list of a review-table row, over claims `c` joined to speakers `s`.
pub(crate) const CLAIM_COLUMNS: &str = "c.id, c.text, s.name, c.said_on, c.status, c.context, \
     c.source_url, \
     (SELECT string_agg(t.name, ';' ORDER BY t.name) FROM claim_tags ct \
      JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = c.id), \
     (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id), \
     c.created_at, c.updated_at, c.speaker_role, \
     (SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1";

pub(crate) fn claim_from_row(row: &Row) -> Result<Claim> {
    let tags: Option<String> = row.get(7);
    Ok(Claim {
        id: ClaimId(row.get(0)),
        text: row.get(1),
        speaker: row.get(2),
        said_on: sql::date(row, 3)?,
        status: Status::new(row.get(4)),
        context: row.get(5),
        source_url: row.get(6),
        tags: tags
            .map(|joined| joined.split(';').map(str::to_string).collect())
            .unwrap_or_default(),
        evidence_count: row.get(8),
        created_at: sql::timestamp(row, 9)?,
        updated_at: sql::timestamp(row, 10)?,
        speaker_role: row.get(11),
        times_said: row.get(12),
    })
}

/// Logs a claim with status `unverified` and returns its id.
pub fn insert(tx: &mut Transaction<'_>, claim: &NewClaim<'_>, now: &str) -> Result<ClaimId> {
    let (speaker_id, _) = speaker_id_created(tx, claim.speaker)?;
    let print = fingerprint(&speaker_key(claim.speaker), claim.text);
    insert_row(
        tx,
        claim,
        speaker_id,
        print,
        None,
        Status::UNVERIFIED,
        now,
        now,
    )
}

/// The largest id a claim has or had (deleted claims keep theirs in the history); 0 when
/// there has been none.
pub fn largest_id(tx: &mut Transaction<'_>) -> Result<i64> {
    Ok(tx
        .query_one(
            "SELECT greatest((SELECT coalesce(max(id), 0) FROM claims), \
             (SELECT coalesce(max(claim_id), 0) FROM history))",
            &[],
        )?
        .get(0))
}

/// The id the next claim gets: one past the largest there is, or was (see the SQLite
/// engine's `next_id`). The write lock every write transaction holds makes it safe.
fn next_id(tx: &mut Transaction<'_>) -> Result<i64> {
    let largest = largest_id(tx)?;
    if largest >= MAX_ID {
        return Err(UserError::NoClaimIdLeft {
            path: "the PostgreSQL database".to_string(),
            largest,
            last: MAX_ID,
        }
        .into());
    }
    Ok(largest + 1)
}

/// Stores a claim row as given: with `id` when it is `Some`, else with the next free one.
#[allow(clippy::too_many_arguments)]
pub fn insert_row(
    tx: &mut Transaction<'_>,
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
        None => next_id(tx)?,
    };
    tx.execute(
        "INSERT INTO claims (id, text, speaker_id, said_on, context, source_url, speaker_role, \
         status, created_at, updated_at, fingerprint) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &id,
            &claim.text,
            &speaker_id,
            &sql::day(claim.said_on),
            &claim.context,
            &claim.source_url,
            &claim.speaker_role,
            &status,
            &created_at,
            &updated_at,
            &print,
        ],
    )?;
    Ok(ClaimId(id))
}

/// The id of the speaker with this name, creating the speaker on first use (then `true`).
pub fn speaker_id_created(tx: &mut Transaction<'_>, name: &str) -> Result<(i64, bool)> {
    speaker_id_by(tx, SPEAKER_ID_SQL, name)
}

/// Finds the speaker of a name (`$1`) by its key (`$2`), or makes them, in one round trip
/// once prepared: their id, and whether they are new.
pub const SPEAKER_ID_SQL: &str = "WITH found AS (SELECT id FROM speakers WHERE name_key = $2), \
     made AS (INSERT INTO speakers (id, name, name_key) \
              SELECT (SELECT coalesce(max(id), 0) + 1 FROM speakers), $1, $2 \
              WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id) \
     SELECT id, false FROM found UNION ALL SELECT id, true FROM made";

/// [`speaker_id_created`] by [`SPEAKER_ID_SQL`] as given, or prepared once for many (an
/// import's new speakers).
pub fn speaker_id_by<S: ToStatement + ?Sized>(
    tx: &mut Transaction<'_>,
    statement: &S,
    name: &str,
) -> Result<(i64, bool)> {
    let key = speaker_key(name);
    let row = tx.query_one(statement, &[&name, &key])?;
    Ok((row.get(0), row.get(1)))
}

/// One claim, or an error saying there is none (or that it was deleted, and when).
pub fn get(tx: &mut Transaction<'_>, id: ClaimId) -> Result<Claim> {
    let sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id WHERE c.id = $1"
    );
    if let Some(row) = tx.query_opt(&sql, &[&id.0])? {
        return claim_from_row(&row);
    }
    let deleted = tx.query_opt(
        "SELECT at, actor FROM history WHERE claim_id = $1 AND field = 'deleted' \
         ORDER BY id DESC LIMIT 1",
        &[&id.0],
    )?;
    Err(match deleted {
        Some(row) => UserError::ClaimDeleted {
            id,
            at: row.get(0),
            actor: row.get(1),
        },
        None => UserError::ClaimNotFound(id),
    }
    .into())
}

/// Sets one text field (`None` clears it).
pub fn set_field(
    tx: &mut Transaction<'_>,
    id: ClaimId,
    field: ClaimField,
    value: Option<&str>,
) -> Result<()> {
    // The column name comes from a closed enum, never from user input.
    let sql = format!("UPDATE claims SET {} = $1 WHERE id = $2", field.name());
    tx.execute(&sql, &[&value, &id.0])?;
    if field == ClaimField::Text {
        refresh_fingerprints(tx, "c.id = $1", id.0)?;
    }
    Ok(())
}

/// Computes the fingerprints of the claims `condition` (over `c`, with `$1` = `value`) picks
/// again, after their words or their speaker changed. The hash is `claims`' own, so it is
/// computed here and written back in one statement.
pub fn refresh_fingerprints(tx: &mut Transaction<'_>, condition: &str, value: i64) -> Result<()> {
    let sql = format!(
        "SELECT c.id, s.name_key, c.text FROM claims c JOIN speakers s ON s.id = c.speaker_id \
         WHERE {condition}"
    );
    let (ids, prints): (Vec<i64>, Vec<i64>) = tx
        .query(&sql, &[&value])?
        .iter()
        .map(|row| {
            let (id, key, text): (i64, String, String) = (row.get(0), row.get(1), row.get(2));
            (id, fingerprint(&key, &text))
        })
        .unzip();
    tx.execute(
        "UPDATE claims c SET fingerprint = v.print \
         FROM unnest($1::bigint[], $2::bigint[]) AS v (id, print) WHERE c.id = v.id",
        &[&ids, &prints],
    )?;
    Ok(())
}

/// The ids of the claims that say what `text` says, by this speaker.
pub fn same_claims(tx: &mut Transaction<'_>, speaker: &str, text: &str) -> Result<Vec<ClaimId>> {
    let print = fingerprint(&speaker_key(speaker), text);
    Ok(tx
        .query(
            "SELECT id FROM claims WHERE fingerprint = $1 ORDER BY id",
            &[&print],
        )?
        .iter()
        .map(|row| ClaimId(row.get(0)))
        .collect())
}

/// Attributes the claim to another speaker.
pub fn set_speaker(tx: &mut Transaction<'_>, id: ClaimId, speaker: &str) -> Result<()> {
    let (speaker_id, _) = speaker_id_created(tx, speaker)?;
    tx.execute(
        "UPDATE claims SET speaker_id = $1 WHERE id = $2",
        &[&speaker_id, &id.0],
    )?;
    refresh_fingerprints(tx, "c.id = $1", id.0)
}

/// Sets the verification status.
pub fn set_status(tx: &mut Transaction<'_>, id: ClaimId, status: &Status) -> Result<()> {
    tx.execute(
        "UPDATE claims SET status = $1 WHERE id = $2",
        &[&status.as_str(), &id.0],
    )?;
    Ok(())
}

/// Marks the claim as changed now.
pub fn touch(tx: &mut Transaction<'_>, id: ClaimId, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE claims SET updated_at = $1 WHERE id = $2",
        &[&now, &id.0],
    )?;
    Ok(())
}

/// Tags the claim; returns false when it already had the tag.
pub fn add_tag(tx: &mut Transaction<'_>, id: ClaimId, tag: &str, status: &str) -> Result<bool> {
    let tag_id = tag_id(tx, tag)?;
    tag_claim(tx, id, tag_id, status)
}

/// Files a claim with `status` under a tag by its id; false when it was already.
pub fn tag_claim(tx: &mut Transaction<'_>, id: ClaimId, tag_id: i64, status: &str) -> Result<bool> {
    let added = tx.execute(
        "INSERT INTO claim_tags (claim_id, tag_id, status) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
        &[&id.0, &tag_id, &status],
    )?;
    Ok(added > 0)
}

/// The id of a tag, creating it on first use.
pub fn tag_id(tx: &mut Transaction<'_>, tag: &str) -> Result<i64> {
    tag_id_by(tx, TAG_ID_SQL, tag)
}

/// Finds the tag of a name (`$1`), or makes it, in one round trip once prepared.
pub const TAG_ID_SQL: &str = "WITH found AS (SELECT id FROM tags WHERE name = $1), \
     made AS (INSERT INTO tags (id, name) \
              SELECT (SELECT coalesce(max(id), 0) + 1 FROM tags), $1 \
              WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id) \
     SELECT id FROM found UNION ALL SELECT id FROM made";

/// [`tag_id`] by [`TAG_ID_SQL`] as given, or prepared once for many.
pub fn tag_id_by<S: ToStatement + ?Sized>(
    tx: &mut Transaction<'_>,
    statement: &S,
    tag: &str,
) -> Result<i64> {
    Ok(tx.query_one(statement, &[&tag])?.get(0))
}

/// Removes a tag from the claim; false when it did not have it.
pub fn remove_tag(tx: &mut Transaction<'_>, id: ClaimId, tag: &str) -> Result<bool> {
    let removed = tx.execute(
        "DELETE FROM claim_tags WHERE claim_id = $1 \
         AND tag_id = (SELECT id FROM tags WHERE name = $2)",
        &[&id.0, &tag],
    )?;
    Ok(removed > 0)
}

/// One page of the review table's rows: `offset` skipped, the order turned round by
/// `ascending`.
pub fn page(
    tx: &mut Transaction<'_>,
    filter: &ClaimFilter,
    order: SortOrder,
    ascending: bool,
    limit: Option<u64>,
    offset: u64,
) -> Result<Vec<Claim>> {
    let tags = FilterIds::of(tx, filter)?;
    let mut q = Query::default();
    let condition = where_sql(filter, &tags, &mut q);
    let order = if ascending {
        // Every order but the logged one runs newest first; ascending turns each part round,
        // unknown dates first, as SQLite sorts them.
        order_sql(order)
            .split(", ")
            .map(|part| match part.strip_suffix(" DESC NULLS LAST") {
                Some(column) => format!("{column} ASC NULLS FIRST"),
                None => match part.strip_suffix(" DESC") {
                    Some(column) => column.to_string(),
                    None => format!("{part} DESC"),
                },
            })
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        order_sql(order).to_string()
    };
    let limit = match limit {
        Some(n) => format!("LIMIT {}", q.arg(i64::try_from(n).unwrap_or(i64::MAX))),
        None => String::new(),
    };
    let offset = q.arg(i64::try_from(offset).unwrap_or(i64::MAX));
    q.sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id \
         WHERE {condition} ORDER BY {order} {limit} OFFSET {offset}"
    );
    tx.query(&q.sql, &q.refs())?
        .iter()
        .map(claim_from_row)
        .collect()
}

/// The query of `for_each`: the review table's rows, the filter's tags named by `tags`.
pub fn select_sql(
    filter: &ClaimFilter,
    tags: &FilterIds,
    order: SortOrder,
    limit: Option<u64>,
) -> Query {
    let mut q = Query::default();
    let condition = where_sql(filter, tags, &mut q);
    let limit = match limit {
        Some(n) => format!("LIMIT {}", q.arg(i64::try_from(n).unwrap_or(i64::MAX))),
        None => String::new(),
    };
    q.sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN speakers s ON s.id = c.speaker_id \
         WHERE {condition} ORDER BY {} {limit}",
        order_sql(order)
    );
    q
}

/// How many rows a claim scan fetches at a time: an export of a million claims streams
/// through a portal, never holding them all.
pub const BATCH: i32 = 1000;

/// How many claims match `filter`, per status, in the scale's order.
pub fn count_by_status(
    tx: &mut Transaction<'_>,
    filter: &ClaimFilter,
) -> Result<Vec<(Status, u64)>> {
    // Only a count of the claims themselves reads the filter's ids.
    let ids = match CountPlan::of(filter).0 {
        CountPlan::Claims => FilterIds::of(tx, filter)?,
        _ => FilterIds::default(),
    };
    let q = count_by_status_sql(filter, &ids);
    Ok(tx
        .query(&q.sql, &q.refs())?
        .iter()
        .map(|row| (Status::new(row.get(0)), row.get::<_, i64>(1) as u64))
        .collect())
}

/// The statement of [`count_by_status`] and its values, from the counts the schema keeps when
/// the filter allows (the benchmark runs the same through `psql`).
pub fn count_by_status_sql(filter: &ClaimFilter, ids: &FilterIds) -> Query {
    const ORDER: &str = "ORDER BY (SELECT rank FROM statuses WHERE name = status)";
    let (plan, statuses) = CountPlan::of(filter);
    let mut q = Query::default();
    q.sql = match plan {
        CountPlan::Speaker(speaker) => {
            let key = q.arg(speaker_key(speaker));
            let condition = status_condition("status", statuses, &mut q);
            format!(
                "SELECT status, claims FROM speaker_counts WHERE speaker_id = \
                 (SELECT id FROM speakers WHERE name_key = {key}) AND claims > 0 AND \
                 {condition} {ORDER}"
            )
        }
        CountPlan::Kept => {
            let condition = status_condition("status", statuses, &mut q);
            format!(
                "SELECT status, claims FROM status_counts WHERE claims > 0 AND {condition} {ORDER}"
            )
        }
        CountPlan::Tag(tag) => {
            let tag = q.arg(tag.to_string());
            let condition = status_condition("status", statuses, &mut q);
            format!(
                "SELECT status, claims FROM tag_counts WHERE tag_id = \
                 (SELECT id FROM tags WHERE name = {tag}) AND claims > 0 AND {condition} \
                 {ORDER}"
            )
        }
        CountPlan::Claims => {
            let condition = where_sql(filter, ids, &mut q);
            format!(
                "SELECT c.status AS status, count(*) FROM claims c WHERE {condition} \
                 GROUP BY c.status {ORDER}"
            )
        }
    };
    q
}

fn status_condition(column: &str, statuses: &[Status], q: &mut Query) -> String {
    if statuses.is_empty() {
        "true".to_string()
    } else {
        statuses_in(column, statuses, q)
    }
}

/// How many claims matching `filter` are rated false on `scale` and bottomless.
pub fn count_bottomless(
    tx: &mut Transaction<'_>,
    filter: &ClaimFilter,
    scale: &Scale,
) -> Result<u64> {
    let false_verdicts: Vec<Status> = scale
        .verdicts
        .iter()
        .map(|verdict| Status::new(verdict.name.clone()))
        .filter(|status| scale.leaning(status) == Leaning::False)
        .collect();
    if false_verdicts.is_empty() {
        return Ok(0);
    }
    let mut q = Query::default();
    let false_condition = statuses_in("c.status", &false_verdicts, &mut q);
    let condition = where_sql(filter, &FilterIds::of(tx, filter)?, &mut q);
    q.sql = format!(
        "SELECT count(*) FROM (SELECT claim_id FROM appearances GROUP BY claim_id \
           HAVING count(*) + 1 >= {}) often \
         JOIN claims c ON c.id = often.claim_id WHERE ({false_condition}) AND ({condition})",
        crate::model::BOTTOMLESS_TIMES
    );
    Ok(tx.query_one(&q.sql, &q.refs())?.get::<_, i64>(0) as u64)
}

/// How many claims each speaker has per status, speakers with the most claims first.
pub fn count_by_speaker_and_status(
    tx: &mut Transaction<'_>,
    filter: &ClaimFilter,
) -> Result<Vec<(String, Status, u64)>> {
    let (plan, statuses) = CountPlan::of(filter);
    let mut q = Query::default();
    q.sql = if plan == CountPlan::Kept {
        let condition = status_condition("sc.status", statuses, &mut q);
        format!(
            "SELECT s.name, sc.status, sc.claims FROM speaker_counts sc \
             JOIN speakers s ON s.id = sc.speaker_id WHERE sc.claims > 0 AND {condition} \
             ORDER BY sum(sc.claims) OVER (PARTITION BY sc.speaker_id) DESC, s.name_key, \
                      (SELECT rank FROM statuses WHERE name = sc.status)"
        )
    } else {
        let condition = where_sql(filter, &FilterIds::of(tx, filter)?, &mut q);
        format!(
            "SELECT s.name, c.status, count(*) FROM claims c \
             JOIN speakers s ON s.id = c.speaker_id WHERE {condition} GROUP BY s.id, c.status \
             ORDER BY sum(count(*)) OVER (PARTITION BY s.id) DESC, min(s.name_key), \
                      (SELECT rank FROM statuses WHERE name = c.status)"
        )
    };
    Ok(tx
        .query(&q.sql, &q.refs())?
        .iter()
        .map(|row| {
            (
                row.get::<_, String>(0),
                Status::new(row.get(1)),
                row.get::<_, i64>(2) as u64,
            )
        })
        .collect())
}
