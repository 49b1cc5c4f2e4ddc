//! `claims list`: the review table, its filters, sort orders, limit and machine formats.

use serde_json::Value;

use crate::support::{NOW, TestEnv, parse_csv, parse_id};

/// The CSV header that `list --format csv` and `export` share.
const CSV_HEADER: [&str; 12] = [
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
];

/// Logs a claim with tags and returns its id.
fn add_tagged(env: &TestEnv, text: &str, speaker: &str, date: &str, tags: &[&str]) -> i64 {
    let mut args = vec!["add", text, "--speaker", speaker, "--date", date];
    for tag in tags {
        args.extend(["--tag", tag]);
    }
    parse_id(&env.ok(&args), "Logged claim ")
}

/// Five claims by three speakers, on four days, with four statuses:
///
/// | id | said on    | speaker           | status      | tags               |
/// |----|------------|-------------------|-------------|--------------------|
/// | 1  | 2025-09-01 | Marco Rubio       | unverified  | migration, mexico  |
/// | 2  | 2025-09-03 | Donald Trump      | false       | caribbean          |
/// | 3  | 2025-09-03 | Marco Rubio       | in-progress | mexico             |
/// | 4  | 2025-09-02 | Claudia Sheinbaum | true        | migration, mexico  |
/// | 5  | 2025-08-30 | Donald Trump      | unverified  |                    |
fn desk() -> TestEnv {
    let env = TestEnv::new();
    add_tagged(
        &env,
        "Migration has fallen dramatically since January.",
        "Marco Rubio",
        "2025-09-01",
        &["Migration", "mexico"],
    );
    add_tagged(
        &env,
        "All 11 were killed.",
        "Donald Trump",
        "2025-09-03",
        &["caribbean"],
    );
    // Another spelling of the same speaker.
    add_tagged(
        &env,
        "It's the closest cooperation we've ever had.",
        "marco  rubio ",
        "2025-09-03",
        &["mexico"],
    );
    add_tagged(
        &env,
        "Mexico has deployed 10,000 troops to the border.",
        "Claudia Sheinbaum",
        "2025-09-02",
        &["mexico", "migration"],
    );
    env.add(
        "Fentanyl crossings are down by half.",
        "Donald Trump",
        "2025-08-30",
    );
    env.ok(&["status", "2", "false", "--force"]);
    env.ok(&["status", "3", "in-progress"]);
    env.ok(&["status", "4", "true", "--force"]);
    env
}

/// The ids `list ARGS --format json --limit 0` prints, in order.
fn ids(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["list"];
    all.extend(args);
    all.extend(["--format", "json", "--limit", "0"]);
    let json: Value = serde_json::from_str(&env.ok(&all)).expect("list prints JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|claim| claim["id"].as_i64().expect("an id"))
        .collect()
}

/// The ids in the rows of a table, in order.
fn table_ids(table: &str) -> Vec<i64> {
    table
        .lines()
        .filter(|line| line.starts_with('│'))
        .skip(1) // the header
        .map(|line| {
            line.trim_start_matches('│')
                .split('┆')
                .next()
                .unwrap()
                .trim()
                .parse()
                .expect("an id in the first column")
        })
        .collect()
}

#[test]
fn the_table_shows_claims_newest_first_with_a_footer() {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-01",
    );
    env.add("All 11 were killed.", "Donald Trump", "2025-09-03");
    env.attach(2, "https://apnews.com/article/strike", "refutes");
    env.ok(&["status", "2", "false"]);
    assert_eq!(
        env.ok(&["list"]),
        "\
┌────┬────────────┬──────────────┬────────────┬────────────────────────────────────┬─────┐
│ Id ┆ Date       ┆ Speaker      ┆ Status     ┆ Claim                              ┆ Ev. │
╞════╪════════════╪══════════════╪════════════╪════════════════════════════════════╪═════╡
│  2 ┆ 2025-09-03 ┆ Donald Trump ┆ false      ┆ All 11 were killed.                ┆   1 │
│  1 ┆ 2025-09-01 ┆ Marco Rubio  ┆ unverified ┆ Migration has fallen dramatically. ┆   0 │
└────┴────────────┴──────────────┴────────────┴────────────────────────────────────┴─────┘
2 claims.
By status: unverified 1 · false 1
"
    );
}

