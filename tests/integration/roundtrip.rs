//! Round trips: whatever a claim holds (its text, speaker, role, context, link, tags, sources,
//! working note and verdict), `export` → `import` into a fresh, empty database → `export` gives
//! the same export again, in JSON, JSON lines and CSV. The strings are generated (proptest) and
//! hostile but valid: accents, emoji, right-to-left and CJK text, quotes, commas, semicolons,
//! line breaks, zero-width characters, surrounding whitespace, and the starts a spreadsheet runs
//! as a formula (`=`, `+`, `-`, `@`, tab, carriage return, `'`).
//!
//! The CLI trims what is typed (and collapses and lower-cases tags), so each property checks
//! two things: the first export holds exactly what was typed, cleaned the documented way; and
//! the export of the imported database equals the first export.
//!
//! CSV export neutralises formula cells (a leading `'`, `--raw` turns it off) and CSV import
//! takes that `'` off again; the CSV property holds under that design, and the plain tests at
//! the end pin the neutralisation itself.

use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};

use crate::support::{TestEnv, parse_csv, parse_id};

/// Each case runs the real binary a dozen times: enough cases to meet every kind of fragment
/// many times over, few enough for the file to take seconds in a debug build.
const CASES: u32 = 32;

/// What a cell may start with, among them every start a spreadsheet reads as a formula.
const STARTS: &[&str] = &[
    "",
    "",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "'",
    "''",
    "'=",
    "'-",
    "' ",
    " ",
    "\n",
    "\"",
    "\u{a0}",
    "=cmd|' /C calc'!A0",
    "-2+3",
    "+1",
    "@SUM(A1)",
    "\u{feff}",
    "\u{85}",
    "'\t",
    "'\r",
];

/// Pieces of text that have broken exporters, importers or spreadsheets.
const FRAGMENTS: &[&str] = &[
    "The wall",
    " is being built",
    "word",
    "café",
    "naïve",
    "São Paulo",
    "Ελλάδα",
    "İstanbul",
    "ΟΔΟΣ",
    "🎉",
    "🇲🇽",
    "👩\u{200d}👩\u{200d}👧",
    "مرحبا بالعالم",
    "שלום",
    "\u{202e}override\u{202c}",
    "中文字符",
    "日本語",
    "한국어",
    "\"",
    "\"\"",
    "'",
    ",",
    ";",
    "; ",
    "\n",
    "\n\n",
    "\r",
    "\t",
    " ",
    "  ",
    "%",
    "_",
    "\\",
    "\\n",
    "=",
    "+",
    "-",
    "@",
    "=SUM(A1)",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "\u{200b}",
    "\u{feff}",
    "\u{a0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "NULL",
    "null",
    "<b>&amp;</b>",
    "{\"a\": [1]}",
    "55,000",
    "1/2",
    "'; DROP TABLE claims; --",
];

/// What a cell may end with.
const ENDS: &[&str] = &[
    "", "", " ", "\n", "\t", "'", "\"", ",", ";", "\r", "=", "\u{a0}",
];

/// A string built of a start, fragments and random printable characters, and an end.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{1,6}",
    ];
    (
        prop::sample::select(STARTS),
        prop::collection::vec(piece, 1..6),
        prop::sample::select(ENDS),
    )
        .prop_map(|(start, pieces, end)| format!("{start}{}{end}", pieces.concat()))
        // A Windows line end inside a claim's text does not survive an import (import makes it
        // a plain one): `a_windows_line_end_in_a_claim_survives_the_round_trip` pins that on its
        // own, so that the properties can check everything else.
        .prop_filter("no CRLF (see the dedicated test)", |s| !s.contains("\r\n"))
}

/// A required text: something is left once trimmed, and it is not `-` (which reads standard
/// input).
fn required() -> impl Strategy<Value = String> {
    hostile().prop_filter("not empty once trimmed, not `-`", |s| {
        !s.trim().is_empty() && s != "-"
    })
}

/// An optional text: absent, or anything, blank included (a blank value is stored as absent).
fn optional() -> impl Strategy<Value = Option<String>> {
    prop::option::of(hostile())
}

