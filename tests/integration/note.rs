//! `claims note`: timestamped working notes on a claim.

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv};

/// `show ID --format json`, parsed.
fn show(env: &TestEnv, id: i64) -> Value {
    serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"]))
        .expect("show prints JSON")
}

#[test]
fn a_note_is_numbered_and_attached_to_its_claim() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add("Migration has fallen.", "Marco Rubio", "2025-09-03");
    assert_eq!(
        env.ok(&["note", "2", "Asked DHS for the monthly figures."]),
        "Added note 1 to claim 2.\n"
    );
    assert_eq!(
        env.ok(&["note", "1", "Asked the Pentagon for the number of dead."]),
        "Added note 2 to claim 1.\n"
    );
    assert_eq!(
        env.ok(&["note", "2", "DHS answered."]),
        "Added note 3 to claim 2.\n"
    );

    assert_eq!(
        show(&env, 2)["notes"],
        json!([
            {"id": 1, "text": "Asked DHS for the monthly figures.", "author": REVIEWER, "created_at": NOW},
            {"id": 3, "text": "DHS answered.", "author": REVIEWER, "created_at": NOW},
        ])
    );
    assert_eq!(
        show(&env, 1)["notes"],
        json!([
            {"id": 2, "text": "Asked the Pentagon for the number of dead.", "author": REVIEWER, "created_at": NOW},
        ])
    );
}

#[test]
fn a_note_records_its_author_and_time_and_moves_updated_at() {
    let env = TestEnv::new();
    let id = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let later = "2025-09-05T08:30:00Z";
    env.cmd_as("maria")
        .env("CLAIMS_NOW", later)
        .args(["note", "1", "Pentagon declined to comment."])
        .assert()
        .success()
        .stdout("Added note 1 to claim 1.\n");

    let claim = show(&env, id);
    assert_eq!(
        claim["notes"],
        json!([{"id": 1, "text": "Pentagon declined to comment.", "author": "maria", "created_at": later}])
    );
    assert_eq!(claim["created_at"], NOW);
    assert_eq!(claim["updated_at"], later);
    assert_eq!(
        claim["status"], "unverified",
        "a note is not a status change"
    );
}

#[test]
fn a_dash_reads_the_note_from_standard_input() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.cmd()
        .args(["note", "1", "-"])
        .write_stdin("Called the Pentagon:\n\t- no answer yet\n\t- try again «tomorrow» 📞\n\n")
        .assert()
        .success()
        .stdout("Added note 1 to claim 1.\n");
    assert_eq!(
        show(&env, 1)["notes"][0]["text"],
        "Called the Pentagon:\n\t- no answer yet\n\t- try again «tomorrow» 📞"
    );
}

#[test]
fn show_prints_the_notes() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["note", "1", "Asked the Pentagon."]);
    let shown = env.ok(&["show", "1"]);
    assert!(shown.contains("\nNotes (1)\n"), "{shown}");
    assert!(shown.contains("tester: Asked the Pentagon."), "{shown}");
}

#[test]
fn a_note_on_an_unknown_claim_fails_untouched() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    assert_eq!(
        env.fails_untouched(&["note", "7", "lost note"]),
        "error: no claim with id 7: `claims list` shows the ids"
    );
}

#[test]
fn an_empty_note_fails_untouched() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    assert_eq!(
        env.fails_untouched(&["note", "1", " \n\t "]),
        "error: the note is empty: give it some text"
    );

    let before = env.export_json();
    env.cmd()
        .args(["note", "1", "-"])
        .write_stdin("\n\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: the note is empty: give it some text\n");
    assert_eq!(env.export_json(), before);
}

#[test]
fn a_note_that_is_not_utf8_fails_untouched() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let before = env.export_json();
    env.cmd()
        .args(["note", "1", "-"])
        .write_stdin(vec![0x66, 0x6f, 0xff, 0xfe, 0x0a])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: cannot read the note from standard input: it is not UTF-8 text\n");
    assert_eq!(env.export_json(), before);
}
