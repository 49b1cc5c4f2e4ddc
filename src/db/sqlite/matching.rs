//! Finding the claims already logged that say what a claim says (see `crate::matching`).

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub use crate::matching::Match;
use crate::matching::{Closeness, Fingerprint, content_words, query_words, stem};
use crate::model::ClaimId;

/// How many candidates (the most relevant by bm25) are compared word by word.
const CANDIDATES: u64 = 50;

/// The claims that may say what `text` (by `speaker`) says, closest first, leaving out
/// `except`. Candidates come from the full-text index, asked for the text's rarest words, and
/// are then compared by their content words.
pub fn matches(
    conn: &Connection,
    text: &str,
    speaker: &str,
    except: Option<ClaimId>,
) -> Result<Vec<Match>> {
    let fingerprint = Fingerprint::of(text, speaker);
    let Some(query) = candidate_query(conn, text, speaker)? else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.text, s.name, c.said_on FROM claims_fts \
         JOIN claims c ON c.id = claims_fts.rowid JOIN speakers s ON s.id = c.speaker_id \
         WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?",
    )?;
    let rows = stmt.query_map(params![query, CANDIDATES as i64], |row| {
        Ok((
            ClaimId(row.get(0)?),
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<chrono::NaiveDate>>(3)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (id, other, other_speaker, said_on) = row?;
        if Some(id) == except {
            continue;
        }
        let (closeness, similarity) =
            fingerprint.closeness(&Fingerprint::of(&other, &other_speaker));
        if closeness > Closeness::Unrelated {
            found.push(Match {
                id,
                text: other,
                speaker: other_speaker,
                said_on,
                closeness,
                similarity,
            });
        }
    }
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.id.cmp(&b.id)));
    Ok(found)
}

/// The SQL that `matches` runs for its candidates, with its FTS5 query written in: public so
/// that the benchmark has `sqlite3` do the same work as `claims add`.
pub fn candidate_sql(conn: &Connection, text: &str, speaker: &str) -> Result<Option<String>> {
    Ok(candidate_query(conn, text, speaker)?.map(|query| {
        format!(
            "SELECT c.id, c.text, s.name, c.said_on FROM claims_fts \
             JOIN claims c ON c.id = claims_fts.rowid JOIN speakers s ON s.id = c.speaker_id \
             WHERE claims_fts MATCH '{}' ORDER BY rank LIMIT {CANDIDATES}",
            query.replace('\'', "''")
        )
    }))
}

/// An FTS5 query for the text's rarest content words (by how many claims have each), any of
/// them, within claims' own text; `None` when the text has no content word. The index holds
/// Porter stems; a word is counted by itself or its Snowball stem, which agree for most words.
/// A word the index does not know is only asked for when too few known ones are left.
fn candidate_query(conn: &Connection, text: &str, speaker: &str) -> Result<Option<String>> {
    // One `term = ?` at a time: fts5vocab looks an equality up directly, while `IN` made it
    // walk far more of the vocabulary (2 ms a word at 100,000 claims, against 0.1 ms).
    let mut lookup = conn.prepare_cached("SELECT doc FROM claims_fts_words WHERE term = ?")?;
    let mut words = content_words(text, speaker);
    words.sort();
    words.dedup();
    let mut known: Vec<(i64, String)> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for word in words {
        let stemmed = stem(&word);
        let mut count: Option<i64> = lookup.query_row([&word], |row| row.get(0)).optional()?;
        if count.is_none() && stemmed != word {
            count = lookup.query_row([&stemmed], |row| row.get(0)).optional()?;
        }
        match count {
            Some(count) => known.push((count, word)),
            None => unknown.push(word),
        }
    }
    let claims: i64 = conn
        .prepare_cached("SELECT coalesce(sum(claims), 0) FROM status_counts")?
        .query_row([], |row| row.get(0))?;
    let chosen: Vec<String> = query_words(known, unknown, claims)
        .iter()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    if chosen.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!("text : ({})", chosen.join(" OR "))))
}
