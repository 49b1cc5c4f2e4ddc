//! The search of a large import for likely repeats, in a memory that stays the same whatever
//! the number of claims: what grows with them goes to temporary files, and is read back in
//! order.
//!
//! As the claims come (the database's first, then the file's rows in order), each one's print
//! is written to a file, and an entry for each of its bands (the band, its key, the claim's
//! place in the order) is gathered to be sorted ([`SortedRuns`]). Once every claim is in:
//!
//! 1. The entries are read back sorted, so the claims that share a band's key come together in
//!    the order they came: a bucket. A row is a candidate repeat of the first
//!    [`BUCKET_CAP`] claims of each of its buckets that came before it, which is what an index
//!    built as the rows arrive would give it. A key shared by very many claims would make the
//!    comparisons quadratic; beyond the first few, claims are found through their other bands.
//! 2. The pairs of candidates are sorted by the blocks of the prints file that hold them, and
//!    each pair is judged by the matcher's rule ([`likely_similarity`]) with both blocks in
//!    memory: each block is read once for each later block it has candidates in, never once
//!    per pair.
//!
//! What a row repeats is the most similar of its candidates the matcher calls likely, then
//! the first logged, as `claims add` would name it. The rows found come out in the order they
//! came.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::lsh::{Print, Words, likely_similarity};
use super::sorted_runs::{SortedRuns, read_numbers};
use crate::model::ClaimId;

/// The most claims of one bucket a later claim is compared with.
pub const BUCKET_CAP: usize = 4;

/// How much of each thing the search holds in memory at a time.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Band entries sorted at a time.
    pub band_buffer: usize,
    /// Pairs of candidates sorted at a time.
    pub pair_buffer: usize,
    /// The most numbers (of 8 bytes) a block of the prints file holds; two are in memory at
    /// once while pairs are judged.
    pub block_numbers: u64,
    /// The most blocks (at most 4,096, what a pair can number).
    pub most_blocks: usize,
}

impl Default for Sizes {
    /// 1 MiB of band entries while the rows come, then 2 MiB of pairs and two blocks of 2 MiB:
    /// what a million-row import leaves free under its 64 MiB.
    fn default() -> Self {
        Sizes {
            band_buffer: 1 << 17,
            pair_buffer: 1 << 18,
            block_numbers: 1 << 18,
            most_blocks: 1 << BLOCK_BITS,
        }
    }
}
/// The numbers in front of a print's words in its record: the claim's id, the caller's place
/// for it, its length as written and its count of words.
const RECORD_HEAD: usize = 3;

/// Bits of a band entry: the band and its key, the claim's place in the order, and whether
/// it is a row to compare (rather than a claim logged before, only compared with).
const SEQ_BITS: u32 = 27;
/// Bits of a pair: the later claim's block and the earlier one's, then each one's place in its
/// block.
const BLOCK_BITS: u32 = 12;
const IN_BLOCK_BITS: u32 = 20;

/// A row found to repeat a claim likely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The row's claim, and where the caller said the row was.
    pub row: ClaimId,
    pub place: u64,
    /// The claim it repeats.
    pub of: ClaimId,
}

/// What the search found: how many rows repeat a claim likely, the first few of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LikelyRepeats {
    pub count: u64,
    pub first: Vec<Found>,
    /// Rows not searched: past what the search can number ([`RepeatSearch::add`]).
    pub left_out: u64,
}

/// Where a block of the prints file starts: its first claim's place in the order, and its
/// first number in the file.
#[derive(Debug, Clone, Copy)]
struct Block {
    first: u32,
    start: u64,
}

/// The claims of an import, gathered to be searched.
pub struct RepeatSearch {
    prints: BufWriter<File>,
    /// How many numbers the prints file holds.
    written: u64,
    blocks: Vec<Block>,
    /// How many claims are in.
    claims: u32,
    bands: SortedRuns,
    sizes: Sizes,
    left_out: u64,
    /// Set when what is found is no longer wanted: the search then stops.
    stop: Arc<AtomicBool>,
}

