//! `claims import`: round trips of claims' own exports, other people's spreadsheets, messy
//! files, all-or-nothing, and LIAR where the data is present.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{NOW, TestEnv, parse_csv};

/// Writes `contents` to a file in the test directory and returns its path as a string.
fn file(env: &TestEnv, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

/// A database with claims of every kind: tags, context, a source, a note, a verdict, an edit.
fn populated() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "It's the closest cooperation we've ever had, \"maybe\" between any country.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
        "--context",
        "Remarks in Mexico City,\nafter the meeting",
        "--url",
        "https://apnews.com/article/rubio",
        "--tag",
        "us-mexico",
        "--tag",
        "security",
    ]);
    env.add(
        "Migration has fallen dramatically.",
        "Associated Press",
        "2025-09-03",
    );
    env.add("Všechno je v pořádku 🇲🇽", "Claudia Sheinbaum", "2025-09-02");
    env.attach(1, "https://mexiconewsdaily.com/security-group/", "context");
    env.ok(&["note", "1", "Asked State for the measure."]);
    env.ok(&[
        "status",
        "1",
        "unproven",
        "--note",
        "No measure behind 'closest ever'.",
    ]);
    env.ok(&["edit", "2", "--tag", "migration"]);
    env
}

#[test]
fn a_json_export_imports_into_an_empty_database_with_nothing_lost() {
    let source = populated();
    let exported = source.ok(&["export", "--format", "json"]);
    let target = TestEnv::new();
    let path = file(&target, "claims.json", &exported);
    assert_eq!(
        target.ok(&["import", &path]),
        "Imported 3 claims from claims.json.\nRows read 3, imported 3, skipped 0; new speakers 3.\n"
    );
    assert_eq!(target.ok(&["export", "--format", "json"]), exported);
    // JSON lines carry the same objects.
    let lines = source.ok(&["export", "--format", "jsonl"]);
    let again = TestEnv::new();
    again.ok(&["import", &file(&again, "claims.jsonl", &lines)]);
    assert_eq!(again.ok(&["export", "--format", "json"]), exported);
}

#[test]
fn a_csv_export_imports_back_to_the_same_file_where_claims_have_no_sources() {
    let source = populated();
    source.ok(&["evidence", "rm", "1"]);
    let exported = source.ok(&["export"]);
    let target = TestEnv::new();
    target.ok(&["import", &file(&target, "claims.csv", &exported)]);
    assert_eq!(target.ok(&["export"]), exported);
}

#[test]
fn a_csv_carries_no_sources_so_only_their_count_changes() {
    let source = populated();
    let exported = source.ok(&["export"]);
    let target = TestEnv::new();
    target.ok(&["import", &file(&target, "claims.csv", &exported)]);
    let (header, before) = parse_csv(&exported);
    let (_, after) = parse_csv(&target.ok(&["export"]));
    let count = header.iter().position(|c| c == "evidence_count").unwrap();
    for (old, new) in before.iter().zip(&after) {
        for (column, (a, b)) in old.iter().zip(new).enumerate() {
            if column != count {
                assert_eq!(a, b, "column {}", header[column]);
            }
        }
    }
    assert_eq!(before[0][count], "1");
    assert_eq!(after[0][count], "0");
}

#[test]
fn someone_elses_spreadsheet_is_mapped_by_header_name() {
    let env = TestEnv::empty();
    env.ok(&["init", "--scale", "politifact"]);
    let path = file(
        &env,
        "desk.csv",
        "Statement,Source,Date,Label,Topics\n\
         \"Crime is way down.\",Donald Trump,\"September 3, 2025\",Pants on Fire,crime;dc\n\
         We delivered 55 cartel figures.,Claudia Sheinbaum,,barely-true,\n",
    );
    let stdout = env.ok(&[
        "import",
        &path,
        "--map",
        "text=statement",
        "--map",
        "speaker=SOURCE",
        "--map",
        "said_on=date",
        "--map",
        "status=label",
        "--map",
        "tags=topics",
        "--status-map",
        "Barely True=mostly-false",
    ]);
    assert!(
        stdout.starts_with("Imported 2 claims from desk.csv.\n"),
        "{stdout}"
    );
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], "Crime is way down.");
    assert_eq!(claims[0]["said_on"], "2025-09-03");
    assert_eq!(claims[0]["status"], "pants-on-fire");
    assert_eq!(claims[0]["tags"], json!(["crime", "dc"]));
    // No date in the file: the date is unknown, never invented.
    assert_eq!(claims[1]["said_on"], Value::Null);
    assert_eq!(claims[1]["status"], "mostly-false");
    // The history says where the claim came from and records its verdict.
    let history = claims[0]["history"].as_array().unwrap();
    assert_eq!(history[0]["field"], "created");
    assert_eq!(history[0]["note"], "imported from desk.csv");
    assert_eq!(history[1]["field"], "status");
    assert_eq!(history[1]["new_value"], "pants-on-fire");
    assert_eq!(history[1]["at"], NOW);
}

