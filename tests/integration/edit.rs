//! `claims edit`: correcting each field of a claim, and the history every change leaves.

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv};

/// When the edits in these tests happen: an hour after the claims were logged.
const LATER: &str = "2025-09-04T13:00:00Z";

/// `show ID --format json`, parsed.
fn show(env: &TestEnv, id: i64) -> Value {
    serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"]))
        .expect("show prints JSON")
}

/// Runs `claims edit ARGS` at `LATER` and returns its standard output.
fn edit_later(env: &TestEnv, args: &[&str]) -> String {
    let output = env
        .cmd()
        .env("CLAIMS_NOW", LATER)
        .arg("edit")
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// The history entries of a claim after the `created` one.
fn changes(env: &TestEnv, id: i64) -> Vec<Value> {
    let history = show(env, id)["history"].as_array().unwrap().clone();
    assert_eq!(history[0]["field"], "created");
    history[1..].to_vec()
}

/// A history entry as `edit` records it: at `LATER`, by the reviewer, with no note.
fn change(id: i64, field: &str, old: Value, new: Value) -> Value {
    json!({
        "id": id,
        "at": LATER,
        "actor": REVIEWER,
        "field": field,
        "old_value": old,
        "new_value": new,
        "note": null,
    })
}

/// A claim with every optional field set.
fn full_claim(env: &TestEnv) -> i64 {
    env.ok(&[
        "add",
        "All 11 were killed.",
        "--speaker",
        "Donald Trump",
        "--date",
        "2025-09-02",
        "--context",
        "Oval Office remarks",
        "--url",
        "https://apnews.com/article/strike",
        "--tag",
        "caribbean",
    ]);
    1
}

#[test]
fn editing_the_text_records_old_and_new() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--text", "All 11 were killed, he said."]),
        "Updated claim 1: text.\n"
    );
    let claim = show(&env, id);
    assert_eq!(claim["text"], "All 11 were killed, he said.");
    assert_eq!(claim["created_at"], NOW);
    assert_eq!(claim["updated_at"], LATER);
    assert_eq!(
        changes(&env, id),
        vec![change(
            2,
            "text",
            json!("All 11 were killed."),
            json!("All 11 were killed, he said.")
        )]
    );
}

#[test]
fn editing_the_text_from_standard_input() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    let output = env
        .cmd()
        .args(["edit", "1", "--text", "-"])
        .write_stdin("Eleven were killed.\nAll of them.\n")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Updated claim 1: text.\n"
    );
    assert_eq!(show(&env, id)["text"], "Eleven were killed.\nAll of them.");
}

#[test]
fn editing_the_speaker_records_old_and_new() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--speaker", "Pete Hegseth"]),
        "Updated claim 1: speaker.\n"
    );
    assert_eq!(show(&env, id)["speaker"], "Pete Hegseth");
    assert_eq!(
        changes(&env, id),
        vec![change(
            2,
            "speaker",
            json!("Donald Trump"),
            json!("Pete Hegseth")
        )]
    );
}

#[test]
fn the_same_speaker_spelled_differently_is_no_change() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--speaker", " donald   TRUMP "]),
        "Claim 1 unchanged: it already has those values.\n"
    );
    let claim = show(&env, id);
    assert_eq!(claim["speaker"], "Donald Trump");
    assert_eq!(claim["updated_at"], NOW);
    assert_eq!(changes(&env, id), Vec::<Value>::new());
}

#[test]
fn moving_a_claim_to_an_existing_speaker_uses_that_speakers_spelling() {
    let env = TestEnv::new();
    env.add("first", "Marco Rubio", "2025-09-03");
    let id = env.add("second", "Someone Else", "2025-09-03");
    edit_later(&env, &[&id.to_string(), "--speaker", "marco rubio"]);
    assert_eq!(show(&env, id)["speaker"], "Marco Rubio");
    let stats: Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).expect("stats is JSON");
    assert_eq!(stats["by_speaker"][0]["speaker"], "Marco Rubio");
    assert_eq!(stats["by_speaker"][0]["total"], 2);
    assert_eq!(stats["by_speaker"].as_array().unwrap().len(), 1);
}