impl RepeatSearch {
    /// An empty search, its prints in a temporary file (deleted when it is done).
    pub fn new() -> io::Result<RepeatSearch> {
        RepeatSearch::with_sizes(Sizes::default())
    }

    /// An empty search that holds these sizes in memory.
    pub fn with_sizes(sizes: Sizes) -> io::Result<RepeatSearch> {
        // A block must hold the largest record taken, and no more records than a pair can
        // number.
        let block_numbers = sizes.block_numbers.clamp(1 << 10, 1 << IN_BLOCK_BITS);
        Ok(RepeatSearch {
            prints: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            written: 0,
            blocks: Vec::new(),
            claims: 0,
            bands: SortedRuns::new(sizes.band_buffer),
            sizes: Sizes {
                block_numbers,
                most_blocks: sizes.most_blocks.min(1 << BLOCK_BITS),
                ..sizes
            },
            left_out: 0,
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The flag that stops the search once set (it then finds nothing).
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// Adds a claim: `compare` for a row of the file, which is searched among the claims added
    /// before it; a claim logged before the import is only searched among. `place` comes back
    /// with the row if it is found. Claims too short ever to be likely the same as another are
    /// left out, and so is every claim past what the search can number: the 134 millionth, or
    /// past 4,096 blocks of words (8 GiB, some 80 million claims with the default sizes).
    pub fn add(&mut self, id: ClaimId, place: u64, print: &Print, compare: bool) -> io::Result<()> {
        let size = (RECORD_HEAD + print.words.len()) as u64;
        let block_numbers = self.sizes.block_numbers;
        if !print.could_be_likely() || size > block_numbers {
            return Ok(());
        }
        if self.claims >= 1 << SEQ_BITS {
            self.left_out += u64::from(compare);
            return Ok(());
        }
        let block_full = self
            .blocks
            .last()
            .is_none_or(|block| self.written - block.start + size > block_numbers);
        if block_full {
            if self.blocks.len() == self.sizes.most_blocks {
                self.left_out += u64::from(compare);
                return Ok(());
            }
            self.blocks.push(Block {
                first: self.claims,
                start: self.written,
            });
        }
        let head = [
            id.0 as u64,
            place,
            (print.length.min(u32::MAX as usize) as u64) | ((print.words.len() as u64) << 32),
        ];
        for number in head.iter().chain(&print.words) {
            self.prints.write_all(&number.to_le_bytes())?;
        }
        self.written += size;
        let seq = u64::from(self.claims);
        for (band, key) in print.keys.iter().enumerate() {
            let bucket = ((band as u64) << 32) | u64::from(*key);
            self.bands
                .push((bucket << (SEQ_BITS + 1)) | (seq << 1) | u64::from(compare))?;
        }
        self.claims += 1;
        Ok(())
    }

    /// Searches every row added, keeping the first `keep` found.
    pub fn finish(mut self, keep: usize) -> io::Result<LikelyRepeats> {
        self.prints.flush()?;
        let file = self
            .prints
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        let blocks = self.blocks;
        let candidates = candidate_pairs(self.bands, &blocks, self.sizes.pair_buffer, &self.stop)?;
        let prints = Prints {
            file,
            blocks,
            written: self.written,
        };
        let mut found = judge_pairs(&prints, candidates, keep, &self.stop)?;
        found.left_out = self.left_out;
        Ok(found)
    }
}

/// Every row's candidates, from the band entries sorted: pairs of (later, earlier) claim,
/// sorted by their blocks.
fn candidate_pairs(
    bands: SortedRuns,
    blocks: &[Block],
    pair_buffer: usize,
    stop: &AtomicBool,
) -> io::Result<SortedRuns> {
    let mut pairs = SortedRuns::new(pair_buffer);
    let mut bucket = u64::MAX;
    let mut heads = [0u32; BUCKET_CAP];
    let mut held = 0;
    for (n, entry) in bands.into_sorted()?.enumerate() {
        let entry = entry?;
        stopped(n, stop)?;
        let seq = ((entry >> 1) & ((1 << SEQ_BITS) - 1)) as u32;
        if entry >> (SEQ_BITS + 1) != bucket {
            bucket = entry >> (SEQ_BITS + 1);
            held = 0;
        }
        if entry & 1 == 1 {
            for head in &heads[..held] {
                pairs.push(pair(blocks, seq, *head))?;
            }
        }
        if held < BUCKET_CAP {
            heads[held] = seq;
            held += 1;
        }
    }
    Ok(pairs)
}

/// How often, in entries or pairs, the search looks whether it is to stop.
const STOP_CHECKED_EVERY: usize = 1 << 16;

/// An error once the search is to stop (looked at every [`STOP_CHECKED_EVERY`]th item).
fn stopped(n: usize, stop: &AtomicBool) -> io::Result<()> {
    if n.is_multiple_of(STOP_CHECKED_EVERY) && stop.load(Ordering::Acquire) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the import stopped",
        ));
    }
    Ok(())
}

