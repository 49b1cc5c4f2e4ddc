//! Finding likely repeats among many claims without comparing each claim with every other:
//! MinHash signatures of the matcher's content words, cut into bands (locality-sensitive
//! hashing), so that a claim is compared only with the claims that share a whole band with it.
//!
//! Two claims whose content words are likely the same by the matcher ([`LIKELY`], a Dice
//! coefficient of 0.7) have a Jaccard similarity of at least 0.7 / 1.3 ≈ 0.54. A band of
//! [`ROWS`] minimum hashes is the same for two sets with probability J^ROWS, so with [`BANDS`]
//! bands a pair right at that threshold shares no band with probability (1 − 0.54³)²⁴ ≈ 1.7%,
//! a pair at Dice 0.8 with probability 0.02%, and a pair at the higher bar for swapped words
//! (0.85, J ≈ 0.74) with probability under 0.001%. The candidates a band gives are then
//! judged by the matcher itself ([`Fingerprint::closeness`]), so the index never calls a pair
//! likely that the matcher would not: it can only miss one.
//!
//! Bands of three rather than two: two common words are the least of so many claims' words
//! that their buckets fill with unrelated claims (an import then spent most of its extra time
//! turning those down), three together seldom are. A band shared by very many claims would
//! still make the comparisons quadratic: a bucket holds at most [`BUCKET_CAP`] claims, and
//! claims beyond that are found through their other bands only.
//!
//! The words are interned (each stored once, claims hold their numbers), which keeps the
//! index small: most of it is the bands' tables.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::{Closeness, Fingerprint, LIKELY, MIN_WORDS_FOR_LIKELY, content_words, stem};
use crate::model::ClaimId;

/// How many bands each signature is cut into.
pub const BANDS: usize = 24;
/// How many minimum hashes make a band.
pub const ROWS: usize = 3;
/// The most claims one bucket holds.
pub const BUCKET_CAP: u32 = 8;

/// No next claim in a bucket's chain.
const END: u32 = u32::MAX;
/// A bucket's value holds its first claim in the low bits and its size above them.
const HEAD_BITS: u32 = 27;
const HEAD_MASK: u32 = (1 << HEAD_BITS) - 1;

/// A claim as the index sees it: the numbers of its stemmed content words, sorted, and its
/// length as written. The same words as the claim's [`Fingerprint`], kept as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    words: Vec<u32>,
    length: usize,
}

/// The claims seen so far, by the bands of their signatures.
#[derive(Default)]
pub struct RepeatIndex {
    /// Each stemmed content word's number.
    numbers: HashMap<String, u32>,
    /// The stemmed words, by number, and each one's hash.
    words: Vec<String>,
    hashes: Vec<u64>,
    /// Each content word as written, by the number of its stem: stemming every word of every
    /// row again would cost more than the rest of the index.
    stems: HashMap<String, u32>,
    /// Each claim's id, its length as written, and where its words start in `claim_words`.
    claims: Vec<Entry>,
    /// The claims' word numbers, each claim's sorted, one after the other.
    claim_words: Vec<u32>,
    /// For each band, its buckets by the band's hash (cut to 32 bits: two bands that share
    /// them only add a candidate, which the matcher then turns down).
    bands: Vec<HashMap<u32, u32, BuildHasherDefault<Prehashed>>>,
    /// For each claim and band, the next claim in the same bucket.
    next: Vec<u32>,
}

struct Entry {
    id: ClaimId,
    start: u32,
    /// Its length as written (at most 65,535 counted) and how many content words it has.
    length: u16,
    words: u16,
}

impl RepeatIndex {
    /// An empty index.
    pub fn new() -> Self {
        RepeatIndex {
            bands: (0..BANDS).map(|_| HashMap::default()).collect(),
            ..RepeatIndex::default()
        }
    }

