//! `claims export`: CSV and complete JSON of every matching claim, to stdout or to a whole file.

use std::io::Read;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv, parse_csv, parse_id};

/// The documented CSV header of `list --format csv`, in order.
const LIST_HEADER: &str = "id,text,speaker,said_on,status,context,source_url,tags,evidence_count,\
                           created_at,updated_at,speaker_role";

/// The documented CSV header of `export`: the list's, then the verdict's explanation, date and
/// reviewer.
const CSV_HEADER: &str = "id,text,speaker,said_on,status,context,source_url,tags,evidence_count,\
                          created_at,updated_at,speaker_role,verdict_note,verdict_at,verdict_by";

/// Logs a claim with tags and returns its id.
fn add_tagged(env: &TestEnv, text: &str, speaker: &str, date: &str, tags: &[&str]) -> i64 {
    let mut args = vec!["add", text, "--speaker", speaker, "--date", date];
    for tag in tags {
        args.extend(["--tag", tag]);
    }
    parse_id(&env.ok(&args), "Logged claim ")
}

/// The ids in the first column of CSV rows.
fn csv_ids(csv: &str) -> Vec<String> {
    parse_csv(csv)
        .1
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("an object, got {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// Sorted key names, for comparing with `keys`.
fn sorted(names: &str) -> Vec<String> {
    let mut names: Vec<String> = names.split(',').map(str::to_string).collect();
    names.sort();
    names
}

/// The files in the test directory besides the database (and its `-wal` and `-shm`), sorted.
fn files_in(env: &TestEnv) -> Vec<String> {
    let mut names = crate::support::names_in(env.dir());
    names.retain(|name| !name.starts_with("claims.db"));
    names
}

#[test]
fn csv_goes_to_stdout_oldest_logged_first_under_the_documented_header() {
    let env = TestEnv::new();
    env.add("Crime is way down.", "Donald Trump", "2025-09-03");
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-08-01",
    );
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let csv = env.ok(&["export"]);
    assert_eq!(csv.lines().next(), Some(CSV_HEADER));
    assert_eq!(csv_ids(&csv), ["1", "2", "3"]);
    assert_eq!(
        csv.lines().nth(2),
        Some(
            "2,Migration has fallen dramatically.,Marco Rubio,2025-08-01,unverified,,,,0,\
             2025-09-04T12:00:00Z,2025-09-04T12:00:00Z,,,,"
        )
    );
}

#[test]
fn an_empty_database_exports_just_the_header_or_an_empty_array() {
    let env = TestEnv::new();
    assert_eq!(env.ok(&["export"]), format!("{CSV_HEADER}\n"));
    assert_eq!(env.export_json(), json!([]));
}

#[test]
fn tags_are_joined_with_semicolons() {
    let env = TestEnv::new();
    add_tagged(
        &env,
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
        &["Mexico", "border security", "migration"],
    );
    let (_, rows) = parse_csv(&env.ok(&["export"]));
    assert_eq!(rows[0][7], "border security;mexico;migration");
}

#[test]
fn awkward_text_survives_add_list_and_export_unchanged() {
    let env = TestEnv::new();
    let text = "He said \"no, never\", then: \"maybe\".\nSecond line,\twith a tab; \
                café, naïve, São Paulo, 🎉🇲🇽, مرحبا بالعالم";
    let speaker = "José \"Pepe\" Martí, Jr.";
    let context = "Interview, 3 Sept.\n\"Off the record\"";
    let url = "https://example.org/a?b=1,2&c=\"d\"";
    let id = parse_id(
        &env.ok(&[
            "add",
            text,
            "--speaker",
            speaker,
            "--date",
            "2025-09-03",
            "--context",
            context,
            "--url",
            url,
            "--tag",
            "économie",
            "--tag",
            "a, b",
        ]),
        "Logged claim ",
    );
    let expected = [
        id.to_string().as_str(),
        text,
        speaker,
        "2025-09-03",
        "unverified",
        context,
        url,
        "a, b;économie",
        "0",
        NOW,
        NOW,
    ]
    .map(str::to_string);
    for args in [&["list", "--format", "csv"][..], &["export"]] {
        let (header, rows) = parse_csv(&env.ok(args));
        let documented = if args[0] == "list" {
            LIST_HEADER
        } else {
            CSV_HEADER
        };
        assert_eq!(header.join(","), documented);
        assert_eq!(rows.len(), 1, "{args:?}");
        for (column, (got, want)) in header.iter().zip(rows[0].iter().zip(&expected)) {
            assert_eq!(got, want, "`claims {}`: column {column}", args.join(" "));
        }
    }
    let json = &env.export_json()[0];
    assert_eq!(json["text"], text);
    assert_eq!(json["speaker"], speaker);
    assert_eq!(json["context"], context);
    assert_eq!(json["source_url"], url);
    assert_eq!(json["tags"], json!(["a, b", "économie"]));
    assert_eq!(
        csv_ids(&env.ok(&["export", "--text", "مرحبا"])),
        [id.to_string()]
    );
}

#[test]
fn filters_apply_to_the_export() {
    let env = TestEnv::new();
    add_tagged(
        &env,
        "Migration has fallen.",
        "Marco Rubio",
        "2025-09-01",
        &["mexico"],
    );
    add_tagged(
        &env,
        "All 11 were killed.",
        "Donald Trump",
        "2025-09-02",
        &["caribbean"],
    );
    add_tagged(
        &env,
        "The closest cooperation ever.",
        "marco rubio",
        "2025-09-03",
        &["mexico"],
    );
    env.ok(&["status", "2", "false", "--force"]);
    assert_eq!(csv_ids(&env.ok(&["export", "--tag", "mexico"])), ["1", "3"]);
    assert_eq!(
        csv_ids(&env.ok(&[
            "export",
            "--speaker",
            "MARCO RUBIO",
            "--since",
            "2025-09-02"
        ])),
        ["3"]
    );
    assert_eq!(
        csv_ids(&env.ok(&["export", "--status", "false", "--status", "unverified"])),
        ["1", "2", "3"]
    );
    assert_eq!(csv_ids(&env.ok(&["export", "--status", "false"])), ["2"]);
    assert_eq!(
        csv_ids(&env.ok(&["export", "--until", "2025-09-01", "--text", "MIGRATION"])),
        ["1"]
    );
    assert_eq!(
        env.ok(&["export", "--speaker", "Nobody"]),
        format!("{CSV_HEADER}\n")
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json", "--tag", "caribbean"]))
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], 2);
}

