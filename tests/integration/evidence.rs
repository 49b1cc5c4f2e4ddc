//! `claims evidence add|list|rm`: attaching, listing and detaching the sources of a claim.

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv, parse_csv, parse_id};

/// A later moment than `NOW`, to see which timestamps a command moves.
const LATER: &str = "2025-09-05T08:30:00Z";

/// The keys of a source in JSON, in the documented order (the same as the CSV columns).
const EVIDENCE_KEYS: [&str; 10] = [
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

/// A database with one claim, and that claim's id.
fn env_with_claim() -> (TestEnv, i64) {
    let env = TestEnv::new();
    let claim = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    (env, claim)
}

/// Attaches the AP source with every option given, and returns the command's output.
fn attach_ap_report(env: &TestEnv, claim: i64) -> String {
    env.ok(&[
        "evidence",
        "add",
        &claim.to_string(),
        "https://apnews.com/article/boat-strike",
        "--title",
        "Strike on a drug boat",
        "--publisher",
        "Associated Press",
        "--published",
        "2025-09-03",
        "--stance",
        "refutes",
        "--excerpt",
        "The Pentagon did not say how many died.",
        "--note",
        "No official count.",
    ])
}

/// The AP source as `evidence list --format json` writes it.
fn ap_report_json(id: i64, claim: i64) -> Value {
    json!({
        "id": id,
        "claim_id": claim,
        "url": "https://apnews.com/article/boat-strike",
        "title": "Strike on a drug boat",
        "publisher": "Associated Press",
        "published_on": "2025-09-03",
        "stance": "refutes",
        "excerpt": "The Pentagon did not say how many died.",
        "note": "No official count.",
        "created_at": NOW,
    })
}

/// `evidence list ID --format json`, parsed.
fn list_json(env: &TestEnv, claim: i64) -> Vec<Value> {
    let stdout = env.ok(&["evidence", "list", &claim.to_string(), "--format", "json"]);
    serde_json::from_str(&stdout).expect("evidence list --format json is a JSON array")
}

/// `show ID --format json`, parsed.
fn claim_json(env: &TestEnv, claim: i64) -> Value {
    let stdout = env.ok(&["show", &claim.to_string(), "--format", "json"]);
    serde_json::from_str(&stdout).expect("show --format json is JSON")
}

/// The last entry of a claim's history.
fn last_history_entry(env: &TestEnv, claim: i64) -> Value {
    let record = claim_json(env, claim);
    let history = record["history"].as_array().expect("a history array");
    history.last().expect("a history entry").clone()
}

/// The cells of each row of a table drawn by `claims` (header first).
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter_map(|line| line.strip_prefix('│')?.strip_suffix('│'))
        .map(|row| row.split('┆').map(|cell| cell.trim().to_string()).collect())
        .collect()
}

#[test]
fn add_with_every_option_stores_each_field() {
    let (env, claim) = env_with_claim();
    let stdout = attach_ap_report(&env, claim);
    assert_eq!(stdout, "Attached evidence 1 to claim 1 (refutes).\n");
    assert_eq!(list_json(&env, claim), vec![ap_report_json(1, claim)]);
}

#[test]
fn stance_defaults_to_context() {
    let (env, claim) = env_with_claim();
    let stdout = env.ok(&["evidence", "add", "1", "https://example.org/report"]);
    assert_eq!(stdout, "Attached evidence 1 to claim 1 (context).\n");
    let sources = list_json(&env, claim);
    assert_eq!(sources[0]["stance"], "context");
    for absent in ["title", "publisher", "published_on", "excerpt", "note"] {
        assert_eq!(sources[0][absent], Value::Null, "{absent}");
    }
}

#[test]
fn every_stance_is_accepted_and_named_in_the_message() {
    let (env, claim) = env_with_claim();
    for (n, stance) in ["supports", "refutes", "context"].into_iter().enumerate() {
        // A source is attached to a claim once: each stance gets a source of its own.
        let url = format!("https://example.org/{stance}");
        let stdout = env.ok(&["evidence", "add", "1", &url, "--stance", stance]);
        assert_eq!(
            stdout,
            format!("Attached evidence {} to claim 1 ({stance}).\n", n + 1)
        );
    }
    let stances: Vec<Value> = list_json(&env, claim)
        .into_iter()
        .map(|source| source["stance"].clone())
        .collect();
    assert_eq!(stances, vec!["supports", "refutes", "context"]);
}

