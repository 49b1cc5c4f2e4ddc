//! Full-text search on PostgreSQL (migration 0004): the FTS5 query that `crate::search` makes
//! of what was typed, read back and written as a `tsquery`; the ranking (`ts_rank` with the
//! weights of SQLite's columns) and a snippet of the passage that matched, its words between
//! `MATCH_START` and `MATCH_END` as FTS5's are.

use anyhow::Result;
use postgres::Transaction;

use super::filter::{ClaimFilter, FilterIds, where_sql};
use super::sql::{self, Query};
use crate::model::{ClaimId, Status};

pub use crate::search::{Hit, MATCH_END, MATCH_START};

/// The weights of D (sources), C (notes), B (context) and A (the claim's text), as SQLite's
/// bm25 weighs its columns (1, 1, 3, 10).
const WEIGHTS: &str = "'{0.1, 0.1, 0.3, 1.0}'";

/// How many words a snippet has at most, as FTS5's `snippet(..., 16)`.
const SNIPPET_WORDS: u32 = 16;
/// What marks a snippet's cut ends, as FTS5's `snippet(..., '…', ...)`.
const ELLIPSIS: char = '…';

/// One piece of an FTS5 query as `crate::search::fts_query` writes them.
#[derive(Debug, PartialEq)]
enum Piece {
    Term { text: String, prefix: bool },
    Open,
    Close,
    And,
    Or,
    Not,
    Column,
}

/// Reads an FTS5 query of `crate::search::fts_query`'s making: quoted terms (`""` a quote),
/// `*` after one, parentheses, `AND`, `OR`, `NOT`, and `column :` before the whole.
fn pieces(query: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => {
                let mut text = String::new();
                while let Some(ch) = chars.next() {
                    if ch == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            text.push('"');
                        } else {
                            break;
                        }
                    } else {
                        text.push(ch);
                    }
                }
                let prefix = chars.peek() == Some(&'*');
                if prefix {
                    chars.next();
                }
                out.push(Piece::Term { text, prefix });
            }
            '(' => out.push(Piece::Open),
            ')' => out.push(Piece::Close),
            ':' => out.push(Piece::Column),
            ch if ch.is_whitespace() => {}
            first => {
                let mut word = first.to_string();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() || "():\"".contains(ch) {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
                match word.as_str() {
                    "AND" => out.push(Piece::And),
                    "OR" => out.push(Piece::Or),
                    "NOT" => out.push(Piece::Not),
                    // A column name: it only ever comes before `:`.
                    _ => {}
                }
            }
        }
    }
    out
}

/// The `tsquery` text of an FTS5 query of `crate::search::fts_query`'s making. Each term is a
/// quoted operand, so that nothing typed is read as `tsquery` syntax; `to_tsquery('claims',
/// ...)` stems and folds each, and makes a phrase of a term of several words. A query on the
/// `text` column looks in the claim's own words only (weight A).
pub fn tsquery(fts: &str) -> String {
    let pieces = pieces(fts);
    let weight = if pieces.contains(&Piece::Column) {
        "A"
    } else {
        ""
    };
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Term { text, prefix } => {
                out.push('\'');
                for ch in text.chars() {
                    match ch {
                        '\'' => out.push_str("''"),
                        '\\' => out.push_str("\\\\"),
                        other => out.push(other),
                    }
                }
                out.push('\'');
                if prefix || !weight.is_empty() {
                    out.push(':');
                    if prefix {
                        out.push('*');
                    }
                    out.push_str(weight);
                }
            }
            Piece::Open => out.push('('),
            Piece::Close => out.push(')'),
            Piece::And => out.push_str(" & "),
            Piece::Or => out.push_str(" | "),
            Piece::Not => out.push_str(" & !"),
            Piece::Column => {}
        }
    }
    out
}

/// The claims matching an FTS5 `query` and `filter`, most relevant first. The best are ranked
/// first and only they get a snippet, from the first of their text, context, notes and sources
/// that matches.
pub fn search(
    tx: &mut Transaction<'_>,
    query: &str,
    filter: &ClaimFilter,
    limit: u64,
) -> Result<Vec<Hit>> {
    let tags = FilterIds::of(tx, filter)?;
    let q = search_sql(query, filter, &tags, limit);
    let rows = tx.query(&q.sql, &q.refs())?;
    rows.iter()
        .map(|row| {
            Ok(Hit {
                id: ClaimId(row.get(0)),
                text: row.get(1),
                speaker: row.get(2),
                said_on: sql::date(row, 3)?,
                status: Status::new(row.get(4)),
                snippet: snippet(&row.get::<_, String>(5), row.get(6), row.get(7)),
                score: f64::from(row.get::<_, f32>(8)),
            })
        })
        .collect()
}

