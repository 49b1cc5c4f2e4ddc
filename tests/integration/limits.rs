//! Limits instead of exhaustion, and the last claim id: every file read whole is read only up
//! to a limit (a device that never ends is an error at the limit, not a process that eats all
//! the memory), a scale's labels are short and drawn in linear time, ids stop at 2^53 - 1 with
//! a clear message and a doctor's finding, and the messages of a few mistakes say what to do.

use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::support::TestEnv;

/// The last claim id, 2^53 - 1.
const LAST_ID: i64 = 9_007_199_254_740_991;

/// A claim added to a database that may have no id left for it.
const ONE_MORE: [&str; 6] = [
    "add",
    "One too many.",
    "--speaker",
    "Someone",
    "--date",
    "2025-09-02",
];

/// How long a command that hits a limit may take, even unoptimised on a busy machine.
const IN_TIME: Duration = Duration::from_secs(60);

/// Runs `claims ARGS` expecting a user error within `IN_TIME` (a command that reads on and on
/// is killed then): one `error: ` line, exit 1, nothing on stdout, the database unchanged.
/// Returns the line.
fn fails_in_time(env: &TestEnv, args: &[&str]) -> String {
    let before = env.db().exists().then(|| env.export_json());
    let output = env
        .cmd()
        .args(args)
        .timeout(IN_TIME)
        .output()
        .expect("run claims");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "`claims {args:?}`: {stderr:?}"
    );
    assert!(
        stderr.starts_with("error: ") && stderr.lines().count() == 1,
        "expected one error line, got {stderr:?}"
    );
    assert!(
        output.stdout.is_empty(),
        "a failed command printed to stdout"
    );
    if let Some(before) = before {
        assert_eq!(
            before,
            env.export_json(),
            "`claims {args:?}` changed the database"
        );
    }
    stderr.trim_end().to_string()
}

/// Writes `text` to the file `name` in the test's folder.
fn write(env: &TestEnv, name: &str, text: &str) {
    std::fs::write(env.dir().join(name), text).expect("write a test file");
}

