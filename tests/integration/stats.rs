//! `claims stats`: counts by status and each speaker's record, as tables, JSON and CSV.

use serde_json::{Value, json};

use crate::support::{TestEnv, parse_csv, parse_id};

/// Six claims by three speakers:
///
/// | id | said on    | speaker           | status     | tags      |
/// |----|------------|-------------------|------------|-----------|
/// | 1  | 2025-09-01 | Marco Rubio       | unverified | mexico    |
/// | 2  | 2025-09-02 | Marco Rubio       | false      | mexico    |
/// | 3  | 2025-09-03 | Marco Rubio       | false      |           |
/// | 4  | 2025-09-02 | Donald Trump      | false      | caribbean |
/// | 5  | 2025-09-03 | Claudia Sheinbaum | true       | mexico    |
/// | 6  | 2025-09-03 | Donald Trump      | unverified |           |
fn desk() -> TestEnv {
    let env = TestEnv::new();
    for (text, speaker, date, tag, status) in [
        (
            "Migration has fallen dramatically.",
            "Marco Rubio",
            "2025-09-01",
            Some("mexico"),
            None,
        ),
        (
            "Cartels run the border.",
            "marco rubio",
            "2025-09-02",
            Some("mexico"),
            Some("false"),
        ),
        (
            "The closest cooperation ever.",
            "Marco  Rubio",
            "2025-09-03",
            None,
            Some("false"),
        ),
        (
            "All 11 were killed.",
            "Donald Trump",
            "2025-09-02",
            Some("caribbean"),
            Some("false"),
        ),
        (
            "10,000 troops were deployed.",
            "Claudia Sheinbaum",
            "2025-09-03",
            Some("mexico"),
            Some("true"),
        ),
        (
            "Crime is way down.",
            "Donald Trump",
            "2025-09-03",
            None,
            None,
        ),
    ] {
        let mut args = vec!["add", text, "--speaker", speaker, "--date", date];
        if let Some(tag) = tag {
            args.extend(["--tag", tag]);
        }
        let id = parse_id(&env.ok(&args), "Logged claim ").to_string();
        if let Some(status) = status {
            env.ok(&["status", &id, status, "--force"]);
        }
    }
    env
}

/// `stats ARGS --format json`, parsed.
fn stats_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["stats"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&env.ok(&all)).expect("stats prints JSON")
}

#[test]
fn tables_count_by_status_with_shares_and_by_speaker() {
    let env = desk();
    assert_eq!(
        env.ok(&["stats"]),
        "\
Claims by status
┌────────────┬────────┬───────┐
│ Status     ┆ Claims ┆ Share │
╞════════════╪════════╪═══════╡
│ unverified ┆      2 ┆   33% │
│ true       ┆      1 ┆   17% │
│ false      ┆      3 ┆   50% │
│ total      ┆      6 ┆       │
└────────────┴────────┴───────┘

Claims by speaker
┌───────────────────┬───────┬────────────┬──────┬───────┐
│ Speaker           ┆ Total ┆ unverified ┆ true ┆ false │
╞═══════════════════╪═══════╪════════════╪══════╪═══════╡
│ Marco Rubio       ┆     3 ┆          1 ┆    0 ┆     2 │
│ Donald Trump      ┆     2 ┆          1 ┆    0 ┆     1 │
│ Claudia Sheinbaum ┆     1 ┆          0 ┆    1 ┆     0 │
└───────────────────┴───────┴────────────┴──────┴───────┘
"
    );
}

#[test]
fn speakers_with_as_many_claims_come_alphabetically() {
    let env = TestEnv::new();
    env.add("b", "Zed Zulu", "2025-09-01");
    env.add("a", "alma adams", "2025-09-01");
    env.add("c", "Mia Moss", "2025-09-01");
    env.add("d", "Mia Moss", "2025-09-02");
    let speakers: Vec<Value> = stats_json(&env, &[])["by_speaker"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["speaker"].clone())
        .collect();
    assert_eq!(
        speakers,
        [json!("Mia Moss"), json!("alma adams"), json!("Zed Zulu")]
    );
}

#[test]
fn only_the_statuses_that_occur_get_a_column() {
    let env = desk();
    let tables = env.ok(&["stats", "--status", "false"]);
    assert!(
        tables.contains("│ Speaker      ┆ Total ┆ false │\n"),
        "{tables}"
    );
    assert!(tables.contains("│ false  ┆      3 ┆  100% │\n"), "{tables}");
    assert!(!tables.contains("unverified"), "{tables}");
}