/// A tag: anything without `;` (the CSV export joins tags with it) that has a word in it.
fn tag() -> impl Strategy<Value = String> {
    hostile().prop_filter("a tag has no ';' and is not blank", |s| {
        !s.contains(';') && !s.trim().is_empty()
    })
}

/// An http(s) address with quotes, semicolons, percent signs and non-ASCII in it.
fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(
            &[
                "https://example.org/",
                "http://example.org/",
                "HTTPS://Example.ORG/",
                "http://例え.jp/",
                "http://127.0.0.1:8080/",
                "https://user:pa'ss@example.org/",
            ][..],
        ),
        "[a-zA-Z0-9'\"();=+@%,_.~!*$&:/#\\[\\]{}|^`éü中🎉-]{0,30}",
    )
        .prop_map(|(base, rest)| format!("{base}{rest}"))
}

/// A source to attach.
#[derive(Debug, Clone)]
struct Source {
    url: String,
    title: Option<String>,
    publisher: Option<String>,
    stance: &'static str,
    excerpt: Option<String>,
    note: Option<String>,
}

fn source() -> impl Strategy<Value = Source> {
    (
        url(),
        optional(),
        optional(),
        prop::sample::select(&["supports", "refutes", "context"][..]),
        optional(),
        optional(),
    )
        .prop_map(|(url, title, publisher, stance, excerpt, note)| Source {
            url,
            title,
            publisher,
            stance,
            excerpt,
            note,
        })
}

/// Everything one claim can be given.
#[derive(Debug, Clone)]
struct Input {
    text: String,
    speaker: String,
    role: Option<String>,
    context: Option<String>,
    url: Option<String>,
    tags: Vec<String>,
    sources: Vec<Source>,
    note: Option<String>,
    /// A verdict (recorded with --force where there is no source) and its explanation.
    verdict: Option<(&'static str, Option<String>)>,
}

fn input() -> impl Strategy<Value = Input> {
    (
        (required(), required(), optional(), optional()),
        prop::option::of(url()),
        prop::collection::vec(tag(), 0..4),
        // A claim cites a source once: two generated with the same link (whatever the case
        // of its scheme and host) are one.
        prop::collection::vec(source(), 0..3).prop_map(|mut sources| {
            let mut seen = std::collections::HashSet::new();
            sources.retain(|source| seen.insert(source.url.to_lowercase()));
            sources
        }),
        prop::option::of(required()),
        prop::option::of((
            prop::sample::select(&["false", "true", "misleading", "in-progress"][..]),
            optional(),
        )),
    )
        .prop_map(
            |((text, speaker, role, context), url, tags, sources, note, verdict)| Input {
                text,
                speaker,
                role,
                context,
                url,
                tags,
                sources,
                note,
                verdict,
            },
        )
}

/// `--flag=value`: the `=` form, so that a value starting with `-` is a value and not a flag.
fn flag(name: &str, value: &str) -> String {
    format!("--{name}={value}")
}

/// Runs `claims ARGS` (owned strings).
fn ok(env: &TestEnv, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args)
}

/// A fresh database holding the one claim `input` describes.
fn logged(input: &Input) -> TestEnv {
    let env = TestEnv::new();
    let mut add: Vec<String> = vec![
        "add".into(),
        flag("speaker", &input.speaker),
        flag("date", "2025-09-01"),
    ];
    for (name, value) in [("role", &input.role), ("context", &input.context)] {
        if let Some(value) = value {
            add.push(flag(name, value));
        }
    }
    if let Some(url) = &input.url {
        add.push(flag("url", url));
    }
    for tag in &input.tags {
        add.push(flag("tag", tag));
    }
    // `--` first: a text starting with `-` is the text, not a flag.
    add.extend(["--".into(), input.text.clone()]);
    let id = parse_id(&ok(&env, &add), "Logged claim ");
    assert_eq!(id, 1);
    for source in &input.sources {
        let mut args: Vec<String> = vec![
            "evidence".into(),
            "add".into(),
            flag("stance", source.stance),
        ];
        for (name, value) in [
            ("title", &source.title),
            ("publisher", &source.publisher),
            ("excerpt", &source.excerpt),
            ("note", &source.note),
        ] {
            if let Some(value) = value {
                args.push(flag(name, value));
            }
        }
        args.extend(["--".into(), "1".into(), source.url.clone()]);
        ok(&env, &args);
    }
    if let Some(note) = &input.note {
        ok(
            &env,
            &["note".into(), "--".into(), "1".into(), note.clone()],
        );
    }
    if let Some((status, note)) = &input.verdict {
        let mut args: Vec<String> = vec!["status".into(), "--force".into()];
        if let Some(note) = note {
            args.push(flag("note", note));
        }
        args.extend(["--".into(), "1".into(), (*status).into()]);
        ok(&env, &args);
    }
    env
}

