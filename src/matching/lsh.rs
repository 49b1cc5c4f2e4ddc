//! Finding likely repeats among many claims without comparing each claim with every other:
//! MinHash signatures of the matcher's content words, cut into bands (locality-sensitive
//! hashing), so that a claim is compared only with the claims that share a whole band with it.
//!
//! Two claims whose content words are likely the same by the matcher ([`LIKELY`], a Dice
//! coefficient of 0.7) have a Jaccard similarity of at least 0.7 / 1.3 ≈ 0.54. A band of
//! [`ROWS`] minimum hashes is the same for two sets with probability J^ROWS, so with [`BANDS`]
//! bands a pair right at that threshold shares no band with probability (1 − 0.54²)¹² ≈ 1.6%,
//! a pair at Dice 0.8 (J ≈ 0.67) with probability 0.09%, and a pair at the higher bar for swapped words
//! (0.85, J ≈ 0.74) with probability under 0.01%. The candidates a band gives are then
//! judged by the matcher itself ([`Fingerprint::closeness`]), so the index never calls a pair
//! likely that the matcher would not: it can only miss one.
//!
//! Twelve bands of two rather than more, narrower ones: what an import pays for the index is
//! mostly the bands' tables, their memory and the cache misses of reading them, and this is
//! the fewest bands for that recall. A band shared by very many claims would make the
//! comparisons quadratic: a bucket holds at most [`BUCKET_CAP`] claims, and claims beyond that
//! are found through their other bands only.
//!
//! The words are interned (each stored once, claims hold their numbers), which keeps the
//! index small: most of it is the bands' tables, 8 bytes a claim for each band.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use super::{Closeness, Fingerprint, LIKELY, MIN_WORDS_FOR_LIKELY, content_words, stem};
use crate::model::ClaimId;

/// How many bands each signature is cut into.
pub const BANDS: usize = 12;
/// How many minimum hashes make a band.
pub const ROWS: usize = 2;
/// The most claims one bucket holds.
pub const BUCKET_CAP: usize = 4;

/// A claim as the index sees it: the numbers of its stemmed content words, sorted, its length
/// as written, and the hashes of its signature's bands. The same words as the claim's
/// [`Fingerprint`], kept as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    words: Vec<u32>,
    length: usize,
    keys: [u32; BANDS],
}

/// The claims seen so far, by the bands of their signatures.
pub struct RepeatIndex {
    /// Each stemmed content word's number, by its keyed hash (as `stems` below).
    numbers: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The stemmed words, one after the other, and where each ends, by number: a million
    /// words as a million strings would cost twice the memory.
    letters: String,
    ends: Vec<u32>,
    /// Each stemmed word's hash, by number, the same in every run.
    hashes: Vec<u64>,
    /// Each content word as written, by the number of its stem: stemming every word of every
    /// row again would cost more than the rest of the index. The words are known by a hash
    /// keyed afresh in each run, so that no file can make two of them collide, and finding
    /// one does not read its letters (a cache miss per word, in a big import).
    stems: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    stem_hasher: RandomState,
    /// The claims, one record after the other: the claim's id (two numbers), its length as
    /// written (at most 65,535 counted) and its count of words (one number), then its words'
    /// numbers, sorted. A claim is known by where its record starts, so that reading a
    /// candidate costs one cache miss rather than two.
    records: Vec<u32>,
    claims: usize,
    /// For each band, its buckets.
    bands: Vec<Buckets>,
}

/// The numbers in front of a claim's words in its record.
const RECORD_HEAD: usize = 3;

impl Default for RepeatIndex {
    fn default() -> Self {
        RepeatIndex::with_capacity(0)
    }
}

impl RepeatIndex {
    /// An empty index.
    pub fn new() -> Self {
        RepeatIndex::default()
    }