#[test]
fn filters_apply_to_both_tables() {
    let env = desk();
    assert_eq!(
        env.ok(&["stats", "--tag", "mexico"]),
        "\
Claims by status
┌────────────┬────────┬───────┐
│ Status     ┆ Claims ┆ Share │
╞════════════╪════════╪═══════╡
│ unverified ┆      1 ┆   33% │
│ true       ┆      1 ┆   33% │
│ false      ┆      1 ┆   33% │
│ total      ┆      3 ┆       │
└────────────┴────────┴───────┘

Claims by speaker
┌───────────────────┬───────┬────────────┬──────┬───────┐
│ Speaker           ┆ Total ┆ unverified ┆ true ┆ false │
╞═══════════════════╪═══════╪════════════╪══════╪═══════╡
│ Marco Rubio       ┆     2 ┆          1 ┆    0 ┆     1 │
│ Claudia Sheinbaum ┆     1 ┆          0 ┆    1 ┆     0 │
└───────────────────┴───────┴────────────┴──────┴───────┘
"
    );
}

#[test]
fn every_filter_narrows_the_counts() {
    let env = desk();
    assert_eq!(stats_json(&env, &["--speaker", " MARCO rubio"])["total"], 3);
    assert_eq!(stats_json(&env, &["--since", "2025-09-03"])["total"], 3);
    assert_eq!(stats_json(&env, &["--until", "2025-09-02"])["total"], 3);
    assert_eq!(
        stats_json(&env, &["--since", "2025-09-02", "--until", "2025-09-02"])["total"],
        2
    );
    assert_eq!(stats_json(&env, &["--text", "KILLED"])["total"], 1);
    assert_eq!(
        stats_json(&env, &["--status", "true", "--status", "unverified"])["total"],
        3
    );
    assert_eq!(
        stats_json(
            &env,
            &[
                "--speaker",
                "Marco Rubio",
                "--status",
                "false",
                "--tag",
                "mexico"
            ]
        ),
        json!({
            "total": 1,
            "bottomless": 0,
            "by_status": [{"status": "false", "claims": 1}],
            "by_speaker": [{
                "speaker": "Marco Rubio",
                "total": 1,
                "by_status": [{"status": "false", "claims": 1}],
            }],
        })
    );
}

#[test]
fn json_has_the_documented_shape_and_exact_numbers() {
    assert_eq!(
        stats_json(&desk(), &[]),
        json!({
            "total": 6,
            "bottomless": 0,
            "by_status": [
                {"status": "unverified", "claims": 2},
                {"status": "true", "claims": 1},
                {"status": "false", "claims": 3},
            ],
            "by_speaker": [
                {
                    "speaker": "Marco Rubio",
                    "total": 3,
                    "by_status": [
                        {"status": "unverified", "claims": 1},
                        {"status": "false", "claims": 2},
                    ],
                },
                {
                    "speaker": "Donald Trump",
                    "total": 2,
                    "by_status": [
                        {"status": "unverified", "claims": 1},
                        {"status": "false", "claims": 1},
                    ],
                },
                {
                    "speaker": "Claudia Sheinbaum",
                    "total": 1,
                    "by_status": [{"status": "true", "claims": 1}],
                },
            ],
        })
    );
}

#[test]
fn csv_has_one_row_per_speaker_and_status() {
    let (header, rows) = parse_csv(&desk().ok(&["stats", "--format", "csv"]));
    assert_eq!(header, ["speaker", "status", "claims"]);
    assert_eq!(
        rows,
        [
            ["Marco Rubio", "unverified", "1"],
            ["Marco Rubio", "false", "2"],
            ["Donald Trump", "unverified", "1"],
            ["Donald Trump", "false", "1"],
            ["Claudia Sheinbaum", "true", "1"],
        ]
    );
}

#[test]
fn csv_quotes_a_speaker_name_with_a_comma() {
    let env = TestEnv::new();
    env.add(
        "All 11 were killed.",
        "Trump, Donald \"The Donald\"",
        "2025-09-02",
    );
    let (_, rows) = parse_csv(&env.ok(&["stats", "--format", "csv"]));
    assert_eq!(rows, [["Trump, Donald \"The Donald\"", "unverified", "1"]]);
}

