//! `claims extract`: claims and their speakers found in texts, measured against hand-made gold
//! files, and logged with `--add`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::TestEnv;

/// A text of tests/data/extract/ (or the AP article of ../shared/data/seed/) and its gold file.
struct Gold {
    text: PathBuf,
    gold: PathBuf,
    publisher: Option<&'static str>,
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/extract")
        .join(name)
}

/// What extraction found, as (score, speaker, text).
fn extracted(env: &TestEnv, text: &Path, publisher: Option<&str>) -> Vec<(f64, String, String)> {
    let mut args = vec![
        "extract".to_string(),
        text.to_str().unwrap().to_string(),
        "--min-score".to_string(),
        "0".to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    if let Some(publisher) = publisher {
        args.extend(["--publisher".to_string(), publisher.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json: Value = serde_json::from_str(&env.ok(&args)).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["score"].as_f64().unwrap(),
                c["speaker"].as_str().unwrap_or("").to_string(),
                c["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Counts over a gold file: (attributed right, attributed at all, gold attributions),
/// (check-worthy found, found at or above 0.5, gold check-worthy, found and check-worthy).
fn score(found: &[(f64, String, String)], gold: &Path) -> ([usize; 3], [usize; 4]) {
    let gold = std::fs::read_to_string(gold).unwrap();
    let rows: Vec<Vec<&str>> = gold
        .lines()
        .skip(1)
        .map(|line| line.split('\t').collect())
        .collect();
    let (mut right, mut attributed) = (0, 0);
    let (mut worthy_found, mut worthy) = (0, 0);
    for row in &rows {
        let (speaker, checkworthy, fragment) = (row[1], row[2] == "yes", row[3]);
        let candidate = found.iter().find(|(_, _, text)| text.contains(fragment));
        if let Some((_, who, _)) = candidate
            && !who.is_empty()
        {
            attributed += 1;
            right += usize::from(who == speaker);
        }
        if checkworthy {
            worthy += 1;
            worthy_found += usize::from(candidate.is_some_and(|(score, _, _)| *score >= 0.5));
        }
    }
    let shown: Vec<&(f64, String, String)> = found.iter().filter(|(s, _, _)| *s >= 0.5).collect();
    let shown_and_worthy = shown
        .iter()
        .filter(|(_, _, text)| {
            rows.iter()
                .any(|row| row[2] == "yes" && text.contains(row[3]))
        })
        .count();
    (
        [right, attributed, rows.len()],
        [worthy_found, shown.len(), worthy, shown_and_worthy],
    )
}

#[test]
fn gold_files_are_matched_with_known_precision_and_recall() {
    let mut golds = vec![
        Gold {
            text: data("council-hearing-transcript.txt"),
            gold: data("council-hearing-transcript.gold.tsv"),
            publisher: None,
        },
        Gold {
            text: data("water-bill-news.txt"),
            gold: data("water-bill-news.gold.tsv"),
            publisher: None,
        },
        Gold {
            text: data("transit-report-no-quotes.txt"),
            gold: data("transit-report-no-quotes.gold.tsv"),
            publisher: Some("Riverton Ledger"),
        },
    ];
    let ap = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/seed/ap-2025-09-03-rubio-mexico-security.txt");
    if ap.exists() {
        golds.push(Gold {
            text: ap,
            gold: data("ap-2025-09-03-rubio-mexico-security.gold.tsv"),
            publisher: None,
        });
    } else {
        eprintln!("the AP article of ../shared/data/seed/ is not here: scored without it");
    }
    let env = TestEnv::new();
    let (mut attribution, mut finding) = ([0; 3], [0; 4]);
    for gold in &golds {
        let found = extracted(&env, &gold.text, gold.publisher);
        let (a, f) = score(&found, &gold.gold);
        println!(
            "{}: speakers right {}/{} attributed of {} in the gold; check-worthy found {}/{}, \
             shown {} of which {} check-worthy",
            gold.text.file_name().unwrap().to_string_lossy(),
            a[0],
            a[1],
            a[2],
            f[0],
            f[2],
            f[1],
            f[3]
        );
        for i in 0..3 {
            attribution[i] += a[i];
        }
        for i in 0..4 {
            finding[i] += f[i];
        }
    }
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (precision, recall) = (
        ratio(attribution[0], attribution[1]),
        ratio(attribution[0], attribution[2]),
    );
    let (found_precision, found_recall) =
        (ratio(finding[3], finding[1]), ratio(finding[0], finding[2]));
    println!(
        "speaker attribution: precision {precision:.2}, recall {recall:.2}; claim finding \
         (score 0.5 and up): precision {found_precision:.2}, recall {found_recall:.2}"
    );
    // Attribution is rule-based and what a desk relies on when it logs: a wrong speaker is
    // worse than none, so precision must stay whole. Finding is a ranking with a threshold:
    // most check-worthy claims must be above it, and most of what is above it worth a look.
    assert!(precision >= 0.99, "attribution precision {precision:.2}");
    assert!(recall >= 0.9, "attribution recall {recall:.2}");
    assert!(found_recall >= 0.7, "finding recall {found_recall:.2}");
    assert!(
        found_precision >= 0.7,
        "finding precision {found_precision:.2}"
    );
}

#[test]
fn the_ap_article_s_required_quotes_go_to_their_speakers() {
    let ap = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/seed/ap-2025-09-03-rubio-mexico-security.txt");
    if !ap.exists() {
        eprintln!("skipped: the AP article of ../shared/data/seed/ is not here");
        return;
    }
    let env = TestEnv::new();
    let found = extracted(&env, &ap, None);
    let speaker = |fragment: &str| {
        found
            .iter()
            .find(|(_, _, text)| text.contains(fragment))
            .map(|(_, who, _)| who.as_str())
            .unwrap_or_else(|| panic!("{fragment:?} was not found"))
            .to_string()
    };
    assert_eq!(
        speaker("It’s the closest cooperation we’ve ever had"),
        "Marco Rubio"
    );
    assert_eq!(
        speaker("The president, under his authority as commander in chief"),
        "Marco Rubio"
    );
    assert_eq!(
        speaker("Under no circumstance will we accept interventions"),
        "Claudia Sheinbaum"
    );
    assert_eq!(
        speaker("We respect a lot the Mexico-United States relationship"),
        "Claudia Sheinbaum"
    );
    assert_eq!(
        speaker("It’s fundamental to show to U.S. society"),
        "Ramón de la Fuente"
    );
    assert_eq!(speaker("all 11 were killed"), "Donald Trump");
    let migration = found
        .iter()
        .find(|(_, _, text)| text.contains("has fallen dramatically"))
        .unwrap();
    assert!(
        migration.0 >= 0.5,
        "migration is check-worthy: {migration:?}"
    );
    // The role given on first mention travels with the speaker.
    let json: Value =
        serde_json::from_str(&env.ok(&["extract", ap.to_str().unwrap(), "--format", "json"]))
            .unwrap();
    let rubio = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["speaker"] == "Marco Rubio")
        .unwrap();
    assert_eq!(rubio["role"], "U.S. Secretary of State");
}

#[test]
fn the_table_ranks_and_explains() {
    let env = TestEnv::new();
    let table = env.ok(&[
        "extract",
        data("transit-report-no-quotes.txt").to_str().unwrap(),
        "--publisher",
        "Riverton Ledger",
        "--explain",
    ]);
    assert!(
        table.contains("1.00 ┆ Riverton Ledger ┆ Ridership"),
        "{table}"
    );
    assert!(table.contains("+0.30 a number or quantity"), "{table}");
    assert!(
        !table.contains("board meeting on Thursday"),
        "below 0.5: {table}"
    );
    assert!(
        table.ends_with("3 claims worth checking, most first; `--add --date DATE` logs them.\n"),
        "{table}"
    );
}

#[test]
fn hostile_texts_get_a_clear_answer() {
    let env = TestEnv::new();
    let write = |name: &str, bytes: &[u8]| {
        let path = env.dir().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    let empty = write("empty.txt", b"");
    assert_eq!(
        env.ok(&["extract", &empty]),
        "No claim scores 0.5 or more: lower --min-score to see more.\n"
    );
    let binary = write("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0xff, 0xfe]);
    let error = env.fails(&["extract", &binary]);
    assert!(
        error.contains("is not UTF-8 text (an invalid byte at offset 0)"),
        "{error}"
    );
    let long = write("long.txt", "word ".repeat(10_000_000).as_bytes());
    let error = env.fails(&["extract", &long]);
    assert!(error.contains("line 1 of"), "{error}");
    assert!(
        error.contains("break the text into lines of paragraphs"),
        "{error}"
    );
    let quotes = write(
        "quotes.txt",
        "“Crime fell 20 percent,\" the mayor said. \"Unbalanced quote runs on and on to the end.\n\
         El alcalde dijo que el crimen bajó un 20 por ciento en 2024.\n\
         “”\"\"“ ” — …\n"
            .as_bytes(),
    );
    let json: Value = serde_json::from_str(&env.ok(&[
        "extract",
        &quotes,
        "--min-score",
        "0",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|c| c["text"] == "Crime fell 20 percent"),
        "{json}"
    );
    let missing = env.dir().join("nope.txt");
    let error = env.fails(&["extract", missing.to_str().unwrap()]);
    assert!(error.contains("does not exist"), "{error}");
}

/// Inputs the fuzzer (fuzz/, target `extract`) found panicking, kept in fuzz/regressions/: each
/// now gets an answer. As in the fuzz target, a publisher comes before the first NUL byte.
#[test]
fn texts_the_fuzzer_broke_get_an_answer() {
    let env = TestEnv::new();
    let regressions = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(regressions).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.starts_with("extract-") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let all = String::from_utf8(bytes).unwrap();
        let (publisher, text) = match all.split_once('\0') {
            Some((publisher, text)) => (Some(publisher), text),
            None => (None, all.as_str()),
        };
        let input = env.dir().join(format!("{name}.txt"));
        std::fs::write(&input, text).unwrap();
        // `extracted` asserts a zero exit and parses the JSON.
        extracted(&env, &input, publisher);
        replayed += 1;
    }
    assert!(replayed >= 1, "no extract regressions in fuzz/regressions");
}

#[test]
fn add_yes_logs_each_claim_once() {
    let env = TestEnv::new();
    let text = data("water-bill-news.txt");
    let error = env.fails_untouched(&["extract", text.to_str().unwrap(), "--add", "--yes"]);
    assert!(error.contains("--add needs --date"), "{error}");
    let stdout = env.ok(&[
        "extract",
        text.to_str().unwrap(),
        "--add",
        "--yes",
        "--date",
        "2025-09-02",
        "--url",
        "https://example.org/water",
    ]);
    assert!(
        stdout.contains("Logged claim 1: Average bills rose 4 percent in 2024."),
        "{stdout}"
    );
    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    assert!(claims.len() >= 4, "{stdout}");
    let marsh = claims
        .iter()
        .find(|c| {
            c["text"]
                .as_str()
                .unwrap()
                .starts_with("Families will save")
        })
        .unwrap();
    assert_eq!(marsh["speaker"], "Helen Marsh");
    assert_eq!(marsh["speaker_role"], "Gov.");
    assert_eq!(marsh["said_on"], "2025-09-02");
    assert_eq!(marsh["source_url"], "https://example.org/water");
    assert!(
        marsh["context"]
            .as_str()
            .unwrap()
            .contains("Marsh said at a news conference")
    );
    // Nothing is logged twice.
    let again = env.ok(&[
        "extract",
        text.to_str().unwrap(),
        "--add",
        "--yes",
        "--date",
        "2025-09-02",
    ]);
    assert!(again.contains("Logged 0, skipped"), "{again}");
    assert!(again.contains("Already logged as claim"), "{again}");
    assert_eq!(env.export_json().as_array().unwrap().len(), claims.len());
    // The table says which claims are logged already.
    let table = env.ok(&["extract", text.to_str().unwrap()]);
    assert!(table.contains("┆ #1 "), "{table}");
}

#[test]
fn add_asks_about_each_claim_on_standard_input() {
    let env = TestEnv::new();
    let text = data("transit-report-no-quotes.txt");
    let output = env
        .cmd()
        .args([
            "extract",
            text.to_str().unwrap(),
            "--publisher",
            "Riverton Ledger",
            "--add",
            "--date",
            "2025-01-15",
        ])
        .write_stdin("maybe\ny\nt Bus service reaches 92 percent of households.\ny\nn\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    assert!(
        stdout.contains("[1/3] 1.00 Riverton Ledger: Ridership"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Answer y, n, t NEW TEXT, s NEW SPEAKER or q."),
        "{stdout}"
    );
    assert!(stdout.ends_with("Logged 2, skipped 1.\n"), "{stdout}");
    let claims = env.export_json();
    let texts: Vec<&str> = claims
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts[0].starts_with("Ridership"), "{texts:?}");
    assert_eq!(texts[1], "Bus service reaches 92 percent of households.");
    // q stops at once; the answers run out, it stops too.
    let quit = env
        .cmd()
        .args([
            "extract",
            text.to_str().unwrap(),
            "--publisher",
            "X",
            "--add",
            "--date",
            "2025-01-15",
        ])
        .write_stdin("q\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(quit)
            .unwrap()
            .ends_with("Stopped. Logged 0, skipped 0.\n")
    );
}
