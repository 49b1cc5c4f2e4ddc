//! Realistic claims, deterministic from a seed: text lengths follow LIAR's statements, speakers
//! are Zipf-distributed (a few say a lot), dates span fifteen years, most claims are unverified,
//! and each has 0–3 tags and 0–4 sources.
//!
//! The random numbers come from SplitMix64, written out here: a crate's generator may change
//! its output between versions, and a benchmark must measure the same data every time.

use chrono::{Days, NaiveDate};

/// How many statements of LIAR (train and valid, 11,553 in all) have each number of words: the
/// distribution the generated texts follow.
const LIAR_WORD_COUNTS: [(u32, u32); 58] = [
    (2, 8),
    (3, 21),
    (4, 41),
    (5, 77),
    (6, 149),
    (7, 224),
    (8, 324),
    (9, 422),
    (10, 541),
    (11, 618),
    (12, 632),
    (13, 738),
    (14, 657),
    (15, 618),
    (16, 628),
    (17, 596),
    (18, 570),
    (19, 497),
    (20, 492),
    (21, 456),
    (22, 418),
    (23, 377),
    (24, 328),
    (25, 315),
    (26, 258),
    (27, 216),
    (28, 198),
    (29, 174),
    (30, 129),
    (31, 129),
    (32, 124),
    (33, 114),
    (34, 80),
    (35, 71),
    (36, 55),
    (37, 48),
    (38, 42),
    (39, 31),
    (40, 19),
    (41, 25),
    (42, 19),
    (43, 10),
    (44, 10),
    (45, 7),
    (46, 12),
    (47, 3),
    (48, 7),
    (49, 3),
    (50, 3),
    (51, 1),
    (52, 2),
    (53, 6),
    (54, 1),
    (55, 2),
    (57, 2),
    (60, 2),
    (61, 1),
    (66, 2),
];

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "has",
    "have",
    "more",
    "than",
    "percent",
    "million",
    "billion",
    "jobs",
    "taxes",
    "tax",
    "state",
    "federal",
    "government",
    "people",
    "year",
    "years",
    "since",
    "under",
    "over",
    "says",
    "voted",
    "against",
    "support",
    "health",
    "care",
    "insurance",
    "workers",
    "wages",
    "border",
    "migration",
    "immigrants",
    "crime",
    "rate",
    "fallen",
    "risen",
    "doubled",
    "highest",
    "lowest",
    "ever",
    "history",
    "country",
    "america",
    "mexico",
    "cooperation",
    "security",
    "cartels",
    "fentanyl",
    "trade",
    "tariffs",
    "economy",
    "deficit",
    "debt",
    "spending",
    "budget",
    "schools",
    "teachers",
    "students",
    "college",
    "tuition",
    "energy",
    "oil",
    "gas",
    "prices",
    "inflation",
    "housing",
    "veterans",
    "military",
    "troops",
    "police",
    "guns",
    "violence",
    "murders",
    "arrests",
    "deportations",
    "asylum",
    "election",
    "votes",
    "ballots",
    "fraud",
    "president",
    "governor",
    "senator",
    "congress",
    "democrats",
    "republicans",
    "administration",
    "plan",
    "bill",
    "law",
    "every",
    "single",
    "nearly",
    "almost",
    "about",
    "only",
    "all",
    "most",
    "half",
    "one",
    "two",
    "three",
    "ten",
    "hundred",
    "thousand",
    "times",
    "last",
    "first",
    "dramatically",
    "closest",
    "record",
    "average",
    "families",
    "children",
    "women",
    "seniors",
    "medicare",
    "social",
    "pension",
    "unemployment",
    "growth",
    "manufacturing",
    "farmers",
    "water",
    "climate",
    "emissions",
    "coal",
    "wind",
    "solar",
    "abortion",
    "marriage",
    "court",
    "judges",
    "prison",
];

const FIRST_NAMES: [&str; 50] = [
    "Marco",
    "Donald",
    "Claudia",
    "Barack",
    "Hillary",
    "Joe",
    "Kamala",
    "Nancy",
    "Mitch",
    "Ted",
    "Bernie",
    "Elizabeth",
    "Rick",
    "Greg",
    "Ron",
    "Gavin",
    "Andrew",
    "Kathy",
    "Maria",
    "Juan",
    "Ana",
    "Luis",
    "Sofia",
    "Pedro",
    "Lucia",
    "John",
    "Mary",
    "James",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Susan",
    "William",
    "Karen",
    "Richard",
    "Lisa",
    "Thomas",
    "Sarah",
    "Charles",
    "Betty",
    "Daniel",
    "Helen",
    "Paul",
    "Sandra",
    "Mark",
    "Ruth",
    "Steven",
];

