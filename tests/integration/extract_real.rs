//! `claims extract` measured on real published texts nobody on the project wrote
//! (`tests/data/extract/real/`, see its SOURCES.md): for each quotation in the gold files, is it
//! found, and is it given the speaker a careful reader would name? The dev part is what the rules
//! were tuned on; the held-out part (a third, chosen by name hash) was never looked at while tuning.
//!
//! A gold row is *found* when a candidate's text contains its fragment (both with quotation
//! marks removed, apostrophes made straight and spaces collapsed, ignoring case) and that
//! candidate is a quotation, reported speech or a transcript's turn, or carries the gold speaker.
//! Its speaker is *right* when it names the gold speaker (the same name, or the same surname
//! with no other word in conflict: "Myers" for "Richard B. Myers"), or names no one where the
//! gold says `-` (no single named speaker). Precision is over the found rows given a speaker.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::TestEnv;

/// One candidate of `--format json`: its text, kind and speaker.
struct Found {
    text: String,
    kind: String,
    speaker: Option<String>,
}

/// The counts of one part of the set.
#[derive(Default, Debug)]
struct Tally {
    texts: usize,
    quotations: usize,
    found: usize,
    named: usize,
    named_right: usize,
    right: usize,
}

impl Tally {
    fn ratio(a: usize, b: usize) -> f64 {
        a as f64 / b.max(1) as f64
    }
    fn end_to_end(&self) -> f64 {
        Self::ratio(self.right, self.quotations)
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.named_right, self.named)
    }
    fn found_rate(&self) -> f64 {
        Self::ratio(self.found, self.quotations)
    }
}

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract/real")
}

/// 64-bit FNV-1a: the split is `hash(name) % 3 == 0` → held out (SOURCES.md).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn normalised(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|ch| !matches!(ch, '"' | '“' | '”'))
        .map(|ch| {
            if matches!(ch, '’' | '‘') {
                '\''
            } else {
                ch
            }
        })
        .collect();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|word| {
            word.trim_matches(|ch: char| ch == '.' || ch == ',')
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether a named speaker is the gold one: the same words, or one name's words all in the
/// other's with the same last word ("Myers" / "Richard B. Myers").
fn same_speaker(named: &str, gold: &str) -> bool {
    let (named, gold) = (name_words(named), name_words(gold));
    if named.is_empty() || gold.is_empty() {
        return false;
    }
    let within = |a: &[String], b: &[String]| a.iter().all(|word| b.contains(word));
    named.last() == gold.last() && (within(&named, &gold) || within(&gold, &named))
}

fn extracted(env: &TestEnv, text: &Path) -> Vec<Found> {
    let stdout = env.ok(&[
        "extract",
        text.to_str().expect("a UTF-8 path"),
        "--min-score",
        "0",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&stdout).expect("extract writes JSON");
    json.as_array()
        .expect("a JSON array")
        .iter()
        .map(|c| Found {
            text: normalised(c["text"].as_str().unwrap_or("")),
            kind: c["kind"].as_str().unwrap_or("").to_string(),
            speaker: c["speaker"].as_str().map(str::to_string),
        })
        .collect()
}

/// Scores one text against its gold file, printing the misses when `show` (only for the dev
/// part: the held-out part's misses are not to be looked at while tuning).
fn score(found: &[Found], gold: &str, name: &str, tally: &mut Tally, show: bool) {
    tally.texts += 1;
    for line in gold.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let (fragment, speaker) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{name}: a gold row needs a tab: {line:?}"));
        let gold_speaker = (speaker != "-").then_some(speaker);
        tally.quotations += 1;
        let fragment = normalised(fragment);
        let speaks = |c: &Found| match (&c.speaker, gold_speaker) {
            (Some(named), Some(gold)) => same_speaker(named, gold),
            (None, None) => true,
            _ => false,
        };
        let containing: Vec<&Found> = found
            .iter()
            .filter(|c| c.text.contains(&fragment))
            .collect();
        // The quotation as a quotation first; the shortest, as the most specific.
        let best = containing
            .iter()
            .filter(|c| c.kind != "statement")
            .min_by_key(|c| c.text.len())
            .or_else(|| {
                containing
                    .iter()
                    .filter(|c| c.speaker.is_some() && speaks(c))
                    .min_by_key(|c| c.text.len())
            });
        let Some(best) = best else {
            if show {
                println!("  {name}: not found: {fragment:?} ({speaker})");
            }
            continue;
        };
        tally.found += 1;
        let right = speaks(best);
        if best.speaker.is_some() {
            tally.named += 1;
            tally.named_right += usize::from(right);
        }
        tally.right += usize::from(right);
        if !right && show {
            println!(
                "  {name}: {fragment:?}: gave {:?}, gold {speaker}",
                best.speaker
            );
        }
    }
}

#[test]
fn real_news_quotations_are_found_and_attributed() {
    let env = TestEnv::new();
    let mut names: Vec<String> = std::fs::read_dir(real_dir())
        .expect("tests/data/extract/real exists")
        .map(|entry| entry.expect("a directory entry").file_name())
        .filter_map(|name| name.to_str()?.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    let (mut dev, mut held_out) = (Tally::default(), Tally::default());
    for name in &names {
        let text = real_dir().join(format!("{name}.txt"));
        let gold = std::fs::read_to_string(real_dir().join(format!("{name}.gold.tsv")))
            .unwrap_or_else(|err| panic!("{name}.gold.tsv: {err}"));
        let held = fnv1a(name).is_multiple_of(3);
        let part = if held { &mut held_out } else { &mut dev };
        score(&extracted(&env, &text), &gold, name, part, !held);
    }
    for (label, tally) in [("dev", &dev), ("held-out", &held_out)] {
        println!(
            "{label}: {} texts, {} quotations: end to end {:.2}, speaker precision {:.2}, \
             found {:.2}",
            tally.texts,
            tally.quotations,
            tally.end_to_end(),
            tally.precision(),
            tally.found_rate()
        );
    }
    // Issue 13's size: at least 30 articles and 300 quotations, a third of them held out.
    assert!(
        dev.texts + held_out.texts >= 30 && dev.quotations + held_out.quotations >= 300,
        "{dev:?} {held_out:?}"
    );
    assert!(
        held_out.quotations * 4 >= dev.quotations + held_out.quotations,
        "{dev:?} {held_out:?}"
    );
    // Issue 13's targets, on the part tuned on and on the part never looked at.
    for (label, tally) in [("dev", &dev), ("held-out", &held_out)] {
        assert!(tally.end_to_end() >= 0.75, "{label} end to end: {tally:?}");
        assert!(tally.precision() >= 0.90, "{label} precision: {tally:?}");
        assert!(tally.found_rate() >= 0.85, "{label} found: {tally:?}");
    }
}

#[test]
fn the_split_is_the_one_sources_md_describes() {
    // A third held out by name hash, fixed before tuning: a renamed file moves, so pin two.
    assert!(fnv1a("voa-2007-06-04-jeffrey-iran").is_multiple_of(3));
    assert!(!fnv1a("afps-2003-03-24-myers-troops").is_multiple_of(3));
}