#[test]
fn editing_the_date_records_old_and_new() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--date", "yesterday"]),
        "Updated claim 1: said_on.\n"
    );
    assert_eq!(show(&env, id)["said_on"], "2025-09-03");
    assert_eq!(
        changes(&env, id),
        vec![change(
            2,
            "said_on",
            json!("2025-09-02"),
            json!("2025-09-03")
        )]
    );
}

#[test]
fn editing_the_context_and_url_records_old_and_new() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(
            &env,
            &[
                "1",
                "--context",
                "Truth Social post",
                "--url",
                "https://truthsocial.com/@realDonaldTrump/1"
            ]
        ),
        "Updated claim 1: context, source_url.\n"
    );
    let claim = show(&env, id);
    assert_eq!(claim["context"], "Truth Social post");
    assert_eq!(
        claim["source_url"],
        "https://truthsocial.com/@realDonaldTrump/1"
    );
    assert_eq!(
        changes(&env, id),
        vec![
            change(
                2,
                "context",
                json!("Oval Office remarks"),
                json!("Truth Social post")
            ),
            change(
                3,
                "source_url",
                json!("https://apnews.com/article/strike"),
                json!("https://truthsocial.com/@realDonaldTrump/1")
            ),
        ]
    );
}

#[test]
fn an_empty_context_or_url_clears_it() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--context", "", "--url", "  "]),
        "Updated claim 1: context, source_url.\n"
    );
    let claim = show(&env, id);
    assert_eq!(claim["context"], Value::Null);
    assert_eq!(claim["source_url"], Value::Null);
    assert_eq!(
        changes(&env, id),
        vec![
            change(2, "context", json!("Oval Office remarks"), Value::Null),
            change(
                3,
                "source_url",
                json!("https://apnews.com/article/strike"),
                Value::Null
            ),
        ]
    );
    // Clearing what is already clear changes nothing.
    assert_eq!(
        edit_later(&env, &["1", "--context", "", "--url", ""]),
        "Claim 1 unchanged: it already has those values.\n"
    );
    assert_eq!(changes(&env, id).len(), 2);
}

#[test]
fn tags_are_added_and_removed_one_history_entry_each() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(
            &env,
            &[
                "1",
                "--tag",
                "Venezuela",
                "--tag",
                "military",
                "--untag",
                "CARIBBEAN"
            ]
        ),
        "Updated claim 1: tags.\n"
    );
    assert_eq!(show(&env, id)["tags"], json!(["military", "venezuela"]));
    assert_eq!(
        changes(&env, id),
        vec![
            change(2, "tag", Value::Null, json!("venezuela")),
            change(3, "tag", Value::Null, json!("military")),
            change(4, "tag", json!("caribbean"), Value::Null),
        ]
    );
}

#[test]
fn adding_a_tag_it_has_or_removing_one_it_lacks_changes_nothing() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--tag", "Caribbean", "--untag", "nowhere"]),
        "Claim 1 unchanged: it already has those values.\n"
    );
    let claim = show(&env, id);
    assert_eq!(claim["tags"], json!(["caribbean"]));
    assert_eq!(claim["updated_at"], NOW);
    assert_eq!(changes(&env, id), Vec::<Value>::new());
}

#[test]
fn a_tag_added_and_removed_in_one_edit_changes_nothing() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--tag", "new-topic", "--untag", "New-Topic"]),
        "Claim 1 unchanged: it already has those values.\n"
    );
    assert_eq!(show(&env, id)["tags"], json!(["caribbean"]));
    assert_eq!(changes(&env, id), Vec::<Value>::new());
}

#[test]
fn every_field_at_once_lists_every_change() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    let stdout = edit_later(
        &env,
        &[
            "1",
            "--text",
            "Eleven were killed.",
            "--speaker",
            "Pete Hegseth",
            "--date",
            "2025-09-01",
            "--context",
            "Press briefing",
            "--url",
            "http://example.org/briefing",
            "--tag",
            "venezuela",
        ],
    );
    assert_eq!(
        stdout,
        "Updated claim 1: text, said_on, context, source_url, speaker, tags.\n"
    );
    let fields: Vec<Value> = changes(&env, id)
        .iter()
        .map(|entry| entry["field"].clone())
        .collect();
    assert_eq!(
        fields,
        vec![
            json!("text"),
            json!("said_on"),
            json!("context"),
            json!("source_url"),
            json!("speaker"),
            json!("tag"),
        ]
    );
    assert!(
        changes(&env, id)
            .iter()
            .all(|entry| entry["at"] == LATER && entry["actor"] == REVIEWER),
        "one edit, one time and one author"
    );
}

