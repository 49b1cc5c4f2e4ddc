//! What the import's search for likely repeats knows of a claim (its print): the matcher's
//! content words as hashes, and the keys of its MinHash signature cut into bands
//! (locality-sensitive hashing), so that a claim is compared only with the claims that share a
//! whole band with it ([`super::repeat_search`] finds those).
//!
//! Two claims whose content words are likely the same by the matcher ([`LIKELY`], a Dice
//! coefficient of 0.7) have a Jaccard similarity of at least 0.7 / 1.3 ≈ 0.54. A band of
//! [`ROWS`] minimum hashes is the same for two sets with probability J^ROWS, so with [`BANDS`]
//! bands a pair right at that threshold shares no band with probability (1 − 0.54²)¹² ≈ 1.6%,
//! a pair at Dice 0.8 (J ≈ 0.67) with probability 0.09%, and a pair at the higher bar for swapped words
//! (0.85, J ≈ 0.74) with probability under 0.01%. The candidates a band gives are then
//! judged by the matcher's own rule ([`likely_similarity`]), so the search never calls a pair
//! likely that the matcher would not: it can only miss one.
//!
//! Twelve bands of two rather than more, narrower ones: every band is an entry per claim to
//! sort, and this is the fewest bands for that recall.
//!
//! A word is held as a 64-bit hash of its stem, its lowest bit saying whether it is a number
//! (the matcher's rule on numbers needs no more): an import of a million distinct words has
//! two of them share a hash with a chance of about one in 18 million, and such a pair changes
//! a verdict only where two claims differ by exactly those words.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use super::{
    Comparison, Fingerprint, LIKELY, MIN_WORDS_FOR_LIKELY, content_words, is_number, judge, stem,
};
use crate::matching::Closeness;

/// How many bands each signature is cut into.
pub const BANDS: usize = 12;
/// How many minimum hashes make a band.
pub const ROWS: usize = 2;

/// A claim as the search sees it: the hashes of its stemmed content words, sorted and each
/// once, its length as written, and the keys of its signature's bands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    pub words: Vec<u64>,
    pub length: usize,
    pub keys: [u32; BANDS],
}

/// A print's words and length, wherever they are kept.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub words: &'a [u64],
    pub length: usize,
}

impl Print {
    /// The print of a fingerprint: the same as [`Printer::print`] of its text.
    pub fn of(fingerprint: &Fingerprint) -> Print {
        Print::from_codes(
            fingerprint
                .words
                .iter()
                .map(|word| word_code(word))
                .collect(),
            fingerprint.length,
        )
    }

    /// The print of these word hashes, sorted and each once, with its bands' keys.
    fn from_codes(mut words: Vec<u64>, length: usize) -> Print {
        words.sort_unstable();
        words.dedup();
        let keys = band_keys(&words);
        Print {
            words,
            length,
            keys,
        }
    }

    /// Whether the claim is long enough, and has words enough, ever to be likely another's
    /// repeat: shorter ones are neither searched nor searched for.
    pub fn could_be_likely(&self) -> bool {
        self.length >= MIN_WORDS_FOR_LIKELY && !self.words.is_empty()
    }

    /// Its words and length.
    pub fn as_words(&self) -> Words<'_> {
        Words {
            words: &self.words,
            length: self.length,
        }
    }
}

/// Makes prints, stemming each word form once while it is among the most recent few thousand
/// (stemming every word of every row again would cost more than the rest of the search).
pub struct Printer {
    /// Each word as written, by a hash keyed afresh in each run (so that no file can make two
    /// forms collide), and its stem's hash.
    stems: HashMap<u64, u64, BuildHasherDefault<Prehashed>>,
    form_hasher: RandomState,
}

/// How many word forms [`Printer`] remembers before it starts again: a fixed few hundred KiB,
/// where the forms of a million real claims would take tens of MiB; the commonest come back at
/// once.
const REMEMBERED_FORMS: usize = 16_384;

impl Default for Printer {
    fn default() -> Self {
        Printer {
            stems: HashMap::with_capacity_and_hasher(REMEMBERED_FORMS, Default::default()),
            form_hasher: RandomState::new(),
        }
    }
}

impl Printer {
    /// The print of a claim, `text` said by `speaker`: the words of
    /// [`Fingerprint::of`]`(text, speaker)`.
    pub fn print(&mut self, text: &str, speaker: &str) -> Print {
        let words = content_words(text, speaker)
            .into_iter()
            .map(|word| {
                let form = self.form_hasher.hash_one(&word);
                if let Some(code) = self.stems.get(&form) {
                    return *code;
                }
                if self.stems.len() == REMEMBERED_FORMS {
                    self.stems.clear();
                }
                let code = word_code(&stem(&word));
                self.stems.insert(form, code);
                code
            })
            .collect();
        Print::from_codes(words, text.split_whitespace().count())
    }
}