/// An optional text as the CLI stores it: trimmed, and absent when blank.
fn stored(value: &Option<String>) -> Value {
    match value.as_deref().map(str::trim) {
        None | Some("") => Value::Null,
        Some(text) => json!(text),
    }
}

/// The tags as the CLI stores them: spacing collapsed, lower case, each once, in order.
fn stored_tags(tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = tags
        .iter()
        .map(|tag| {
            tag.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// `assert_eq!` for a property: a mismatch fails the case (and proptest shrinks it).
fn same<T: PartialEq + Debug>(got: T, want: T, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(got, want, "{}", what);
    Ok(())
}

/// The first export holds exactly what was typed, cleaned as documented.
fn check_stored(claim: &Value, input: &Input) -> Result<(), TestCaseError> {
    same(&claim["text"], &json!(input.text.trim()), "text")?;
    same(&claim["speaker"], &json!(input.speaker.trim()), "speaker")?;
    same(&claim["speaker_role"], &stored(&input.role), "speaker_role")?;
    same(&claim["context"], &stored(&input.context), "context")?;
    same(&claim["source_url"], &json!(input.url), "source_url")?;
    same(&claim["tags"], &json!(stored_tags(&input.tags)), "tags")?;
    let evidence = claim["evidence"].as_array().expect("a list of sources");
    same(evidence.len(), input.sources.len(), "number of sources")?;
    for (got, want) in evidence.iter().zip(&input.sources) {
        same(&got["url"], &json!(want.url), "evidence url")?;
        same(&got["stance"], &json!(want.stance), "evidence stance")?;
        same(&got["title"], &stored(&want.title), "evidence title")?;
        same(
            &got["publisher"],
            &stored(&want.publisher),
            "evidence publisher",
        )?;
        same(&got["excerpt"], &stored(&want.excerpt), "evidence excerpt")?;
        same(&got["note"], &stored(&want.note), "evidence note")?;
    }
    let notes: Vec<&Value> = claim["notes"]
        .as_array()
        .expect("a list of notes")
        .iter()
        .map(|note| &note["text"])
        .collect();
    let want: Vec<Value> = input.note.iter().map(|n| json!(n.trim())).collect();
    same(notes, want.iter().collect(), "notes")?;
    if let Some((status, note)) = &input.verdict {
        same(&claim["status"], &json!(status), "status")?;
        let last = claim["history"]
            .as_array()
            .and_then(|history| history.last())
            .expect("a history");
        same(&last["note"], &stored(note), "the verdict's explanation")?;
    }
    Ok(())
}

/// A fresh, empty database with `file` imported into it.
fn imported(name: &str, file: &str, extra: &[&str]) -> TestEnv {
    let env = TestEnv::new();
    let path = env.dir().join(name);
    std::fs::write(&path, file).unwrap();
    env.ok(&[&["import", path.to_str().unwrap()][..], extra].concat());
    env
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// JSON carries everything: claim, sources, notes, history. Imported into an empty
    /// database, ids are kept and the history is taken as it is (an `imported` entry is added
    /// only where the database already held claims, so none is expected here): the second
    /// export equals the first, every field of every object.
    #[test]
    fn json_export_import_export_changes_nothing(input in input()) {
        let source = logged(&input);
        let first = source.ok(&["export", "--format", "json"]);
        let parsed: Value = serde_json::from_str(&first).expect("export is JSON");
        prop_assert_eq!(parsed.as_array().map(Vec::len), Some(1));
        check_stored(&parsed[0], &input)?;

        let target = imported("claims.json", &first, &[]);
        let again: Value = serde_json::from_str(&target.ok(&["export", "--format", "json"]))
            .expect("export is JSON");
        prop_assert_eq!(&again, &parsed);
    }

    /// JSON lines carry the same objects as JSON, one per line.
    #[test]
    fn jsonl_export_import_export_changes_nothing(input in input()) {
        let source = logged(&input);
        let first = source.ok(&["export", "--format", "jsonl"]);
        prop_assert_eq!(first.lines().count(), 1, "one claim, one line: {:?}", first);
        let parsed: Value = serde_json::from_str(first.trim_end()).expect("a JSON object");
        check_stored(&parsed, &input)?;

        let target = imported("claims.jsonl", &first, &[]);
        prop_assert_eq!(target.ok(&["export", "--format", "jsonl"]), first);
    }

    /// CSV carries the claim's own fields (not its sources, notes or history). Read back, it
    /// is the same file, but for `evidence_count`: the sources did not travel, so the count is
    /// 0 after the import. With no source, the two files are identical byte for byte. This
    /// holds with the formula neutralisation on (the default): the export prefixes `'`, the
    /// import takes it off.
    #[test]
    fn csv_export_import_export_changes_nothing_but_the_source_count(input in input()) {
        let source = logged(&input);
        check_stored(&source.export_json()[0], &input)?;
        let first = source.ok(&["export", "--format", "csv"]);
        let (header, rows) = parse_csv(&first);
        prop_assert_eq!(rows.len(), 1);

        let target = imported("claims.csv", &first, &[]);
        let second = target.ok(&["export", "--format", "csv"]);
        if input.sources.is_empty() {
            prop_assert_eq!(&second, &first);
        }
        let (header_again, rows_again) = parse_csv(&second);
        prop_assert_eq!(&header_again, &header);
        prop_assert_eq!(rows_again.len(), 1);
        for (column, name) in header.iter().enumerate() {
            if name == "evidence_count" {
                prop_assert_eq!(&rows[0][column], &input.sources.len().to_string());
                prop_assert_eq!(&rows_again[0][column], "0");
            } else {
                prop_assert_eq!(&rows_again[0][column], &rows[0][column], "column {}", name);
            }
        }
        // What the database holds after the trip, compared field by field in JSON.
        let before = source.export_json();
        let after = target.export_json();
        for field in ["text", "speaker", "speaker_role", "said_on", "status", "context",
                      "source_url", "tags", "created_at", "updated_at"] {
            prop_assert_eq!(&after[0][field], &before[0][field], "field {}", field);
        }
    }

    /// A CSV cell's first character decides whether a spreadsheet runs it: in the default
    /// export no cell starts with a formula character (but for a plain number such as `-7.3`,
    /// which a spreadsheet reads as that number), and the cell read without its guard `'` is
    /// the stored value.
    #[test]
    fn csv_cells_never_start_like_a_formula(input in input()) {
        let env = logged(&input);
        let (header, rows) = parse_csv(&env.ok(&["export"]));
        let claim = &env.export_json()[0];
        for (column, cell) in rows[0].iter().enumerate() {
            prop_assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || spreadsheet_number(cell),
                "column {} starts like a formula: {:?}", header[column], cell
            );
            let value = match cell.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
                _ => cell.as_str(),
            };
            let expected = match header[column].as_str() {
                "verdict_note" => verdict_cell(claim, "note"),
                "verdict_at" => verdict_cell(claim, "at"),
                "verdict_by" => verdict_cell(claim, "actor"),
                "tags" => claim["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|tag| tag.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(";"),
                name => match &claim[name] {
                    Value::Null => String::new(),
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                },
            };
            prop_assert_eq!(value, expected.as_str(), "column {}", header[column]);
        }
    }
}

/// What an export's verdict column holds for a claim of `export --format json`: the field of
/// the last status change, for a claim with a verdict; empty otherwise.
fn verdict_cell(claim: &Value, field: &str) -> String {
    if ["unverified", "in-progress"].contains(&claim["status"].as_str().unwrap_or_default()) {
        return String::new();
    }
    let history = claim["history"].as_array().unwrap();
    let decision = history
        .iter()
        .rev()
        .find(|entry| entry["field"] == "status");
    decision
        .and_then(|entry| entry[field].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Whether a spreadsheet reads `cell` as a plain decimal number (`-7.3`, `+1`, `-.5e3`): such a
/// cell runs nothing, so the export may leave it unguarded. Rust's own float syntax is wider
/// (`-inf`, `+NaN`): a spreadsheet reads those as formulas.
fn spreadsheet_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (whole.is_empty() || digits(whole))
                && (fraction.is_empty() || digits(fraction))
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// The CSV cells of the first claim, by column name.
fn csv_cell(csv: &str, column: &str) -> String {
    let (header, rows) = parse_csv(csv);
    let index = header
        .iter()
        .position(|name| name == column)
        .unwrap_or_else(|| panic!("no column {column} in {header:?}"));
    rows[0][index].clone()
}

#[test]
fn csv_export_neutralises_formula_cells() {
    let env = TestEnv::new();
    let formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    env.ok(&[
        "add",
        "--speaker=@SUM(A1)",
        "--date=2025-09-01",
        "--",
        formula,
    ]);
    env.ok(&[
        "add",
        "--speaker=Someone",
        "--date=2025-09-01",
        "--",
        "-2+3 is five, he said.",
    ]);
    let csv = env.ok(&["export", "--format", "csv"]);
    let (_, rows) = parse_csv(&csv);
    assert_eq!(rows[0][1], format!("'{formula}"), "{csv}");
    assert_eq!(rows[0][2], "'@SUM(A1)", "{csv}");
    assert_eq!(rows[1][1], "'-2+3 is five, he said.", "{csv}");

    let raw = env.ok(&["export", "--format", "csv", "--raw"]);
    let (_, rows) = parse_csv(&raw);
    assert_eq!(rows[0][1], formula, "{raw}");
    assert_eq!(rows[0][2], "@SUM(A1)", "{raw}");
    assert_eq!(rows[1][1], "-2+3 is five, he said.", "{raw}");
    // The stored values themselves never change.
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], formula);
    assert_eq!(claims[0]["speaker"], "@SUM(A1)");
}

#[test]
fn csv_export_leaves_plain_numbers_but_guards_signed_words_rust_reads_as_numbers() {
    let env = TestEnv::new();
    for text in ["-7.3", "+1", "-inf", "+NaN", "-Infinity"] {
        env.ok(&[
            "add",
            &format!("--speaker=Speaker {text}"),
            "--date=2025-09-01",
            "--",
            text,
        ]);
    }
    let (_, rows) = parse_csv(&env.ok(&["export"]));
    let texts: Vec<&str> = rows.iter().map(|row| row[1].as_str()).collect();
    // A spreadsheet reads -7.3 and +1 as numbers; it reads -inf, +NaN and -Infinity as
    // formulas (=-inf: a name), so those need the guard like any other formula start.
    assert_eq!(texts, ["-7.3", "+1", "'-inf", "'+NaN", "'-Infinity"]);
    let target = imported("claims.csv", &env.ok(&["export"]), &[]);
    let column = |claims: &Value, key: &str| -> Vec<Value> {
        claims
            .as_array()
            .unwrap()
            .iter()
            .map(|claim| claim[key].clone())
            .collect()
    };
    // (A CSV carries no history: the imported claims' "created" entries say where from.)
    for key in ["text", "speaker"] {
        assert_eq!(
            column(&target.export_json(), key),
            column(&env.export_json(), key)
        );
    }
}

#[test]
fn every_csv_output_neutralises_formula_cells() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "--speaker==cmd|' /C calc'!A0",
        "--date=2025-09-01",
        "--tag=@tag",
        "--",
        "=HYPERLINK(\"http://evil.example\",\"click\") says the wall is built",
    ]);
    env.ok(&[
        "add",
        "--speaker==cmd|' /C calc'!A0",
        "--date=2025-09-01",
        "--new",
        "--",
        "=HYPERLINK(\"http://evil.example\",\"click\") says the wall is being built",
    ]);
    env.ok(&[
        "evidence",
        "add",
        "--title==title",
        "--publisher=@publisher",
        "--excerpt=-excerpt",
        "--note=+note",
        "1",
        "https://example.org/",
    ]);
    let article = env.dir().join("article.txt");
    std::fs::write(
        &article,
        "\"=HYPERLINK(1) is what 55 percent of voters want,\" Senator Jane Doe said on Tuesday.\n",
    )
    .unwrap();
    let article = article.to_str().unwrap();
    for args in [
        &["export"][..],
        &["list", "--format", "csv"],
        &["speakers", "--format", "csv"],
        &["stats", "--format", "csv"],
        &["search", "wall", "--format", "csv"],
        &["evidence", "list", "1", "--format", "csv"],
        &["similar", "1", "--format", "csv"],
        &["extract", article, "--min-score", "0", "--format", "csv"],
    ] {
        let (header, rows) = parse_csv(&env.ok(args));
        assert!(!rows.is_empty(), "`claims {}` wrote no row", args.join(" "));
        for row in &rows {
            for (name, cell) in header.iter().zip(row) {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || spreadsheet_number(cell),
                    "`claims {}`, column {name}: {cell:?}",
                    args.join(" ")
                );
            }
        }
    }
}

