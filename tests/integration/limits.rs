//! Limits instead of exhaustion, and the last claim id: every file read whole is read only up
//! to a limit (a device that never ends is an error at the limit, not a process that eats all
//! the memory), a scale's labels are short and drawn in linear time, ids stop at 2^53 - 1 with
//! a clear message and a doctor's finding, and the messages of a few mistakes say what to do.

use rusqlite::Connection;

use crate::support::TestEnv;

/// The last claim id, 2^53 - 1.
const LAST_ID: i64 = 9_007_199_254_740_991;

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

#[test]
fn a_file_id_that_leaves_no_room_is_refused_with_its_line() {
    let env = TestEnv::new();
    for id in ["9223372036854775807", "9223372036854775808", &LAST_ID.to_string()] {
        write(&env, "big.csv", &format!("id,text,speaker\n7,A claim.,Someone\n{id},Another claim.,Someone\n"));
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
        &claim("evidence", serde_json::json!({"id": -4, "url": "https://example.org/a"})),
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
    write(
        &env,
        "near.csv",
        &format!("id,text,speaker\n{},The one before the last.,Someone\n", LAST_ID - 1),
    );
    env.ok(&["import", "near.csv"]);
    assert!(env.ok(&["doctor"]).contains(&format!("the next claim gets id {LAST_ID}")));
    assert_eq!(env.add("The last one.", "Someone", "2025-09-02"), LAST_ID);

    let db = env.db().display().to_string();
    let no_id_left = format!(
        "database '{db}' has no claim id left: its largest claim id is {LAST_ID}, and claim ids \
         stop at {LAST_ID}; nothing was written (`claims doctor` says how to move the claims to \
         a new database)"
    );
    let error = env.fails_untouched(&["add", "One too many.", "--speaker", "Someone", "--date", "2025-09-02"]);
    assert_eq!(error, format!("error: {no_id_left}"));
    write(&env, "more.csv", "text,speaker\nOne too many.,Someone\n");
    let error = env.fails_untouched(&["import", "more.csv"]);
    assert_eq!(error, format!("error: line 2: cannot store the claim: {no_id_left}"));

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
    let stdout = env.ok(&[
        "--db", "new.db", "add", "One too many.", "--speaker", "Someone", "--date", "2025-09-02",
    ]);
    assert_eq!(stdout.lines().next(), Some("Logged claim 3."), "{stdout}");
}

#[test]
fn a_deleted_claim_past_the_last_id_blocks_with_a_clear_message() {
    // The case, as a database written before the limit holds it: a claim imported
    // with id 2^63 - 1 and deleted. Adding failed with "datatype mismatch" while doctor said
    // all was well.
    let env = TestEnv::new();
    env.add("A claim to keep.", "Someone", "2025-09-01");
    Connection::open(env.db())
        .unwrap()
        .execute_batch(
            "INSERT INTO history (claim_id, at, actor, field, old_value) VALUES \
             (9223372036854775807, '2025-09-02T00:00:00Z', 'tester', 'deleted', '{}')",
        )
        .unwrap();
    let error = env.fails_untouched(&["add", "Another.", "--speaker", "Someone", "--date", "2025-09-02"]);
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