#[test]
fn a_headerless_file_is_mapped_by_column_number() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "rows.tsv",
        "x1\tfalse\tAll 11 were killed.\tDonald Trump\n\
         x2\ttrue\tMigration has fallen.\tAssociated Press\n",
    );
    env.ok(&[
        "import",
        &path,
        "--no-header",
        "--map",
        "text=3",
        "--map",
        "speaker=4",
        "--map",
        "status=2",
    ]);
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], "All 11 were killed.");
    assert_eq!(claims[0]["speaker"], "Donald Trump");
    assert_eq!(claims[1]["status"], "true");
    // By name, a headerless file has nothing to match.
    let error = env.fails_untouched(&["import", &path, "--no-header", "--map", "text=statement"]);
    assert!(
        error.contains("names columns by number (--map text=3)"),
        "{error}"
    );
}

#[test]
fn a_missing_required_column_says_how_to_map_it() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "statement,speaker\nCrime is down.,Trump\n",
    );
    assert_eq!(
        env.fails_untouched(&["import", &path]),
        "error: the file has no 'text' column: name it with --map text=COLUMN (its columns: \
         statement, speaker)"
    );
    let error = env.fails_untouched(&["import", &path, "--map", "text=claim"]);
    assert_eq!(
        error,
        "error: --map text=claim: the file has no column 'claim' (its columns: statement, speaker)"
    );
    let error = env.fails_untouched(&["import", &path, "--map", "verdict=statement"]);
    assert!(error.starts_with("error: unknown field 'verdict' in --map verdict=statement: expected one of text, speaker"), "{error}");
    let error = env.fails_untouched(&["import", &path, "--map", "text"]);
    assert!(
        error.contains("invalid --map 'text': expected FIELD=COLUMN"),
        "{error}"
    );
}

#[test]
fn the_first_bad_row_stops_the_import_and_nothing_lands() {
    let env = populated();
    let path = file(
        &env,
        "claims.csv",
        "text,speaker,said_on\nA good claim.,Someone,2025-09-01\nA bad date.,Someone,03/09/2025\n",
    );
    assert_eq!(
        env.fails_untouched(&["import", &path]),
        "error: line 3, column 'said_on': invalid date '03/09/2025': expected a date such as \
         2025-09-03, September 3, 2025 or Thursday, January 9th, 2020; nothing was imported (fix \
         the file, or pass --skip-bad REJECTS.csv to import the good rows and set the bad ones \
         aside)"
    );
    for (contents, expected) in [
        (
            "text,speaker\n,Someone\n",
            "line 2, column 'text': the claim text is empty",
        ),
        (
            "text,speaker\nA claim.,  \n",
            "line 2, column 'speaker': the speaker is empty",
        ),
        (
            "text,speaker,status\nA claim.,Someone,barely-true\n",
            "the file's labels: 'barely-true' ×1 (first at line 2) → ?; add --status-map \
             'barely-true=VERDICT'",
        ),
        (
            "text,speaker,source_url\nA claim.,Someone,javascript:alert(1)\n",
            "line 2, column 'source_url': invalid URL 'javascript:alert(1)'",
        ),
        (
            "text,speaker,said_on\nA claim.,Someone,2031-01-01\n",
            "line 2, column 'said_on': date '2031-01-01' for said_on is in the future",
        ),
    ] {
        let path = file(&env, "bad.csv", contents);
        let error = env.fails_untouched(&["import", &path]);
        assert!(error.contains(expected), "{contents:?}: {error}");
    }
}