/// `claims doctor`'s report and error line, on a table wide enough to keep each finding on one
/// line.
fn doctor_finds_problems(env: &TestEnv) -> (String, String) {
    let output = env
        .cmd()
        .arg("doctor")
        .env("COLUMNS", "1000")
        .assert()
        .code(1)
        .get_output()
        .clone();
    (
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// A database with one claim in it, for a test that reads `/dev/zero`; `None`, and the test
/// says it is skipped, where there is none.
fn desk_with_dev_zero() -> Option<TestEnv> {
    if !std::path::Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero on this system");
        return None;
    }
    let env = TestEnv::new();
    env.add("A claim to keep.", "Someone", "2025-09-01");
    Some(env)
}

#[test]
fn scale_files_that_never_end_are_refused_at_one_mib() {
    let Some(env) = desk_with_dev_zero() else {
        return;
    };
    for args in [
        &["scale", "show", "/dev/zero"][..],
        &["scale", "use", "/dev/zero"][..],
    ] {
        let error = fails_in_time(&env, args);
        assert_eq!(
            error,
            "error: '/dev/zero' is larger than 1 MiB, the most claims reads of a scale file: \
             check that it is the right file"
        );
    }
    let fresh = TestEnv::empty();
    let error = fails_in_time(&fresh, &["init", "--scale", "/dev/zero"]);
    assert!(error.contains("larger than 1 MiB"), "{error}");
    assert!(!fresh.db().exists(), "init made a database all the same");
}

#[test]
fn a_claimreview_feed_that_never_ends_is_refused_at_256_mib() {
    let Some(env) = desk_with_dev_zero() else {
        return;
    };
    let error = fails_in_time(&env, &["import", "/dev/zero", "--format", "claimreview"]);
    assert_eq!(
        error,
        "error: 'zero' is larger than 256 MiB, the most claims reads of a ClaimReview feed: \
         split it into smaller feeds"
    );
    // The other formats stream: a line or a record at a time, each with its own limit.
    for format in ["csv", "tsv", "jsonl", "json"] {
        fails_in_time(&env, &["import", "/dev/zero", "--format", format]);
    }
}

#[test]
fn a_scale_file_that_is_not_utf8_or_a_folder_says_so() {
    let env = TestEnv::new();
    std::fs::write(env.dir().join("latin1.toml"), b"name = \"caf\xe9\"\n").unwrap();
    let error = env.fails_untouched(&["scale", "use", "latin1.toml"]);
    assert_eq!(
        error,
        "error: 'latin1.toml' is not UTF-8 text (an invalid byte at offset 11): save it as \
         UTF-8 plain text"
    );
    std::fs::create_dir(env.dir().join("scales")).unwrap();
    let error = env.fails_untouched(&["scale", "show", "scales"]);
    assert_eq!(
        error,
        "error: 'scales' is a folder, not a file: give the path of a scale file"
    );
}

/// A scale file of one verdict.
fn scale_file(name: &str, label: &str) -> String {
    serde_json::json!({
        "name": "long",
        "verdicts": [
            {"name": name, "label": label, "position": 2},
            {"name": "wrong", "label": "Wrong", "position": 1},
        ],
    })
    .to_string()
}

#[test]
fn labels_and_verdict_names_are_limited_to_200_characters() {
    let env = TestEnv::new();
    env.add("A claim to keep.", "Someone", "2025-09-01");
    write(&env, "fine.json", &scale_file("right", &"L".repeat(200)));
    assert!(
        env.ok(&["scale", "show", "fine.json"])
            .contains("long scale")
    );

    write(
        &env,
        "label.json",
        &scale_file("right", &"L".repeat(400_000)),
    );
    for command in ["show", "use"] {
        let error = fails_in_time(&env, &["scale", command, "label.json"]);
        assert_eq!(
            error,
            format!(
                "error: invalid scale file 'label.json': the label of 'right' ('{}…') is \
                 400000 characters long, over the limit of 200: shorten it",
                "L".repeat(29)
            )
        );
    }
    let name = ["a"; 101].join("-");
    write(&env, "name.json", &scale_file(&name, "Right"));
    let error = fails_in_time(&env, &["scale", "use", "name.json"]);
    assert!(
        error.contains("a verdict's name ('a-a-a-")
            && error.contains("is 201 characters long, over the limit of 200"),
        "{error}"
    );
}

#[test]
fn a_long_label_already_in_a_database_is_drawn_in_linear_time() {
    // A database written before labels had a limit can hold one of any length. comfy-table
    // alone took minutes over 400,000 characters without a space (unoptimised): quadratic.
    let env = TestEnv::new();
    if env.sqlite_only("writing to the file behind claims' back") {
        return;
    }
    let label = "Q".repeat(400_000);
    Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE statuses SET label = ? WHERE name = 'true'",
            [&label],
        )
        .unwrap();
    let started = Instant::now();
    let output = env
        .cmd()
        .args(["scale", "show"])
        .env("COLUMNS", "80")
        .timeout(IN_TIME)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let shown = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        shown.matches('Q').count(),
        400_000,
        "the whole label is shown, in lines"
    );
    assert!(
        shown.lines().all(|line| line.chars().count() <= 80),
        "the table fits in 80 columns"
    );
    eprintln!(
        "scale show of a 400,000-character label: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_id_that_leaves_no_room_is_refused_with_its_line() {
    let env = TestEnv::new();
    for id in [
        "9223372036854775807",
        "9223372036854775808",
        &LAST_ID.to_string(),
    ] {
        write(
            &env,
            "big.csv",
            &format!("id,text,speaker\n7,A claim.,Someone\n{id},Another claim.,Someone\n"),
        );
        let error = env.fails_untouched(&["import", "big.csv"]);
        assert_eq!(
            error,
            format!(
                "error: line 3, column 'id': claim id {id} leaves no room for new ones: ids in \
                 a file must be below 9007199254740991 (2^53 - 1, the largest whole number a \
                 JSON reader keeps exactly); leave the claims' ids out (--map id=) to have new \
                 ones given; nothing was imported (fix the file, or pass --skip-bad \
                 REJECTS.csv to import the good rows and set the bad ones aside)"
            )
        );
    }
    // As the message says, the claims get new ids without the file's.
    env.ok(&["import", "big.csv", "--map", "id="]);
    assert_eq!(env.add("The next one.", "Someone", "2025-09-02"), 3);
}