    /// How many claims it holds.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether it holds no claim.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The print of a claim, `text` said by `speaker`: the words of
    /// [`Fingerprint::of`]`(text, speaker)`, each stemmed once for the whole index.
    pub fn print(&mut self, text: &str, speaker: &str) -> Print {
        let mut words: Vec<u32> = content_words(text, speaker)
            .into_iter()
            .map(|word| match self.stems.get(&word) {
                Some(number) => *number,
                None => {
                    let number = self.number(stem(&word));
                    self.stems.insert(word, number);
                    number
                }
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        Print {
            words,
            length: text.split_whitespace().count(),
        }
    }

    /// The print of a fingerprint.
    pub fn print_of(&mut self, fingerprint: &Fingerprint) -> Print {
        let mut words: Vec<u32> = fingerprint
            .words
            .iter()
            .map(|word| self.number(word.clone()))
            .collect();
        words.sort_unstable();
        Print {
            words,
            length: fingerprint.length,
        }
    }

    /// A stemmed word's number, given it if it has none yet.
    fn number(&mut self, word: String) -> u32 {
        if let Some(number) = self.numbers.get(&word) {
            return *number;
        }
        let number = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
        self.hashes.push(word_hash(&word));
        self.words.push(word.clone());
        self.numbers.insert(word, number);
        number
    }

    /// The fingerprint a print stands for, for the matcher to judge.
    fn fingerprint(&self, words: &[u32], length: usize) -> Fingerprint {
        Fingerprint {
            words: words
                .iter()
                .map(|number| self.words[*number as usize].clone())
                .collect::<BTreeSet<String>>(),
            length,
        }
    }

    /// Adds a claim. Claims too short ever to be likely the same as another are left out.
    pub fn insert(&mut self, id: ClaimId, print: &Print) {
        // A "claim" of more than 65,535 distinct words is a document, not a claim.
        let Ok(words) = u16::try_from(print.words.len()) else {
            return;
        };
        if !could_be_likely(print) {
            return;
        }
        let index = u32::try_from(self.claims.len()).expect("fewer than 4 billion claims");
        assert!(
            index < HEAD_MASK,
            "fewer than 134 million claims in one import"
        );
        let start = u32::try_from(self.claim_words.len()).expect("fewer than 4 billion words");
        self.claim_words.extend(&print.words);
        self.claims.push(Entry {
            id,
            start,
            length: u16::try_from(print.length).unwrap_or(u16::MAX),
            words,
        });
        for (band, key) in self.band_keys(print).into_iter().enumerate() {
            let bucket = self.bands[band].entry(key).or_insert(END);
            let (head, size) = match *bucket {
                END => (END, 0),
                value => (value & HEAD_MASK, value >> HEAD_BITS),
            };
            if size < BUCKET_CAP {
                *bucket = ((size + 1) << HEAD_BITS) | index;
                self.next.push(head);
            } else {
                self.next.push(END);
            }
        }
    }

    /// The claims that share a band with `print`: the only ones it is compared with.
    pub fn candidates(&self, print: &Print) -> Vec<ClaimId> {
        let mut seen = self.candidate_entries(print);
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .map(|entry| self.claims[entry as usize].id)
            .collect()
    }

    /// The claim that `print` most likely repeats, by the matcher's closeness (the most
    /// similar, then the first logged), with its similarity.
    pub fn likely_repeat(&self, print: &Print) -> Option<(ClaimId, f64)> {
        if !could_be_likely(print) {
            return None;
        }
        let mut entries = self.candidate_entries(print);
        entries.sort_unstable();
        entries.dedup();
        let mut mine: Option<Fingerprint> = None;
        let mut best: Option<(ClaimId, f64)> = None;
        for entry in entries {
            let claim = &self.claims[entry as usize];
            // The Dice coefficient on the words' numbers first, which is cheap: it is the
            // matcher's similarity, and below `LIKELY` no pair is likely whatever else holds.
            // Sets too different in size cannot reach it at all.
            let count = claim.words as usize;
            let total = (print.words.len() + count) as f64;
            if 2.0 * (print.words.len().min(count) as f64) < LIKELY * total {
                continue;
            }
            let words = self.words_of(entry);
            let dice = 2.0 * shared_count(&print.words, words) as f64 / total;
            if dice < LIKELY {
                continue;
            }
            let mine = mine.get_or_insert_with(|| self.fingerprint(&print.words, print.length));
            let other = self.fingerprint(words, claim.length as usize);
            let (closeness, similarity) = mine.closeness(&other);
            if closeness != Closeness::Likely {
                continue;
            }
            let better = match best {
                None => true,
                Some((id, best_similarity)) => {
                    similarity > best_similarity || (similarity == best_similarity && claim.id < id)
                }
            };
            if better {
                best = Some((claim.id, similarity));
            }
        }
        best
    }

    /// The claims in the buckets of `print`'s bands, by their place in the index, with
    /// repeats.
    fn candidate_entries(&self, print: &Print) -> Vec<u32> {
        let mut found = Vec::new();
        if print.words.is_empty() {
            return found;
        }
        for (band, key) in self.band_keys(print).into_iter().enumerate() {
            let Some(bucket) = self.bands[band].get(&key) else {
                continue;
            };
            let mut entry = bucket & HEAD_MASK;
            while entry != END {
                found.push(entry);
                entry = self.next[entry as usize * BANDS + band];
            }
        }
        found
    }

    /// A claim's word numbers, sorted.
    fn words_of(&self, entry: u32) -> &[u32] {
        let claim = &self.claims[entry as usize];
        let start = claim.start as usize;
        &self.claim_words[start..start + claim.words as usize]
    }

    /// The hash of each band of the print's MinHash signature.
    fn band_keys(&self, print: &Print) -> [u32; BANDS] {
        let mut signature = [u64::MAX; BANDS * ROWS];
        for word in &print.words {
            let base = self.hashes[*word as usize];
            for (row, least) in signature.iter_mut().enumerate() {
                let value = mix(base ^ SEEDS[row]);
                if value < *least {
                    *least = value;
                }
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

    /// About how many bytes the index holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        let strings = |words: &mut dyn Iterator<Item = &String>| -> usize {
            words.map(|word| word.capacity() + 24).sum()
        };
        let bands: usize = self
            .bands
            .iter()
            .map(|band| band.capacity() * (size_of::<(u32, u32)>() + 1))
            .sum();
        2 * strings(&mut self.words.iter())
            + strings(&mut self.stems.keys())
            + (self.numbers.capacity() + self.stems.capacity()) * 8
            + self.hashes.capacity() * 8
            + self.claims.capacity() * size_of::<Entry>()
            + self.claim_words.capacity() * 4
            + self.next.capacity() * 4
            + bands
    }
}

/// Whether a claim is long enough, and has words enough, ever to be likely another's repeat.
fn could_be_likely(print: &Print) -> bool {
    print.length >= MIN_WORDS_FOR_LIKELY && !print.words.is_empty()
}

/// How many numbers two sorted lists share.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
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

/// A word's hash (FNV-1a): fixed, so that the same words give the same signature in every run.
fn word_hash(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
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

/// A hasher for keys that are hashes already: the bands' keys are used as they are.
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

    fn write_u32(&mut self, value: u32) {
        // Spread over all 64 bits: the table takes its slot from the low bits and a tag from
        // the high ones.
        self.0 = u64::from(value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str =
        "Mexico has delivered 55 cartel figures long wanted by U.S. authorities.";

    /// Adds a claim to the index.
    fn add(index: &mut RepeatIndex, id: i64, text: &str, speaker: &str) {
        let print = index.print(text, speaker);
        index.insert(ClaimId(id), &print);
    }

    /// The claim the index finds that a text likely repeats.
    fn repeat_of(index: &mut RepeatIndex, text: &str, speaker: &str) -> Option<ClaimId> {
        let print = index.print(text, speaker);
        index.likely_repeat(&print).map(|found| found.0)
    }

    #[test]
    fn a_print_holds_the_fingerprints_words() {
        let mut index = RepeatIndex::new();
        let pairs = include_str!("../../tests/data/claim_pairs.tsv");
        for line in pairs.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            for (speaker, text) in [(columns[1], columns[2]), (columns[3], columns[4])] {
                let print = index.print(text, speaker);
                assert_eq!(
                    print,
                    index.print_of(&Fingerprint::of(text, speaker)),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn a_reworded_claim_is_found_and_judged_by_the_matcher() {
        let mut index = RepeatIndex::new();
        add(&mut index, 1, ORIGINAL, "Associated Press");
        add(
            &mut index,
            2,
            "Mexico has deployed 10,000 troops to its northern border this year.",
            "Claudia Sheinbaum",
        );
        let reworded = index.print(
            "Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. \
             authorities.",
            "Marco Rubio",
        );
        let (id, similarity) = index.likely_repeat(&reworded).expect("found");
        assert_eq!(id, ClaimId(1));
        assert!(similarity >= LIKELY);
        // Another number is another claim, even when every other word is the same.
        let other_number = repeat_of(
            &mut index,
            "Mexico has delivered 29 cartel figures long wanted by U.S. authorities.",
            "Associated Press",
        );
        assert_eq!(other_number, None);
    }

    #[test]
    fn short_claims_are_neither_indexed_nor_matched() {
        let mut index = RepeatIndex::new();
        add(&mut index, 1, "All 11 were killed.", "");
        assert!(index.is_empty());
        assert_eq!(repeat_of(&mut index, "All eleven were killed.", ""), None);
    }

    #[test]
    fn the_most_similar_then_the_first_logged_wins() {
        let mut index = RepeatIndex::new();
        add(&mut index, 7, ORIGINAL, "");
        add(&mut index, 3, ORIGINAL, "");
        add(
            &mut index,
            1,
            "Mexico delivered 55 cartel figures long wanted by U.S. authorities, officials said.",
            "",
        );
        assert_eq!(repeat_of(&mut index, ORIGINAL, ""), Some(ClaimId(3)));
    }

    #[test]
    fn a_crowded_bucket_stops_growing() {
        let mut index = RepeatIndex::new();
        for id in 0..(BUCKET_CAP as i64 * 3) {
            add(&mut index, id, ORIGINAL, "");
        }
        assert_eq!(index.len(), BUCKET_CAP as usize * 3);
        let same = index.print(ORIGINAL, "");
        assert_eq!(index.candidates(&same).len(), BUCKET_CAP as usize);
        assert_eq!(repeat_of(&mut index, ORIGINAL, ""), Some(ClaimId(0)));
    }

    /// The matcher's own pair set: every pair it calls likely, in either order, shares a band.
    #[test]
    fn every_pair_the_matcher_calls_likely_in_the_pair_set_is_a_candidate() {
        let pairs = include_str!("../../tests/data/claim_pairs.tsv");
        let (mut likely, mut found) = (0, 0);
        let mut missed = Vec::new();
        for line in pairs.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (a, b) = (
                Fingerprint::of(columns[2], columns[1]),
                Fingerprint::of(columns[4], columns[3]),
            );
            if a.closeness(&b).0 != Closeness::Likely {
                continue;
            }
            likely += 1;
            let mut index = RepeatIndex::new();
            add(&mut index, 1, columns[2], columns[1]);
            let mut reverse = RepeatIndex::new();
            add(&mut reverse, 2, columns[4], columns[3]);
            let hit = repeat_of(&mut index, columns[4], columns[3]) == Some(ClaimId(1))
                && repeat_of(&mut reverse, columns[2], columns[1]) == Some(ClaimId(2));
            if hit {
                found += 1;
            } else {
                missed.push(format!("{} | {}", columns[2], columns[4]));
            }
        }
        println!("LSH recall on the matcher's likely pairs: {found}/{likely}");
        assert!(likely > 20, "{likely} likely pairs");
        assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    }

    /// Recall at the threshold itself, over many random pairs of word sets built to sit at
    /// the lowest similarity the matcher calls likely: the measured miss rate is what the
    /// banding's arithmetic says (about 0.4%), and it falls quickly above the threshold.
    #[test]
    fn recall_at_the_threshold_is_what_the_bands_promise() {
        let fingerprint = |words: Vec<String>| Fingerprint {
            length: words.len().max(MIN_WORDS_FOR_LIKELY),
            words: words.into_iter().collect(),
        };
        let mut missed = 0;
        let trials = 2_000;
        let mut index = RepeatIndex::new();
        for trial in 0..trials {
            // 7 words in one claim, those and 6 more in the other: Dice 14/20 = 0.7 exactly.
            let shared: Vec<String> = (0..7).map(|i| format!("w{trial}x{i}")).collect();
            let mut more = shared.clone();
            more.extend((0..6).map(|i| format!("v{trial}y{i}")));
            let (a, b) = (fingerprint(shared), fingerprint(more));
            assert_eq!(a.closeness(&b).0, Closeness::Likely);
            let (a, b) = (index.print_of(&a), index.print_of(&b));
            index.insert(ClaimId(trial), &a);
            if index.likely_repeat(&b).map(|found| found.0) != Some(ClaimId(trial)) {
                missed += 1;
            }
        }
        let rate = missed as f64 / trials as f64;
        let promised = (1.0 - (7.0f64 / 13.0).powi(ROWS as i32)).powi(BANDS as i32);
        println!("missed at the threshold: {missed}/{trials} (promised {promised:.4})");
        assert!(
            rate < 1.5 * promised + 0.005,
            "miss rate {rate}, promised {promised}"
        );
    }
}