/// A block's number and a claim's place in it.
fn place_of(blocks: &[Block], seq: u32) -> (u64, u64) {
    let block = blocks.partition_point(|block| block.first <= seq) - 1;
    (block as u64, u64::from(seq - blocks[block].first))
}

/// A pair of candidates as one number, sorted by the later claim's block, then the earlier
/// one's.
fn pair(blocks: &[Block], later: u32, earlier: u32) -> u64 {
    let (later_block, later_at) = place_of(blocks, later);
    let (earlier_block, earlier_at) = place_of(blocks, earlier);
    (later_block << (BLOCK_BITS + 2 * IN_BLOCK_BITS))
        | (earlier_block << (2 * IN_BLOCK_BITS))
        | (later_at << IN_BLOCK_BITS)
        | earlier_at
}

/// The prints file, by blocks.
struct Prints {
    file: File,
    blocks: Vec<Block>,
    written: u64,
}

impl Prints {
    /// A block read whole, with where each of its records starts.
    fn block(&self, block: usize) -> io::Result<LoadedBlock> {
        let start = self.blocks[block].start;
        let end = self
            .blocks
            .get(block + 1)
            .map_or(self.written, |next| next.start);
        let mut numbers: Vec<u64> = Vec::with_capacity((end - start) as usize);
        read_numbers(&self.file, start, end - start, &mut numbers)?;
        let mut starts = Vec::new();
        let mut at = 0;
        while at < numbers.len() {
            starts.push(at as u32);
            at += RECORD_HEAD + (numbers[at + 2] >> 32) as usize;
        }
        Ok(LoadedBlock {
            number: block,
            numbers,
            starts,
        })
    }
}

/// A block of prints in memory.
struct LoadedBlock {
    number: usize,
    numbers: Vec<u64>,
    starts: Vec<u32>,
}

impl LoadedBlock {
    /// The claim at this place in the block: its id, the caller's place, its words.
    fn record(&self, at: usize) -> (ClaimId, u64, Words<'_>) {
        let start = self.starts[at] as usize;
        let head = &self.numbers[start..start + RECORD_HEAD];
        let count = (head[2] >> 32) as usize;
        let words = &self.numbers[start + RECORD_HEAD..start + RECORD_HEAD + count];
        (
            ClaimId(head[0] as i64),
            head[1],
            Words {
                words,
                length: (head[2] & u64::from(u32::MAX)) as usize,
            },
        )
    }
}

