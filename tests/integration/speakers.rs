//! `claims speakers` and `claims speaker`: records, renames and merges, with nothing lost.

use serde_json::{Value, json};

use crate::support::TestEnv;

/// Rubio (three claims, one repeated twice, one false) and "Rubio" (the same man, one claim).
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-01",
    );
    env.add(
        "It's the closest cooperation we've ever had.",
        "Marco Rubio",
        "2025-09-02",
    );
    env.add(
        "The strike was legal under exigent circumstances.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.ok(&["status", "2", "false", "--force"]);
    env.ok(&["repeat", "1", "--date", "2025-09-02"]);
    env.ok(&["repeat", "1", "--date", "2025-09-03"]);
    env.add(
        "The border is closed to all illegal crossings.",
        "Rubio",
        "2025-09-03",
    );
    env.ok(&["repeat", "4", "--date", "2025-09-04"]);
    env
}

#[test]
fn speakers_lists_each_one_s_claims_by_status() {
    let env = desk();
    let table = env.ok(&["speakers"]);
    assert!(
        table.contains("│ Marco Rubio ┆     3 ┆          2 ┆     1 │"),
        "{table}"
    );
    assert!(
        table.contains("│ Rubio       ┆     1 ┆          1 ┆     0 │"),
        "{table}"
    );
    assert!(table.ends_with("2 speakers.\n"), "{table}");
    let json: Value = serde_json::from_str(&env.ok(&["speakers", "--format", "json"])).unwrap();
    assert_eq!(
        json[0],
        json!({"speaker": "Marco Rubio", "total": 3, "by_status": [
            {"status": "unverified", "claims": 2}, {"status": "false", "claims": 1}]})
    );
    assert_eq!(
        env.ok(&["speakers", "--format", "csv"]),
        "speaker,status,claims\nMarco Rubio,unverified,2\nMarco Rubio,false,1\nRubio,unverified,1\n"
    );
    assert_eq!(
        TestEnv::new().ok(&["speakers"]),
        "No speakers yet: `claims add` logs a claim and its speaker.\n"
    );
}

#[test]
fn a_speaker_s_record_has_a_chart_the_most_repeated_and_the_latest() {
    let env = desk();
    let record = env.ok(&["speaker", "  MARCO rubio "]);
    assert!(
        record.starts_with(
            "Marco Rubio\n3 claims, 1 with a verdict; said 5 times in all.\n\nBy status\n\
             \x20 unverified       ############################## 2\n\
             \x20 false            ############### 1\n"
        ),
        "{record}"
    );
    assert!(record.contains("\nMost repeated\n"), "{record}");
    assert!(
        record.contains("│  1 ┆    3 ┆ 2025-09-01 ┆ unverified ┆ Migration has fallen"),
        "{record}"
    );
    let latest = record.split("\nLatest\n").nth(1).unwrap();
    let first_row = latest.lines().nth(3).unwrap();
    assert!(first_row.contains("│  3 ┆ 2025-09-03"), "{latest}");
    let error = env.fails(&["speaker", "Nobody"]);
    assert_eq!(
        error,
        "error: no speaker named 'Nobody': `claims speakers` lists them"
    );
}

#[test]
fn on_a_terminal_the_chart_is_drawn_in_blocks() {
    let env = desk();
    if let Some(screen) = env.on_a_terminal(&["speaker", "Marco Rubio"], true) {
        assert!(
            screen.contains("unverified       ██████████████████████████████ 2"),
            "{screen}"
        );
        assert!(!screen.contains('#'), "{screen}");
    }
}

#[test]
fn rename_keeps_every_claim_and_records_it() {
    let env = desk();
    let before = env.export_json();
    assert_eq!(
        env.ok(&["speaker", "rename", "marco rubio", "Marco Antonio Rubio"]),
        "Renamed Marco Rubio to Marco Antonio Rubio: 3 claims kept.\n"
    );
    let after = env.export_json();
    for (old, new) in before
        .as_array()
        .unwrap()
        .iter()
        .zip(after.as_array().unwrap())
    {
        assert_eq!(old["text"], new["text"]);
        assert_eq!(old["status"], new["status"]);
        assert_eq!(
            old["appearances"].as_array().unwrap().len(),
            new["appearances"].as_array().unwrap().len()
        );
    }
    assert_eq!(after[0]["speaker"], "Marco Antonio Rubio");
    let last = after[0]["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            &last["field"],
            &last["old_value"],
            &last["new_value"],
            &last["note"]
        ),
        (
            &json!("speaker"),
            &json!("Marco Rubio"),
            &json!("Marco Antonio Rubio"),
            &json!("speaker renamed")
        )
    );
    // A rename to another speaker's name is a merge, and says so.
    let error = env.fails_untouched(&["speaker", "rename", "Rubio", "marco antonio rubio"]);
    assert_eq!(
        error,
        "error: 'Marco Antonio Rubio' is another speaker already: to make them one, `claims \
         speaker merge \"Rubio\" \"Marco Antonio Rubio\"`"
    );
    // Fixing only the spelling of a name is a rename too.
    assert_eq!(
        env.ok(&["speaker", "rename", "Rubio", "RUBIO"]),
        "Renamed Rubio to RUBIO: 1 claim kept.\n"
    );
}

#[test]
fn merge_moves_claims_and_repeats_and_removes_the_other_name() {
    let env = desk();
    assert_eq!(
        env.ok(&["speaker", "merge", "Rubio", "Marco Rubio", "--yes"]),
        "Merged Rubio into Marco Rubio: 1 claim moved.\n"
    );
    let claims = env.export_json();
    assert!(
        claims
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["speaker"] == "Marco Rubio")
    );
    assert_eq!(claims[3]["appearances"][0]["speaker"], "Marco Rubio");
    assert_eq!(
        claims[3]["history"].as_array().unwrap().last().unwrap()["note"],
        "speakers merged"
    );
    let error = env.fails(&["speaker", "Rubio"]);
    assert!(error.contains("no speaker named 'Rubio'"), "{error}");
    // The merged claim is found again under its speaker's name.
    let csv = env.dir().join("again.csv");
    std::fs::write(
        &csv,
        "text,speaker\nThe border is closed to all illegal crossings.,Marco Rubio\n",
    )
    .unwrap();
    let stdout = env.ok(&["import", csv.to_str().unwrap()]);
    assert!(
        stdout.contains("1 row repeats a claim already logged"),
        "{stdout}"
    );
    let error = env.fails_untouched(&["speaker", "merge", "marco rubio", "Marco  Rubio"]);
    assert!(error.contains("are the same speaker already"), "{error}");
    let error = env.fails_untouched(&["speaker", "merge", "Nobody", "Marco Rubio"]);
    assert!(error.contains("no speaker named 'Nobody'"), "{error}");
}