#[test]
fn a_cell_starting_with_a_quote_gets_one_more_so_that_import_can_tell() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "--speaker='Quoted",
        "--date=2025-09-01",
        "--context='=1+1",
        "--",
        "'90s music was better, he said.",
    ]);
    let csv = env.ok(&["export"]);
    assert_eq!(csv_cell(&csv, "text"), "''90s music was better, he said.");
    assert_eq!(csv_cell(&csv, "speaker"), "''Quoted");
    assert_eq!(csv_cell(&csv, "context"), "''=1+1");
    let target = imported("claims.csv", &csv, &[]);
    let claim = &target.export_json()[0];
    assert_eq!(claim["text"], "'90s music was better, he said.");
    assert_eq!(claim["speaker"], "'Quoted");
    assert_eq!(claim["context"], "'=1+1");
}

#[test]
fn other_peoples_text_keeps_its_leading_apostrophe() {
    // A file whose header is not an export's is someone else's text: a scrape's ''Tis and
    // 'Hello' keep every apostrophe.
    let env = TestEnv::new();
    let path = env.dir().join("scrape.csv");
    std::fs::write(
        &path,
        "text,speaker\n''Tis the season,Poet\n'Hello' she said,Ana\n'=1+1,Bo\n",
    )
    .unwrap();
    env.ok(&["import", path.to_str().unwrap()]);
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], "''Tis the season");
    assert_eq!(claims[1]["text"], "'Hello' she said");
    assert_eq!(claims[2]["text"], "'=1+1");
}

