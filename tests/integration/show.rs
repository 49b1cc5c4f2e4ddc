//! `claims show`: everything about one claim, as a page for people and as JSON for programs.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{NOW, TestEnv};

/// A later moment than `NOW`, when the verdict is reached.
const LATER: &str = "2025-09-05T08:30:00Z";

/// A claim that went through the whole check: fields, two sources, a note and a verdict.
fn checked_claim() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "All 11 were killed.",
        "--speaker",
        "Donald Trump",
        "--date",
        "2025-09-02",
        "--context",
        "Oval Office",
        "--url",
        "https://example.org/remarks",
        "--tag",
        "strike",
        "--tag",
        "caribbean",
    ]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://apnews.com/a",
        "--title",
        "Boat strike",
        "--publisher",
        "AP",
        "--published",
        "2025-09-03",
        "--stance",
        "refutes",
        "--excerpt",
        "The Pentagon gave no count.",
        "--note",
        "The only public figure.",
    ]);
    env.attach(1, "https://example.com/b", "context");
    env.ok(&["note", "1", "Asked the Pentagon."]);
    env.cmd()
        .env("CLAIMS_NOW", LATER)
        .args([
            "status",
            "1",
            "false",
            "--by",
            "maria",
            "--note",
            "No count was published.",
        ])
        .assert()
        .success();
    env
}

/// The lines after the line `heading`, up to the next blank line (each ending with its `\n`).
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no {heading:?} in {page}"))
        + heading.len()
        + 2;
    let rest = &page[start..];
    rest.find("\n\n").map_or(rest, |end| &rest[..=end])
}

/// The cells of each row of a table drawn by `claims` (header first).
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter_map(|line| line.strip_prefix('│')?.strip_suffix('│'))
        .map(|row| row.split('┆').map(|cell| cell.trim().to_string()).collect())
        .collect()
}

/// The keys of the objects at `indent` in pretty-printed JSON, in the order written, once each.
fn keys_in_order(json: &str, indent: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for line in json.lines() {
        let Some(rest) = line.strip_prefix(&" ".repeat(indent)) else {
            continue;
        };
        let Some((key, _)) = rest.strip_prefix('"').and_then(|r| r.split_once("\":")) else {
            continue;
        };
        if !keys.iter().any(|seen| seen == key) {
            keys.push(key.to_string());
        }
    }
    keys
}

/// The part of pretty-printed JSON between `"name": [` and the array's closing bracket.
fn array_text<'a>(json: &'a str, name: &str) -> &'a str {
    let start = json
        .find(&format!("\n  \"{name}\": [\n"))
        .unwrap_or_else(|| panic!("no non-empty {name} array in {json}"));
    let rest = &json[start..];
    &rest[..rest.find("\n  ]").expect("the array closes")]
}

/// The key names of a JSON object.
fn key_set(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn show_prints_the_claim_its_fields_and_its_verdict() {
    let env = checked_claim();
    let page = env.ok(&["show", "1"]);
    let maria = env.actor_for("maria");
    let expected = format!(
        "Claim 1: false\n\
         All 11 were killed.\n\
         \n\
         Speaker   Donald Trump\n\
         Said on   2025-09-02\n\
         Context   Oval Office\n\
         Source    https://example.org/remarks\n\
         Tags      caribbean, strike\n\
         Logged    {NOW}\n\
         Updated   {LATER}\n\
         Verdict   false by {maria} on {LATER}: No count was published.\n\
         \n\
         Evidence (2)\n"
    );
    assert!(page.starts_with(&expected), "{page}");
}

#[test]
fn show_lists_the_evidence_with_excerpts_and_notes() {
    let env = checked_claim();
    let page = env.ok(&["show", "1"]);
    let evidence = section(&page, "Evidence (2)");
    assert_eq!(
        table_rows(evidence),
        vec![
            vec!["Id", "Stance", "Source", "Published", "URL"],
            vec![
                "1",
                "refutes",
                "Boat strike (AP)",
                "2025-09-03",
                "https://apnews.com/a"
            ],
            vec!["2", "context", "", "", "https://example.com/b"],
        ]
    );
    assert!(
        evidence.ends_with(
            "  [1] “The Pentagon gave no count.”\n  [1] note: The only public figure.\n"
        ),
        "{evidence}"
    );
}

#[test]
fn show_lists_the_notes_with_time_and_author() {
    let env = checked_claim();
    env.cmd_as("maria")
        .env("CLAIMS_NOW", LATER)
        .args(["note", "1", "The Pentagon did not answer."])
        .assert()
        .success();
    let page = env.ok(&["show", "1"]);
    assert_eq!(
        section(&page, "Notes (2)"),
        "2025-09-04 12:00 tester: Asked the Pentagon.\n\
         2025-09-05 08:30 maria: The Pentagon did not answer.\n"
    );
}

#[test]
fn show_history_says_who_changed_what_when_from_what_to_what_and_why() {
    let env = TestEnv::new();
    let claim = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["edit", "1", "--context", "Press gaggle"]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://apnews.com/a",
        "--title",
        "Boat strike",
        "--stance",
        "refutes",
    ]);
    let removed = env.attach(claim, "https://example.com/b", "context");
    env.ok(&["evidence", "rm", &removed.to_string()]);
    env.cmd()
        .env("CLAIMS_NOW", LATER)
        .args([
            "status",
            "1",
            "false",
            "--by",
            "maria",
            "--note",
            "No count.",
        ])
        .assert()
        .success();

    let page = env.ok(&["show", "1"]);
    let now = "2025-09-04 12:00";
    let later = "2025-09-05 08:30";
    assert_eq!(
        table_rows(section(&page, "History (6)")),
        vec![
            vec!["When (UTC)", "Who", "What", "From", "To", "Why"],
            vec![now, "tester", "created", "", "", ""],
            vec![now, "tester", "context", "", "Press gaggle", ""],
            vec![now, "tester", "evidence", "", "#1 refutes: Boat strike", ""],
            vec![now, "tester", "evidence", "", "#2 context: example.com", ""],
            vec![now, "tester", "evidence", "#2 context: example.com", "", ""],
            vec![
                later,
                &env.actor_for("maria"),
                "status",
                "unverified",
                "false",
                "No count."
            ],
        ]
    );
}

