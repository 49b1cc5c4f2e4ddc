//! Telling when two claims say the same thing, however they are worded.
//!
//! A claim is reduced to its content words: lower case, no punctuation or quotes, numbers in
//! digits ("fifty-five" is 55, "55,000" is 55000), attribution dropped ("Rubio said",
//! "according to", the speaker's own name), stop words dropped, and each word stemmed
//! ("migrants" and "migrant" are one). Two claims are then compared as sets of those words
//! (the Dice coefficient: twice the shared words over the words of both), so word order,
//! rewording around the same facts and attribution do not matter, while a different number
//! or a different subject does.
//!
//! The thresholds were set on the pair set in tests/data/claim_pairs.tsv (paraphrases that
//! must match, different claims on the same topic that must not) and LIAR's statements as
//! hard negatives; `tests/integration/similar.rs` prints the precision and recall they give.

pub mod lsh;
pub mod repeat_search;
pub mod repeat_worker;
pub mod sorted_runs;

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use crate::model::ClaimId;

/// A claim close to another.
#[derive(Debug, Clone)]
pub struct Match {
    pub id: ClaimId,
    pub text: String,
    pub speaker: String,
    pub said_on: Option<chrono::NaiveDate>,
    pub closeness: Closeness,
    pub similarity: f64,
}

use rust_stemmers::{Algorithm, Stemmer};

/// From this similarity up, two claims are likely the same: `add` stops and asks.
pub const LIKELY: f64 = 0.7;
/// When each claim has content words the other lacks (a word swapped rather than added, as in
/// "migration has fallen" / "fentanyl seizures have fallen"), they must share this much to be
/// likely the same: a swapped word is usually the subject.
pub const LIKELY_WITH_SWAPPED_WORDS: f64 = 0.85;
/// From this similarity up, two claims may be the same: `add` lists them.
pub const POSSIBLE: f64 = 0.45;
/// Claims shorter than this (in words, as written) are never a likely match on their own: "All
/// 11 were killed" and "All 11 were rescued" share most of their few words.
pub const MIN_WORDS_FOR_LIKELY: usize = 8;

/// How close two claims are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    Unrelated,
    Possible,
    Likely,
}

/// A claim as matching sees it.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// The stemmed content words.
    pub words: BTreeSet<String>,
    /// How many words the text has as written.
    pub length: usize,
}

impl Fingerprint {
    /// The content words of `text`, said by `speaker` (whose name is attribution, not content).
    pub fn of(text: &str, speaker: &str) -> Fingerprint {
        Fingerprint {
            words: content_words(text, speaker)
                .iter()
                .map(|word| stem(word))
                .collect(),
            length: text.split_whitespace().count(),
        }
    }

    /// The Dice coefficient of the two sets of content words, from 0 to 1.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let total = self.words.len() + other.words.len();
        if total == 0 {
            return 0.0;
        }
        let shared = self.words.intersection(&other.words).count();
        2.0 * shared as f64 / total as f64
    }

    /// The numbers among the content words.
    fn numbers(&self) -> BTreeSet<&str> {
        self.words
            .iter()
            .filter(|word| is_number(word))
            .map(String::as_str)
            .collect()
    }

    /// How close two claims are, by similarity and length. A claim's numbers are its facts:
    /// two claims that give different numbers are never likely the same ("55 cartel figures"
    /// and "29 cartel figures"), however alike the rest.
    pub fn closeness(&self, other: &Fingerprint) -> (Closeness, f64) {
        let similarity = self.similarity(other);
        let (mine, theirs) = (self.numbers(), other.numbers());
        let closeness = judge(&Comparison {
            similarity,
            long_enough: self.length >= MIN_WORDS_FOR_LIKELY
                && other.length >= MIN_WORDS_FOR_LIKELY,
            same_numbers: mine.is_empty() || theirs.is_empty() || mine == theirs,
            swapped: !self.words.is_subset(&other.words) && !other.words.is_subset(&self.words),
        });
        (closeness, similarity)
    }
}

/// Whether a content word is a number (one of a claim's facts).
pub(crate) fn is_number(word: &str) -> bool {
    word.parse::<f64>().is_ok()
}

/// What the matcher weighs when it compares two claims, however their words are held.
pub(crate) struct Comparison {
    /// The Dice coefficient of their content words.
    pub similarity: f64,
    /// Both are at least [`MIN_WORDS_FOR_LIKELY`] words long as written.
    pub long_enough: bool,
    /// They give the same numbers, or one of them gives none.
    pub same_numbers: bool,
    /// Each has content words the other lacks.
    pub swapped: bool,
}