#[test]
fn ids_of_sources_notes_repeats_and_history_leave_room_too() {
    let env = TestEnv::new();
    let claim = |key: &str, item: serde_json::Value| {
        let mut claim = serde_json::json!({"text": "A claim.", "speaker": "Someone"});
        claim[key] = serde_json::json!([item]);
        serde_json::Value::Array(vec![claim]).to_string()
    };
    let cases = [
        (
            "evidence",
            "source",
            serde_json::json!({"id": LAST_ID, "url": "https://example.org/a"}),
        ),
        (
            "notes",
            "note",
            serde_json::json!({"id": LAST_ID, "text": "A note.", "author": "x",
                               "created_at": "2025-09-01T00:00:00Z"}),
        ),
        (
            "appearances",
            "repeat",
            serde_json::json!({"id": LAST_ID, "speaker": "Someone",
                               "created_at": "2025-09-01T00:00:00Z"}),
        ),
        (
            "history",
            "history entry",
            serde_json::json!({"id": LAST_ID, "at": "2025-09-01T00:00:00Z", "actor": "x",
                               "field": "created"}),
        ),
    ];
    for (key, what, item) in cases {
        write(&env, "one.json", &claim(key, item));
        let error = env.fails_untouched(&["import", "one.json"]);
        assert!(
            error.starts_with(&format!(
                "error: record 1, field '{key}': {what} id {LAST_ID} leaves no room for new \
                 ones: ids in a file must be below {LAST_ID}"
            )),
            "{error}"
        );
    }
    write(
        &env,
        "negative.json",
        &claim(
            "evidence",
            serde_json::json!({"id": -4, "url": "https://example.org/a"}),
        ),
    );
    let error = env.fails_untouched(&["import", "negative.json"]);
    assert!(
        error.contains("field 'evidence': invalid source id -4: expected a whole number above 0"),
        "{error}"
    );
}

#[test]
fn the_last_id_is_given_and_then_adding_says_no_id_is_left() {
    let env = TestEnv::new();
    if env.sqlite_only("writing to the file behind claims' back") {
        return;
    }
    write(
        &env,
        "near.csv",
        &format!(
            "id,text,speaker\n{},The one before the last.,Someone\n",
            LAST_ID - 1
        ),
    );
    env.ok(&["import", "near.csv"]);
    assert!(
        env.ok(&["doctor"])
            .contains(&format!("the next claim gets id {LAST_ID}"))
    );
    assert_eq!(env.add("The last one.", "Someone", "2025-09-02"), LAST_ID);

    let db = env.db().display().to_string();
    let no_id_left = format!(
        "database '{db}' has no claim id left: its largest claim id is {LAST_ID}, and claim ids \
         stop at {LAST_ID}; nothing was written (`claims doctor` says how to move the claims to \
         a new database)"
    );
    let error = env.fails_untouched(&ONE_MORE);
    assert_eq!(error, format!("error: {no_id_left}"));
    write(&env, "more.csv", "text,speaker\nOne too many.,Someone\n");
    let error = env.fails_untouched(&["import", "more.csv"]);
    assert_eq!(
        error,
        format!("error: line 2: cannot store the claim: {no_id_left}")
    );

    let (report, stderr) = doctor_finds_problems(&env);
    let row = report
        .lines()
        .find(|line| line.contains("ids for new claims"))
        .expect("a row for the claim ids");
    assert!(row.contains("PROBLEM"), "{report}");
    assert!(report.contains("no claim can be added"), "{report}");
    assert!(stderr.contains("ids for new claims"), "{stderr}");

    // The way out doctor gives: the claims, in a new database, under new ids.
    let json = env.ok(&["export", "--format", "json"]);
    write(&env, "all.json", &json);
    env.ok(&["--db", "new.db", "init"]);
    env.ok(&["--db", "new.db", "import", "all.json", "--map", "id="]);
    let stdout = env.ok(&[&["--db", "new.db"][..], &ONE_MORE].concat());
    assert_eq!(stdout.lines().next(), Some("Logged claim 3."), "{stdout}");
}

#[test]
fn a_deleted_claim_past_the_last_id_blocks_with_a_clear_message() {
    // The case, as a database written before the limit holds it: a claim imported
    // with id 2^63 - 1 and deleted. Adding failed with "datatype mismatch" while doctor said
    // all was well.
    let env = TestEnv::new();
    if env.sqlite_only("writing to the file behind claims' back") {
        return;
    }
    env.add("A claim to keep.", "Someone", "2025-09-01");
    Connection::open(env.db())
        .unwrap()
        .execute_batch(
            "INSERT INTO history (claim_id, at, actor, field, old_value) VALUES \
             (9223372036854775807, '2025-09-02T00:00:00Z', 'tester', 'deleted', '{}')",
        )
        .unwrap();
    let error = env.fails_untouched(&ONE_MORE);
    assert!(
        error.contains("has no claim id left: its largest claim id is 9223372036854775807"),
        "{error}"
    );
    assert!(!error.contains("datatype mismatch"), "{error}");
    let (report, _) = doctor_finds_problems(&env);
    assert!(
        report.contains("the largest claim id is 9223372036854775807"),
        "{report}"
    );
}