#[test]
fn the_footer_counts_every_status_on_the_scale_in_order() {
    let env = desk();
    let table = env.ok(&["list"]);
    assert_eq!(table_ids(&table), [3, 2, 4, 1, 5]);
    assert!(
        table
            .ends_with("\n5 claims.\nBy status: unverified 2 · in-progress 1 · true 1 · false 1\n"),
        "{table}"
    );
}

#[test]
fn one_claim_is_counted_in_the_singular() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-03");
    let table = env.ok(&["list"]);
    assert!(
        table.ends_with("\n1 claim.\nBy status: unverified 1\n"),
        "{table}"
    );
}

#[test]
fn newest_first_means_by_the_date_said_then_the_latest_logged() {
    let env = desk();
    assert_eq!(ids(&env, &[]), [3, 2, 4, 1, 5]);
    assert_eq!(ids(&env, &["--sort", "date"]), [3, 2, 4, 1, 5]);
}

#[test]
fn sort_by_id_puts_the_latest_logged_first() {
    assert_eq!(ids(&desk(), &["--sort", "id"]), [5, 4, 3, 2, 1]);
}

#[test]
fn sort_by_speaker_is_alphabetical_then_newest_first() {
    // Claudia Sheinbaum; Donald Trump (09-03, 08-30); Marco Rubio (09-03, 09-01).
    assert_eq!(ids(&desk(), &["--sort", "speaker"]), [4, 2, 5, 3, 1]);
}

#[test]
fn sort_by_status_follows_the_scale_then_newest_first() {
    // unverified (09-01, 08-30), in-progress, true, false.
    assert_eq!(ids(&desk(), &["--sort", "status"]), [1, 5, 3, 4, 2]);
}

#[test]
fn status_filter_repeated_means_any_of_them() {
    let env = desk();
    assert_eq!(ids(&env, &["--status", "unverified"]), [1, 5]);
    assert_eq!(
        ids(&env, &["--status", "unverified", "--status", "false"]),
        [2, 1, 5]
    );
    assert_eq!(ids(&env, &["--status", "mostly-true"]), Vec::<i64>::new());
}

#[test]
fn speaker_filter_ignores_case_and_spacing() {
    let env = desk();
    assert_eq!(ids(&env, &["--speaker", "Marco Rubio"]), [3, 1]);
    assert_eq!(ids(&env, &["--speaker", "  MARCO   rubio "]), [3, 1]);
    assert_eq!(ids(&env, &["--speaker", "Marco"]), Vec::<i64>::new());
}

#[test]
fn a_speaker_is_shown_as_first_spelled() {
    let env = desk();
    let json: Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["id"], 3);
    assert_eq!(json[0]["speaker"], "Marco Rubio");
}

#[test]
fn tag_filter_repeated_means_all_of_them() {
    let env = desk();
    assert_eq!(ids(&env, &["--tag", "mexico"]), [3, 4, 1]);
    assert_eq!(
        ids(&env, &["--tag", "mexico", "--tag", "migration"]),
        [4, 1]
    );
    assert_eq!(
        ids(&env, &["--tag", "caribbean", "--tag", "mexico"]),
        Vec::<i64>::new()
    );
}

#[test]
fn tag_filter_matches_tags_as_they_are_normalised() {
    assert_eq!(ids(&desk(), &["--tag", " MIGRATION "]), [4, 1]);
}

#[test]
fn since_and_until_are_inclusive() {
    let env = desk();
    assert_eq!(ids(&env, &["--since", "2025-09-02"]), [3, 2, 4]);
    assert_eq!(ids(&env, &["--until", "2025-09-02"]), [4, 1, 5]);
    assert_eq!(
        ids(&env, &["--since", "2025-09-02", "--until", "2025-09-02"]),
        [4]
    );
    assert_eq!(
        ids(&env, &["--since", "2025-09-04", "--until", "2025-09-10"]),
        Vec::<i64>::new()
    );
}

#[test]
fn text_filter_finds_words_in_any_case() {
    let env = desk();
    assert_eq!(ids(&env, &["--text", "KILLED"]), [2]);
    assert_eq!(ids(&env, &["--text", "mexico has"]), [4]);
    assert_eq!(ids(&env, &["--text", "ever had."]), [3]);
    assert_eq!(ids(&env, &["--text", "fallen sharply"]), Vec::<i64>::new());
}