#[test]
fn an_edit_that_changes_nothing_says_so_and_records_nothing() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    let before = env.export_json();
    assert_eq!(
        edit_later(
            &env,
            &[
                "1",
                "--text",
                "  All 11 were killed.  ",
                "--date",
                "2025-09-02",
                "--context",
                "Oval Office remarks",
                "--url",
                "https://apnews.com/article/strike",
            ]
        ),
        "Claim 1 unchanged: it already has those values.\n"
    );
    assert_eq!(env.export_json(), before, "not even updated_at moved");
    assert_eq!(show(&env, id)["updated_at"], NOW);
}

#[test]
fn an_unknown_id_fails_untouched() {
    let env = TestEnv::new();
    full_claim(&env);
    assert_eq!(
        env.fails_untouched(&["edit", "42", "--text", "something"]),
        "error: no claim with id 42: `claims list` shows the ids"
    );
}

#[test]
fn bad_values_fail_untouched() {
    let env = TestEnv::new();
    full_claim(&env);
    let cases: [(&[&str], &str); 7] = [
        (
            &["--text", "   "],
            "error: the claim text is empty: give it some text",
        ),
        (
            &["--speaker", ""],
            "error: the speaker is empty: give it some text",
        ),
        (
            &["--date", "2025-13-01"],
            "error: invalid date '2025-13-01' for --date: expected YYYY-MM-DD, or today or yesterday",
        ),
        (
            &["--date", "tomorrow"],
            "error: invalid date 'tomorrow' for --date: expected YYYY-MM-DD, or today or yesterday",
        ),
        (
            &["--date", "2026-01-01"],
            "error: date '2026-01-01' for --date is in the future (today is 2025-09-04): check the date",
        ),
        (
            &["--url", "javascript:alert(1)"],
            "error: invalid URL 'javascript:alert(1)' for --url: expected an http:// or https:// address",
        ),
        (
            &["--tag", "us;mexico"],
            "error: invalid tag 'us;mexico': a tag is a non-empty word or phrase without ';'",
        ),
    ];
    for (change, expected) in cases {
        let args: Vec<&str> = ["edit", "1"].iter().chain(change).copied().collect();
        assert_eq!(env.fails_untouched(&args), expected, "claims {args:?}");
    }
}

#[test]
fn one_bad_value_among_good_ones_changes_nothing() {
    let env = TestEnv::new();
    full_claim(&env);
    let error = env.fails_untouched(&[
        "edit",
        "1",
        "--text",
        "A fine correction.",
        "--untag",
        "caribbean",
        "--url",
        "ftp://example.org/x",
    ]);
    assert!(
        error.contains("invalid URL 'ftp://example.org/x'"),
        "{error}"
    );
}

#[test]
fn edit_without_a_change_flag_is_a_usage_error() {
    let env = TestEnv::new();
    full_claim(&env);
    let before = env.export_json();
    let output = env.run(&["edit", "1"]).code(2).get_output().clone();
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("--text"),
        "the usage error names the flags: {stderr}"
    );
    assert_eq!(env.export_json(), before);
}

#[test]
fn editing_the_role_records_old_and_new() {
    let env = TestEnv::new();
    let id = full_claim(&env);
    assert_eq!(
        edit_later(&env, &["1", "--role", "President of the United States"]),
        "Updated claim 1: speaker_role.\n"
    );
    assert_eq!(
        show(&env, id)["speaker_role"],
        "President of the United States"
    );
    let change = changes(&env, id).pop().unwrap();
    assert_eq!(change["field"], "speaker_role");
    assert_eq!(change["old_value"], Value::Null);
    assert_eq!(change["new_value"], "President of the United States");
    edit_later(&env, &["1", "--role", ""]);
    assert_eq!(show(&env, id)["speaker_role"], Value::Null);
}