const LAST_NAMES: [&str; 40] = [
    "Rubio",
    "Trump",
    "Sheinbaum",
    "Obama",
    "Clinton",
    "Biden",
    "Harris",
    "Pelosi",
    "McConnell",
    "Cruz",
    "Sanders",
    "Warren",
    "Perry",
    "Abbott",
    "DeSantis",
    "Newsom",
    "Cuomo",
    "Hochul",
    "Lopez",
    "Garcia",
    "Martinez",
    "Hernandez",
    "Gonzalez",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "White",
    "Clark",
    "Martin",
    "Thompson",
];

const CONTEXTS: [&str; 8] = [
    "a press conference",
    "a campaign rally",
    "a television interview",
    "a floor speech",
    "a social media post",
    "a debate",
    "a news release",
    "a radio interview",
];

/// The statuses of the default scale and how often each occurs: most claims are never checked.
const STATUS_MIX: [(&str, u32); 9] = [
    ("unverified", 55),
    ("in-progress", 10),
    ("true", 5),
    ("mostly-true", 6),
    ("half-true", 7),
    ("mostly-false", 6),
    ("false", 7),
    ("misleading", 3),
    ("unproven", 1),
];

/// How many distinct words the texts use: the common words of political claims first, then
/// made-up words for the long tail that real language has (a search for two ordinary words
/// finds hundreds of claims among a million, not tens of thousands).
const VOCABULARY: usize = 20_000;

/// The vocabulary: `WORDS`, then pronounceable made-up words ("bakelo"), distinct.
fn vocabulary() -> Vec<String> {
    const SYLLABLES: [&str; 50] = [
        "ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "ka", "ke", "ki", "ko", "ku",
        "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ne", "ni", "no", "nu",
        "pa", "pe", "pi", "po", "pu", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "su",
        "ta", "te", "ti", "to", "tu",
    ];
    let made_up = (0..).map(|i: usize| {
        [i % 50, (i / 50) % 50, (i / 2500) % 50]
            .map(|s| SYLLABLES[s])
            .concat()
    });
    WORDS
        .iter()
        .map(|word| word.to_string())
        .chain(made_up)
        .take(VOCABULARY)
        .collect()
}

/// How many speakers the data has.
pub const SPEAKERS: usize = 50_000;
/// How many distinct tags.
const TAGS: usize = 200;
/// Zipf's exponent for speakers and tags: the top speaker says about a tenth of everything.
const ZIPF_EXPONENT: f64 = 1.07;

/// SplitMix64: small, fast, and the same numbers on every machine and in every version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Picks from weighted choices by a cumulative table.
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let mut cumulative: Vec<f64> = weights
            .into_iter()
            .map(|weight| {
                total += weight;
                total
            })
            .collect();
        for value in &mut cumulative {
            *value /= total;
        }
        Weighted { cumulative }
    }

    fn zipf(n: usize) -> Self {
        Weighted::new((1..=n).map(|rank| (rank as f64).powf(-ZIPF_EXPONENT)))
    }

    /// The index of a choice.
    fn pick(&self, rng: &mut SplitMix64) -> usize {
        let target = rng.unit();
        self.cumulative
            .partition_point(|value| *value <= target)
            .min(self.cumulative.len() - 1)
    }
}

/// One generated claim.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedClaim {
    pub text: String,
    pub speaker: String,
    pub said_on: NaiveDate,
    pub status: &'static str,
    pub context: Option<&'static str>,
    pub tags: Vec<String>,
    /// How many sources to attach.
    pub evidence: u32,
}

/// Generates claims one after another; the same seed gives the same claims.
pub struct Generator {
    rng: SplitMix64,
    lengths: Weighted,
    /// The vocabulary, most frequent first, and its Zipf weights.
    vocabulary: Vec<String>,
    words: Weighted,
    speakers: Weighted,
    tags: Weighted,
    statuses: Weighted,
    claims: u64,
}

impl Generator {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Self {
        Generator {
            rng: SplitMix64(seed),
            lengths: Weighted::new(LIAR_WORD_COUNTS.iter().map(|(_, n)| f64::from(*n))),
            vocabulary: vocabulary(),
            words: Weighted::zipf(VOCABULARY),
            speakers: Weighted::zipf(SPEAKERS),
            tags: Weighted::zipf(TAGS),
            statuses: Weighted::new(STATUS_MIX.iter().map(|(_, n)| f64::from(*n))),
            claims: 0,
        }
    }