    /// An empty index with room for about `claims` claims: tables sized once rather than
    /// grown again and again (each growth holds the old table and the new one at once).
    pub fn with_capacity(claims: usize) -> Self {
        RepeatIndex {
            numbers: HashMap::default(),
            letters: String::new(),
            ends: Vec::new(),
            hashes: Vec::new(),
            stems: HashMap::default(),
            stem_hasher: RandomState::new(),
            records: Vec::new(),
            claims: 0,
            bands: (0..BANDS).map(|_| Buckets::with_capacity(claims)).collect(),
        }
    }

    /// How many claims it holds.
    pub fn len(&self) -> usize {
        self.claims
    }

    /// Whether it holds no claim.
    pub fn is_empty(&self) -> bool {
        self.claims == 0
    }

    /// The print of a claim, `text` said by `speaker`: the words of
    /// [`Fingerprint::of`]`(text, speaker)`, each stemmed once for the whole index.
    pub fn print(&mut self, text: &str, speaker: &str) -> Print {
        let words: Vec<u32> = content_words(text, speaker)
            .into_iter()
            .map(|word| {
                let digest = self.stem_hasher.hash_one(&word);
                match self.stems.get(&digest) {
                    Some(number) => *number,
                    None => {
                        let number = self.number(stem(&word));
                        self.stems.insert(digest, number);
                        number
                    }
                }
            })
            .collect();
        self.print_from(words, text.split_whitespace().count())
    }

    /// The print of a fingerprint.
    pub fn print_of(&mut self, fingerprint: &Fingerprint) -> Print {
        let words: Vec<u32> = fingerprint
            .words
            .iter()
            .map(|word| self.number(word.clone()))
            .collect();
        self.print_from(words, fingerprint.length)
    }

    /// The print of these word numbers, sorted and each once, with its bands' hashes.
    fn print_from(&self, mut words: Vec<u32>, length: usize) -> Print {
        words.sort_unstable();
        words.dedup();
        let keys = self.band_keys(&words);
        Print {
            words,
            length,
            keys,
        }
    }

    /// A stemmed word's number, given it if it has none yet.
    fn number(&mut self, word: String) -> u32 {
        let digest = self.stem_hasher.hash_one(&word);
        if let Some(number) = self.numbers.get(&digest) {
            return *number;
        }
        let number = u32::try_from(self.ends.len()).expect("fewer than 4 billion words");
        self.hashes.push(word_hash(&word));
        self.letters.push_str(&word);
        let end = u32::try_from(self.letters.len()).expect("fewer than 4 GiB of words");
        self.ends.push(end);
        self.numbers.insert(digest, number);
        number
    }

    /// The stemmed word of a number.
    fn word(&self, number: u32) -> &str {
        let number = number as usize;
        let start = number
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        &self.letters[start..self.ends[number] as usize]
    }