#[test]
fn json_has_every_claim_with_its_evidence_notes_and_history() {
    let env = TestEnv::new();
    let id = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add("Crime is way down.", "Donald Trump", "2025-09-01");
    let evidence = env.attach(id, "https://apnews.com/article/strike", "refutes");
    env.ok(&["note", "1", "Asked the Pentagon for the number of dead."]);
    env.ok(&["status", "1", "false", "--note", "No count was ever given."]);

    let export = env.export_json();
    let claims = export.as_array().expect("an array");
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["id"], 1);
    assert_eq!(claims[1]["id"], 2);
    let claim = &claims[0];
    assert_eq!(
        keys(claim),
        sorted(
            "id,text,speaker,said_on,status,context,source_url,tags,evidence_count,created_at,\
             updated_at,speaker_role,times_said,evidence,notes,history,appearances"
        )
    );
    assert_eq!(claim["status"], "false");
    assert_eq!(claim["evidence_count"], 1);

    let sources = claim["evidence"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(
        keys(&sources[0]),
        sorted("id,claim_id,url,title,publisher,published_on,stance,excerpt,note,created_at")
    );
    assert_eq!(sources[0]["id"], evidence);
    assert_eq!(sources[0]["claim_id"], id);
    assert_eq!(sources[0]["url"], "https://apnews.com/article/strike");
    assert_eq!(sources[0]["stance"], "refutes");
    assert_eq!(sources[0]["title"], Value::Null);

    assert_eq!(
        claim["notes"],
        json!([{
            "id": 1,
            "text": "Asked the Pentagon for the number of dead.",
            "author": REVIEWER,
            "created_at": NOW,
        }])
    );

    let history = claim["history"].as_array().unwrap();
    for entry in history {
        assert_eq!(
            keys(entry),
            sorted("id,at,actor,field,old_value,new_value,note")
        );
        assert_eq!(entry["at"], NOW);
        assert_eq!(entry["actor"], REVIEWER);
    }
    let fields: Vec<&str> = history
        .iter()
        .map(|entry| entry["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["created", "evidence", "status"]);
    let recorded: Value = serde_json::from_str(history[1]["new_value"].as_str().unwrap()).unwrap();
    assert_eq!(
        recorded, sources[0],
        "the source is kept whole in the history"
    );
    assert_eq!(history[2]["old_value"], "unverified");
    assert_eq!(history[2]["new_value"], "false");
    assert_eq!(history[2]["note"], "No count was ever given.");

    let other = &claims[1];
    assert_eq!(other["evidence"], json!([]));
    assert_eq!(other["notes"], json!([]));
    assert_eq!(other["history"].as_array().unwrap().len(), 1);
}

#[test]
fn output_writes_the_file_and_nothing_on_stdout() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let expected = env.ok(&["export"]);
    assert_eq!(env.ok(&["export", "--output", "claims.csv"]), "");
    assert_eq!(
        std::fs::read_to_string(env.dir().join("claims.csv")).unwrap(),
        expected
    );
    let json_path = env.dir().join("claims.json");
    assert_eq!(
        env.ok(&[
            "export",
            "--format",
            "json",
            "-o",
            json_path.to_str().unwrap()
        ]),
        ""
    );
    assert_eq!(
        std::fs::read_to_string(&json_path).unwrap(),
        env.ok(&["export", "--format", "json"])
    );
}

#[test]
fn output_replaces_an_existing_file_whole() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let path = env.dir().join("claims.csv");
    std::fs::write(&path, "an older, much longer export\n".repeat(1000)).unwrap();
    env.ok(&["export", "--output", "claims.csv"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), env.ok(&["export"]));
}

