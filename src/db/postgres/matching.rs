//! Finding the claims already logged that say what a claim says (see `crate::matching`), on
//! PostgreSQL: candidates from the search entries of claims' own words (weight A), asked for
//! the text's rarest words by the word counts migration 0005 keeps.

use anyhow::Result;
use postgres::Transaction;

use super::sql;
pub use crate::matching::Match;
use crate::matching::{Closeness, Fingerprint, content_words, query_words};
use crate::model::ClaimId;

/// How many candidates (the most relevant) are compared word by word.
const CANDIDATES: i64 = 50;

/// The claims that may say what `text` (by `speaker`) says, closest first, leaving out
/// `except`.
pub fn matches(
    tx: &mut Transaction<'_>,
    text: &str,
    speaker: &str,
    except: Option<ClaimId>,
) -> Result<Vec<Match>> {
    let fingerprint = Fingerprint::of(text, speaker);
    let Some(query) = candidate_query(tx, text, speaker)? else {
        return Ok(Vec::new());
    };
    let rows = tx.query(
        "SELECT c.id, c.text, s.name, c.said_on \
         FROM claims c JOIN speakers s ON s.id = c.speaker_id, to_tsquery('claims', $1) q \
         WHERE c.search @@ q ORDER BY ts_rank(c.search, q) DESC, c.id LIMIT $2",
        &[&query, &CANDIDATES],
    )?;
    let mut found = Vec::new();
    for row in &rows {
        let id = ClaimId(row.get(0));
        if Some(id) == except {
            continue;
        }
        let (other, other_speaker): (String, String) = (row.get(1), row.get(2));
        let (closeness, similarity) =
            fingerprint.closeness(&Fingerprint::of(&other, &other_speaker));
        if closeness > Closeness::Unrelated {
            found.push(Match {
                id,
                said_on: sql::date(row, 3)?,
                text: other,
                speaker: other_speaker,
                closeness,
                similarity,
            });
        }
    }
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.id.cmp(&b.id)));
    Ok(found)
}

/// A `tsquery` for the text's rarest content words, any of them, in claims' own words; `None`
/// when the text has none. Each word is counted as the search index holds it (stemmed and
/// folded by the `claims` configuration), in one query for all of them.
fn candidate_query(tx: &mut Transaction<'_>, text: &str, speaker: &str) -> Result<Option<String>> {
    let mut words = content_words(text, speaker);
    words.sort();
    words.dedup();
    if words.is_empty() {
        return Ok(None);
    }
    let rows = tx.query(
        "SELECT w.word, (SELECT claims FROM claim_words cw \
                         WHERE cw.word = l.lexeme AND cw.claims > 0) \
         FROM unnest($1::text[]) WITH ORDINALITY AS w (word, n) \
         LEFT JOIN LATERAL (SELECT (tsvector_to_array(to_tsvector('claims', w.word)))[1] AS lexeme) l \
           ON true ORDER BY w.n",
        &[&words],
    )?;
    let mut known: Vec<(i64, String)> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for row in &rows {
        let word: String = row.get(0);
        match row.get::<_, Option<i64>>(1) {
            Some(count) => known.push((count, word)),
            None => unknown.push(word),
        }
    }
    let claims: i64 = tx
        .query_one(
            "SELECT coalesce(sum(claims), 0)::bigint FROM status_counts",
            &[],
        )?
        .get(0);
    let chosen: Vec<String> = query_words(known, unknown, claims)
        .iter()
        .map(|word| tsquery_word(word))
        .collect();
    Ok(Some(chosen.join(" | ")))
}

/// A word as a `tsquery` term of the claim's text (weight A), quoted.
pub fn tsquery_word(word: &str) -> String {
    format!("'{}':A", word.replace('\\', "\\\\").replace('\'', "''"))
}