#[test]
fn published_accepts_today_and_yesterday() {
    let (env, claim) = env_with_claim();
    for day in ["today", "yesterday"] {
        let url = format!("https://example.org/{day}");
        env.ok(&["evidence", "add", "1", &url, "--published", day]);
    }
    let sources = list_json(&env, claim);
    assert_eq!(sources[0]["published_on"], "2025-09-04");
    assert_eq!(sources[1]["published_on"], "2025-09-03");
}

#[test]
fn values_are_trimmed_and_blank_options_are_stored_as_null() {
    let (env, claim) = env_with_claim();
    env.ok(&[
        "evidence",
        "add",
        "1",
        "  https://example.org/report  ",
        "--title",
        "   ",
        "--publisher",
        "  Reuters ",
        "--note",
        "",
    ]);
    let source = &list_json(&env, claim)[0];
    assert_eq!(source["url"], "https://example.org/report");
    assert_eq!(source["title"], Value::Null);
    assert_eq!(source["publisher"], "Reuters");
    assert_eq!(source["note"], Value::Null);
}

#[test]
fn add_records_the_whole_source_in_the_history() {
    let (env, claim) = env_with_claim();
    attach_ap_report(&env, claim);
    let entry = last_history_entry(&env, claim);
    assert_eq!(entry["field"], "evidence");
    assert_eq!(entry["actor"], REVIEWER);
    assert_eq!(entry["at"], NOW);
    assert_eq!(entry["old_value"], Value::Null);
    assert_eq!(entry["note"], Value::Null);
    let snapshot: Value = serde_json::from_str(entry["new_value"].as_str().expect("a string"))
        .expect("new_value is the source as JSON");
    assert_eq!(snapshot, ap_report_json(1, claim));
}

#[test]
fn add_marks_the_claim_updated_and_counts_the_source() {
    let (env, claim) = env_with_claim();
    env.cmd()
        .env("CLAIMS_NOW", LATER)
        .args(["evidence", "add", "1", "https://example.org/a"])
        .assert()
        .success();
    let record = claim_json(&env, claim);
    assert_eq!(record["created_at"], NOW);
    assert_eq!(record["updated_at"], LATER);
    assert_eq!(record["evidence_count"], 1);
    assert_eq!(record["evidence"][0]["created_at"], LATER);
}

#[test]
fn list_table_shows_each_source() {
    let (env, claim) = env_with_claim();
    attach_ap_report(&env, claim);
    env.attach(claim, "https://example.org/context", "supports");
    let stdout = env.ok(&["evidence", "list", "1"]);
    assert_eq!(
        table_rows(&stdout),
        vec![
            vec!["Id", "Stance", "Source", "Published", "URL"],
            vec![
                "1",
                "refutes",
                "Strike on a drug boat (Associated Press)",
                "2025-09-03",
                "https://apnews.com/article/boat-strike",
            ],
            vec!["2", "supports", "", "", "https://example.org/context"],
        ]
    );
}

#[test]
fn list_table_names_a_source_by_its_title_or_its_publisher_alone() {
    let (env, claim) = env_with_claim();
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://example.org/a",
        "--title",
        "Only a title",
    ]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://example.org/b",
        "--publisher",
        "Only a publisher",
    ]);
    let rows = table_rows(&env.ok(&["evidence", "list", &claim.to_string()]));
    assert_eq!(rows[1][2], "Only a title");
    assert_eq!(rows[2][2], "Only a publisher");
}

#[test]
fn list_csv_has_the_documented_columns() {
    let (env, claim) = env_with_claim();
    attach_ap_report(&env, claim);
    env.attach(claim, "https://example.org/context", "context");
    let stdout = env.ok(&["evidence", "list", "1", "--format", "csv"]);
    assert_eq!(
        stdout.lines().next(),
        Some("id,claim_id,url,title,publisher,published_on,stance,excerpt,note,created_at")
    );
    let (header, rows) = parse_csv(&stdout);
    assert_eq!(header, EVIDENCE_KEYS);
    assert_eq!(
        rows,
        vec![
            vec![
                "1",
                "1",
                "https://apnews.com/article/boat-strike",
                "Strike on a drug boat",
                "Associated Press",
                "2025-09-03",
                "refutes",
                "The Pentagon did not say how many died.",
                "No official count.",
                NOW,
            ],
            vec![
                "2",
                "1",
                "https://example.org/context",
                "",
                "",
                "",
                "context",
                "",
                "",
                NOW,
            ],
        ]
    );
}