#[test]
fn show_of_a_claim_with_nothing_attached_says_none_yet() {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
    );
    let page = env.ok(&["show", "1"]);
    let expected = format!(
        "Claim 1: unverified\n\
         Migration has fallen dramatically.\n\
         \n\
         Speaker   Marco Rubio\n\
         Said on   2025-09-03\n\
         Logged    {NOW}\n\
         Updated   {NOW}\n\
         \n\
         Evidence (0)\n\
         none yet\n\
         \n\
         Notes (0)\n\
         none yet\n\
         \n\
         History (1)\n"
    );
    assert!(page.starts_with(&expected), "{page}");
    assert_eq!(
        table_rows(&page[expected.len()..]),
        vec![
            vec!["When (UTC)", "Who", "What", "From", "To", "Why"],
            vec!["2025-09-04 12:00", "tester", "created", "", "", ""],
        ]
    );
}

#[test]
fn a_verdict_without_a_note_says_no_explanation_was_given() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["status", "1", "misleading", "--force"]);
    let page = env.ok(&["show", "1"]);
    assert!(
        page.contains(&format!(
            "\nVerdict   misleading by tester on {NOW}: (no explanation given)\n"
        )),
        "{page}"
    );
}

#[test]
fn the_verdict_line_shows_the_latest_decision() {
    let env = checked_claim();
    env.ok(&[
        "status",
        "1",
        "mostly-false",
        "--note",
        "Ten were killed, not eleven.",
    ]);
    let page = env.ok(&["show", "1"]);
    assert!(
        page.contains(&format!(
            "\nVerdict   mostly-false by tester on {NOW}: Ten were killed, not eleven.\n"
        )),
        "{page}"
    );
    assert_eq!(page.matches("Verdict").count(), 1, "{page}");
}

#[test]
fn a_claim_without_a_verdict_has_no_verdict_line() {
    let env = checked_claim();
    env.ok(&["status", "1", "in-progress", "--note", "Reopened."]);
    let page = env.ok(&["show", "1"]);
    assert!(page.starts_with("Claim 1: in-progress\n"), "{page}");
    assert!(!page.contains("Verdict"), "{page}");
}