#[test]
fn an_empty_database_has_no_claims_to_count() {
    let env = TestEnv::new();
    assert_eq!(env.ok(&["stats"]), "No claims match.\n");
    assert_eq!(
        stats_json(&env, &[]),
        json!({"total": 0, "bottomless": 0, "by_status": [], "by_speaker": []})
    );
    assert_eq!(
        env.ok(&["stats", "--format", "csv"]),
        "speaker,status,claims\n"
    );
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let env = desk();
    assert_eq!(
        env.ok(&["stats", "--status", "misleading"]),
        "No claims match.\n"
    );
    assert_eq!(stats_json(&env, &["--speaker", "Nobody"])["total"], 0);
}

#[test]
fn bad_filters_are_refused_with_one_line() {
    let env = desk();
    assert_eq!(
        env.fails_untouched(&["stats", "--status", "bogus"]),
        "error: unknown status 'bogus': expected one of unverified, in-progress, true, \
         mostly-true, half-true, mostly-false, false, misleading, unproven (the default scale)"
    );
    assert_eq!(
        env.fails_untouched(&["stats", "--since", "2025-02-30"]),
        "error: invalid date '2025-02-30' for --since: expected YYYY-MM-DD"
    );
    assert_eq!(
        env.fails_untouched(&["stats", "--until", "03/09/2025", "--format", "json"]),
        "error: invalid date '03/09/2025' for --until: expected YYYY-MM-DD"
    );
}

#[test]
fn a_missing_database_is_refused() {
    let env = TestEnv::empty();
    if env.sqlite_only("a missing database file") {
        return;
    }
    let error = env.fails(&["stats", "--format", "json"]);
    assert!(error.contains("does not exist"), "{error}");
    assert!(!env.db().exists());
}

/// The counts the schema keeps ready (by status, and by tag and status) follow every change.
#[test]
fn kept_counts_follow_adds_status_changes_imports_and_scale_switches() {
    let env = TestEnv::new();
    for n in 0..6 {
        env.ok(&[
            "add",
            &format!("Claim {n}."),
            "--speaker",
            "Someone",
            "--date",
            "2025-09-01",
            "--tag",
            if n % 2 == 0 { "even" } else { "odd" },
        ]);
    }
    env.ok(&["status", "1", "false", "--force"]);
    env.ok(&["status", "2", "misleading", "--force"]);
    env.ok(&["status", "1", "true", "--force"]);
    env.ok(&["edit", "1", "--tag", "odd"]);
    let csv = env.dir().join("more.csv");
    std::fs::write(
        &csv,
        "text,speaker,status,tags\nImported.,Else,false,even\nAnother.,Else,,odd\n",
    )
    .unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    // The import sets the counting trigger aside while it runs: it must be back after it.
    env.add("After the import.", "Else", "2025-09-02");
    env.ok(&[
        "scale",
        "use",
        "politifact",
        "--map",
        "misleading=half-true",
    ]);

    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    let counted = |keep: &dyn Fn(&serde_json::Value) -> bool| {
        let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
        for claim in claims.iter().filter(|c| keep(c)) {
            *counts
                .entry(claim["status"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        counts
    };
    let reported = |args: &[&str]| {
        let stats: serde_json::Value =
            serde_json::from_str(&env.ok(&[&["stats", "--format", "json"][..], args].concat()))
                .unwrap();
        stats["by_status"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["status"].as_str().unwrap().to_string(),
                    c["claims"].as_u64().unwrap(),
                )
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(reported(&[]), counted(&|_| true));
    assert_eq!(
        reported(&["--status", "true", "--status", "unverified"]),
        counted(&|c| c["status"] == "true" || c["status"] == "unverified")
    );
    for tag in ["even", "odd"] {
        assert_eq!(
            reported(&["--tag", tag]),
            counted(&|c| c["tags"].as_array().unwrap().iter().any(|t| t == tag)),
            "{tag}"
        );
    }
    // Each speaker's counts follow too, through a merge of two speakers.
    env.ok(&["speaker", "merge", "Else", "Someone", "--yes"]);
    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    let stats: serde_json::Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    let by_speaker = stats["by_speaker"].as_array().unwrap();
    assert_eq!(by_speaker.len(), 1);
    assert_eq!(by_speaker[0]["total"], claims.len());
    let mut statuses: std::collections::BTreeMap<String, u64> = Default::default();
    for claim in claims {
        *statuses
            .entry(claim["status"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let kept: std::collections::BTreeMap<String, u64> = by_speaker[0]["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_string(),
                c["claims"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(kept, statuses);
    let someone: serde_json::Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json", "--speaker", "someone"]))
            .unwrap();
    assert_eq!(someone["total"], claims.len());
}