/// Judges every pair of candidates, block by block, and names each row's best.
fn judge_pairs(
    prints: &Prints,
    pairs: SortedRuns,
    keep: usize,
    stop: &AtomicBool,
) -> io::Result<LikelyRepeats> {
    let mut found = LikelyRepeats::default();
    let mut later: Option<LoadedBlock> = None;
    let mut earlier: Option<LoadedBlock> = None;
    // Each row of the later block: the claim it most likely repeats so far, and how similar.
    let mut best: Vec<Option<(ClaimId, f64)>> = Vec::new();
    let mut last = None;
    let in_block = (1u64 << IN_BLOCK_BITS) - 1;
    for (n, pair) in pairs.into_sorted()?.enumerate() {
        let pair = pair?;
        stopped(n, stop)?;
        // The same pair from several bands.
        if last == Some(pair) {
            continue;
        }
        last = Some(pair);
        let later_block = (pair >> (BLOCK_BITS + 2 * IN_BLOCK_BITS)) as usize;
        let earlier_block = ((pair >> (2 * IN_BLOCK_BITS)) & ((1 << BLOCK_BITS) - 1)) as usize;
        let (later_at, earlier_at) = (
            ((pair >> IN_BLOCK_BITS) & in_block) as usize,
            (pair & in_block) as usize,
        );
        if later
            .as_ref()
            .is_none_or(|block| block.number != later_block)
        {
            // The block done with goes before the next is read: two blocks in memory, with
            // the earlier one, never three.
            if let Some(done) = later.take() {
                name_best(&done, &best, &mut found, keep);
            }
            let block = prints.block(later_block)?;
            best = vec![None; block.starts.len()];
            later = Some(block);
        }
        let later = later.as_ref().expect("loaded");
        let theirs = if earlier_block == later_block {
            later
        } else {
            if earlier
                .as_ref()
                .is_none_or(|block| block.number != earlier_block)
            {
                // The one before is dropped first: two blocks in memory, not three.
                drop(earlier.take());
                earlier = Some(prints.block(earlier_block)?);
            }
            earlier.as_ref().expect("loaded")
        };
        let (_, _, mine) = later.record(later_at);
        let (id, _, words) = theirs.record(earlier_at);
        if let Some(similarity) = likely_similarity(mine, words) {
            let slot = &mut best[later_at];
            let better = slot.is_none_or(|(best_id, best_similarity)| {
                similarity > best_similarity || (similarity == best_similarity && id < best_id)
            });
            if better {
                *slot = Some((id, similarity));
            }
        }
    }
    if let Some(done) = &later {
        name_best(done, &best, &mut found, keep);
    }
    Ok(found)
}