/// How close two claims are, from what was compared: the matcher's one rule, for
/// [`Fingerprint::closeness`] and for the import's index of hashed words alike.
pub(crate) fn judge(comparison: &Comparison) -> Closeness {
    let bar = if comparison.swapped {
        LIKELY_WITH_SWAPPED_WORDS
    } else {
        LIKELY
    };
    if comparison.similarity >= bar && comparison.long_enough && comparison.same_numbers {
        Closeness::Likely
    } else if comparison.similarity >= POSSIBLE {
        Closeness::Possible
    } else {
        Closeness::Unrelated
    }
}

/// How many of a claim's rarest words are asked of the search index for candidates.
const QUERY_WORDS: usize = 10;

/// The words a search for candidates asks for, rarest first: the `known` ones (with how many
/// of the database's `claims` have each), then the ones the index does not know, up to
/// [`QUERY_WORDS`]. A word that a tenth of all claims have narrows nothing and makes the search
/// read all of its index entries: it is left out while two rarer words remain.
pub fn query_words(
    mut known: Vec<(i64, String)>,
    unknown: Vec<String>,
    claims: i64,
) -> Vec<String> {
    known.sort();
    let common = claims / 10;
    if known.iter().filter(|(count, _)| *count <= common).count() >= 2 {
        known.retain(|(count, _)| *count <= common);
    }
    known
        .into_iter()
        .map(|(_, word)| word)
        .chain(unknown)
        .take(QUERY_WORDS)
        .collect()
}

/// The words of `text` that say what it claims, as written (lower case, numbers as digits):
/// neither function words, nor attribution, nor the speaker's name.
pub fn content_words(text: &str, speaker: &str) -> Vec<String> {
    let speaker_words: BTreeSet<String> = raw_words(speaker).collect();
    numbers_as_digits(united_states(raw_words(text).collect()))
        .into_iter()
        .map(|word| base_form(&word).map_or(word, str::to_string))
        // Letters left over from contractions and initials ("we've", "U.S.") say nothing.
        .filter(|word| word.chars().count() > 2 || word.bytes().any(|b| b.is_ascii_digit()))
        .filter(|word| !ignored(word))
        .filter(|word| !speaker_words.contains(word))
        .collect()
}

/// Whether a word is a stop word or attribution. A set, not the lists: an archive's import
/// asks this of every word of every row.
fn ignored(word: &str) -> bool {
    static IGNORED: OnceLock<HashSet<&'static str>> = OnceLock::new();
    IGNORED
        .get_or_init(|| STOP_WORDS.iter().chain(ATTRIBUTION).copied().collect())
        .contains(word)
}

/// Lower-case words: letters and digits, with the thousands separators and decimal points of
/// numbers kept inside them ("55,000" stays one word) and hyphens joining ("fifty-five").
fn raw_words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (index, ch) in chars.iter().enumerate() {
        let between_digits = |i: usize| {
            i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        };
        if ch.is_alphanumeric() {
            word.extend(ch.to_lowercase());
        } else if (*ch == ',' || *ch == '.') && between_digits(index) {
            if *ch == '.' {
                word.push('.');
            }
        } else if *ch == '-'
            && !word.is_empty()
            && chars.get(index + 1).is_some_and(|c| c.is_alphanumeric())
        {
            word.push('-');
        } else if *ch == '%' {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            words.push("percent".to_string());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.into_iter()
}

/// "U.S." and "United States" as one word.
fn united_states(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        let joined = matches!(
            (out.last().map(String::as_str), word.as_str()),
            (Some("u"), "s") | (Some("united"), "states")
        );
        if joined {
            out.pop();
            out.push("usa".to_string());
        } else {
            out.push(word);
        }
    }
    out
}

/// Number words as digits, whole numbers read together: "fifty-five" → "55", "ten thousand"
/// and "10 thousand" → "10000", "eleven" → "11". Hyphenated words that are not numbers are
/// split into their parts.
fn numbers_as_digits(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    // The number being read, while the words so far make one.
    let mut number: Option<u64> = None;
    for word in words {
        let value = number_value(&word);
        match (value, number) {
            (Some(multiplier @ (100 | 1_000 | 1_000_000 | 1_000_000_000)), Some(n))
                if number_word(&word).is_some() =>
            {
                number = Some(n.saturating_mul(multiplier));
            }
            (Some(n), Some(before))
                if before >= 20 && before % 10 == 0 && n < 10 && number_word(&word).is_some() =>
            {
                number = Some(before + n);
            }
            (Some(n), _) => {
                if let Some(done) = number.take() {
                    out.push(done.to_string());
                }
                number = Some(n);
            }
            (None, _) => {
                if let Some(done) = number.take() {
                    out.push(done.to_string());
                }
                if word.contains('-') {
                    out.extend(
                        word.split('-')
                            .filter(|w| !w.is_empty())
                            .map(str::to_string),
                    );
                } else {
                    out.push(word);
                }
            }
        }
    }
    if let Some(done) = number {
        out.push(done.to_string());
    }
    out
}

