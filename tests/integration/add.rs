//! `claims add`: logging a claim, its optional fields, speakers, dates and exact text.

use serde_json::{Value, json};

use crate::support::{NOW, REVIEWER, TestEnv, parse_id};

/// `show ID --format json`, parsed.
fn show(env: &TestEnv, id: i64) -> Value {
    serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"]))
        .expect("show prints JSON")
}

/// `list --format json`, parsed.
fn list(env: &TestEnv) -> Value {
    serde_json::from_str(&env.ok(&["list", "--format", "json"])).expect("list prints JSON")
}

#[test]
fn add_logs_an_unverified_claim_and_prints_its_id() {
    let env = TestEnv::new();
    let stdout = env.ok(&[
        "add",
        "All 11 were killed.",
        "--speaker",
        "Donald Trump",
        "--date",
        "2025-09-02",
    ]);
    assert_eq!(stdout, "Logged claim 1.\n");
    let stdout = env.ok(&[
        "add",
        "Migration has fallen dramatically.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
    ]);
    assert_eq!(stdout, "Logged claim 2.\n");

    let claim = show(&env, 1);
    assert_eq!(claim["id"], 1);
    assert_eq!(claim["text"], "All 11 were killed.");
    assert_eq!(claim["speaker"], "Donald Trump");
    assert_eq!(claim["said_on"], "2025-09-02");
    assert_eq!(claim["status"], "unverified");
    assert_eq!(claim["context"], Value::Null);
    assert_eq!(claim["source_url"], Value::Null);
    assert_eq!(claim["tags"], json!([]));
    assert_eq!(claim["evidence_count"], 0);
    assert_eq!(claim["created_at"], NOW);
    assert_eq!(claim["updated_at"], NOW);
    assert_eq!(claim["evidence"], json!([]));
    assert_eq!(claim["notes"], json!([]));
}

#[test]
fn add_records_a_created_history_entry_by_the_reviewer() {
    let env = TestEnv::new();
    let id = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let history = &show(&env, id)["history"];
    assert_eq!(
        history,
        &json!([{
            "id": 1,
            "at": NOW,
            "actor": REVIEWER,
            "field": "created",
            "old_value": null,
            "new_value": null,
            "note": null,
        }])
    );
}

#[test]
fn add_stores_context_url_and_tags() {
    let env = TestEnv::new();
    let stdout = env.ok(&[
        "add",
        "Migration has fallen dramatically.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
        "--context",
        "Remarks in Mexico City",
        "--url",
        "https://apnews.com/article/rubio-mexico",
        "--tag",
        "migration",
        "--tag",
        "US-Mexico",
    ]);
    let id = parse_id(&stdout, "Logged claim ");
    let claim = show(&env, id);
    assert_eq!(claim["context"], "Remarks in Mexico City");
    assert_eq!(
        claim["source_url"],
        "https://apnews.com/article/rubio-mexico"
    );
    assert_eq!(claim["tags"], json!(["migration", "us-mexico"]));
}

#[test]
fn tags_are_lower_cased_trimmed_and_deduplicated() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "Migration has fallen dramatically.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
        "--tag",
        "  Border   Security ",
        "--tag",
        "MIGRATION",
        "--tag",
        "migration",
    ]);
    assert_eq!(
        show(&env, 1)["tags"],
        json!(["border security", "migration"])
    );
    // The tag filter finds it under the normalised name, whatever the case typed.
    assert_eq!(list(&env).as_array().unwrap().len(), 1, "one claim logged");
    let filtered: Value =
        serde_json::from_str(&env.ok(&["list", "--tag", "Migration", "--format", "json"])).unwrap();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
}

#[test]
fn today_and_yesterday_follow_the_pinned_clock() {
    let env = TestEnv::new();
    let today = env.add("said today", "Someone", "today");
    let yesterday = env.add("said yesterday", "Someone", "yesterday");
    assert_eq!(show(&env, today)["said_on"], "2025-09-04");
    assert_eq!(show(&env, yesterday)["said_on"], "2025-09-03");
}