    /// The fingerprint a print stands for, for the matcher to judge.
    fn fingerprint(&self, words: &[u32], length: usize) -> Fingerprint {
        Fingerprint {
            words: words
                .iter()
                .map(|number| self.word(*number).to_string())
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
        let entry = u32::try_from(self.records.len())
            .ok()
            .filter(|entry| *entry < NO_CLAIM - 1 - u32::from(words) - RECORD_HEAD as u32)
            .expect("fewer than 4 billion words in one import");
        let length = u16::try_from(print.length).unwrap_or(u16::MAX);
        // The id's two halves.
        self.records.extend([
            id.0 as u32,
            (id.0 >> 32) as u32,
            u32::from(length) | (u32::from(words) << 16),
        ]);
        self.records.extend(&print.words);
        self.claims += 1;
        touch_slots(&self.bands, &print.keys);
        for (buckets, key) in self.bands.iter_mut().zip(print.keys) {
            buckets.insert(key, entry);
        }
    }

    /// The claims that share a band with `print`: the only ones it is compared with.
    pub fn candidates(&self, print: &Print) -> Vec<ClaimId> {
        self.candidate_entries(print)
            .into_iter()
            .map(|entry| self.record(entry).0)
            .collect()
    }

    /// The claim that `print` most likely repeats, by the matcher's closeness (the most
    /// similar, then the first logged), with its similarity.
    pub fn likely_repeat(&self, print: &Print) -> Option<(ClaimId, f64)> {
        if !could_be_likely(print) {
            return None;
        }
        let mut mine: Option<Fingerprint> = None;
        let mut best: Option<(ClaimId, f64)> = None;
        let entries = self.candidate_entries(print);
        // Each record read once first: these loads wait on nothing, so the memory fetches them
        // all at once, and the loop below finds them in the cache.
        let heads = entries
            .iter()
            .fold(0, |all, entry| all ^ self.records[*entry as usize]);
        std::hint::black_box(heads);
        for entry in entries {
            let (id, length, words) = self.record(entry);
            // The Dice coefficient on the words' numbers first, which is cheap: it is the
            // matcher's similarity, and below `LIKELY` no pair is likely whatever else holds.
            // Sets too different in size cannot reach it at all.
            let count = words.len();
            let total = (print.words.len() + count) as f64;
            if 2.0 * (print.words.len().min(count) as f64) < LIKELY * total {
                continue;
            }
            let dice = 2.0 * shared_count(&print.words, words) as f64 / total;
            if dice < LIKELY {
                continue;
            }
            let mine = mine.get_or_insert_with(|| self.fingerprint(&print.words, print.length));
            let other = self.fingerprint(words, length);
            let (closeness, similarity) = mine.closeness(&other);
            if closeness != Closeness::Likely {
                continue;
            }
            let better = match best {
                None => true,
                Some((best_id, best_similarity)) => {
                    similarity > best_similarity || (similarity == best_similarity && id < best_id)
                }
            };
            if better {
                best = Some((id, similarity));
            }
        }
        best
    }

    /// The claims in the buckets of `print`'s bands, by their place in the index, each once.
    fn candidate_entries(&self, print: &Print) -> Vec<u32> {
        let mut found = Vec::new();
        if print.words.is_empty() {
            return found;
        }
        touch_slots(&self.bands, &print.keys);
        for (buckets, key) in self.bands.iter().zip(print.keys) {
            buckets.find(key, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The claim whose record starts at `entry`: its id, its length as written and its
    /// words' numbers, sorted.
    fn record(&self, entry: u32) -> (ClaimId, usize, &[u32]) {
        let start = entry as usize;
        let head = &self.records[start..start + RECORD_HEAD];
        let id = i64::from(head[0]) | (i64::from(head[1]) << 32);
        let words = (head[2] >> 16) as usize;
        let words_start = start + RECORD_HEAD;
        (
            ClaimId(id),
            (head[2] & 0xffff) as usize,
            &self.records[words_start..words_start + words],
        )
    }

    /// The hash of each band of the MinHash signature of these words.
    fn band_keys(&self, words: &[u32]) -> [u32; BANDS] {
        let mut signature = [u64::MAX; BANDS * ROWS];
        for word in words {
            let base = self.hashes[*word as usize];
            for (least, seed) in signature.iter_mut().zip(SEEDS) {
                *least = (*least).min(mix(base ^ seed));
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
        let bands: usize = self.bands.iter().map(Buckets::heap_bytes).sum();
        self.letters.capacity()
            + self.ends.capacity() * 4
            + (self.numbers.capacity() + self.stems.capacity()) * 17
            + self.hashes.capacity() * 8
            + self.records.capacity() * 4
            + bands
    }
}

/// No claim: the place in the index that an empty slot holds.
const NO_CLAIM: u32 = u32::MAX;
/// An empty slot: no band hash and [`NO_CLAIM`].
const EMPTY: u64 = u64::MAX;
/// How full a band's table may get, in tenths, before it grows: linear probing stays short
/// below that.
const MOST_FILLED_TENTHS: usize = 8;

/// One band's buckets: each claim's band hash and place in the index, in one table of linear
/// probing. A bucket's claims sit side by side and are read from one or two cache lines, where
/// a chain of them would cost a cache miss each; at a million claims, those misses are most of
/// what the index costs.
struct Buckets {
    /// Each slot the band's hash in the high half and the claim's place in the low, or
    /// [`EMPTY`].
    slots: Vec<u64>,
    filled: usize,
}

impl Buckets {
    /// A table for about `claims` claims, filled to about three quarters when they are in.
    fn with_capacity(claims: usize) -> Self {
        Buckets {
            slots: vec![EMPTY; (claims * 4 / 3).max(16)],
            filled: 0,
        }
    }

    /// The slot where a bucket starts: the hash, itself uniform, scaled to the table's size.
    fn first_slot(&self, key: u32) -> usize {
        ((u64::from(key) * self.slots.len() as u64) >> 32) as usize
    }

    /// Adds the claim at `entry` to the bucket of `key`, unless that bucket is full.
    fn insert(&mut self, key: u32, entry: u32) {
        if (self.filled + 1) * 10 > self.slots.len() * MOST_FILLED_TENTHS {
            self.grow();
        }
        let mut slot = self.first_slot(key);
        let mut same = 0;
        loop {
            let value = self.slots[slot];
            if value == EMPTY {
                self.slots[slot] = (u64::from(key) << 32) | u64::from(entry);
                self.filled += 1;
                return;
            }
            if (value >> 32) as u32 == key {
                same += 1;
                if same == BUCKET_CAP {
                    return;
                }
            }
            slot = if slot + 1 == self.slots.len() {
                0
            } else {
                slot + 1
            };
        }
    }

    /// Adds the claims in the bucket of `key` to `found`.
    fn find(&self, key: u32, found: &mut Vec<u32>) {
        let mut slot = self.first_slot(key);
        loop {
            let value = self.slots[slot];
            if value == EMPTY {
                return;
            }
            if (value >> 32) as u32 == key {
                found.push(value as u32);
            }
            slot = if slot + 1 == self.slots.len() {
                0
            } else {
                slot + 1
            };
        }
    }

    /// Makes the table half as large again, every claim in it moved to its place in the new
    /// one (by half, not twice: a table of a million claims is then filled to two thirds on
    /// average, not to a half).
    fn grow(&mut self) {
        let larger = vec![EMPTY; self.slots.len() * 3 / 2];
        let old = std::mem::replace(&mut self.slots, larger);
        self.filled = 0;
        for value in old.into_iter().filter(|value| *value != EMPTY) {
            self.insert((value >> 32) as u32, value as u32);
        }
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 8
    }
}

/// Reads the first slot of each band's bucket, before the buckets are looked through: these
/// loads wait on nothing, so the memory fetches them all at once rather than one after the
/// other.
fn touch_slots(bands: &[Buckets], keys: &[u32; BANDS]) {
    let first = bands.iter().zip(keys).fold(0, |all, (buckets, key)| {
        all ^ buckets.slots[buckets.first_slot(*key)]
    });
    std::hint::black_box(first);
}

/// A hasher for keys that are hashes already: the stems' digests are used as they are.
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
        assert_eq!(index.len(), BUCKET_CAP * 3);
        let same = index.print(ORIGINAL, "");
        assert_eq!(index.candidates(&same).len(), BUCKET_CAP);
        assert_eq!(repeat_of(&mut index, ORIGINAL, ""), Some(ClaimId(0)));
    }

    /// Tables that start small and grow many times keep every claim where its bucket finds
    /// it, and so does a table sized for them at the start.
    #[test]
    fn growing_tables_lose_no_claim() {
        // Words of its own in every claim, so that no bucket fills.
        let text = |n: usize| {
            (0..9)
                .map(|i| format!("w{n}x{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for mut index in [RepeatIndex::new(), RepeatIndex::with_capacity(5_000)] {
            for n in 0..5_000 {
                add(&mut index, n as i64, &text(n), "");
            }
            assert_eq!(index.len(), 5_000);
            for n in (0..5_000).step_by(7) {
                assert_eq!(repeat_of(&mut index, &text(n), ""), Some(ClaimId(n as i64)));
            }
        }
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
    /// banding's arithmetic says (about 1.6%), and it falls quickly above the threshold.
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