/// A word's value as a whole number: in digits, in words, or hyphenated ("fifty-five").
fn number_value(word: &str) -> Option<u64> {
    if let Some(n) = number_word(word) {
        return Some(n);
    }
    if let Some((tens, units)) = word.split_once('-')
        && let (Some(t), Some(u)) = (number_word(tens), number_word(units))
        && t >= 20
        && t % 10 == 0
        && u < 10
    {
        return Some(t + u);
    }
    word.parse::<u64>().ok()
}

/// The base form of an irregular verb, which stemming cannot find: "fell" and "fallen" are
/// "fall", "took" is "take"; "started" is "begin", as people say both.
fn base_form(word: &str) -> Option<&'static str> {
    const IRREGULAR: &[(&str, &str)] = &[
        ("fell", "fall"),
        ("fallen", "fall"),
        ("rose", "rise"),
        ("risen", "rise"),
        ("took", "take"),
        ("taken", "take"),
        ("began", "begin"),
        ("begun", "begin"),
        ("start", "begin"),
        ("started", "begin"),
        ("grew", "grow"),
        ("grown", "grow"),
        ("went", "go"),
        ("gone", "go"),
        ("gave", "give"),
        ("given", "give"),
        ("made", "make"),
        ("paid", "pay"),
        ("sold", "sell"),
        ("won", "win"),
        ("lost", "lose"),
        ("spent", "spend"),
        ("built", "build"),
        ("brought", "bring"),
        ("bought", "buy"),
        ("came", "come"),
        ("sent", "send"),
        ("kept", "keep"),
        ("seen", "see"),
        ("saw", "see"),
    ];
    IRREGULAR
        .iter()
        .find(|(form, _)| *form == word)
        .map(|(_, base)| *base)
}

fn number_word(word: &str) -> Option<u64> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = SMALL.iter().position(|w| *w == word) {
        return Some(n as u64);
    }
    if let Some(n) = TENS.iter().position(|w| *w == word) {
        return Some(20 + 10 * n as u64);
    }
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        "dozen" => Some(12),
        _ => None,
    }
}

/// A word's stem (Snowball English): "migrants" → "migrant"; numbers stay as they are.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// Words that say who said it, not what was said.
const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "claimed",
    "stated",
    "states",
    "according",
    "asserted",
    "argued",
    "insisted",
    "declared",
    "added",
    "noted",
    "tweeted",
    "wrote",
];

/// English function words, which say nothing about which claim it is.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "during", "each", "even", "for", "from", "had", "has", "have", "having", "he",
    "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
    "me", "might", "more", "most", "much", "must", "my", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your", "mr", "mrs", "ms", "dr",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &str, b: &str) -> (Closeness, f64) {
        Fingerprint::of(a, "Marco Rubio").closeness(&Fingerprint::of(b, "Marco Rubio"))
    }

    #[test]
    fn rewording_keeps_a_claim_the_same() {
        let original = "Mexico has delivered 55 cartel figures long wanted by U.S. authorities.";
        for reworded in [
            "Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. authorities.",
            "\"U.S. authorities long wanted 55 cartel figures, and Mexico has delivered them,\" \
             Rubio said.",
            "According to Rubio, Mexico has delivered 55 cartel figures that U.S. authorities \
             had long wanted",
        ] {
            let (closeness, similarity) = close(original, reworded);
            assert_eq!(closeness, Closeness::Likely, "{similarity}: {reworded}");
        }
    }

    #[test]
    fn a_different_number_or_subject_is_another_claim() {
        let original = "Mexico has delivered 55 cartel figures long wanted by U.S. authorities.";
        let (closeness, _) = close(
            original,
            "Mexico has delivered 29 cartel figures long wanted by U.S. authorities.",
        );
        assert_ne!(closeness, Closeness::Likely);
        let (closeness, _) = close(
            original,
            "Mexico has deployed 10,000 troops to its northern border this year.",
        );
        assert_eq!(closeness, Closeness::Unrelated);
    }

    #[test]
    fn short_claims_are_never_likely_on_their_own() {
        assert_eq!(
            close("All 11 were killed.", "All eleven were killed.").0,
            Closeness::Possible
        );
    }

    #[test]
    fn numbers_are_read_in_words_and_digits() {
        let words = |text: &str| Fingerprint::of(text, "").words;
        assert_eq!(words("fifty-five"), words("55"));
        assert_eq!(words("55,000 jobs"), words("55000 jobs"));
        assert_eq!(words("rose 3.5%"), words("rose 3.5 percent"));
        assert!(words("eleven").contains("11"));
    }
}