#[test]
fn importing_a_folder_names_it_and_asks_for_a_file() {
    let env = TestEnv::new();
    env.add("A claim to keep.", "Someone", "2025-09-01");
    std::fs::create_dir(env.dir().join("exports")).unwrap();
    for format in ["csv", "tsv", "json", "jsonl"] {
        let error = env.fails_untouched(&["import", "exports", "--format", format]);
        assert_eq!(
            error, "error: 'exports' is a folder, not a file: give the path of the file to import",
            "--format {format}"
        );
    }
    // With no --format, the folder is named before its name is asked for a format.
    assert_eq!(
        env.fails_untouched(&["import", "exports"]),
        "error: 'exports' is a folder, not a file: give the path of the file to import"
    );
    let error = env.fails_untouched(&["import", "exports", "--format", "claimreview"]);
    assert_eq!(
        error,
        "error: 'exports' is a folder, not a file: give the path of a ClaimReview feed"
    );
}

#[test]
fn a_query_may_start_with_a_word_to_leave_out() {
    let env = TestEnv::new();
    env.add("The wall on the border works.", "Someone", "2025-09-01");
    env.add("The border is open.", "Someone Else", "2025-09-01");
    let ids = |args: &[&str]| -> Vec<String> {
        let (_, rows) = crate::support::parse_csv(&env.ok(args));
        rows.into_iter().map(|row| row[0].clone()).collect()
    };
    assert_eq!(ids(&["search", "-wall border", "--format", "csv"]), ["2"]);
    assert_eq!(ids(&["search", "--format", "csv", "-wall border"]), ["2"]);
    assert_eq!(
        ids(&["search", "--limit", "1", "--format", "csv", "-open border"]),
        ["1"]
    );
    assert_eq!(
        ids(&["search", "--format", "csv", "--", "-wall border"]),
        ["2"]
    );
    assert!(
        env.ok(&["search", "--help"])
            .contains("Usage: claims search")
    );
    // A misspelt flag is still a usage error, not a search.
    let output = env
        .run(&["search", "--limt", "5"])
        .code(2)
        .get_output()
        .clone();
    assert!(output.stdout.is_empty());
    let output = env.run(&["search", "--bogus"]).code(2).get_output().clone();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no such option"),
        "{output:?}"
    );
}

#[test]
fn a_header_naming_a_column_twice_is_refused() {
    let env = TestEnv::new();
    env.add("A claim to keep.", "Someone", "2025-09-01");
    write(
        &env,
        "twice.csv",
        "text,text,speaker\nOne claim.,Another claim.,Someone\n",
    );
    assert_eq!(
        env.fails_untouched(&["import", "twice.csv"]),
        "error: the header names column 'text' twice (columns 1 and 2): rename or remove one, \
         so that it is clear which to read"
    );
    write(
        &env,
        "case.csv",
        "speaker,Text, text \nSomeone,One claim.,Another claim.\n",
    );
    assert_eq!(
        env.fails_untouched(&["import", "case.csv"]),
        "error: the header names column 'text' twice (column 2 'Text' and column 3 ' text ', \
         as case and spaces do not count): rename or remove one, so that it is clear which to \
         read"
    );
    write(
        &env,
        "mapped.csv",
        "said,said,who\nOne claim.,Another claim.,Someone\n",
    );
    let error = env.fails_untouched(&[
        "import",
        "mapped.csv",
        "--map",
        "text=said",
        "--map",
        "speaker=who",
    ]);
    assert!(
        error.contains("names column 'said' twice (columns 1 and 2)"),
        "{error}"
    );
    // Columns nothing reads may share a name, as a spreadsheet's empty trailing ones do.
    write(
        &env,
        "spare.csv",
        "text,speaker,,\nA new claim.,Someone,,\n",
    );
    assert!(
        env.ok(&["import", "spare.csv"])
            .starts_with("Imported 1 claim")
    );
}
