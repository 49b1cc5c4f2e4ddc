//! `claims rm` and `claims deleted`: a deletion needs --yes, and the deleted claim stays whole in
//! the history, from where it can be imported back.

use serde_json::Value;

use crate::support::{NOW, REVIEWER, TestEnv};

/// Two claims; the second has a tag, a source, a note and a status, so that a deletion has
/// something to lose.
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "It's the closest cooperation we've ever had.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.ok(&[
        "add",
        "Migration across the border has fallen dramatically this year.",
        "--speaker",
        "Claudia Sheinbaum",
        "--date",
        "2025-09-03",
        "--tag",
        "migration",
    ]);
    env.attach(2, "https://example.org/cbp-figures", "supports");
    env.ok(&["note", "2", "CBP monthly figures agree."]);
    env.ok(&["status", "2", "mostly-true", "--note", "CBP data"]);
    env
}

fn search_ids(env: &TestEnv, query: &str) -> Vec<i64> {
    let found: Value =
        serde_json::from_str(&env.ok(&["search", query, "--format", "json"])).unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn rm_without_yes_changes_nothing_and_says_how() {
    let env = desk();
    let error = env.fails_untouched(&["rm", "2"]);
    assert!(error.contains("needs --yes"), "{error}");
    assert!(error.contains("`claims rm 2 --yes`"), "{error}");
    assert!(error.contains("Migration across the border"), "{error}");
    assert_eq!(
        env.ok(&["deleted"]),
        "No claim has been deleted.\n",
        "nothing was recorded as deleted"
    );
}

#[test]
fn rm_of_a_missing_claim_fails() {
    let env = desk();
    assert_eq!(
        env.fails_untouched(&["rm", "9", "--yes"]),
        "error: no claim with id 9: `claims list` shows the ids"
    );
}

#[test]
fn a_deleted_claim_leaves_lists_search_and_counts() {
    let env = desk();
    assert_eq!(search_ids(&env, "migration"), vec![2]);
    assert_eq!(
        env.ok(&["rm", "2", "--yes"]),
        "Deleted claim 2; its whole record is kept in the history (`claims deleted`).\n"
    );

    let claims = env.export_json();
    let ids: Vec<i64> = claims
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![1]);
    assert!(search_ids(&env, "migration").is_empty());
    let stats = env.ok(&["stats", "--format", "csv"]);
    assert!(!stats.contains("mostly-true"), "{stats}");
    let speakers = env.ok(&["speakers", "--format", "csv"]);
    assert!(!speakers.contains("Sheinbaum"), "{speakers}");
    assert_eq!(
        env.fails(&["show", "2"]),
        format!(
            "error: claim 2 was deleted at {NOW} by {REVIEWER}: `claims deleted` shows its \
             record, and `claims deleted --format json` gives it back for `claims import`"
        )
    );
    let again = env.fails(&["rm", "2", "--yes"]);
    assert!(again.contains("claim 2 was deleted"), "{again}");
}

#[test]
fn deleted_lists_the_deletion_with_who_and_when() {
    let env = desk();
    env.cmd_as("maria")
        .args(["rm", "2", "--yes"])
        .assert()
        .success();
    let table = env.ok(&["deleted"]);
    let row = table
        .lines()
        .find(|line| line.contains("Sheinbaum"))
        .unwrap_or_else(|| panic!("no row for the deleted claim in {table}"));
    assert!(row.contains("2025-09-04 12:00"), "{row}");
    assert!(row.contains("maria"), "{row}");
    assert!(row.contains("Migration across the border"), "{row}");
    assert!(table.contains("claims import deleted.json"), "{table}");
}

#[test]
fn the_deleted_record_holds_the_whole_claim_and_imports_back() {
    let env = desk();
    let before = env.export_json()[1].clone();
    env.ok(&["rm", "2", "--yes"]);

    let deleted: Value = serde_json::from_str(&env.ok(&["deleted", "--format", "json"])).unwrap();
    let record = &deleted.as_array().unwrap()[0];
    assert_eq!(
        record, &before,
        "the history keeps the claim exactly as it was"
    );

    std::fs::write(
        env.dir().join("deleted.json"),
        env.ok(&["deleted", "--format", "json"]),
    )
    .unwrap();
    env.ok(&["import", "deleted.json"]);
    let claims = env.export_json();
    let restored = &claims.as_array().unwrap()[1];
    // Back under its own id (ids are never given out again, so it is free): published
    // ClaimReview URLs, built from ids, keep pointing at the same claim.
    assert_eq!(
        restored["id"], 2,
        "a deleted claim comes back under its own id"
    );
    for field in ["text", "speaker", "said_on", "status", "tags"] {
        assert_eq!(restored[field], before[field], "{field}");
    }
    assert_eq!(restored["evidence"][0]["url"], before["evidence"][0]["url"]);
    assert_eq!(restored["evidence"][0]["stance"], "supports");
    assert_eq!(restored["notes"][0]["text"], "CBP monthly figures agree.");
    let statuses: Vec<&Value> = restored["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|change| change["field"] == "status")
        .collect();
    assert_eq!(statuses.len(), 1, "the status change came back with it");
    assert_eq!(statuses[0]["new_value"], "mostly-true");
    assert_eq!(search_ids(&env, "migration"), vec![2]);
    // It is not deleted any more, and it comes back once.
    assert_eq!(
        env.ok(&["deleted"]),
        "No claim has been deleted.\n",
        "a restored claim leaves the deleted list"
    );
    let again = env.fails_untouched(&["import", "deleted.json"]);
    assert!(
        again.contains("claim 2 was deleted and is back already"),
        "{again}"
    );
}

#[test]
fn the_id_of_a_deleted_claim_is_never_reused() {
    let env = desk();
    env.ok(&["rm", "2", "--yes"]);
    let id = env.add(
        "A new claim logged after the deletion.",
        "Someone",
        "2025-09-03",
    );
    assert_eq!(id, 3);
    let history = env.ok(&["show", "3", "--format", "json"]);
    let history: Value = serde_json::from_str(&history).unwrap();
    assert_eq!(
        history["history"].as_array().unwrap().len(),
        1,
        "the new claim starts a history of its own"
    );
}