#[test]
fn a_neutralised_cell_imports_without_its_quote_when_asked() {
    let env = TestEnv::new();
    let path = env.dir().join("sheet.csv");
    std::fs::write(
        &path,
        "text,speaker,context,tags\n'=1+1,'@Someone,'-3,'+tag;-other\n\
         '90s were better.,O'Brien,'plain,x\n",
    )
    .unwrap();
    env.ok(&["import", path.to_str().unwrap(), "--undo-formula-guard"]);
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], "=1+1");
    assert_eq!(claims[0]["speaker"], "@Someone");
    assert_eq!(claims[0]["context"], "-3");
    assert_eq!(claims[0]["tags"], json!(["+tag", "-other"]));
    // A quote before anything else is the value's own.
    assert_eq!(claims[1]["text"], "'90s were better.");
    assert_eq!(claims[1]["speaker"], "O'Brien");
    assert_eq!(claims[1]["context"], "'plain");
}

#[test]
fn a_windows_line_end_in_a_claim_survives_the_round_trip() {
    // A CRLF inside the text and the context is stored as a plain line end, by `add` as by
    // `import`, so the round trip changes nothing.
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "--speaker=Someone",
        "--date=2025-09-01",
        "--context=Line one\r\nline two",
        "--",
        "First line\r\nsecond line",
    ]);
    let first = env.export_json();
    assert_eq!(first[0]["text"], "First line\nsecond line");
    assert_eq!(first[0]["context"], "Line one\nline two");
    for (name, format) in [("claims.json", "json"), ("claims.csv", "csv")] {
        let target = imported(name, &env.ok(&["export", "--format", format]), &[]);
        let again = target.export_json();
        assert_eq!(again[0]["text"], first[0]["text"], "{format}: text");
        assert_eq!(
            again[0]["context"], first[0]["context"],
            "{format}: context"
        );
    }
}
