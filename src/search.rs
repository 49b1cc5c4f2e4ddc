//! What people type into a search box, turned into an FTS5 query: words (all must match),
//! `"exact phrases"`, `OR` between alternatives, `-word` to leave out, `migra*` for a prefix.
//! Every word and phrase goes to FTS5 quoted, so its own syntax (`NEAR`, `^`, `:`, a stray `"`)
//! in what was typed is only ever text, never an error deep in SQLite.

use std::fmt::Write as _;

use crate::model::{ClaimId, Status};

/// Marks the start of a matching word in a snippet; never in stored text, which is shown
/// through `table::plain` and has its control characters replaced.
pub const MATCH_START: char = '\u{1}';
/// Marks the end of a matching word in a snippet.
pub const MATCH_END: char = '\u{2}';

/// A claim found by a search.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: ClaimId,
    pub text: String,
    pub speaker: String,
    pub said_on: Option<chrono::NaiveDate>,
    pub status: Status,
    /// The best-matching passage (of the text, context, notes or sources), matching words
    /// between `MATCH_START` and `MATCH_END`.
    pub snippet: String,
    /// bm25 relevance: lower is more relevant.
    pub score: f64,
}

/// One thing to look for: a word or a phrase, maybe a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    text: String,
    prefix: bool,
}

impl Term {
    /// The term as an FTS5 string.
    fn fts(&self) -> String {
        let mut out = format!("\"{}\"", self.text.replace('"', "\"\""));
        if self.prefix {
            out.push('*');
        }
        out
    }
}

/// Why a query cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "the search '{0}' has no word to look for: give at least one word (-word only leaves words out)"
    )]
    NothingToFind(String),
}

/// Translates a search as typed into an FTS5 query. `column` restricts it to one column of the
/// index (`text` for `list --text`).
pub fn fts_query(input: &str, column: Option<&str>) -> Result<String, QueryError> {
    // Groups of alternatives, all of which must match, and terms that must not.
    let mut groups: Vec<Vec<Term>> = Vec::new();
    let mut excluded: Vec<Term> = Vec::new();
    let mut pending_or = false;
    let mut pending_not = false;
    for token in tokens(input) {
        let token = match token {
            Token::Term { term, negated } if pending_not => Token::Term {
                term,
                negated: !negated,
            },
            other => other,
        };
        pending_not = false;
        match token {
            Token::Or => pending_or = !groups.is_empty(),
            Token::And => pending_or = false,
            Token::Not => pending_not = true,
            Token::Term {
                term,
                negated: true,
            } => {
                excluded.push(term);
                pending_or = false;
            }
            Token::Term {
                term,
                negated: false,
            } => {
                match groups.last_mut() {
                    Some(group) if pending_or => group.push(term),
                    _ => groups.push(vec![term]),
                }
                pending_or = false;
            }
        }
    }
    if groups.is_empty() {
        return Err(QueryError::NothingToFind(input.trim().to_string()));
    }
    let mut query = groups
        .iter()
        .map(|group| match group.as_slice() {
            [one] => one.fts(),
            many => format!(
                "({})",
                many.iter().map(Term::fts).collect::<Vec<_>>().join(" OR ")
            ),
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    for term in &excluded {
        let _ = write!(query, " NOT {}", term.fts());
    }
    Ok(match column {
        Some(column) => format!("{column} : ({query})"),
        None => query,
    })
}

#[derive(Debug)]
enum Token {
    Term {
        term: Term,
        negated: bool,
    },
    Or,
    /// What people type between words that must all match anyway.
    And,
    /// Leaves the next word out, like `-word`.
    Not,
}

/// Splits a search into terms: `"..."` is one phrase (an unclosed quote runs to the end),
/// `-` before a term negates it, `*` after one makes it a prefix, `OR` in capitals joins
/// alternatives, `AND` is what happens anyway and `NOT` is `-`. A term with no letter or digit
/// (a lone `-`, `—`, `(`) is no term at all.
fn tokens(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&ch) = chars.peek() {
        if ch.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = ch == '-';
        if negated {
            chars.next();
        }
        let mut text = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            for ch in chars.by_ref() {
                if ch == '"' {
                    break;
                }
                text.push(ch);
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                // A quote inside a word is just a character of it.
                text.push(ch);
                chars.next();
            }
        }
        if !quoted && !negated {
            let operator = match text.as_str() {
                "OR" => Some(Token::Or),
                "AND" => Some(Token::And),
                "NOT" => Some(Token::Not),
                _ => None,
            };
            if let Some(operator) = operator {
                out.push(operator);
                continue;
            }
        }
        let prefix = text.ends_with('*');
        let text = text
            .trim_end_matches('*')
            .replace('"', "")
            .trim()
            .to_string();
        if text.chars().any(char::is_alphanumeric) {
            out.push(Token::Term {
                term: Term { text, prefix },
                negated,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(input: &str) -> String {
        fts_query(input, None).unwrap()
    }

    #[test]
    fn words_phrases_alternatives_exclusions_and_prefixes() {
        assert_eq!(q("border security"), r#""border" AND "security""#);
        assert_eq!(
            q(r#""closest cooperation" ever"#),
            r#""closest cooperation" AND "ever""#
        );
        assert_eq!(
            q("migration OR immigration border"),
            r#"("migration" OR "immigration") AND "border""#
        );
        assert_eq!(q("cartels -fentanyl"), r#""cartels" NOT "fentanyl""#);
        assert_eq!(q("migra*"), r#""migra"*"#);
        assert_eq!(fts_query("tax", Some("text")).unwrap(), r#"text : ("tax")"#);
    }

    #[test]
    fn fts_syntax_typed_by_people_is_text() {
        assert_eq!(q(r#"the "U.S. border"#), r#""the" AND "U.S. border""#);
        assert_eq!(
            q("NEAR(a b) ^start col:x"),
            r#""NEAR(a" AND "b)" AND "^start" AND "col:x""#
        );
        assert_eq!(q("wall AND NOT mexico"), r#""wall" NOT "mexico""#);
        assert_eq!(q(r#"say "no"#), r#""say" AND "no""#);
        assert_eq!(q("a - b"), r#""a" AND "b""#);
        assert_eq!(q("or and not"), r#""or" AND "and" AND "not""#);
        assert_eq!(
            q(r#"He said "55" - fifty"#),
            r#""He" AND "said" AND "55" AND "fifty""#
        );
    }

    #[test]
    fn a_search_needs_something_to_find() {
        for input in ["", "   ", "-fentanyl", "- —", "OR"] {
            assert!(fts_query(input, None).is_err(), "{input:?}");
        }
    }
}