#[test]
fn skip_bad_imports_the_good_rows_and_sets_the_bad_ones_aside() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "text,speaker,said_on\nGood one.,Someone,2025-09-01\nBad date.,Someone,soon\n,Nobody,\nGood two.,Someone,\n",
    );
    let rejects = env.dir().join("rejects.csv");
    let stdout = env.ok(&["import", &path, "--skip-bad", rejects.to_str().unwrap()]);
    assert_eq!(
        stdout,
        format!(
            "Imported 2 claims from claims.csv.\nRows read 4, imported 2, skipped 2; new speakers 1.\n\
             2 bad rows written to {} with the reason for each.\n  line 3: column 'said_on': \
             invalid date 'soon': expected a date such as 2025-09-03, September 3, 2025 or \
             Thursday, January 9th, 2020\n  line 4: column 'text': the claim text is empty\n",
            rejects.display()
        )
    );
    let (header, rows) = parse_csv(&std::fs::read_to_string(&rejects).unwrap());
    assert_eq!(header, ["location", "reason", "record"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "line 3");
    assert!(
        rows[0][1].starts_with("column 'said_on': invalid date 'soon'"),
        "{rows:?}"
    );
    assert_eq!(rows[0][2], "Bad date.,Someone,soon");
    assert_eq!(rows[1][0], "line 4");
    assert_eq!(rows[1][1], "column 'text': the claim text is empty");
    let texts: Vec<Value> = env
        .export_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["text"].clone())
        .collect();
    assert_eq!(texts, [json!("Good one."), json!("Good two.")]);
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let env = populated();
    let before = env.export_json();
    let path = file(
        &env,
        "claims.csv",
        "text,speaker,said_on\nA.,Someone,2025-09-01\nB.,,\n",
    );
    let rejects = env.dir().join("rejects.csv");
    let stdout = env.ok(&[
        "import",
        &path,
        "--dry-run",
        "--skip-bad",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout,
        "Dry run: would import 1 claim from claims.csv; nothing was written.\n\
         Rows read 2, imported 1, skipped 1; new speakers 1.\n\
         1 bad row left out.\n  line 3: column 'speaker': the speaker is empty\n"
    );
    assert_eq!(env.export_json(), before);
    assert!(!rejects.exists(), "a dry run writes no rejects file");
}

#[test]
fn messy_files_bom_crlf_quoted_newlines_spaces_and_header_case() {
    let env = TestEnv::new();
    let mut contents = vec![0xef, 0xbb, 0xbf];
    contents.extend_from_slice(
        b"Text , SPEAKER,Said_On\r\n\"A claim\r\nover two lines, with \"\"quotes\"\".\",  Marco Rubio  , 2025-09-03 \r\n",
    );
    let path = file(&env, "messy.csv", contents);
    env.ok(&["import", &path]);
    let claim = &env.export_json()[0];
    // Windows line ends inside a value become plain ones.
    assert_eq!(claim["text"], "A claim\nover two lines, with \"quotes\".");
    assert_eq!(claim["speaker"], "Marco Rubio");
    assert_eq!(claim["said_on"], "2025-09-03");
}

#[test]
fn invalid_utf8_is_an_error_with_its_line_or_a_skipped_row() {
    let env = TestEnv::new();
    let mut contents = b"text,speaker\nFine.,Someone\n".to_vec();
    contents.extend_from_slice(b"Caf\xe9 con leche.,Someone\nAlso fine.,Someone\n");
    let path = file(&env, "latin1.csv", contents);
    let error = env.fails_untouched(&["import", &path]);
    assert!(
        error.starts_with(
            "error: line 3, column 'text' is not UTF-8 text: save the file as UTF-8; nothing was \
             imported"
        ),
        "{error}"
    );
    let rejects = env.dir().join("rejects.csv");
    env.ok(&["import", &path, "--skip-bad", rejects.to_str().unwrap()]);
    assert_eq!(env.export_json().as_array().unwrap().len(), 2);
    let (_, rows) = parse_csv(&std::fs::read_to_string(&rejects).unwrap());
    assert_eq!(
        rows[0][..2],
        [
            "line 3",
            "column 'text' is not UTF-8 text: save the file as UTF-8"
        ]
    );
    assert_eq!(rows[0][2], "Caf\u{fffd} con leche.,Someone");
}