#[cfg(unix)]
#[test]
fn output_file_gets_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;

    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let reference = env.dir().join("reference.txt");
    std::fs::write(&reference, "x").unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    env.ok(&["export", "--output", "claims.csv"]);
    assert_eq!(
        format!("{:o}", mode(&env.dir().join("claims.csv"))),
        format!("{:o}", mode(&reference)),
        "colleagues must be able to read an export as they can any file"
    );
}

#[test]
fn output_into_a_missing_directory_fails_and_writes_nothing() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let before = files_in(&env);
    let error = env.fails_untouched(&["export", "--output", "no-such-dir/claims.csv"]);
    assert!(error.contains("no-such-dir/claims.csv"), "{error}");
    assert!(
        !error.contains("no-such-dir/.tmp"),
        "the error names a temporary file the user never asked for: {error}"
    );
    assert!(!env.dir().join("no-such-dir").exists());
    assert_eq!(files_in(&env), before);
}

#[test]
fn a_failed_export_leaves_the_existing_file_as_it_was() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let path = env.dir().join("claims.csv");
    std::fs::write(&path, "yesterday's export\n").unwrap();
    let before = files_in(&env);
    assert_eq!(
        env.fails_untouched(&["export", "--since", "2025-02-30", "--output", "claims.csv"]),
        "error: invalid date '2025-02-30' for --since: expected YYYY-MM-DD"
    );
    env.fails_untouched(&["export", "--status", "bogus", "-o", "claims.csv"]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "yesterday's export\n"
    );
    assert_eq!(files_in(&env), before, "no temporary file is left behind");
}

#[test]
fn export_from_a_missing_database_creates_no_file() {
    let env = TestEnv::empty();
    if env.sqlite_only("a missing database file") {
        return;
    }
    let error = env.fails(&["export", "--output", "claims.csv"]);
    assert!(error.contains("does not exist"), "{error}");
    assert!(files_in(&env).is_empty(), "{:?}", files_in(&env));
}

#[test]
fn bad_filters_are_refused_with_one_line() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    assert_eq!(
        env.fails_untouched(&["export", "--status", "bogus"]),
        "error: unknown status 'bogus': expected one of unverified, in-progress, true, \
         mostly-true, half-true, mostly-false, false, misleading, unproven (the default scale)"
    );
    assert_eq!(
        env.fails_untouched(&["export", "--format", "json", "--until", "03/09/2025"]),
        "error: invalid date '03/09/2025' for --until: expected YYYY-MM-DD"
    );
    env.run(&["export", "--format", "table"]).code(2);
}

/// Runs `claims ARGS` like `claims ARGS | head -c 10`: reads ten bytes, closes the pipe, and
/// returns the exit status and standard error.
fn run_into_closed_pipe(env: &TestEnv, args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claims"))
        .env_clear()
        .env("CLAIMS_DB", env.location())
        .env("CLAIMS_NOW", NOW)
        .env("CLAIMS_REVIEWER", REVIEWER)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .current_dir(env.dir())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start claims");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0; 10];
    stdout.read_exact(&mut first).expect("the first bytes");
    drop(stdout);
    let output = child.wait_with_output().expect("claims ends");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let env = TestEnv::new();
    // 50 claims of 9,000 characters: far more than a pipe holds, so writes hit the closed pipe.
    let long = "The wall is being built. ".repeat(360);
    for n in 1..=50 {
        env.add(&format!("{n}: {long}"), "Donald Trump", "2025-09-01");
    }
    for args in [
        &["export"][..],
        &["export", "--format", "json"],
        &["list", "--format", "csv", "--limit", "0"],
        &["list", "--limit", "0"],
    ] {
        let (status, stderr) = run_into_closed_pipe(&env, args);
        assert_eq!(stderr, "", "`claims {}`", args.join(" "));
        assert!(status.success(), "`claims {}`: {status}", args.join(" "));
    }
}