#[test]
fn text_filter_ignores_case_and_accents() {
    let env = TestEnv::new();
    let spanish = env.add("MÉXICO pagará el muro.", "Donald Trump", "2025-09-01");
    let english = env.add(
        "Mexico will pay for the wall.",
        "Donald Trump",
        "2025-09-02",
    );
    assert_eq!(ids(&env, &["--text", "méxico"]), [english, spanish]);
    assert_eq!(ids(&env, &["--text", "PAGARÁ"]), [spanish]);
    assert_eq!(ids(&env, &["--text", "pagara"]), [spanish]);
}

#[test]
fn text_filter_reads_words_endings_and_search_syntax() {
    let env = TestEnv::new();
    let migrants = env.add("Migrants crossed the border.", "Marco Rubio", "2025-09-01");
    let security = env.add("Border security works.", "Donald Trump", "2025-09-02");
    let percent = env.add("Migration fell 95% in a year.", "Marco Rubio", "2025-09-03");
    assert_eq!(ids(&env, &["--text", "migrant"]), [migrants]);
    assert_eq!(ids(&env, &["--text", "border -security"]), [migrants]);
    assert_eq!(
        ids(&env, &["--text", "crossed OR works"]),
        [security, migrants]
    );
    assert_eq!(ids(&env, &["--text", "\"security works\""]), [security]);
    assert_eq!(ids(&env, &["--text", "migra*"]), [percent, migrants]);
    assert_eq!(ids(&env, &["--text", "95%"]), [percent]);
    // Syntax FTS5 would choke on is read as words.
    assert_eq!(
        ids(&env, &["--text", "border\" AND ("]),
        [security, migrants]
    );
    let error = env.fails(&["list", "--text=-border"]);
    assert!(error.contains("has no word to look for"), "{error}");
}

#[test]
fn filters_combine_so_that_every_one_holds() {
    let env = desk();
    assert_eq!(
        ids(
            &env,
            &[
                "--speaker",
                "marco rubio",
                "--tag",
                "mexico",
                "--status",
                "unverified",
                "--status",
                "in-progress",
            ]
        ),
        [3, 1]
    );
    assert_eq!(
        ids(
            &env,
            &[
                "--tag",
                "mexico",
                "--since",
                "2025-09-02",
                "--text",
                "the",
                "--status",
                "true",
            ]
        ),
        [4]
    );
    assert_eq!(
        ids(
            &env,
            &["--speaker", "Donald Trump", "--until", "2025-08-31"]
        ),
        [5]
    );
}

#[test]
fn filters_narrow_the_table_and_its_footer() {
    let env = desk();
    let table = env.ok(&["list", "--tag", "migration"]);
    assert_eq!(table_ids(&table), [4, 1]);
    assert!(
        table.ends_with("\n2 claims.\nBy status: unverified 1 · true 1\n"),
        "{table}"
    );
}

/// The footer of one tag: the claims of `--tag mexico` by status.
fn mexico_footer(env: &TestEnv) -> String {
    let table = env.ok(&["list", "--tag", "mexico"]);
    table.lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_tags_footer_follows_statuses_tags_and_deletions() {
    // The footer of one tag is read from the counts the schema keeps (0009): each change to
    // a tagged claim must move them.
    let env = desk();
    assert_eq!(
        mexico_footer(&env),
        "By status: unverified 1 · in-progress 1 · true 1"
    );
    env.ok(&[
        "status",
        "3",
        "false",
        "--force",
        "--note",
        "The figures say otherwise.",
    ]);
    assert_eq!(
        mexico_footer(&env),
        "By status: unverified 1 · true 1 · false 1"
    );
    env.ok(&["edit", "1", "--untag", "mexico"]);
    env.ok(&["edit", "2", "--tag", "mexico"]);
    assert_eq!(mexico_footer(&env), "By status: true 1 · false 2");
    env.ok(&["rm", "4", "--yes"]);
    let table = env.ok(&["list", "--tag", "mexico"]);
    assert_eq!(table_ids(&table), [3, 2]);
    assert!(
        table.ends_with("\n2 claims.\nBy status: false 2\n"),
        "{table}"
    );
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("no problems found"), "{doctor}");
}

#[test]
fn limit_shows_the_newest_and_says_how_many_more_match() {
    let env = desk();
    let table = env.ok(&["list", "--limit", "2"]);
    assert_eq!(table_ids(&table), [3, 2]);
    assert!(
        table.ends_with(
            "\nShowing 2 of 5 matching claims: 3 more (raise --limit, or --limit 0 for all).\n\
             By status: unverified 2 · in-progress 1 · true 1 · false 1\n"
        ),
        "{table}"
    );
}