#[test]
fn duplicates_in_the_file_and_in_the_database_are_reported_and_kept() {
    let env = TestEnv::new();
    env.add("Crime is way down.", "Donald Trump", "2025-09-01");
    let path = file(
        &env,
        "claims.csv",
        "text,speaker\ncrime is  WAY down.,donald trump\nA new claim.,Someone\nA new claim.,Someone\n",
    );
    let stdout = env.ok(&["import", &path]);
    assert!(
        stdout.contains(
            "2 rows repeat a claim already logged (same speaker, same words), imported all the \
             same: line 2 (claim 1), line 4 (claim 3).\n"
        ),
        "{stdout}"
    );
    assert_eq!(env.export_json().as_array().unwrap().len(), 4);
}

#[test]
fn ids_are_kept_only_in_an_empty_database() {
    let source = populated();
    let exported = source.ok(&["export", "--format", "json"]);
    let env = TestEnv::new();
    env.add("Already here.", "Someone", "2025-09-01");
    let stdout = env.ok(&["import", &file(&env, "claims.json", &exported)]);
    assert!(
        stdout.contains("The database already held claims, so the 3 imported claims got new ids."),
        "{stdout}"
    );
    let ids: Vec<i64> = env
        .export_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let moved = &env.export_json()[1];
    assert_eq!(moved["evidence"][0]["claim_id"], 2);
    assert_eq!(moved["notes"][0]["text"], "Asked State for the measure.");
}

#[test]
fn stray_quotes_need_quoting_none() {
    let env = TestEnv::new();
    let contents = "text\tspeaker\nHe said \"no and left.\tSomeone\nAnother claim.\tSomeone else\n";
    let path = file(&env, "stray.tsv", contents);
    env.ok(&["import", &path, "--quoting", "none"]);
    let claims = env.export_json();
    assert_eq!(claims[0]["text"], "He said \"no and left.");
    assert_eq!(claims[1]["speaker"], "Someone else");
}

#[test]
fn the_format_comes_from_the_name_or_the_flag() {
    let env = TestEnv::new();
    let path = file(&env, "claims.txt", "text,speaker\nA claim.,Someone\n");
    assert_eq!(
        env.fails_untouched(&["import", &path]),
        format!(
            "error: cannot tell the format of '{path}' from its name: pass --format \
             csv|tsv|json|jsonl|claimreview"
        )
    );
    env.ok(&["import", &path, "--format", "csv"]);
    let missing = env.dir().join("nope.csv");
    assert_eq!(
        env.fails_untouched(&["import", missing.to_str().unwrap()]),
        format!(
            "error: file '{}' does not exist: check the path",
            missing.display()
        )
    );
    let broken = file(&env, "broken.json", "[{\"text\": \"A\", \"speaker\": ");
    let error = env.fails_untouched(&["import", &broken]);
    assert_eq!(
        error,
        "error: invalid JSON: EOF while parsing a value at line 1 column 26"
    );
}

#[test]
fn standard_input_can_be_imported() {
    let env = TestEnv::new();
    env.cmd()
        .args(["import", "-", "--format", "csv"])
        .write_stdin("text,speaker\nFrom a pipe.,Someone\n")
        .assert()
        .success();
    assert_eq!(
        env.export_json()[0]["history"][0]["note"],
        "imported from standard input"
    );
}

fn liar() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/liar/train.tsv");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data/liar/train.tsv is not here");
        None
    }
}