/// A claim whose every text field starts like a spreadsheet formula, with a source and a note.
fn hostile_desk() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "=HYPERLINK(\"http://evil.example\",\"click\") is what he said",
        "--speaker",
        "@SUM(A1)",
        "--date",
        "2025-09-03",
        // (A value that starts with '-' is given with '=', as clap needs.)
        "--context=-2+3 campaign rally",
        "--tag",
        "+tag",
    ]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://example.org/a",
        "--stance",
        "refutes",
        "--title",
        "=cmd|' /C calc'!A0",
        "--note=-1 source disputes it",
    ]);
    env
}

#[test]
fn every_csv_output_neutralises_cells_a_spreadsheet_would_run() {
    let env = hostile_desk();
    let outputs = [
        vec!["export"],
        vec!["list", "--format", "csv"],
        vec!["search", "HYPERLINK", "--format", "csv"],
        vec!["evidence", "list", "1", "--format", "csv"],
        vec!["speakers", "--format", "csv"],
        vec!["stats", "--format", "csv"],
    ];
    for args in outputs {
        let (_, rows) = parse_csv(&env.ok(&args));
        assert!(!rows.is_empty(), "{args:?} wrote no row");
        for cell in rows.iter().flatten() {
            // A plain number (a search score of -0.3) is read as a number, not run.
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "`claims {}` wrote the cell {cell:?}",
                args.join(" ")
            );
        }
    }
    let (_, rows) = parse_csv(&env.ok(&["export"]));
    assert_eq!(
        rows[0][1],
        "'=HYPERLINK(\"http://evil.example\",\"click\") is what he said"
    );
    assert_eq!(rows[0][2], "'@SUM(A1)");
    assert_eq!(rows[0][5], "'-2+3 campaign rally");
    assert_eq!(rows[0][7], "'+tag");
    let (_, evidence) = parse_csv(&env.ok(&["evidence", "list", "1", "--format", "csv"]));
    assert_eq!(evidence[0][3], "'=cmd|' /C calc'!A0");
    assert_eq!(evidence[0][8], "'-1 source disputes it");
}

#[test]
fn raw_writes_cells_as_stored() {
    let env = hostile_desk();
    let (_, rows) = parse_csv(&env.ok(&["export", "--raw"]));
    assert_eq!(
        rows[0][1],
        "=HYPERLINK(\"http://evil.example\",\"click\") is what he said"
    );
    assert_eq!(rows[0][2], "@SUM(A1)");
    let (_, rows) = parse_csv(&env.ok(&["list", "--format", "csv", "--raw"]));
    assert_eq!(rows[0][5], "-2+3 campaign rally");
    let (_, evidence) = parse_csv(&env.ok(&["evidence", "list", "1", "--format", "csv", "--raw"]));
    assert_eq!(evidence[0][8], "-1 source disputes it");
}

#[test]
fn a_neutralised_export_imports_back_exactly() {
    let env = hostile_desk();
    env.ok(&[
        "add",
        "'90s nostalgia is back",
        "--speaker",
        "'Quoted' Name",
        "--date",
        "2025-09-02",
    ]);
    env.ok(&["export", "--output", "claims.csv"]);
    let copy = TestEnv::new();
    std::fs::copy(env.dir().join("claims.csv"), copy.dir().join("claims.csv")).unwrap();
    copy.ok(&["import", "claims.csv"]);
    let (_, original) = parse_csv(&env.ok(&["export", "--raw"]));
    let (_, imported) = parse_csv(&copy.ok(&["export", "--raw"]));
    let columns = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        // text, speaker, said_on, status, context, source_url, tags
        rows.iter().map(|row| row[1..8].to_vec()).collect()
    };
    assert_eq!(columns(&imported), columns(&original));
    assert_eq!(imported[1][1], "'90s nostalgia is back");
}