/// The statement of [`search`] and its values (the benchmark runs the same through `psql`).
pub fn search_sql(query: &str, filter: &ClaimFilter, tags: &FilterIds, limit: u64) -> Query {
    let mut q = Query::default();
    let tsq = q.arg(tsquery(query));
    let condition = where_sql(filter, tags, &mut q);
    let limit = q.arg(i64::try_from(limit).unwrap_or(i64::MAX));
    let marks = format!(
        "StartSel=\"{MATCH_START}\", StopSel=\"{MATCH_END}\", ShortWord=0, MaxWords={SNIPPET_WORDS}, \
         MinWords={}",
        SNIPPET_WORDS / 2
    );
    let whole = q.arg(format!("{marks}, HighlightAll=true"));
    let part = q.arg(format!(
        "{marks}, MaxFragments=1, FragmentDelimiter=\"{ELLIPSIS}\""
    ));
    q.sql = format!(
        "WITH wanted AS (SELECT to_tsquery('claims', {tsq}) AS q), \
         best AS (\
           SELECT c.id, -ts_rank({WEIGHTS}, c.search, wanted.q) AS score \
           FROM claims c, wanted WHERE c.search @@ wanted.q AND {condition} \
           ORDER BY score, c.id LIMIT {limit}), \
         passages AS (\
           SELECT best.id, best.score, \
             coalesce((SELECT string_agg(n.text, ' ' ORDER BY n.id) FROM notes n \
                       WHERE n.claim_id = best.id), '') AS notes, \
             coalesce((SELECT string_agg(coalesce(e.title, '') || ' ' || coalesce(e.excerpt, ''), \
                       ' ' ORDER BY e.id) FROM evidence e WHERE e.claim_id = best.id), '') \
               AS sources \
           FROM best), \
         found AS (\
           SELECT p.id, p.score, CASE \
               WHEN to_tsvector('claims', c.text) @@ wanted.q THEN c.text \
               WHEN to_tsvector('claims', coalesce(c.context, '')) @@ wanted.q THEN c.context \
               WHEN to_tsvector('claims', p.notes) @@ wanted.q THEN p.notes \
               WHEN to_tsvector('claims', p.sources) @@ wanted.q THEN p.sources \
               ELSE c.text END AS passage \
           FROM passages p JOIN claims c ON c.id = p.id, wanted) \
         SELECT c.id, c.text, s.name, c.said_on, c.status, f.passage, \
           ts_headline('claims', f.passage, wanted.q, {whole}), \
           ts_headline('claims', f.passage, wanted.q, {part}), f.score \
         FROM found f JOIN claims c ON c.id = f.id JOIN speakers s ON s.id = c.speaker_id, \
           wanted \
         ORDER BY f.score, c.id"
    );
    q
}

/// The snippet FTS5 would show: the whole passage when it has at most 16 words, else the
/// 16 words around the match with `…` where the passage goes on.
fn snippet(passage: &str, whole: String, part: String) -> String {
    let words = passage
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .count();
    if words <= SNIPPET_WORDS as usize {
        return whole;
    }
    let plain: String = part
        .chars()
        .filter(|ch| *ch != MATCH_START && *ch != MATCH_END)
        .collect();
    let mut out = String::new();
    if !passage.starts_with(&plain) {
        out.push(ELLIPSIS);
    }
    out.push_str(&part);
    if !passage.trim_end().ends_with(plain.trim_end()) {
        out.push(ELLIPSIS);
    }
    out
}

/// Makes every claim's search entry again from its text, context, notes and sources.
pub fn rebuild(tx: &mut Transaction<'_>) -> Result<()> {
    tx.batch_execute("UPDATE claims SET search = claims_search_vector(id, text, context)")?;
    Ok(())
}

/// How many claims' search entries differ from what they index.
pub fn stale_entries(tx: &mut Transaction<'_>) -> Result<i64> {
    Ok(tx
        .query_one(
            "SELECT count(*) FROM claims \
             WHERE search IS DISTINCT FROM claims_search_vector(id, text, context)",
            &[],
        )?
        .get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fts_query;

    fn pg(input: &str) -> String {
        tsquery(&fts_query(input, None).unwrap())
    }

    #[test]
    fn fts_queries_read_back_as_tsqueries() {
        assert_eq!(pg("border security"), "'border' & 'security'");
        assert_eq!(
            pg("migration OR immigration border"),
            "('migration' | 'immigration') & 'border'"
        );
        assert_eq!(pg("cartels -fentanyl"), "'cartels' & !'fentanyl'");
        assert_eq!(pg("migra*"), "'migra':*");
        assert_eq!(pg(r#""closest cooperation""#), "'closest cooperation'");
        assert_eq!(
            tsquery(&fts_query("tax*", Some("text")).unwrap()),
            "('tax':*A)"
        );
    }

    #[test]
    fn hostile_input_stays_inside_its_quotes() {
        assert_eq!(pg(r"it's \ a:b & | x\y"), r"'it''s' & 'a:b' & 'x\\y'");
        assert_eq!(pg(r#"say "no"#), "'say' & 'no'");
    }
}