#[test]
fn liar_imports_completely_onto_the_politifact_scale() {
    let Some(path) = liar() else { return };
    let env = TestEnv::empty();
    env.ok(&["init", "--scale", "politifact"]);
    let stdout = env.ok(&[
        "import",
        path.to_str().unwrap(),
        "--no-header",
        "--quoting",
        "none",
        "--map",
        "text=3",
        "--map",
        "speaker=5",
        "--map",
        "status=2",
        "--map",
        "tags=4",
        "--map",
        "role=6",
        "--map",
        "context=14",
        "--tag-separator",
        ",",
        "--status-map",
        "barely-true=mostly-false",
        "--status-map",
        "pants-fire=pants-on-fire",
    ]);
    assert!(
        stdout.starts_with("Imported 10,269 claims from train.tsv.\n"),
        "{stdout}"
    );
    let stats: Value = serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(stats["total"], 10_269);
    let counts: Vec<(String, u64)> = stats["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_string(),
                c["claims"].as_u64().unwrap(),
            )
        })
        .collect();
    // LIAR's own counts: barely-true becomes mostly-false, pants-fire pants-on-fire.
    let total_true = counts.iter().find(|(s, _)| s == "true").unwrap().1;
    let pants = counts.iter().find(|(s, _)| s == "pants-on-fire").unwrap().1;
    assert_eq!((total_true, pants), (1683, 842));
    // The first row of the file, checked field by field.
    let first: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(
        first["text"],
        "Says the Annies List political group supports third-trimester abortions on demand."
    );
    assert_eq!(first["speaker"], "dwayne-bohac");
    assert_eq!(first["speaker_role"], "State representative");
    assert_eq!(first["status"], "false");
    assert_eq!(first["tags"], json!(["abortion"]));
    assert_eq!(first["context"], "a mailer");
    assert_eq!(first["said_on"], Value::Null);
}

#[test]
fn the_rejects_file_or_an_export_never_replaces_the_database_or_the_input() {
    let env = populated();
    if env.sqlite_only("the database file as an output") {
        return;
    }
    let before = env.export_json();
    let path = file(&env, "claims.csv", "text,speaker\nA claim.,Someone\n");
    let db = env.db();
    let db = db.to_str().unwrap();
    assert_eq!(
        env.fails_untouched(&["import", &path, "--skip-bad", db]),
        format!(
            "error: --skip-bad '{db}' is the database: writing it would destroy it; choose \
             another file"
        )
    );
    let wal = format!("{db}-wal");
    if Path::new(&wal).exists() {
        let error = env.fails_untouched(&["import", &path, "--skip-bad", &wal]);
        assert!(error.contains("is the database"), "{error}");
    }
    assert_eq!(
        env.fails_untouched(&["import", &path, "--skip-bad", &path]),
        format!(
            "error: --skip-bad '{path}' is the file being imported: writing it would destroy it; \
             choose another file"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "text,speaker\nA claim.,Someone\n"
    );
    let error = env.fails_untouched(&["export", "--output", db]);
    assert!(error.contains("--output"), "{error}");
    assert!(error.contains("is the database"), "{error}");
    assert_eq!(env.export_json(), before);
}

#[test]
fn rows_of_another_width_are_bad_rows_so_a_lost_quote_cannot_swallow_claims() {
    let env = TestEnv::new();
    // The quote on line 2 is never closed: a quote-aware reader runs it on into line 3.
    let contents = "text\tspeaker\tstatus\n\"No, he said.\tSomeone\ttrue\nAnother.\tElse\tfalse\n\
                    Short row.\tOnly\n";
    let path = file(&env, "claims.tsv", contents);
    let error = env.fails_untouched(&["import", &path]);
    assert!(
        error.starts_with("error: line 2, the row has 1 column where the file has 3"),
        "{error}"
    );
    assert!(error.contains("try --quoting none"), "{error}");
    let error = env.fails_untouched(&["import", &path, "--quoting", "none"]);
    assert!(
        error.starts_with("error: line 4, the row has 2 columns where the file has 3"),
        "{error}"
    );
    let error = env.fails_untouched(&["import", &path, "--map", "context=9"]);
    assert_eq!(error, "error: --map context=9: the file has 3 columns");
    let error = env.fails_untouched(&["import", &path, "--map", "context=0"]);
    assert_eq!(error, "error: --map context=0: columns are numbered from 1");
}

#[test]
fn an_empty_map_leaves_a_column_with_a_fields_name_unread() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "sheet.csv",
        "id,text,speaker,date\n2635.json,A claim.,Someone,03/09/2025\n",
    );
    let error = env.fails_untouched(&["import", &path, "--map", "said_on="]);
    assert!(
        error.contains("column 'id': invalid id '2635.json'"),
        "{error}"
    );
    env.ok(&["import", &path, "--map", "id=", "--map", "said_on="]);
    let claim = &env.export_json()[0];
    assert_eq!(claim["id"], 1);
    assert_eq!(claim["said_on"], Value::Null);
}

