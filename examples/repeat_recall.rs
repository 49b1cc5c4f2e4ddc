//! How many of the likely repeats in a real file the import's search finds: each row is
//! compared with every earlier row by the matcher itself (the slow, exact way), and the rows
//! are given to a [`RepeatSearch`] (the import's way). Reads LIAR's tab-separated
//! files (statement in the third column, speaker in the fifth):
//!
//! ```text
//! cargo run --release --example repeat_recall -- liar/train.tsv liar/valid.tsv
//! ```

use std::collections::HashSet;

use claims::matching::lsh::Printer;
use claims::matching::repeat_search::RepeatSearch;
use claims::matching::{Closeness, Fingerprint};
use claims::model::ClaimId;

fn main() -> std::io::Result<()> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for path in std::env::args().skip(1) {
        for line in std::fs::read_to_string(&path)?.lines() {
            let columns: Vec<&str> = line.split('\t').collect();
            if let (Some(text), Some(speaker)) = (columns.get(2), columns.get(4)) {
                rows.push((text.to_string(), speaker.replace('-', " ")));
            }
        }
    }
    let fingerprints: Vec<Fingerprint> = rows
        .iter()
        .map(|(text, speaker)| Fingerprint::of(text, speaker))
        .collect();
    let mut printer = Printer::default();
    let mut search = RepeatSearch::new()?;
    let mut repeats = HashSet::new();
    for (row, (text, speaker)) in rows.iter().enumerate() {
        let exact = fingerprints[..row]
            .iter()
            .any(|earlier| fingerprints[row].closeness(earlier).0 == Closeness::Likely);
        if exact {
            repeats.insert(row as i64);
        }
        let print = printer.print(text, speaker);
        search.add(ClaimId(row as i64), 0, &print, true)?;
    }
    let by_search: HashSet<i64> = search
        .finish(usize::MAX)?
        .first
        .iter()
        .map(|found| found.row.0)
        .collect();
    let found = by_search.intersection(&repeats).count();
    let wrong = by_search.difference(&repeats).count();
    println!(
        "{} rows; {} likely repeat an earlier row (the matcher, every pair); the search finds \
         {found} of them, and {wrong} the matcher would not call likely",
        rows.len(),
        repeats.len()
    );
    Ok(())
}
