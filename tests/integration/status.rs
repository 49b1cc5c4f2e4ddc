//! `claims status`: moving a claim through the check, and the evidence a verdict needs.

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv};

/// `show ID --format json`, parsed.
fn show(env: &TestEnv, id: i64) -> Value {
    serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"]))
        .expect("show prints JSON")
}

/// The status changes in a claim's history.
fn status_changes(env: &TestEnv, id: i64) -> Vec<Value> {
    show(env, id)["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["field"] == "status")
        .cloned()
        .collect()
}

/// A claim logged by Donald Trump, without evidence.
fn claim(env: &TestEnv) -> i64 {
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02")
}

#[test]
fn in_progress_needs_no_evidence() {
    let env = TestEnv::new();
    let id = claim(&env);
    assert_eq!(
        env.ok(&["status", "1", "in-progress"]),
        "Claim 1: unverified → in-progress.\n"
    );
    assert_eq!(show(&env, id)["status"], "in-progress");
    assert_eq!(
        status_changes(&env, id),
        vec![json!({
            "id": 2,
            "at": NOW,
            "actor": REVIEWER,
            "field": "status",
            "old_value": "unverified",
            "new_value": "in-progress",
            "note": null,
        })]
    );
}

#[test]
fn a_verdict_needs_evidence_unless_forced() {
    let env = TestEnv::new();
    let id = claim(&env);
    assert_eq!(
        env.fails_untouched(&["status", "1", "false"]),
        "error: claim 1 has no evidence: a verdict must cite its sources; attach one with \
         `claims evidence add 1 URL`, or pass --force"
    );
    assert_eq!(
        env.ok(&["status", "1", "false", "--force"]),
        "Claim 1: unverified → false.\n"
    );
    assert_eq!(show(&env, id)["status"], "false");
}

#[test]
fn every_verdict_needs_evidence() {
    let env = TestEnv::new();
    claim(&env);
    env.ok(&["status", "1", "in-progress"]);
    for verdict in [
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
    ] {
        let error = env.fails_untouched(&["status", "1", verdict, "--note", "because"]);
        assert!(error.contains("has no evidence"), "{verdict}: {error}");
        assert!(error.contains("--force"), "{verdict}: {error}");
    }
}

#[test]
fn a_verdict_with_evidence_needs_no_force() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.attach(id, "https://apnews.com/article/strike-venezuela", "refutes");
    assert_eq!(
        env.ok(&["status", "1", "mostly-false"]),
        "Claim 1: unverified → mostly-false.\n"
    );
    assert_eq!(show(&env, id)["status"], "mostly-false");
}

#[test]
fn the_note_explains_the_verdict_in_history_and_show() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.attach(id, "https://apnews.com/article/strike-venezuela", "refutes");
    let later = "2025-09-05T10:15:00Z";
    env.cmd()
        .env("CLAIMS_NOW", later)
        .args([
            "status",
            "1",
            "unproven",
            "--note",
            "No count of the dead has been published.",
        ])
        .assert()
        .success()
        .stdout("Claim 1: unverified → unproven.\n");

    let record = show(&env, id);
    assert_eq!(record["updated_at"], later);
    assert_eq!(
        status_changes(&env, id),
        vec![json!({
            "id": 3,
            "at": later,
            "actor": REVIEWER,
            "field": "status",
            "old_value": "unverified",
            "new_value": "unproven",
            "note": "No count of the dead has been published.",
        })]
    );
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.lines().any(|line| line
            == "Verdict   unproven by tester on 2025-09-05T10:15:00Z: No count of the dead has \
                been published."),
        "{shown}"
    );
}

#[test]
fn a_verdict_without_a_note_says_so_in_show() {
    let env = TestEnv::new();
    claim(&env);
    env.ok(&["status", "1", "misleading", "--force"]);
    let shown = env.ok(&["show", "1"]);
    assert!(
        shown.lines().any(|line| line
            == "Verdict   misleading by tester on 2025-09-04T12:00:00Z: (no explanation given)"),
        "{shown}"
    );
}

#[test]
fn by_names_who_decided_else_the_reviewer() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.ok(&["status", "1", "in-progress"]);
    env.ok(&["status", "1", "false", "--force", "--by", "  Maria Lopez "]);
    let actors: Vec<Value> = status_changes(&env, id)
        .iter()
        .map(|entry| entry["actor"].clone())
        .collect();
    let maria = env.actor_for("Maria Lopez");
    assert_eq!(actors, vec![json!(REVIEWER), json!(maria)]);
    assert!(env.ok(&["show", "1"]).contains(&format!(
        "Verdict   false by {maria} on 2025-09-04T12:00:00Z"
    )),);
}