#[test]
fn list_csv_quotes_commas_quotes_and_line_breaks() {
    let (env, claim) = env_with_claim();
    let excerpt = "He said \"eleven\", then\nten.";
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://example.org/a",
        "--excerpt",
        excerpt,
    ]);
    let (_, rows) =
        parse_csv(&env.ok(&["evidence", "list", &claim.to_string(), "--format", "csv"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][7], excerpt);
}

#[test]
fn list_json_is_an_array_of_sources_with_the_documented_keys_in_order() {
    let (env, claim) = env_with_claim();
    attach_ap_report(&env, claim);
    env.attach(claim, "https://example.org/context", "supports");
    let stdout = env.ok(&["evidence", "list", "1", "--format", "json"]);
    let sources: Vec<Value> = serde_json::from_str(&stdout).expect("a JSON array");
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0], ap_report_json(1, claim));
    assert_eq!(sources[1]["url"], "https://example.org/context");
    assert_eq!(sources[1]["stance"], "supports");
    assert_eq!(sources[1]["title"], Value::Null);

    let first = stdout.lines().nth(1).expect("one line per source");
    let positions: Vec<usize> = EVIDENCE_KEYS
        .iter()
        .map(|key| {
            first
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("no key {key} in {first}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "the keys are in the documented order: {first}"
    );
}

#[test]
fn list_shows_only_the_sources_of_that_claim() {
    let (env, first) = env_with_claim();
    let second = env.add("Migration has fallen.", "Marco Rubio", "2025-09-03");
    env.attach(first, "https://example.org/first", "refutes");
    env.attach(second, "https://example.org/second", "supports");
    let urls: Vec<Value> = list_json(&env, second)
        .into_iter()
        .map(|source| source["url"].clone())
        .collect();
    assert_eq!(urls, vec!["https://example.org/second"]);
}

#[test]
fn list_of_a_claim_without_evidence_says_how_to_attach_one() {
    let (env, claim) = env_with_claim();
    assert_eq!(
        env.ok(&["evidence", "list", "1"]),
        "Claim 1 has no evidence yet: attach a source with `claims evidence add 1 URL`.\n"
    );
    let (header, rows) = parse_csv(&env.ok(&["evidence", "list", "1", "--format", "csv"]));
    assert_eq!(header.len(), 10);
    assert!(rows.is_empty());
    assert!(list_json(&env, claim).is_empty());
}

#[test]
fn rm_detaches_the_source_and_says_it_stays_in_the_history() {
    let (env, claim) = env_with_claim();
    let kept = env.attach(claim, "https://example.org/kept", "supports");
    let removed = env.attach(claim, "https://example.org/removed", "refutes");
    assert_eq!(claim_json(&env, claim)["evidence_count"], 2);

    let stdout = env.ok(&["evidence", "rm", &removed.to_string()]);
    assert_eq!(
        stdout,
        "Removed evidence 2 from claim 1 (it stays in the claim's history).\n"
    );
    let ids: Vec<Value> = list_json(&env, claim)
        .into_iter()
        .map(|source| source["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(kept)]);
    assert_eq!(claim_json(&env, claim)["evidence_count"], 1);
}

#[test]
fn rm_records_the_whole_source_as_the_old_value() {
    let (env, claim) = env_with_claim();
    let id = parse_id(&attach_ap_report(&env, claim), "Attached evidence ");
    env.cmd()
        .env("CLAIMS_NOW", LATER)
        .args(["evidence", "rm", &id.to_string()])
        .assert()
        .success();
    let entry = last_history_entry(&env, claim);
    assert_eq!(entry["field"], "evidence");
    assert_eq!(entry["actor"], REVIEWER);
    assert_eq!(entry["at"], LATER);
    assert_eq!(entry["new_value"], Value::Null);
    let snapshot: Value = serde_json::from_str(entry["old_value"].as_str().expect("a string"))
        .expect("old_value is the source as JSON");
    assert_eq!(snapshot, ap_report_json(id, claim));
    assert_eq!(claim_json(&env, claim)["updated_at"], LATER);
}

#[test]
fn removing_the_last_source_of_a_verdict_warns() {
    let (env, claim) = env_with_claim();
    let source = env.attach(claim, "https://example.org/a", "refutes");
    env.ok(&["status", "1", "false", "--note", "No count was given."]);
    let stdout = env.ok(&["evidence", "rm", &source.to_string()]);
    assert_eq!(
        stdout,
        "Removed evidence 1 from claim 1 (it stays in the claim's history).\n\
         Warning: the verdict on claim 1 (false) now cites no evidence: attach a source with \
         `claims evidence add 1 URL`.\n"
    );
    assert_eq!(claim_json(&env, claim)["status"], "false");
}

#[test]
fn removing_a_source_without_leaving_a_verdict_bare_does_not_warn() {
    let (env, claim) = env_with_claim();
    let first = env.attach(claim, "https://example.org/a", "refutes");
    let second = env.attach(claim, "https://example.org/b", "refutes");
    env.ok(&["status", "1", "false"]);
    let stdout = env.ok(&["evidence", "rm", &first.to_string()]);
    assert!(!stdout.contains("Warning"), "one source is left: {stdout}");

    env.ok(&["status", "1", "in-progress"]);
    let stdout = env.ok(&["evidence", "rm", &second.to_string()]);
    assert!(!stdout.contains("Warning"), "not a verdict: {stdout}");
}

#[test]
fn add_to_an_unknown_claim_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    assert_eq!(
        env.fails_untouched(&["evidence", "add", "99", "https://example.org/b"]),
        "error: no claim with id 99: `claims list` shows the ids"
    );
}

#[test]
fn list_of_an_unknown_claim_fails_untouched() {
    let (env, _) = env_with_claim();
    for format in ["table", "csv", "json"] {
        assert_eq!(
            env.fails_untouched(&["evidence", "list", "99", "--format", format]),
            "error: no claim with id 99: `claims list` shows the ids"
        );
    }
}

#[test]
fn rm_of_an_unknown_evidence_id_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    assert_eq!(
        env.fails_untouched(&["evidence", "rm", "99"]),
        "error: no evidence with id 99: `claims evidence list CLAIM_ID` shows the ids"
    );
}

#[test]
fn rm_twice_fails_the_second_time() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    let source = env.attach(claim, "https://example.org/b", "refutes");
    env.ok(&["evidence", "rm", &source.to_string()]);
    assert_eq!(
        env.fails_untouched(&["evidence", "rm", &source.to_string()]),
        "error: no evidence with id 2: `claims evidence list CLAIM_ID` shows the ids"
    );
}