#[test]
fn relative_dates_use_the_day_of_the_clock_not_a_fixed_date() {
    let env = TestEnv::new();
    let stdout = env
        .cmd()
        .env("CLAIMS_NOW", "2024-03-01T08:00:00Z")
        .args([
            "add",
            "leap day",
            "--speaker",
            "Someone",
            "--date",
            "yesterday",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = parse_id(&String::from_utf8(stdout).unwrap(), "Logged claim ");
    let claim = show(&env, id);
    assert_eq!(claim["said_on"], "2024-02-29");
    assert_eq!(claim["created_at"], "2024-03-01T08:00:00Z");
}

#[test]
fn today_is_the_reviewers_local_day_of_the_pinned_clock() {
    // 23:30 at UTC-5 (POSIX TZ `EST5`, no time zone database needed) on 4 September is already
    // 5 September in UTC. Like the real clock, the pinned one must mean the reviewer's day:
    // "today" is the 4th and the 5th is in the future.
    let env = TestEnv::new();
    let late_evening = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("CLAIMS_NOW", "2025-09-04T23:30:00-05:00")
            .env("TZ", "EST5")
            .args(args);
        cmd.assert()
    };
    late_evening(&[
        "add",
        "said tonight",
        "--speaker",
        "Someone",
        "--date",
        "today",
    ])
    .success()
    .stdout("Logged claim 1.\n");
    assert_eq!(show(&env, 1)["said_on"], "2025-09-04");
    assert_eq!(show(&env, 1)["created_at"], "2025-09-05T04:30:00Z");
    late_evening(&[
        "add",
        "said tomorrow",
        "--speaker",
        "Someone",
        "--date",
        "2025-09-05",
    ])
    .code(1)
    .stdout("")
    .stderr(
        "error: date '2025-09-05' for --date is in the future (today is 2025-09-04): check \
             the date\n",
    );
}

#[test]
fn a_dash_reads_the_text_from_standard_input() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args([
            "add",
            "-",
            "--speaker",
            "Claudia Sheinbaum",
            "--date",
            "2025-09-03",
        ])
        .write_stdin("There is cooperation,\nbut there is no subordination.\n")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Logged claim 1.\n"
    );
    assert_eq!(
        show(&env, 1)["text"],
        "There is cooperation,\nbut there is no subordination."
    );
}

#[test]
fn an_empty_standard_input_is_refused_untouched() {
    let env = TestEnv::new();
    let before = env.export_json();
    let output = env
        .cmd()
        .args(["add", "-", "--speaker", "Someone", "--date", "2025-09-03"])
        .write_stdin("  \n\t\n")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: the claim text is empty: give it some text\n"
    );
    assert_eq!(env.export_json(), before);
}

#[test]
fn speakers_match_ignoring_case_and_spacing_and_keep_the_first_spelling() {
    let env = TestEnv::new();
    env.add("first", "Marco Rubio", "2025-09-01");
    env.add("second", "marco rubio ", "2025-09-02");
    env.add("third", "  MARCO   Rubio", "2025-09-03");
    env.add("fourth", "Claudia Sheinbaum", "2025-09-03");

    let speakers: Vec<Value> = list(&env)
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["speaker"].clone())
        .collect();
    // Newest first: third, fourth (same day, higher id first), second, first.
    assert_eq!(
        speakers,
        vec![
            json!("Claudia Sheinbaum"),
            json!("Marco Rubio"),
            json!("Marco Rubio"),
            json!("Marco Rubio"),
        ]
    );

    let stats: Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).expect("stats is JSON");
    assert_eq!(stats["total"], 4);
    assert_eq!(
        stats["by_speaker"],
        json!([
            {"speaker": "Marco Rubio", "total": 3,
             "by_status": [{"status": "unverified", "claims": 3}]},
            {"speaker": "Claudia Sheinbaum", "total": 1,
             "by_status": [{"status": "unverified", "claims": 1}]},
        ])
    );
}

#[test]
fn the_speaker_is_stored_trimmed() {
    let env = TestEnv::new();
    let id = env.add("a claim", "  Claudia Sheinbaum \t", "2025-09-03");
    assert_eq!(show(&env, id)["speaker"], "Claudia Sheinbaum");
}

#[test]
fn awkward_text_is_stored_exactly() {
    let env = TestEnv::new();
    let text = "He said \"it's 100%, not 50%\", then: 'no, 11' —\n\tline two, with a tab\n\
                Café, naïve, São Paulo, 🇲🇽🇺🇸 👍🏽, 日本語, \
                العربية من اليمين إلى اليسار; a;b,c\\d";
    let id = env.add(text, "José Ramón Peña", "2025-09-03");
    let claim = show(&env, id);
    assert_eq!(claim["text"], text);
    assert_eq!(claim["speaker"], "José Ramón Peña");

    let export = env.export_json();
    assert_eq!(export[0]["text"], text, "the JSON export keeps it too");

    let (_, rows) = crate::support::parse_csv(&env.ok(&["export"]));
    assert_eq!(rows[0][1], text, "and so does the CSV export");
}

