//! The rules that every change to a claim follows, whichever command makes it: they live in
//! one operations layer, so `add`, `extract --add` and `import` agree on what is logged
//! already, a forced verdict leaves a trace, a source is cited once, a repeat counts for whoever
//! made it, and a database shared by a desk keeps working across versions.

use serde_json::Value;

use crate::support::TestEnv;

fn history_fields(env: &TestEnv, id: &str) -> Vec<String> {
    let record: Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    record["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["field"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_repeat_counts_in_the_record_of_whoever_made_it() {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-01",
    );
    env.add("The border is secure.", "Pete Hegseth", "2025-09-01");
    env.ok(&[
        "repeat",
        "1",
        "--date",
        "2025-09-02",
        "--speaker",
        "Pete Hegseth",
    ]);
    env.ok(&["repeat", "1", "--date", "2025-09-03"]);
    let rubio = env.ok(&["speaker", "Marco Rubio"]);
    assert!(
        rubio.contains("1 claim, 0 with a verdict; said 2 times in all."),
        "{rubio}"
    );
    let hegseth = env.ok(&["speaker", "Pete Hegseth"]);
    assert!(
        hegseth.contains("1 claim, 0 with a verdict; said 2 times in all."),
        "{hegseth}"
    );
}

#[test]
fn a_forced_verdict_says_so_in_the_history() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&[
        "status",
        "1",
        "false",
        "--force",
        "--note",
        "No source yet.",
    ]);
    assert_eq!(
        history_fields(&env, "1"),
        vec!["created", "forced", "status"]
    );
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains("forced") && shown.contains("citing no evidence"),
        "{shown}"
    );
    // A verdict that cites a source leaves no such entry.
    env.add("Migration has fallen.", "Marco Rubio", "2025-09-02");
    env.attach(2, "https://example.org/cbp", "supports");
    env.ok(&["status", "2", "true", "--force"]);
    assert_eq!(
        history_fields(&env, "2"),
        vec!["created", "evidence", "status"]
    );
    // The reason and the date of the verdict are still the status change's.
    let record: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    let last = record["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["note"], "No source yet.");
}

#[test]
fn a_source_is_attached_to_a_claim_once() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add("The strike was lawful.", "Marco Rubio", "2025-09-02");
    env.attach(1, "https://example.org/strike", "refutes");
    let error = env.fails_untouched(&[
        "evidence",
        "add",
        "1",
        "https://example.org/strike",
        "--stance",
        "supports",
    ]);
    assert_eq!(
        error,
        "error: claim 1 cites https://example.org/strike already, as evidence 1: `claims \
         evidence list 1` shows it; remove it first with `claims evidence rm 1` to attach it again"
    );
    // Another claim may cite it.
    env.attach(2, "https://example.org/strike", "context");
}

#[test]
fn a_merge_says_how_many_claims_move_and_asks_for_yes() {
    let env = TestEnv::new();
    env.add("One.", "Rubio", "2025-09-01");
    env.add("Two things happened.", "Rubio", "2025-09-02");
    env.add("Three.", "Marco Rubio", "2025-09-03");
    let error = env.fails_untouched(&["speaker", "merge", "Rubio", "Marco Rubio"]);
    assert_eq!(
        error,
        "error: merging Rubio into Marco Rubio moves 2 claims to Marco Rubio and retires the \
         name Rubio: run it again with --yes to merge"
    );
    assert_eq!(
        env.ok(&["speaker", "merge", "Rubio", "Marco Rubio", "--yes"]),
        "Merged Rubio into Marco Rubio: 2 claims moved.\n"
    );
}

#[test]
fn show_tells_a_repeat_in_words() {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-01",
    );
    env.ok(&[
        "repeat",
        "1",
        "--date",
        "2025-09-03",
        "--speaker",
        "Pete Hegseth",
    ]);
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.contains("made again by Pete Hegseth on 2025-09-03"),
        "{shown}"
    );
    assert!(!shown.contains("\"speaker\""), "raw JSON in {shown}");
}

#[test]
fn add_reads_the_dates_import_reads() {
    let env = TestEnv::new();
    for (date, read, text) in [
        ("September 3, 2025", "2025-09-03", "Taxes rose by a tenth."),
        ("3 September 2025", "2025-09-03", "The bridge opened late."),
        ("Sep. 2, 2025", "2025-09-02", "Crime fell in the north."),
    ] {
        let id = env.add(text, "Someone", date);
        let claim: Value =
            serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"])).unwrap();
        assert_eq!(claim["said_on"], read, "{date}");
    }
    // Still no guessing: 03/09/2025 is refused, as import refuses it.
    let error = env.fails_untouched(&["add", "X.", "--speaker", "A", "--date", "03/09/2025"]);
    assert!(
        error.contains("invalid date '03/09/2025' for --date"),
        "{error}"
    );
}

#[test]
fn add_and_extract_agree_that_a_short_claim_said_again_is_logged_already() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let error = env.fails_untouched(&[
        "add",
        "all 11 were  killed.",
        "--speaker",
        "donald trump",
        "--date",
        "2025-09-03",
        "--url",
        "https://example.org/speech",
    ]);
    assert_eq!(
        error,
        "error: claim 1 has these words already, by the same speaker: record this as a repeat \
         with `claims repeat 1 --date 2025-09-03 --url https://example.org/speech`, or log it \
         anyway with --new"
    );
    // What extract --add skips, add refuses: the same rule.
    std::fs::write(
        env.dir().join("article.txt"),
        "“All 11 were killed,” Donald Trump said on Tuesday.\n",
    )
    .unwrap();
    let out = env.ok(&[
        "extract",
        "article.txt",
        "--add",
        "--yes",
        "--date",
        "2025-09-03",
        "--min-score",
        "0",
    ]);
    assert!(out.contains("Already logged as claim 1"), "{out}");
    env.ok(&[
        "add",
        "All 11 were killed.",
        "--speaker",
        "Donald Trump",
        "--date",
        "2025-09-03",
        "--new",
    ]);
}

/// Sets the database's schema version as another `claims` would have left it.
fn set_schema(env: &TestEnv, user_version: i64, needs: Option<&str>) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "user_version", user_version)
        .unwrap();
    if let Some(release) = needs {
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('needs_claims', ?)",
            [release],
        )
        .unwrap();
    }
}

#[test]
fn a_newer_minor_schema_is_used_as_it_is_and_a_newer_major_names_what_to_install() {
    let env = TestEnv::new();
    if env.sqlite_only("setting the file's user_version") {
        return;
    }
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    // A desk-mate's newer claims added to the schema (6.4, this one knows 6.3): this one reads
    // and writes it.
    set_schema(&env, 6004, None);
    env.ok(&["list"]);
    env.add("Migration has fallen.", "Marco Rubio", "2025-09-03");
    env.ok(&["note", "1", "Asked the Pentagon."]);
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("6.4, newer than this claims"), "{doctor}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let kept: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(kept, 6004, "the newer minor is kept, not rolled back");
    drop(conn);
    // A newer major changed what this claims relies on: refused, with what to install.
    set_schema(&env, 7000, Some("0.9.0"));
    let error = env.fails(&["list"]);
    assert!(
        error.contains("schema version 7, newer than this claims knows (6.3)")
            && error.contains("install claims 0.9.0 or newer"),
        "{error}"
    );
}