#[test]
fn show_json_is_the_claim_as_export_writes_it() {
    let env = checked_claim();
    env.add("Another claim.", "Marco Rubio", "2025-09-03");
    let shown: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"]))
        .expect("show --format json is one JSON object");
    assert_eq!(shown, env.export_json()[0]);
    assert_eq!(shown["id"], 1);
    assert_eq!(shown["status"], "false");
    assert_eq!(shown["tags"], serde_json::json!(["caribbean", "strike"]));
    assert_eq!(shown["evidence_count"], 2);
    assert_eq!(shown["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(shown["notes"][0]["text"], "Asked the Pentagon.");
    assert_eq!(shown["notes"][0]["author"], "tester");
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["field"], "status");
    assert_eq!(last["actor"], env.actor_for("maria"));
    assert_eq!(last["at"], LATER);
    assert_eq!(last["old_value"], "unverified");
    assert_eq!(last["new_value"], "false");
    assert_eq!(last["note"], "No count was published.");
}

#[test]
fn show_json_has_the_documented_keys_in_the_documented_order() {
    let env = checked_claim();
    let json = env.ok(&["show", "1", "--format", "json"]);
    let claim: Value = serde_json::from_str(&json).expect("JSON");

    let claim_keys = [
        "id",
        "text",
        "speaker",
        "said_on",
        "status",
        "context",
        "source_url",
        "tags",
        "evidence_count",
        "created_at",
        "updated_at",
        "speaker_role",
        "times_said",
        "evidence",
        "notes",
        "history",
        "appearances",
    ];
    let evidence_keys = [
        "id",
        "claim_id",
        "url",
        "title",
        "publisher",
        "published_on",
        "stance",
        "excerpt",
        "note",
        "created_at",
    ];
    let note_keys = ["id", "text", "author", "created_at"];
    let history_keys = [
        "id",
        "at",
        "actor",
        "field",
        "old_value",
        "new_value",
        "note",
    ];

    assert_eq!(keys_in_order(&json, 2), claim_keys);
    assert_eq!(
        keys_in_order(array_text(&json, "evidence"), 6),
        evidence_keys
    );
    assert_eq!(keys_in_order(array_text(&json, "notes"), 6), note_keys);
    assert_eq!(keys_in_order(array_text(&json, "history"), 6), history_keys);

    assert_eq!(key_set(&claim), claim_keys.into_iter().collect());
    for source in claim["evidence"].as_array().unwrap() {
        assert_eq!(key_set(source), evidence_keys.into_iter().collect());
    }
    for note in claim["notes"].as_array().unwrap() {
        assert_eq!(key_set(note), note_keys.into_iter().collect());
    }
    for entry in claim["history"].as_array().unwrap() {
        assert_eq!(key_set(entry), history_keys.into_iter().collect());
    }
}

#[test]
fn show_json_of_a_bare_claim_has_empty_arrays_and_nulls() {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
    );
    let claim: Value =
        serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).expect("JSON");
    assert_eq!(claim["context"], Value::Null);
    assert_eq!(claim["source_url"], Value::Null);
    assert_eq!(claim["tags"], serde_json::json!([]));
    assert_eq!(claim["evidence_count"], 0);
    assert_eq!(claim["evidence"], serde_json::json!([]));
    assert_eq!(claim["notes"], serde_json::json!([]));
    assert_eq!(claim["history"].as_array().unwrap().len(), 1);
    assert_eq!(claim["history"][0]["field"], "created");
}

#[test]
fn terminal_escapes_in_any_field_never_reach_the_page_raw() {
    let env = TestEnv::new();
    let red = "\u{1b}[31m";
    let csi = "\u{9b}"; // the one-character form of ESC [
    let text = format!("Eleven{red} were{csi}2J killed.");
    env.ok(&[
        "add",
        &text,
        "--speaker",
        &format!("Donald{red} Trump"),
        "--date",
        "2025-09-02",
        "--context",
        &format!("Oval{red} Office"),
        "--url",
        "https://example.org/x",
        "--tag",
        &format!("str{red}ike"),
    ]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://apnews.com/a",
        "--title",
        &format!("Boat{red} strike"),
        "--publisher",
        &format!("A{red}P"),
        "--excerpt",
        &format!("No{red} count."),
        "--note",
        &format!("Only{red} figure."),
    ]);
    env.cmd()
        .env("CLAIMS_REVIEWER", format!("ma{red}ria"))
        .args(["note", "1", &format!("Asked{red} them.")])
        .assert()
        .success();
    env.ok(&[
        "status",
        "1",
        "false",
        "--by",
        &format!("j{red}o"),
        "--note",
        &format!("No{csi}2J count."),
    ]);

    let page = env.ok(&["show", "1"]);
    assert!(!page.contains('\u{1b}'), "an ESC reached stdout: {page:?}");
    assert!(!page.contains(csi), "a CSI reached stdout: {page:?}");
    let noted = format!("{}: Asked [31m them.", env.actor_for("ma [31mria"));
    let decided = format!("false by {} on", env.actor_for("j [31mo"));
    for shown in [
        "Eleven [31m were 2J killed.",
        "Speaker   Donald [31m Trump",
        "Context   Oval [31m Office",
        "Boat [31m strike (A [31mP)",
        "“No [31m count.”",
        "note: Only [31m figure.",
        &noted,
        &decided,
    ] {
        assert!(page.contains(shown), "{shown:?} not in {page}");
    }

    let claim: Value =
        serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).expect("JSON");
    assert_eq!(claim["text"], text, "JSON keeps the text as it was typed");
}

#[test]
fn show_of_an_unknown_claim_fails_untouched() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    for args in [&["show", "99"][..], &["show", "99", "--format", "json"]] {
        assert_eq!(
            env.fails_untouched(args),
            "error: no claim with id 99: `claims list` shows the ids"
        );
    }
}

#[test]
fn show_has_no_csv_format() {
    // README: `show ID [--format table|json]`. Asking for CSV must not print JSON instead.
    let env = checked_claim();
    let output = env
        .run(&["show", "1", "--format", "csv"])
        .get_output()
        .clone();
    assert_eq!(
        output.status.code(),
        Some(2),
        "`show --format csv` printed {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(output.stdout.is_empty());
}