#[test]
fn context_and_url_are_trimmed_and_blank_context_is_absent() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "a claim",
        "--speaker",
        "Someone",
        "--date",
        "2025-09-03",
        "--context",
        "   ",
        "--url",
        "  https://example.org/speech  ",
    ]);
    let claim = show(&env, 1);
    assert_eq!(claim["context"], Value::Null);
    assert_eq!(claim["source_url"], "https://example.org/speech");
}

#[test]
fn bad_values_are_refused_and_nothing_is_logged() {
    let env = TestEnv::new();
    env.add("already there", "Someone", "2025-09-01");
    let base = ["add", "a claim", "--speaker", "Someone"];
    let cases: [(&[&str], &str); 7] = [
        (
            &["--date", "2025-09-05"],
            "error: date '2025-09-05' for --date is in the future (today is 2025-09-04): check the date",
        ),
        (
            &["--date", "03/09/2025"],
            "error: invalid date '03/09/2025' for --date: expected YYYY-MM-DD, or today or yesterday",
        ),
        (
            &["--date", "2025-02-30"],
            "error: invalid date '2025-02-30' for --date: expected YYYY-MM-DD, or today or yesterday",
        ),
        (
            &["--date", "2025-09-03", "--url", "ftp://example.org/x"],
            "error: invalid URL 'ftp://example.org/x' for --url: expected an http:// or https:// address",
        ),
        (
            &["--date", "2025-09-03", "--url", "apnews.com"],
            "error: invalid URL 'apnews.com' for --url: expected an http:// or https:// address",
        ),
        (
            &["--date", "2025-09-03", "--tag", "a;b"],
            "error: invalid tag 'a;b': a tag is a non-empty word or phrase without ';'",
        ),
        (
            &["--date", "2025-09-03", "--tag", "  "],
            "error: invalid tag '  ': a tag is a non-empty word or phrase without ';'",
        ),
    ];
    for (extra, expected) in cases {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        assert_eq!(env.fails_untouched(&args), expected, "claims {args:?}");
    }
}

#[test]
fn empty_text_or_speaker_is_refused_untouched() {
    let env = TestEnv::new();
    assert_eq!(
        env.fails_untouched(&["add", "  ", "--speaker", "Someone", "--date", "today"]),
        "error: the claim text is empty: give it some text"
    );
    assert_eq!(
        env.fails_untouched(&["add", "a claim", "--speaker", " ", "--date", "today"]),
        "error: the speaker is empty: give it some text"
    );
}

#[test]
fn overlong_text_is_refused_with_the_limit() {
    let env = TestEnv::new();
    let text = "x".repeat(10_001);
    let error = env.fails_untouched(&["add", &text, "--speaker", "Someone", "--date", "today"]);
    assert_eq!(
        error,
        "error: the claim text is 10001 characters long, over the limit of 10000: shorten it, \
         or put the long text in a note or an evidence excerpt"
    );
    // Exactly at the limit is fine, counted in characters, not bytes.
    let text = "é".repeat(10_000);
    let id = env.add(&text, "Someone", "today");
    assert_eq!(show(&env, id)["text"], text.as_str());
}

#[test]
fn add_without_speaker_or_date_is_a_usage_error() {
    let env = TestEnv::new();
    env.run(&["add", "a claim", "--date", "today"]).code(2);
    env.run(&["add", "a claim", "--speaker", "Someone"]).code(2);
    assert_eq!(env.export_json(), json!([]));
}

#[test]
fn the_role_the_speaker_spoke_in_belongs_to_the_claim() {
    let env = TestEnv::new();
    let senator = env.ok(&[
        "add",
        "I will close Guantanamo.",
        "--speaker",
        "Barack Obama",
        "--role",
        "U.S. Senator",
        "--date",
        "2008-01-30",
    ]);
    assert_eq!(senator, "Logged claim 1.\n");
    env.ok(&[
        "add",
        "We got Osama bin Laden.",
        "--speaker",
        "barack obama",
        "--role",
        " President of the United States ",
        "--date",
        "2012-05-01",
    ]);
    env.add("No role given.", "Barack Obama", "2012-05-02");
    let roles: Vec<Value> = env
        .export_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["speaker_role"].clone())
        .collect();
    assert_eq!(
        roles,
        [
            Value::from("U.S. Senator"),
            Value::from("President of the United States"),
            Value::Null
        ]
    );
    let show = env.ok(&["show", "1"]);
    assert!(show.contains("Role      U.S. Senator\n"), "{show}");
}