#[test]
fn limit_counts_only_the_matching_claims() {
    let env = desk();
    let table = env.ok(&["list", "--tag", "mexico", "--limit", "1"]);
    assert_eq!(table_ids(&table), [3]);
    assert!(
        table.contains(
            "\nShowing 1 of 3 matching claims: 2 more (raise --limit, or --limit 0 for all).\n"
        ),
        "{table}"
    );
}

#[test]
fn limit_applies_to_csv_and_json_too() {
    let env = desk();
    let (_, rows) = parse_csv(&env.ok(&["list", "--format", "csv", "--limit", "2"]));
    assert_eq!(
        rows.iter().map(|row| row[0].as_str()).collect::<Vec<_>>(),
        ["3", "2"]
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json", "--limit", "1"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn limit_0_shows_every_claim() {
    let env = desk();
    let table = env.ok(&["list", "--limit", "0"]);
    assert_eq!(table_ids(&table), [3, 2, 4, 1, 5]);
    assert!(table.contains("\n5 claims.\n"), "{table}");
}

#[test]
fn the_default_limit_is_100_rows() {
    let env = TestEnv::new();
    for n in 1..=101 {
        env.add(&format!("Claim number {n}."), "Donald Trump", "2025-09-01");
    }
    let table = env.ok(&["list"]);
    let shown = table_ids(&table);
    assert_eq!(shown.len(), 100);
    assert_eq!(shown[0], 101, "newest logged first among equal dates");
    assert!(
        table.contains(
            "\nShowing 100 of 101 matching claims: 1 more (raise --limit, or --limit 0 for all).\n"
        ),
        "{table}"
    );
    assert_eq!(table_ids(&env.ok(&["list", "--limit", "0"])).len(), 101);
}

#[test]
fn no_match_says_so_and_machine_formats_stay_valid() {
    let env = desk();
    assert_eq!(
        env.ok(&["list", "--speaker", "Nobody"]),
        "No claims match.\n"
    );
    assert_eq!(
        env.ok(&["list", "--speaker", "Nobody", "--format", "csv"]),
        format!("{}\n", CSV_HEADER.join(","))
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["list", "--speaker", "Nobody", "--format", "json"]))
            .unwrap();
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn an_empty_database_lists_no_claims() {
    let env = TestEnv::new();
    assert_eq!(env.ok(&["list"]), "No claims match.\n");
}

#[test]
fn csv_has_the_documented_columns() {
    let env = desk();
    env.ok(&[
        "edit",
        "4",
        "--context",
        "Morning press conference, Mexico City",
        "--url",
        "https://example.org/mananera",
    ]);
    env.attach(4, "https://example.org/troops", "supports");
    let (header, rows) = parse_csv(&env.ok(&["list", "--format", "csv"]));
    assert_eq!(header, CSV_HEADER);
    assert_eq!(
        rows.iter().map(|row| row[0].as_str()).collect::<Vec<_>>(),
        ["3", "2", "4", "1", "5"]
    );
    assert_eq!(
        rows[2],
        [
            "4",
            "Mexico has deployed 10,000 troops to the border.",
            "Claudia Sheinbaum",
            "2025-09-02",
            "true",
            "Morning press conference, Mexico City",
            "https://example.org/mananera",
            "mexico;migration",
            "1",
            NOW,
            NOW,
            "",
        ]
    );
    assert_eq!(
        rows[4],
        [
            "5",
            "Fentanyl crossings are down by half.",
            "Donald Trump",
            "2025-08-30",
            "unverified",
            "",
            "",
            "",
            "0",
            NOW,
            NOW,
            "",
        ]
    );
}

#[test]
fn json_has_the_csv_fields_with_tags_as_an_array_and_nulls() {
    let env = desk();
    let json: Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    let claims = json.as_array().unwrap();
    assert_eq!(claims.len(), 5);
    let mut keys: Vec<&str> = claims[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    // The CSV's fields, and how many times the claim was said.
    let mut expected = CSV_HEADER.to_vec();
    expected.push("times_said");
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        claims[3],
        serde_json::json!({
            "id": 1,
            "text": "Migration has fallen dramatically since January.",
            "speaker": "Marco Rubio",
            "said_on": "2025-09-01",
            "status": "unverified",
            "context": null,
            "source_url": null,
            "tags": ["mexico", "migration"],
            "evidence_count": 0,
            "created_at": NOW,
            "updated_at": NOW,
            "speaker_role": null,
            "times_said": 1,
        })
    );
    assert_eq!(claims[4]["tags"], serde_json::json!([]));
}

#[test]
fn a_long_claim_is_cut_to_one_line_with_an_ellipsis() {
    let env = TestEnv::new();
    let text = "It's the closest cooperation we've ever had, maybe between any country, \
                but definitely between the U.S. and Mexico.";
    env.add(text, "Marco Rubio", "2025-09-03");
    let output = env
        .cmd()
        .env("COLUMNS", "80")
        .args(["list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    // Top border, header, separator, one row, bottom border, two footer lines.
    assert_eq!(lines.len(), 7, "{table}");
    for line in &lines {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    let row = lines[3];
    assert!(
        row.starts_with("│  1 ┆ 2025-09-03 ┆ Marco Rubio ┆"),
        "{row}"
    );
    assert!(row.contains("It's the closest"), "{row}");
    assert!(row.contains('…'), "{row}");
    assert!(!table.contains("Mexico."), "{table}");
    assert_eq!(lines[5], "1 claim.");
}

#[test]
fn control_characters_and_line_breaks_stay_out_of_the_table() {
    let env = TestEnv::new();
    env.add(
        "Red\u{1b}[31m alert\nsecond line",
        "Donald Trump",
        "2025-09-03",
    );
    let table = env.ok(&["list"]);
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(table.contains("Red [31m alert second line"), "{table}");
    assert_eq!(table_ids(&table), [1]);
}

#[test]
fn a_claim_with_an_unknown_date_shows_unknown_and_comes_last() {
    let env = desk();
    if env.sqlite_only("writing to the file behind claims' back") {
        return;
    }
    // Imported data may lack the date; `add` always has one, so clear it in the file.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE claims SET said_on = NULL WHERE id = 3", [])
        .unwrap();
    drop(conn);
    assert_eq!(ids(&env, &[]), [2, 4, 1, 5, 3]);
    let table = env.ok(&["list"]);
    assert_eq!(table_ids(&table), [2, 4, 1, 5, 3]);
    let last_row = table.lines().rfind(|l| l.starts_with('│')).unwrap();
    assert!(last_row.starts_with("│  3 ┆ unknown    ┆"), "{last_row}");
    assert_eq!(ids(&env, &["--since", "2025-01-01"]), [2, 4, 1, 5]);
    let json: Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(json[4]["said_on"], Value::Null);
    let (_, rows) = parse_csv(&env.ok(&["list", "--format", "csv"]));
    assert_eq!(rows[4][3], "");
}

#[test]
fn an_unknown_status_is_refused_with_the_valid_ones() {
    let env = desk();
    assert_eq!(
        env.fails_untouched(&["list", "--status", "bogus"]),
        "error: unknown status 'bogus': expected one of unverified, in-progress, true, \
         mostly-true, half-true, mostly-false, false, misleading, unproven (the default scale)"
    );
}

#[test]
fn a_date_that_is_not_on_the_calendar_is_refused() {
    let env = desk();
    assert_eq!(
        env.fails_untouched(&["list", "--since", "2025-02-30"]),
        "error: invalid date '2025-02-30' for --since: expected YYYY-MM-DD"
    );
}

#[test]
fn a_date_in_another_format_is_refused() {
    let env = desk();
    assert_eq!(
        env.fails_untouched(&["list", "--since", "03/09/2025"]),
        "error: invalid date '03/09/2025' for --since: expected YYYY-MM-DD"
    );
    assert_eq!(
        env.fails_untouched(&["list", "--until", "2025-9-3"]),
        "error: invalid date '2025-9-3' for --until: expected YYYY-MM-DD"
    );
}

#[test]
fn an_invalid_tag_filter_is_refused() {
    let env = desk();
    let error = env.fails_untouched(&["list", "--tag", "a;b"]);
    assert!(error.contains("invalid tag 'a;b'"), "{error}");
}

#[test]
fn an_unknown_sort_or_format_is_a_usage_error() {
    let env = desk();
    env.run(&["list", "--sort", "bogus"]).code(2);
    env.run(&["list", "--format", "xml"]).code(2);
    env.run(&["list", "--limit", "-1"]).code(2);
}
