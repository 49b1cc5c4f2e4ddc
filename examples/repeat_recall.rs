//! How many of the likely repeats in a real file the import's index finds: each row is
//! compared with every earlier row by the matcher itself (the slow, exact way), and asked of
//! a [`RepeatIndex`] of the earlier rows (the import's way). Reads LIAR's tab-separated
//! files (statement in the third column, speaker in the fifth):
//!
//! ```text
//! cargo run --release --example repeat_recall -- liar/train.tsv liar/valid.tsv
//! ```

use claims::matching::lsh::RepeatIndex;
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
    let mut index = RepeatIndex::new();
    let (mut repeats, mut found, mut wrong) = (0, 0, 0);
    for (row, (text, speaker)) in rows.iter().enumerate() {
        let exact = fingerprints[..row]
            .iter()
            .any(|earlier| fingerprints[row].closeness(earlier).0 == Closeness::Likely);
        let print = index.print(text, speaker);
        let by_index = index.likely_repeat(&print).is_some();
        index.insert(ClaimId(row as i64), &print);
        repeats += u32::from(exact);
        found += u32::from(exact && by_index);
        wrong += u32::from(by_index && !exact);
    }
    println!(
        "{} rows; {repeats} likely repeat an earlier row (the matcher, every pair); the index \
         finds {found} of them, and {wrong} the matcher would not call likely",
        rows.len()
    );
    Ok(())
}