#[test]
fn skip_duplicates_leaves_out_claims_already_logged() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "text,speaker\nOne.,Someone\nTwo.,Someone\n",
    );
    env.ok(&["import", &path]);
    let stdout = env.ok(&["import", &path, "--skip-duplicates"]);
    assert_eq!(
        stdout,
        "Imported 0 claims from claims.csv.\nRows read 2, imported 0, skipped 2; new speakers 0.\n\
         2 rows repeat a claim already logged (same speaker, same words), skipped: line 2 \
         (claim 1), line 3 (claim 2).\n"
    );
    assert_eq!(env.export_json().as_array().unwrap().len(), 2);
}

#[test]
fn an_id_used_twice_in_a_restore_is_a_bad_row_not_a_database_error() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "id,text,speaker\n5,One.,Ann\n5,Two.,Bob\n",
    );
    assert_eq!(env.fails_untouched(&["import", &path]), id_used_again(3, 5));
}

/// The error of a file whose row at `line` gives a claim `id` an earlier row gave.
fn id_used_again(line: u32, id: i64) -> String {
    format!(
        "error: line {line}, claim id {id} is already used by an earlier row: give each one its \
         own id, or none; nothing was imported (fix the file, or pass --skip-bad REJECTS.csv to \
         import the good rows and set the bad ones aside)"
    )
}

/// Ids out of order and with gaps, as a desk's export of its remaining claims has them: each
/// is found again wherever it falls, and unique ones import.
#[test]
fn ids_out_of_order_are_kept_and_one_used_again_is_found() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "id,text,speaker\n9,One.,Ann\n7,Two.,Bob\n8,Three.,Cy\n20,Four.,Di\n8,Five.,Ed\n",
    );
    assert_eq!(env.fails_untouched(&["import", &path]), id_used_again(6, 8));
    let path = file(
        &env,
        "unique.csv",
        "id,text,speaker\n9,One.,Ann\n7,Two.,Bob\n8,Three.,Cy\n20,Four.,Di\n",
    );
    env.ok(&["import", &path]);
    let ids: Vec<i64> = env
        .export_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [7, 8, 9, 20]);
}

#[test]
fn notes_and_history_from_a_json_file_are_checked() {
    let env = TestEnv::new();
    for (extra, expected) in [
        (
            r#""notes": [{"text": "fine", "author": "", "created_at": "2025-09-03T10:00:00Z"}]"#,
            "field 'notes': the author is empty",
        ),
        (
            r#""notes": [{"text": "fine", "author": "maria", "created_at": "nope"}]"#,
            "field 'notes': invalid timestamp 'nope'",
        ),
        (
            r#""history": [{"at": "garbage", "actor": "maria", "field": "created"}]"#,
            "field 'history': invalid timestamp 'garbage'",
        ),
        (
            r#""history": [{"at": "2025-09-03T10:00:00Z", "actor": "maria", "field": "whatever"}]"#,
            "field 'history': unknown history field 'whatever'",
        ),
        (
            r#""evidence": [{"url": "ftp://example.org/x"}]"#,
            "field 'evidence': invalid URL 'ftp://example.org/x'",
        ),
        (
            r#""tags": {"a": 1}"#,
            "field 'tags': the value is an object, expected text",
        ),
        (
            r#""speaker": {"name": "A"}"#,
            "field 'speaker': the value is an object, expected text",
        ),
    ] {
        let json = format!(r#"[{{"text": "A claim.", "speaker": "Someone", {extra}}}]"#);
        let path = file(&env, "claims.json", json);
        let error = env.fails_untouched(&["import", &path]);
        assert!(error.contains(expected), "{extra}: {error}");
    }
}

#[test]
fn json_tag_lists_are_taken_as_lists() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.json",
        r#"[{"text": "A claim.", "speaker": "Someone", "tags": ["border, security", "Mexico"]}]"#,
    );
    env.ok(&["import", &path, "--tag-separator", ","]);
    assert_eq!(
        env.export_json()[0]["tags"],
        json!(["border, security", "mexico"])
    );
}

#[test]
fn a_history_kept_in_a_database_with_claims_says_where_it_came_from() {
    let source = populated();
    let exported = source.ok(&["export", "--format", "json"]);
    let env = TestEnv::new();
    env.add("Already here.", "Someone", "2025-09-01");
    env.ok(&["import", &file(&env, "claims.json", &exported)]);
    let history = env.export_json()[1]["history"].clone();
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["field"], "imported");
    assert_eq!(
        last["note"],
        "imported from claims.json, where it was claim 1"
    );
}