    /// The next claim.
    pub fn next_claim(&mut self) -> GeneratedClaim {
        self.claims += 1;
        let rng = &mut self.rng;
        let words = LIAR_WORD_COUNTS[self.lengths.pick(rng)].0;
        let mut text = String::with_capacity(words as usize * 7);
        for index in 0..words {
            if index > 0 {
                text.push(' ');
            }
            text.push_str(&self.vocabulary[self.words.pick(rng)]);
        }
        // A serial number keeps texts apart: real claims rarely repeat word for word.
        text.push_str(&format!(" ({}).", self.claims));
        let first = text.get(..1).map(str::to_uppercase).unwrap_or_default();
        text.replace_range(..1, &first);
        let speaker = speaker_name(self.speakers.pick(rng));
        let start = NaiveDate::from_ymd_opt(2011, 1, 1).expect("a valid date");
        let said_on = start
            .checked_add_days(Days::new(rng.below(15 * 365 + 3)))
            .expect("within the calendar");
        let status = STATUS_MIX[self.statuses.pick(rng)].0;
        let context = (rng.below(2) == 0).then(|| CONTEXTS[rng.below(8) as usize]);
        let tag_count = [0, 1, 1, 1, 2, 2, 2, 2, 3, 3][rng.below(10) as usize];
        let mut tags: Vec<String> = (0..tag_count)
            .map(|_| format!("topic-{}", self.tags.pick(rng) + 1))
            .collect();
        tags.sort();
        tags.dedup();
        let checked = !matches!(status, "unverified" | "in-progress");
        let evidence = if checked {
            1 + rng.below(4) as u32
        } else {
            [0, 0, 0, 1, 1, 2][rng.below(6) as usize]
        };
        GeneratedClaim {
            text,
            speaker,
            said_on,
            status,
            context,
            tags,
            evidence,
        }
    }
}

/// The name of speaker number `index` (0 is the one who speaks most): a first name, an initial
/// and a last name, distinct for every index below 52,000.
pub fn speaker_name(index: usize) -> String {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let initial = char::from(b'A' + ((index / FIRST_NAMES.len()) % 26) as u8);
    let last = LAST_NAMES[(index / (FIRST_NAMES.len() * 26)) % LAST_NAMES.len()];
    format!("{first} {initial}. {last}")
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn sample(n: usize) -> Vec<GeneratedClaim> {
        let mut generator = Generator::new(42);
        (0..n).map(|_| generator.next_claim()).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_claims_and_another_seed_others() {
        let mut a = Generator::new(7);
        let mut b = Generator::new(7);
        let mut c = Generator::new(8);
        for _ in 0..1000 {
            let claim = a.next_claim();
            assert_eq!(claim, b.next_claim());
            assert_ne!(claim.text, c.next_claim().text);
        }
        // Pinned: a change to the generator changes what the benchmark measures.
        let first = Generator::new(1).next_claim();
        assert_eq!(first.said_on.to_string(), "2011-12-28");
        assert_eq!(first.status, "unverified");
    }

    #[test]
    fn text_lengths_follow_liar() {
        let claims = sample(50_000);
        let mut words: Vec<usize> = claims
            .iter()
            .map(|c| c.text.split_whitespace().count() - 1)
            .collect();
        words.sort_unstable();
        let mean = words.iter().sum::<usize>() as f64 / words.len() as f64;
        assert!((mean - 17.9).abs() < 0.3, "mean {mean}");
        assert_eq!(words[words.len() / 2], 17, "median");
        assert!(words[words.len() * 99 / 100] >= 38, "a long tail");
    }

    #[test]
    fn a_few_speakers_say_a_lot_and_most_statuses_are_open() {
        let claims = sample(100_000);
        let mut by_speaker: HashMap<&str, usize> = HashMap::new();
        for claim in &claims {
            *by_speaker.entry(&claim.speaker).or_default() += 1;
        }
        let mut counts: Vec<usize> = by_speaker.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top = counts[0] as f64 / claims.len() as f64;
        assert!((0.05..0.15).contains(&top), "the top speaker has {top}");
        assert!(by_speaker.len() > 10_000, "{} speakers", by_speaker.len());
        let open = claims
            .iter()
            .filter(|c| matches!(c.status, "unverified" | "in-progress"))
            .count() as f64
            / claims.len() as f64;
        assert!((0.6..0.7).contains(&open), "{open}");
        assert!(claims.iter().all(|c| c.tags.len() <= 3 && c.evidence <= 4));
        let years: HashSet<i32> = claims
            .iter()
            .map(|c| chrono::Datelike::year(&c.said_on))
            .collect();
        assert_eq!(years.len(), 15);
    }

    #[test]
    fn the_vocabulary_is_distinct_with_a_long_tail() {
        let words = vocabulary();
        let distinct: HashSet<&String> = words.iter().collect();
        assert_eq!(distinct.len(), VOCABULARY);
        let claims = sample(20_000);
        let used: HashSet<&str> = claims
            .iter()
            .flat_map(|c| c.text.split_whitespace())
            .collect();
        assert!(used.len() > 5_000, "{} words used", used.len());
    }

    #[test]
    fn speaker_names_are_distinct() {
        let names: HashSet<String> = (0..SPEAKERS).map(speaker_name).collect();
        assert_eq!(names.len(), SPEAKERS);
    }
}