#[test]
fn an_empty_by_fails_untouched() {
    let env = TestEnv::new();
    claim(&env);
    assert_eq!(
        env.fails_untouched(&["status", "1", "in-progress", "--by", " "]),
        "error: --by is empty: give it some text"
    );
}

#[test]
fn an_unknown_status_fails_listing_the_valid_ones() {
    let env = TestEnv::new();
    claim(&env);
    let error = env.fails_untouched(&["status", "1", "bogus"]);
    assert_eq!(
        error,
        "error: unknown status 'bogus': expected one of unverified, in-progress, true, \
         mostly-true, half-true, mostly-false, false, misleading, unproven (the default scale)"
    );
    // A misspelling is refused too, even with --force.
    let error = env.fails_untouched(&["status", "1", "in progres", "--force"]);
    assert!(
        error.contains("expected one of unverified, in-progress"),
        "{error}"
    );
}

#[test]
fn a_status_may_be_typed_as_its_label_or_with_underscores() {
    let env = TestEnv::new();
    claim(&env);
    assert_eq!(
        env.ok(&["status", "1", "in_progress"]),
        "Claim 1: unverified → in-progress.\n"
    );
    assert_eq!(
        env.ok(&["status", "1", "Mostly False", "--force"]),
        "Claim 1: in-progress → mostly-false.\n"
    );
}

#[test]
fn status_names_ignore_case() {
    let env = TestEnv::new();
    let id = claim(&env);
    assert_eq!(
        env.ok(&["status", "1", "FALSE", "--force"]),
        "Claim 1: unverified → false.\n"
    );
    assert_eq!(
        env.ok(&["status", "1", " In-Progress "]),
        "Claim 1: false → in-progress.\n"
    );
    assert_eq!(show(&env, id)["status"], "in-progress");
    let new_values: Vec<Value> = status_changes(&env, id)
        .iter()
        .map(|entry| entry["new_value"].clone())
        .collect();
    assert_eq!(new_values, vec![json!("false"), json!("in-progress")]);
}

#[test]
fn the_same_status_again_changes_nothing() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.ok(&["status", "1", "in-progress"]);
    let before = env.export_json();
    env.cmd()
        .env("CLAIMS_NOW", "2025-09-05T09:00:00Z")
        .args(["status", "1", "in-progress"])
        .assert()
        .success()
        .stdout("Claim 1 is already in-progress: nothing changed.\n");
    assert_eq!(env.export_json(), before, "no history, updated_at unmoved");
    assert_eq!(status_changes(&env, id).len(), 1);

    let before = env.export_json();
    assert_eq!(
        env.ok(&["status", "1", "unverified"]),
        "Claim 1: in-progress → unverified.\n"
    );
    assert_ne!(env.export_json(), before);
    assert_eq!(
        env.ok(&["status", "1", "unverified"]),
        "Claim 1 is already unverified: nothing changed.\n"
    );
}

#[test]
fn the_same_verdict_again_changes_nothing_even_without_evidence() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.ok(&["status", "1", "false", "--force"]);
    let before = env.export_json();
    assert_eq!(
        env.ok(&["status", "1", "false"]),
        "Claim 1 is already false: nothing changed.\n"
    );
    assert_eq!(env.export_json(), before);
    assert_eq!(status_changes(&env, id).len(), 1);
}

#[test]
fn the_same_status_with_a_note_records_the_new_reason() {
    let env = TestEnv::new();
    let id = claim(&env);
    env.attach(id, "https://apnews.com/article/strike-venezuela", "refutes");
    env.ok(&["status", "1", "false"]);
    assert_eq!(
        env.ok(&[
            "status",
            "1",
            "false",
            "--note",
            "The Pentagon confirmed 3."
        ]),
        "Claim 1: false → false.\n"
    );
    let changes = status_changes(&env, id);
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[1]["old_value"], "false");
    assert_eq!(changes[1]["new_value"], "false");
    assert_eq!(changes[1]["note"], "The Pentagon confirmed 3.");
}

#[test]
fn a_status_change_moves_updated_at() {
    let env = TestEnv::new();
    let id = claim(&env);
    let later = "2025-09-06T00:00:00Z";
    env.cmd()
        .env("CLAIMS_NOW", later)
        .args(["status", "1", "in-progress"])
        .assert()
        .success();
    let record = show(&env, id);
    assert_eq!(record["created_at"], NOW);
    assert_eq!(record["updated_at"], later);
}

#[test]
fn an_unknown_claim_fails_untouched() {
    let env = TestEnv::new();
    claim(&env);
    assert_eq!(
        env.fails_untouched(&["status", "9", "in-progress"]),
        "error: no claim with id 9: `claims list` shows the ids"
    );
    assert_eq!(
        env.fails_untouched(&["status", "9", "false", "--force"]),
        "error: no claim with id 9: `claims list` shows the ids"
    );
}