/// Counts the rows of a block found to repeat a claim, keeping the first few.
fn name_best(
    block: &LoadedBlock,
    best: &[Option<(ClaimId, f64)>],
    found: &mut LikelyRepeats,
    keep: usize,
) {
    for (at, of) in best.iter().enumerate() {
        if let Some((of, _)) = of {
            found.count += 1;
            if found.first.len() < keep {
                let (row, place, _) = block.record(at);
                found.first.push(Found {
                    row,
                    place,
                    of: *of,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::lsh::{BANDS, Printer, ROWS};
    use crate::matching::{Closeness, Fingerprint, MIN_WORDS_FOR_LIKELY};

    const ORIGINAL: &str =
        "Mexico has delivered 55 cartel figures long wanted by U.S. authorities.";

    /// Sizes small enough that a few hundred claims spill runs and fill many blocks.
    const TINY: Sizes = Sizes {
        band_buffer: 100,
        pair_buffer: 50,
        block_numbers: 1 << 10,
        most_blocks: 1 << BLOCK_BITS,
    };

    /// Claims given to a search: (id, text, speaker, whether it is a row to compare).
    fn search(sizes: Sizes, claims: &[(i64, &str, &str, bool)]) -> LikelyRepeats {
        let mut printer = Printer::default();
        let mut search = RepeatSearch::with_sizes(sizes).unwrap();
        for (id, text, speaker, compare) in claims {
            let print = printer.print(text, speaker);
            search
                .add(ClaimId(*id), *id as u64 * 10, &print, *compare)
                .unwrap();
        }
        search.finish(usize::MAX).unwrap()
    }

    /// The claims each row is found to repeat: (row, of).
    fn pairs(found: &LikelyRepeats) -> Vec<(i64, i64)> {
        assert_eq!(found.count, found.first.len() as u64);
        found
            .first
            .iter()
            .map(|found| {
                assert_eq!(found.place, found.row.0 as u64 * 10, "the caller's place");
                (found.row.0, found.of.0)
            })
            .collect()
    }

    #[test]
    fn a_reworded_claim_is_found_and_another_number_is_not() {
        let found = search(
            Sizes::default(),
            &[
                (1, ORIGINAL, "Associated Press", false),
                (
                    2,
                    "Mexico has deployed 10,000 troops to its northern border this year.",
                    "Claudia Sheinbaum",
                    true,
                ),
                (
                    3,
                    "Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. \
                     authorities.",
                    "Marco Rubio",
                    true,
                ),
                (
                    4,
                    "Mexico has delivered 29 cartel figures long wanted by U.S. authorities.",
                    "Associated Press",
                    true,
                ),
            ],
        );
        assert_eq!(pairs(&found), [(3, 1)]);
    }

    #[test]
    fn short_claims_are_neither_searched_nor_searched_for() {
        let found = search(
            Sizes::default(),
            &[
                (1, "All 11 were killed.", "", false),
                (2, "All eleven were killed.", "", true),
            ],
        );
        assert_eq!(found, LikelyRepeats::default());
    }

    #[test]
    fn the_most_similar_then_the_first_logged_wins_and_logged_claims_are_not_rows() {
        let found = search(
            Sizes::default(),
            &[
                (7, ORIGINAL, "", false),
                (3, ORIGINAL, "", false),
                (
                    1,
                    "Mexico delivered 55 cartel figures long wanted by U.S. authorities, \
                     officials said.",
                    "",
                    false,
                ),
                (9, ORIGINAL, "", true),
            ],
        );
        assert_eq!(pairs(&found), [(9, 3)]);
    }

    #[test]
    fn a_crowded_bucket_compares_later_claims_with_its_first_few() {
        let claims: Vec<(i64, &str, &str, bool)> = (0..(BUCKET_CAP as i64 * 3))
            .map(|id| (id, ORIGINAL, "", true))
            .collect();
        let found = search(Sizes::default(), &claims);
        let expected: Vec<(i64, i64)> = (1..claims.len() as i64).map(|row| (row, 0)).collect();
        assert_eq!(pairs(&found), expected);
        let kept = {
            let mut printer = Printer::default();
            let mut search = RepeatSearch::new().unwrap();
            for (id, text, _, _) in &claims {
                search
                    .add(ClaimId(*id), 0, &printer.print(text, ""), true)
                    .unwrap();
            }
            search.finish(2).unwrap()
        };
        assert_eq!(kept.count, claims.len() as u64 - 1);
        assert_eq!(kept.first.len(), 2, "only the first few are named");
    }

    /// Runs spilled to disk and prints over many blocks find what one run and one block find,
    /// in the order the rows came.
    #[test]
    fn spilled_runs_and_many_blocks_find_the_same_rows_in_order() {
        let texts: Vec<String> = (0..600)
            .map(|n| {
                // Every third claim is a rewording of one 40 rows earlier.
                let base = if n % 3 == 2 && n >= 40 { n - 40 } else { n };
                let mut words: Vec<String> = (0..9).map(|i| format!("w{base}x{i}")).collect();
                if base != n {
                    words.swap(0, 8);
                    words.push("reportedly".to_string());
                }
                words.join(" ")
            })
            .collect();
        let claims: Vec<(i64, &str, &str, bool)> = texts
            .iter()
            .enumerate()
            .map(|(n, text)| (n as i64 + 1, text.as_str(), "", n >= 100))
            .collect();
        let whole = search(Sizes::default(), &claims);
        let spilled = search(TINY, &claims);
        let expected: Vec<(i64, i64)> = (100..600)
            .filter(|n| n % 3 == 2)
            .map(|n| (n as i64 + 1, n as i64 - 39))
            .collect();
        assert_eq!(pairs(&whole), expected);
        assert_eq!(pairs(&spilled), expected);
    }

    /// Past the blocks the search can number, rows are counted as left out, not searched, and
    /// the rows before are searched as ever.
    #[test]
    fn rows_past_the_searchs_room_are_counted_as_left_out() {
        let texts: Vec<String> = (0..200)
            .map(|n| {
                let base = n % 100;
                (0..9)
                    .map(|i| format!("w{base}x{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let claims: Vec<(i64, &str, &str, bool)> = texts
            .iter()
            .enumerate()
            .map(|(n, text)| (n as i64, text.as_str(), "", true))
            .collect();
        // Each claim's record is 3 + 9 numbers: 85 fit a block of 1,024.
        let found = search(
            Sizes {
                most_blocks: 2,
                ..TINY
            },
            &claims,
        );
        assert_eq!(found.left_out, 30, "claims 170 to 199");
        assert_eq!(found.count, 70, "claims 100 to 169 repeat claims 0 to 69");
        assert_eq!(search(TINY, &claims).left_out, 0);
    }

    /// A search told to stop (its import failed) does no more work and finds nothing.
    #[test]
    fn a_search_told_to_stop_stops() {
        let mut printer = Printer::default();
        let mut search = RepeatSearch::with_sizes(TINY).unwrap();
        for id in 0..50 {
            search
                .add(ClaimId(id), 0, &printer.print(ORIGINAL, ""), true)
                .unwrap();
        }
        search.stop_flag().store(true, Ordering::Release);
        let err = search.finish(10).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Interrupted);
    }

    /// The matcher's own pair set: every pair it calls likely, in either order, is found.
    #[test]
    fn every_pair_the_matcher_calls_likely_in_the_pair_set_is_found() {
        let pair_set = include_str!("../../tests/data/claim_pairs.tsv");
        let (mut likely, mut missed) = (0, Vec::new());
        for line in pair_set.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (a, b) = (
                Fingerprint::of(columns[2], columns[1]),
                Fingerprint::of(columns[4], columns[3]),
            );
            if a.closeness(&b).0 != Closeness::Likely {
                continue;
            }
            likely += 1;
            let forward = search(
                Sizes::default(),
                &[
                    (1, columns[2], columns[1], false),
                    (2, columns[4], columns[3], true),
                ],
            );
            let backward = search(
                Sizes::default(),
                &[
                    (1, columns[4], columns[3], false),
                    (2, columns[2], columns[1], true),
                ],
            );
            if pairs(&forward) != [(2, 1)] || pairs(&backward) != [(2, 1)] {
                missed.push(format!("{} | {}", columns[2], columns[4]));
            }
        }
        assert!(likely > 20, "{likely} likely pairs");
        assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    }

    /// Recall at the threshold itself, over many pairs of word sets built to sit at the lowest
    /// similarity the matcher calls likely: the miss rate is what the banding's arithmetic
    /// says (about 1.6%).
    #[test]
    fn recall_at_the_threshold_is_what_the_bands_promise() {
        let trials = 2_000;
        let mut search = RepeatSearch::with_sizes(TINY).unwrap();
        for trial in 0..trials {
            // 7 words in one claim, those and 6 more in the other: Dice 14/20 = 0.7 exactly.
            let shared: Vec<String> = (0..7).map(|i| format!("w{trial}x{i}")).collect();
            let mut more = shared.clone();
            more.extend((0..6).map(|i| format!("v{trial}y{i}")));
            let fingerprint = |words: Vec<String>| Fingerprint {
                length: words.len().max(MIN_WORDS_FOR_LIKELY),
                words: words.into_iter().collect(),
            };
            let (a, b) = (fingerprint(shared), fingerprint(more));
            assert_eq!(a.closeness(&b).0, Closeness::Likely);
            let id = 2 * trial as i64;
            search.add(ClaimId(id), 0, &Print::of(&a), false).unwrap();
            search
                .add(ClaimId(id + 1), 0, &Print::of(&b), true)
                .unwrap();
        }
        let found = search.finish(usize::MAX).unwrap();
        assert!(
            found
                .first
                .iter()
                .all(|found| found.of.0 + 1 == found.row.0)
        );
        let rate = 1.0 - found.count as f64 / trials as f64;
        let promised = (1.0 - (7.0f64 / 13.0).powi(ROWS as i32)).powi(BANDS as i32);
        println!("missed at the threshold: {rate:.4} (promised {promised:.4})");
        assert!(
            rate < 1.5 * promised + 0.005,
            "miss rate {rate}, promised {promised}"
        );
    }
}