#[test]
fn a_url_that_is_not_http_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    for url in [
        "ftp://example.org/report.pdf",
        "javascript:alert(1)",
        "example.org",
        "http://",
        "",
    ] {
        assert_eq!(
            env.fails_untouched(&["evidence", "add", "1", url]),
            format!(
                "error: invalid URL '{url}' for the evidence URL: expected an http:// or https:// \
                 address"
            )
        );
    }
}

#[test]
fn a_url_with_a_space_or_a_control_character_fails_untouched() {
    // Such a string is not a URL (a browser would have written %20); stored as typed, it breaks
    // links, CSV consumers and terminals.
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    for url in ["https://example.org/a b", "https://example.org/\u{1b}[31mx"] {
        let error = env.fails_untouched(&["evidence", "add", "1", url]);
        assert!(error.starts_with("error: invalid URL "), "{url:?}: {error}");
    }
}

#[test]
fn a_future_published_date_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    assert_eq!(
        env.fails_untouched(&[
            "evidence",
            "add",
            "1",
            "https://example.org/b",
            "--published",
            "2025-09-05",
        ]),
        "error: date '2025-09-05' for --published is in the future (today is 2025-09-04): check \
         the date"
    );
}

#[test]
fn an_impossible_or_misspelt_published_date_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    for date in ["2025-02-30", "2025-9-3", "03/09/2025"] {
        assert_eq!(
            env.fails_untouched(&[
                "evidence",
                "add",
                "1",
                "https://example.org/b",
                "--published",
                date,
            ]),
            format!(
                "error: invalid date '{date}' for --published: expected YYYY-MM-DD, or today or \
                 yesterday"
            )
        );
    }
}

#[test]
fn a_title_over_the_limit_fails_untouched() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    let title = "t".repeat(501);
    let error = env.fails_untouched(&[
        "evidence",
        "add",
        "1",
        "https://example.org/b",
        "--title",
        &title,
    ]);
    assert!(
        error.starts_with("error: the title is 501 characters long, over the limit of 500"),
        "{error}"
    );
}

#[test]
fn an_unknown_stance_is_a_usage_error_that_changes_nothing() {
    let (env, claim) = env_with_claim();
    env.attach(claim, "https://example.org/a", "refutes");
    let before = env.export_json();
    let output = env
        .run(&[
            "evidence",
            "add",
            "1",
            "https://example.org/b",
            "--stance",
            "maybe",
        ])
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: invalid value 'maybe' for '--stance <STANCE>'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[possible values: supports, refutes, context]"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert_eq!(before, env.export_json());
}
