//! Full-text search over claims (migration 0004): ranked by relevance, with a snippet of the
//! passage that matched.

use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::filter::ClaimFilter;
use crate::model::{ClaimId, Status};

pub use crate::search::{Hit, MATCH_END, MATCH_START};

/// The weights of the index's columns in the ranking: the claim's own words count most.
const WEIGHTS: &str = "10.0, 3.0, 1.0, 1.0";

/// The claims matching an FTS5 `query` (see `crate::search`) and `filter`, most relevant first.
pub fn search(
    conn: &Connection,
    query: &str,
    filter: &ClaimFilter,
    limit: u64,
) -> Result<Vec<Hit>> {
    let (sql, params) = search_sql(query, filter, limit);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |row| {
        Ok(Hit {
            id: ClaimId(row.get(0)?),
            text: row.get(1)?,
            speaker: row.get(2)?,
            said_on: super::day(row, 3)?,
            status: Status::new(row.get(4)?),
            snippet: row.get(5)?,
            score: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query of `search`, public so that the benchmark runs the same SQL in `sqlite3`. The best
/// matches are ranked first, and only they get a snippet: SQLite computes a row's columns
/// before it sorts, and a snippet for each of fifteen thousand matches took longer than the
/// ranking itself.
pub fn search_sql(query: &str, filter: &ClaimFilter, limit: u64) -> (String, Vec<Value>) {
    let (condition, filter_params) = super::filter::where_sql(filter);
    let sql = format!(
        "WITH best AS (\
           SELECT c.id AS id, bm25(claims_fts, {WEIGHTS}) AS score \
           FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid \
           WHERE claims_fts MATCH ? AND {condition} ORDER BY score LIMIT ?) \
         SELECT c.id, c.text, s.name, c.said_on, c.status, \
           snippet(claims_fts, -1, char(1), char(2), '…', 16), best.score \
         FROM best JOIN claims_fts ON claims_fts.rowid = best.id \
           JOIN claims c ON c.id = best.id JOIN speakers s ON s.id = c.speaker_id \
         WHERE claims_fts MATCH ? ORDER BY best.score, c.id"
    );
    let mut params = vec![Value::Text(query.to_string())];
    params.extend(filter_params);
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    params.push(Value::Text(query.to_string()));
    (sql, params)
}

/// Rebuilds the whole index from the claims, their notes and their sources.
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')", [])?;
    Ok(())
}

/// Whether the index agrees with what it indexes (FTS5's own check).
pub fn is_consistent(conn: &Connection) -> Result<bool> {
    match conn.execute(
        "INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)",
        [],
    ) {
        Ok(_) => Ok(true),
        Err(err) if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Ok(false)
        }
        Err(err) => Err(err.into()),
    }
}