#[test]
fn ap_style_dates_and_weekdays_that_do_not_match() {
    let env = TestEnv::new();
    let path = file(
        &env,
        "claims.csv",
        "text,speaker,said_on\nA.,Someone,\"Sept. 3, 2025\"\n",
    );
    env.ok(&["import", &path]);
    assert_eq!(env.export_json()[0]["said_on"], "2025-09-03");
    let path = file(
        &env,
        "wrong.csv",
        "text,speaker,said_on\nB.,Someone,\"Monday, January 9th, 2020\"\n",
    );
    let error = env.fails_untouched(&["import", &path]);
    assert!(
        error.contains("invalid date 'Monday, January 9th, 2020'"),
        "{error}"
    );
}

#[test]
fn a_progress_bar_shows_on_a_terminal_and_nowhere_else() {
    let env = TestEnv::new();
    let rows: String = (0..20_000)
        .map(|i| format!("Claim number {i}.,Speaker {}\n", i % 97))
        .collect();
    let path = file(&env, "many.csv", format!("text,speaker\n{rows}"));
    let output = env.run(&["import", &path]).success().get_output().clone();
    assert!(output.stderr.is_empty(), "no bar off a terminal");
    let again = TestEnv::new();
    if let Some(screen) = again.on_a_terminal(&["import", &path], true) {
        assert!(screen.contains("(ETA "), "{screen}");
        assert!(
            screen.contains("Imported 20,000 claims from many.csv."),
            "{screen}"
        );
    }
}

/// The indexes and triggers of the schema, by name.
fn schema_objects(env: &TestEnv) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') \
             AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_bulk_load_builds_its_indexes_again_whether_it_succeeds_or_fails() {
    let env = TestEnv::new();
    let before = schema_objects(&env);
    let rows: String = (0..12_000)
        .map(|i| format!("Claim {i}.,Speaker {},false,topic-{}\n", i % 50, i % 7))
        .collect();
    let good = file(
        &env,
        "bulk.csv",
        format!("text,speaker,status,tags\n{rows}"),
    );
    let bad = file(
        &env,
        "bad.csv",
        format!("text,speaker,status,tags\n{rows}Last.,Someone,bogus,\n"),
    );
    env.fails_untouched(&["import", &bad]);
    assert_eq!(
        schema_objects(&env),
        before,
        "a failed bulk load changes nothing"
    );
    env.ok(&["import", &good]);
    assert_eq!(
        schema_objects(&env),
        before,
        "the indexes and triggers are all back"
    );
    let stats: Value = serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(
        stats["by_status"],
        json!([{"status": "false", "claims": 12_000}])
    );
    let tagged: Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json", "--tag", "topic-3"])).unwrap();
    assert_eq!(tagged["total"], (0..12_000).filter(|i| i % 7 == 3).count());
}

#[test]
fn a_bulk_load_files_claims_under_the_speakers_logged_before() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "Crime fell by a third.",
        "--speaker",
        "Ana López",
        "--date",
        "2025-01-02",
    ]);
    // Enough rows for the bulk load, naming Ana in another case and one new speaker.
    let rows: String = (0..12_000)
        .map(|i| {
            let speaker = if i % 2 == 0 { "ANA LÓPEZ" } else { "Ben Ode" };
            format!("Claim number {i} of the file.,{speaker}\n")
        })
        .collect();
    let bulk = file(&env, "bulk.csv", format!("text,speaker\n{rows}"));
    let imported = env.ok(&["import", &bulk]);
    assert!(
        imported.contains("new speakers 1."),
        "only Ben is new: {imported}"
    );
    let speakers: Value = serde_json::from_str(&env.ok(&["speakers", "--format", "json"])).unwrap();
    let counts: Vec<(String, u64)> = speakers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["speaker"].as_str().unwrap().to_string(),
                s["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Ana López".to_string(), 6_001),
            ("Ben Ode".to_string(), 6_000)
        ]
    );
    // The next speaker anyone adds gets an id of their own.
    env.ok(&[
        "add",
        "Unemployment is the lowest in fifty years.",
        "--speaker",
        "Cy Nova",
        "--date",
        "2025-01-03",
    ]);
    assert!(env.ok(&["doctor"]).contains("no problems found"));
}