/// The similarity of two claims when the matcher calls them likely the same, from their
/// prints: [`Fingerprint::closeness`] on the words' hashes, the cheap tests first.
pub fn likely_similarity(mine: Words<'_>, theirs: Words<'_>) -> Option<f64> {
    let (a, b) = (mine.words, theirs.words);
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let total = (a.len() + b.len()) as f64;
    // Sets too different in size cannot reach the lowest bar at all.
    if 2.0 * (a.len().min(b.len()) as f64) < LIKELY * total {
        return None;
    }
    let shared = shared_count(a, b);
    let similarity = 2.0 * shared as f64 / total;
    if similarity < LIKELY {
        return None;
    }
    let (mut mine_numbers, mut their_numbers) = (numbers(a).peekable(), numbers(b).peekable());
    let same_numbers = mine_numbers.peek().is_none()
        || their_numbers.peek().is_none()
        || mine_numbers.eq(their_numbers);
    let closeness = judge(&Comparison {
        similarity,
        long_enough: mine.length >= MIN_WORDS_FOR_LIKELY && theirs.length >= MIN_WORDS_FOR_LIKELY,
        same_numbers,
        swapped: shared != a.len() && shared != b.len(),
    });
    (closeness == Closeness::Likely).then_some(similarity)
}

/// The numbers among a print's words.
fn numbers(words: &[u64]) -> impl Iterator<Item = u64> + '_ {
    words.iter().copied().filter(|code| code & 1 == 1)
}

/// A stemmed word's hash, the same in every run (FNV-1a), its lowest bit set for a number.
fn word_code(stemmed: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in stemmed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash & !1) | u64::from(is_number(stemmed))
}

/// The key of each band of the MinHash signature of these words.
fn band_keys(words: &[u64]) -> [u32; BANDS] {
    let mut signature = [u64::MAX; BANDS * ROWS];
    for word in words {
        for (least, seed) in signature.iter_mut().zip(SEEDS) {
            *least = (*least).min(mix(word ^ seed));
        }
    }
    let mut keys = [0; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut hash = band as u64;
        for value in &signature[band * ROWS..(band + 1) * ROWS] {
            hash = mix(hash ^ value);
        }
        *key = (hash >> 32) as u32;
    }
    keys
}

/// A hasher for keys that are hashes already: the forms' digests are used as they are.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8) | u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// How many numbers two sorted lists share.
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// SplitMix64's finaliser: every bit of the input moves every bit of the output.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// One seed per minimum hash: each seed makes a different hash function of the same word.
const SEEDS: [u64; BANDS * ROWS] = {
    let mut seeds = [0u64; BANDS * ROWS];
    let mut state: u64 = 0x1234_5678_9abc_def0;
    let mut i = 0;
    while i < seeds.len() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of the matcher's pair set: the print holds the fingerprint's words, and the
    /// prints are judged as the matcher judges the fingerprints.
    #[test]
    fn prints_are_judged_as_the_matcher_judges_fingerprints() {
        let mut printer = Printer::default();
        let pairs = include_str!("../../tests/data/claim_pairs.tsv");
        let mut likely = 0;
        for line in pairs.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (a, b) = (
                Fingerprint::of(columns[2], columns[1]),
                Fingerprint::of(columns[4], columns[3]),
            );
            let (print_a, print_b) = (
                printer.print(columns[2], columns[1]),
                printer.print(columns[4], columns[3]),
            );
            assert_eq!(print_a, Print::of(&a), "{}", columns[2]);
            assert_eq!(print_b, Print::of(&b), "{}", columns[4]);
            let (closeness, similarity) = a.closeness(&b);
            let expected = (closeness == Closeness::Likely).then_some(similarity);
            assert_eq!(
                likely_similarity(print_a.as_words(), print_b.as_words()),
                expected,
                "{} | {}",
                columns[2],
                columns[4]
            );
            likely += u32::from(expected.is_some());
        }
        assert!(likely > 20, "{likely} likely pairs");
    }

    #[test]
    fn another_number_is_another_claim() {
        let mut printer = Printer::default();
        let original = printer.print(
            "Mexico has delivered 55 cartel figures long wanted by U.S. authorities.",
            "",
        );
        let reworded = printer.print(
            "Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. authorities.",
            "Marco Rubio",
        );
        let other = printer.print(
            "Mexico has delivered 29 cartel figures long wanted by U.S. authorities.",
            "",
        );
        assert!(likely_similarity(original.as_words(), reworded.as_words()).is_some());
        assert_eq!(
            likely_similarity(original.as_words(), other.as_words()),
            None
        );
    }

    /// A printer that has forgotten its word forms makes the same prints.
    #[test]
    fn forgetting_word_forms_changes_no_print() {
        let mut printer = Printer::default();
        let text = |n: usize| format!("word{n} and form{n} of claim{n} said{n} often{n} here");
        let first: Vec<Print> = (0..REMEMBERED_FORMS)
            .map(|n| printer.print(&text(n), ""))
            .collect();
        for (n, print) in first.iter().enumerate().step_by(97) {
            assert_eq!(&printer.print(&text(n), ""), print);
        }
    }
}
