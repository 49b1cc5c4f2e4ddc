//! No user input ever reaches SQL (or FTS5) as text: classic SQL-injection strings, LIKE
//! wildcards and FTS5 query syntax go through every field and every filter of the CLI. Each
//! command either succeeds and stores the string exactly as typed, or refuses the value with
//! one clear `error:` line and leaves the database untouched; a filter finds exactly the claims
//! that hold the literal value; and afterwards the schema is whole (every table, index and
//! trigger as a fresh database has them, `PRAGMA integrity_check` ok, the search index
//! consistent, every claim still there).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{TestEnv, parse_id};

/// Strings that break programs that paste input into SQL, LIKE patterns or FTS5 queries.
const PAYLOADS: &[&str] = &[
    "'; DROP TABLE claims; --",
    "\" OR 1=1 --",
    "Robert'); DROP TABLE claims;--",
    "%' OR '1'='1",
    "1; DELETE FROM history",
    "\\' UNION SELECT * FROM sqlite_master --",
    "x' || (SELECT sql FROM sqlite_master) || '",
    "100% of the_budget",
    "%",
    "_",
    "NEAR(",
    "\"unbalanced",
    "*",
    "col:",
    "^",
    "text : (\"x\") OR claims_fts MATCH '*'",
];

/// A link whose query string carries the payload (spaces as `+`: a URL has no spaces).
fn url_with(payload: &str) -> String {
    format!(
        "https://example.org/search?q={}&x=1",
        payload.replace(' ', "+")
    )
}

/// `--name=value`: a value is never read as a flag, whatever it starts with.
fn flag(name: &str, value: &str) -> String {
    format!("--{name}={value}")
}

/// Runs `claims ARGS` (owned strings).
fn ok(env: &TestEnv, args: &[String]) -> String {
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Runs a command that must fail with one `error:` line and change nothing.
fn refused(env: &TestEnv, args: &[String]) -> String {
    env.fails_untouched(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Owned arguments from string slices.
fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| arg.to_string()).collect()
}

/// Whether `tag` may be a tag at all (`;` is the CSV export's tag separator).
fn taggable(payload: &str) -> bool {
    !payload.contains(';')
}

/// The ids of a JSON array of claims or hits.
fn ids(json: &str) -> Vec<i64> {
    let value: Value = serde_json::from_str(json).expect("JSON output");
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["id"].as_i64().expect("an id"))
        .collect()
}

/// The ids `claims ARGS --format json` lists (sorted, for filters whose order is not the point).
fn found(env: &TestEnv, args: &[String]) -> Vec<i64> {
    let mut args = args.to_vec();
    // Right after the command: before any `--`.
    args.insert(1, "--format=json".to_string());
    let mut found = ids(&ok(env, &args));
    found.sort_unstable();
    found
}

/// The database's tables, indexes, triggers and views, as SQL (SQLite's statistics left out).
fn schema(env: &TestEnv) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema \
             WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
        )
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The schema is the one a fresh database has, SQLite finds nothing wrong, the search index
/// agrees with the claims, and `claims list` shows `claims` claims.
fn assert_intact(env: &TestEnv, claims: usize) {
    if env.is_postgres() {
        // The server's own checks: the schema version, the kept counts, the search entries.
        env.ok(&["doctor"]);
        let listed = ids(&env.ok(&["list", "--format", "json", "--limit", "0"]));
        assert_eq!(listed.len(), claims, "claims that `claims list` shows");
        return;
    }
    assert_eq!(
        schema(env),
        schema(&TestEnv::new()),
        "the schema differs from a fresh database's"
    );
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "foreign keys that point nowhere");
    conn.execute(
        "INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the search index agrees with the claims");
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM claims", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored, claims as i64, "claims in the table");
    drop(conn);
    let listed = ids(&env.ok(&["list", "--format", "json", "--limit", "0"]));
    assert_eq!(listed.len(), claims, "claims that `claims list` shows");
}

/// One claim per payload, the payload in every field `add` has (text, speaker, role, context,
/// link, tag); claim N+1 holds PAYLOADS[N].
fn desk() -> TestEnv {
    let env = TestEnv::new();
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let mut args = vec![
            "add".to_string(),
            flag("speaker", payload),
            flag("date", "2025-09-01"),
            flag("role", payload),
            flag("context", payload),
            flag("url", &url_with(payload)),
        ];
        if taggable(payload) {
            args.push(flag("tag", payload));
        }
        args.extend(["--".to_string(), payload.to_string()]);
        let id = parse_id(&ok(&env, &args), "Logged claim ");
        assert_eq!(id, index as i64 + 1, "{payload}");
    }
    env
}

#[test]
fn add_stores_every_field_literally() {
    let env = desk();
    let claims = env.export_json();
    assert_eq!(claims.as_array().unwrap().len(), PAYLOADS.len());
    for (claim, payload) in claims.as_array().unwrap().iter().zip(PAYLOADS) {
        assert_eq!(claim["text"], *payload);
        assert_eq!(claim["speaker"], *payload);
        assert_eq!(claim["speaker_role"], *payload);
        assert_eq!(claim["context"], *payload);
        assert_eq!(claim["source_url"], url_with(payload));
        let tags = if taggable(payload) {
            json!([payload.to_lowercase()])
        } else {
            json!([])
        };
        assert_eq!(claim["tags"], tags, "{payload}");
        let shown: Value =
            serde_json::from_str(&env.ok(&["show", &claim["id"].to_string(), "--format", "json"]))
                .unwrap();
        assert_eq!(shown["text"], *payload);
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn a_tag_with_a_semicolon_is_refused_with_one_line() {
    let env = desk();
    for payload in PAYLOADS.iter().filter(|p| !taggable(p)) {
        let error = refused(
            &env,
            &[
                "add".into(),
                flag("speaker", "Someone"),
                flag("date", "2025-09-01"),
                flag("tag", payload),
                "--".into(),
                "Some new claim about the budget.".into(),
            ],
        );
        assert_eq!(
            error,
            format!(
                "error: invalid tag '{payload}': a tag is a non-empty word or phrase without ';'"
            )
        );
        refused(&env, &["edit".into(), flag("tag", payload), "1".into()]);
        refused(&env, &["list".into(), flag("tag", payload)]);
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn edit_stores_every_field_literally_and_records_it_in_the_history() {
    let env = one_claim();
    let mut previous = "The budget was balanced last year.".to_string();
    for payload in PAYLOADS {
        let url = url_with(payload);
        let mut args = vec![
            "edit".to_string(),
            flag("text", payload),
            flag("speaker", payload),
            flag("role", payload),
            flag("context", payload),
            flag("url", &url),
        ];
        if taggable(payload) {
            args.push(flag("tag", payload));
        }
        args.extend(["--".to_string(), "1".to_string()]);
        let stdout = ok(&env, &args);
        assert!(stdout.starts_with("Updated claim 1: "), "{stdout}");
        let claim = &env.export_json()[0];
        assert_eq!(claim["text"], *payload);
        assert_eq!(claim["speaker"], *payload);
        assert_eq!(claim["speaker_role"], *payload);
        assert_eq!(claim["context"], *payload);
        assert_eq!(claim["source_url"], url);
        if taggable(payload) {
            assert!(
                claim["tags"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(payload.to_lowercase())),
                "{payload}: {}",
                claim["tags"]
            );
        }
        let change = claim["history"]
            .as_array()
            .unwrap()
            .iter()
            .rfind(|entry| entry["field"] == "text")
            .expect("the text change is in the history");
        assert_eq!(change["old_value"], previous.as_str());
        assert_eq!(change["new_value"], *payload);
        previous = payload.to_string();
    }
    // And every tag comes off again, by its literal name.
    for payload in PAYLOADS.iter().filter(|p| taggable(p)) {
        ok(
            &env,
            &[
                "edit".into(),
                flag("untag", payload),
                "--".into(),
                "1".into(),
            ],
        );
    }
    assert_eq!(env.export_json()[0]["tags"], json!([]));
    assert_intact(&env, 1);
}

#[test]
fn evidence_fields_store_every_payload_literally() {
    let env = one_claim();
    for payload in PAYLOADS {
        let stdout = ok(
            &env,
            &[
                "evidence".into(),
                "add".into(),
                flag("title", payload),
                flag("publisher", payload),
                flag("excerpt", payload),
                flag("note", payload),
                flag("stance", "refutes"),
                "--".into(),
                "1".into(),
                url_with(payload),
            ],
        );
        assert!(stdout.starts_with("Attached evidence "), "{stdout}");
    }
    let listed: Value =
        serde_json::from_str(&env.ok(&["evidence", "list", "1", "--format", "json"])).unwrap();
    let claim = &env.export_json()[0];
    assert_eq!(listed, claim["evidence"]);
    let sources = listed.as_array().unwrap();
    assert_eq!(sources.len(), PAYLOADS.len());
    for (source, payload) in sources.iter().zip(PAYLOADS) {
        assert_eq!(source["url"], url_with(payload));
        assert_eq!(source["title"], *payload);
        assert_eq!(source["publisher"], *payload);
        assert_eq!(source["excerpt"], *payload);
        assert_eq!(source["note"], *payload);
    }
    // The history keeps each source whole, as JSON that reads back the same.
    let kept: Vec<Value> = claim["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["field"] == "evidence")
        .map(|entry| serde_json::from_str(entry["new_value"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(kept, *sources);
    assert_intact(&env, 1);
}

#[test]
fn notes_verdict_notes_reviewers_and_repeats_store_every_payload_literally() {
    let env = one_claim();
    for payload in PAYLOADS {
        ok(&env, &strings(&["note", "--", "1", payload]));
        ok(
            &env,
            &[
                "status".into(),
                flag("note", payload),
                flag("by", payload),
                "--".into(),
                "1".into(),
                "in-progress".into(),
            ],
        );
        ok(
            &env,
            &[
                "repeat".into(),
                flag("date", "2025-09-02"),
                flag("speaker", payload),
                flag("context", payload),
                flag("url", &url_with(payload)),
                "--".into(),
                "1".into(),
            ],
        );
    }
    let claim = &env.export_json()[0];
    let notes: Vec<&str> = claim["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes, PAYLOADS);
    let verdicts: Vec<(&Value, &Value)> = claim["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["field"] == "status")
        .map(|entry| (&entry["note"], &entry["actor"]))
        .collect();
    assert_eq!(verdicts.len(), PAYLOADS.len());
    for ((note, actor), payload) in verdicts.into_iter().zip(PAYLOADS) {
        assert_eq!(note, payload);
        assert_eq!(*actor, env.actor_for(payload));
    }
    let repeats = claim["appearances"].as_array().unwrap();
    assert_eq!(repeats.len(), PAYLOADS.len());
    for (repeat, payload) in repeats.iter().zip(PAYLOADS) {
        assert_eq!(repeat["speaker"], *payload);
        assert_eq!(repeat["context"], *payload);
        assert_eq!(repeat["source_url"], url_with(payload));
    }
    assert_eq!(claim["times_said"], PAYLOADS.len() + 1);
    assert_intact(&env, 1);
}

#[test]
fn the_speaker_filter_matches_the_literal_name_and_nothing_else() {
    let env = desk();
    // Names a LIKE pattern would confuse with each other.
    let ann = PAYLOADS.len() as i64 + 1;
    env.add("The deficit doubled.", "Ann_Smith", "2025-09-01");
    env.add("The deficit halved.", "AnnXSmith", "2025-09-01");
    env.add("The deficit tripled.", "Ann%Smith", "2025-09-01");
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let want = vec![index as i64 + 1];
        for command in ["list", "export"] {
            assert_eq!(
                found(&env, &[command.into(), flag("speaker", payload)]),
                want,
                "`claims {command} --speaker '{payload}'`"
            );
        }
        // Any case and spacing is the same speaker; nothing more.
        assert_eq!(
            found(
                &env,
                &[
                    "list".into(),
                    flag("speaker", &format!("  {}  ", payload.to_uppercase()))
                ]
            ),
            want,
            "{payload}"
        );
        let stats: Value = serde_json::from_str(&ok(
            &env,
            &[
                "stats".into(),
                flag("speaker", payload),
                "--format=json".into(),
            ],
        ))
        .unwrap();
        assert_eq!(stats["total"], 1, "`claims stats --speaker '{payload}'`");
        let record = ok(&env, &["speaker".into(), "--".into(), payload.to_string()]);
        assert!(
            record.starts_with(&format!("{payload}\n1 claim, 0 with a verdict;")),
            "`claims speaker '{payload}'`: {record}"
        );
    }
    for (name, want) in [
        ("Ann_Smith", vec![ann]),
        ("AnnXSmith", vec![ann + 1]),
        ("Ann%Smith", vec![ann + 2]),
        ("Ann_Smit_", vec![]),
        ("Ann%", vec![]),
        ("%Smith", vec![]),
        ("%%", vec![]),
        ("' OR '1'='1", vec![]),
        ("\" OR \"\"=\"", vec![]),
    ] {
        assert_eq!(
            found(&env, &["list".into(), flag("speaker", name)]),
            want,
            "`claims list --speaker '{name}'`"
        );
        if want.is_empty() {
            let error = refused(&env, &["speaker".into(), "--".into(), name.into()]);
            assert_eq!(
                error,
                format!("error: no speaker named '{name}': `claims speakers` lists them")
            );
        }
    }
    // `speakers` lists every name exactly as typed.
    let speakers: Value = serde_json::from_str(&env.ok(&["speakers", "--format", "json"])).unwrap();
    let names: BTreeSet<&str> = speakers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["speaker"].as_str().unwrap())
        .collect();
    let mut expected: BTreeSet<&str> = PAYLOADS.iter().copied().collect();
    expected.extend(["Ann_Smith", "AnnXSmith", "Ann%Smith"]);
    assert_eq!(names, expected);
    assert_intact(&env, PAYLOADS.len() + 3);
}

#[test]
fn renaming_and_merging_speakers_with_payload_names_touch_only_them() {
    let env = desk();
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let renamed = format!("{payload} (renamed)");
        ok(
            &env,
            &strings(&["speaker", "rename", "--", payload, &renamed]),
        );
        assert_eq!(
            found(&env, &["list".into(), flag("speaker", &renamed)]),
            [index as i64 + 1]
        );
        assert_eq!(
            found(&env, &["list".into(), flag("speaker", payload)]),
            Vec::<i64>::new()
        );
    }
    // Merge two of them: only those two claims move.
    let from = format!("{} (renamed)", PAYLOADS[3]);
    let into = format!("{} (renamed)", PAYLOADS[8]);
    ok(
        &env,
        &strings(&["speaker", "merge", "--yes", "--", &from, &into]),
    );
    assert_eq!(
        found(&env, &["list".into(), flag("speaker", &into)]),
        [4, 9]
    );
    let claims = env.export_json();
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let want = match index {
            3 | 8 => into.clone(),
            _ => format!("{payload} (renamed)"),
        };
        assert_eq!(claims[index]["speaker"], want);
        assert_eq!(claims[index]["text"], *payload, "the text never changes");
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn the_tag_filter_matches_the_literal_tag_and_nothing_else() {
    let env = TestEnv::new();
    let tags = [
        "%",
        "_",
        "100%",
        "a_b",
        "axb",
        "a%b",
        "ab",
        "' or '1'='1",
        "near(",
        "*",
        "^",
    ];
    for (index, tag) in tags.iter().enumerate() {
        ok(
            &env,
            &[
                "add".into(),
                flag("speaker", "Someone"),
                flag("date", "2025-09-01"),
                flag("tag", tag),
                "--".into(),
                format!("Claim number {index} about the budget."),
            ],
        );
    }
    for (index, tag) in tags.iter().enumerate() {
        let want = vec![index as i64 + 1];
        for command in ["list", "export"] {
            assert_eq!(
                found(&env, &[command.into(), flag("tag", tag)]),
                want,
                "`claims {command} --tag '{tag}'`"
            );
        }
        let stats: Value = serde_json::from_str(&ok(
            &env,
            &["stats".into(), flag("tag", tag), "--format=json".into()],
        ))
        .unwrap();
        assert_eq!(stats["total"], 1, "`claims stats --tag '{tag}'`");
    }
    for absent in ["%%", "a%", "%b", "a__", "_b", "' OR 1=1 --", "near"] {
        assert_eq!(
            found(&env, &["list".into(), flag("tag", absent)]),
            Vec::<i64>::new(),
            "`claims list --tag '{absent}'`"
        );
    }
    assert_intact(&env, tags.len());
}

/// Claims whose words the searches below look for: FTS5's syntax characters are separators in
/// the index, so only the words around them count.
fn searchable() -> TestEnv {
    let env = TestEnv::new();
    for text in [
        "The deal was NEAR( completion, officials said.", // 1
        "Their budget is \"unbalanced by design.",        // 2
        "Inflation hit 100% last spring.",                // 3
        "The file_name field was blank.",                 // 4
        "col: the column header was wrong.",              // 5
        "An exponent ^ misuse in the report.",            // 6
        "A plain sentence with nothing odd.",             // 7
        "'; DROP TABLE claims; --",                       // 8
        "Robert'); DROP TABLE claims;--",                 // 9
        "\\' UNION SELECT * FROM sqlite_master --",       // 10
    ] {
        ok(
            &env,
            &[
                "add".into(),
                flag("speaker", "Someone"),
                flag("date", "2025-09-01"),
                "--".into(),
                text.into(),
            ],
        );
    }
    env
}

#[test]
fn search_and_the_text_filter_read_sql_and_fts_syntax_as_words() {
    let env = searchable();
    let none: Vec<i64> = Vec::new();
    for (query, want) in [
        ("NEAR(", vec![1]),
        ("\"unbalanced", vec![2]),
        ("100%", vec![3]),
        ("file_name", vec![4]),
        ("col:", vec![5]),
        ("'; DROP TABLE claims; --", vec![8, 9]),
        ("Robert'); DROP TABLE claims;--", vec![9]),
        ("\\' UNION SELECT * FROM sqlite_master --", vec![10]),
        ("\" OR 1=1 --", none.clone()),
        ("%' OR '1'='1", none.clone()),
        ("1; DELETE FROM history", none.clone()),
        ("text : (\"x\") OR claims_fts MATCH '*'", none.clone()),
        ("claims_fts MATCH '*'", none.clone()),
    ] {
        assert_eq!(
            found(&env, &["search".into(), "--".into(), query.into()]),
            want,
            "`claims search '{query}'`"
        );
        for command in ["list", "export"] {
            assert_eq!(
                found(&env, &[command.into(), flag("text", query)]),
                want,
                "`claims {command} --text '{query}'`"
            );
        }
    }
    // Nothing but wildcards and syntax: nothing to look for, said in one line, never "all".
    for query in ["%", "_", "*", "^", "%%", "\"\"", "(", ")", "-"] {
        let error = refused(&env, &["search".into(), "--".into(), query.into()]);
        assert!(
            error.starts_with(&format!(
                "error: the search '{query}' has no word to look for"
            )),
            "{error}"
        );
        for command in ["list", "export", "stats"] {
            let error = refused(&env, &[command.into(), flag("text", query)]);
            assert!(
                error.starts_with(&format!(
                    "error: the search '{query}' has no word to look for"
                )),
                "`claims {command} --text '{query}'`: {error}"
            );
        }
    }
    // The table says no claim matches, quoting the search as typed.
    assert_eq!(
        env.ok(&["search", "--", "%' OR '1'='1"]),
        "No claim matches '%' OR '1'='1'.\n"
    );
    ok(
        &env,
        &strings(&["search", "--rebuild", "--", "'; DROP TABLE claims; --"]),
    );
    assert_intact(&env, 10);
}

#[test]
fn similar_works_on_claims_made_of_payloads() {
    let env = desk();
    for id in 1..=PAYLOADS.len() as i64 {
        let similar = ids(&env.ok(&["similar", &id.to_string(), "--format", "json"]));
        assert!(
            !similar.contains(&id),
            "claim {id} is not similar to itself"
        );
        assert!(
            similar
                .iter()
                .all(|other| (1..=PAYLOADS.len() as i64).contains(other)),
            "{similar:?}"
        );
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn unknown_statuses_and_bad_dates_are_one_clear_error_and_change_nothing() {
    let env = desk();
    let statuses = "unverified, in-progress, true, mostly-true, half-true, mostly-false, false, \
                    misleading, unproven (the default scale)";
    for payload in PAYLOADS {
        let unknown = format!("error: unknown status '{payload}': expected one of {statuses}");
        for command in [
            &["list"][..],
            &["export"],
            &["stats"],
            &["search", "budget"],
        ] {
            let mut args = strings(command);
            args.push(flag("status", payload));
            assert_eq!(refused(&env, &args), unknown, "{args:?}");
        }
        assert_eq!(
            refused(&env, &strings(&["status", "--", "1", payload])),
            unknown
        );
        for since in ["since", "until"] {
            for command in ["list", "export", "stats"] {
                assert_eq!(
                    refused(&env, &[command.into(), flag(since, payload)]),
                    format!("error: invalid date '{payload}' for --{since}: expected YYYY-MM-DD"),
                );
            }
        }
        let bad_date = format!(
            "error: invalid date '{payload}' for --date: expected YYYY-MM-DD, or today or yesterday"
        );
        assert_eq!(
            refused(
                &env,
                &[
                    "add".into(),
                    flag("speaker", "Someone"),
                    flag("date", payload),
                    "--".into(),
                    "A new claim.".into()
                ]
            ),
            bad_date
        );
        assert_eq!(
            refused(&env, &["edit".into(), flag("date", payload), "1".into()]),
            bad_date
        );
        assert_eq!(
            refused(&env, &["repeat".into(), flag("date", payload), "1".into()]),
            bad_date
        );
        let error = refused(
            &env,
            &[
                "evidence".into(),
                "add".into(),
                flag("published", payload),
                "1".into(),
                "https://example.org/".into(),
            ],
        );
        assert!(
            error.starts_with(&format!("error: invalid date '{payload}' for --published")),
            "{error}"
        );
        // A payload where a link must be is not a link.
        let error = refused(
            &env,
            &[
                "add".into(),
                flag("speaker", "Someone"),
                flag("date", "2025-09-01"),
                flag("url", payload),
                "--".into(),
                "A new claim.".into(),
            ],
        );
        assert!(error.starts_with("error: invalid URL '"), "{error}");
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn payloads_where_a_number_belongs_are_refused_by_the_parser() {
    let env = desk();
    let before = env.export_json();
    for payload in PAYLOADS {
        let repeated = flag("repeated", payload);
        let limit = flag("limit", payload);
        // The payload comes after `--`, or as `--flag=payload`: never taken for a flag.
        for args in [
            &["show", "--", payload][..],
            &["similar", "--", payload],
            &["note", "--", payload, "A note."],
            &["status", "--", payload, "false"],
            &["rm", "--yes", "--", payload],
            &["evidence", "list", "--", payload],
            &["evidence", "rm", "--", payload],
            &["edit", "--text=New text.", "--", payload],
            &["repeat", "--date=2025-09-01", "--", payload],
            &["list", &repeated],
            &["list", &limit],
            &["similar", &limit, "1"],
        ] {
            let output = env.run(args).code(2).get_output().clone();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        }
    }
    assert_eq!(env.export_json(), before);
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn export_filters_and_claimreview_carry_payloads_literally() {
    let env = desk();
    env.attach(1, "https://example.org/source", "refutes");
    env.ok(&["status", "1", "false"]);
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let json: Value = serde_json::from_str(&ok(
            &env,
            &[
                "export".into(),
                "--format=json".into(),
                flag("speaker", payload),
            ],
        ))
        .unwrap();
        assert_eq!(json.as_array().unwrap().len(), 1, "{payload}");
        assert_eq!(json[0]["id"], index + 1);
        assert_eq!(json[0]["text"], *payload);
    }
    let publisher = PAYLOADS[0];
    let reviews: Value = serde_json::from_str(&ok(
        &env,
        &[
            "export".into(),
            "--format=claimreview".into(),
            flag("publisher", publisher),
            flag("publisher-url", &url_with(PAYLOADS[3])),
            flag("review-url", "https://example.org/claims/{id}?q=%'OR'1'='1"),
        ],
    ))
    .unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    assert_eq!(reviews[0]["author"]["name"], publisher);
    assert_eq!(reviews[0]["author"]["url"], url_with(PAYLOADS[3]));
    assert_eq!(
        reviews[0]["url"],
        "https://example.org/claims/1?q=%'OR'1'='1"
    );
    assert_eq!(reviews[0]["claimReviewed"], PAYLOADS[0]);
    assert_eq!(reviews[0]["itemReviewed"]["author"]["name"], PAYLOADS[0]);
    assert_intact(&env, PAYLOADS.len());
}

/// Writes `rows` under `header` as a CSV (or, with a tab, TSV) file and returns its path.
/// A database with one plain claim, for the payloads to be attached to.
fn one_claim() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "The budget was balanced last year.",
        "Someone",
        "2025-09-01",
    );
    env
}

fn delimited(
    env: &TestEnv,
    name: &str,
    delimiter: u8,
    header: &[&str],
    rows: &[Vec<String>],
) -> String {
    let path = env.dir().join(name);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(&path)
        .unwrap();
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    path.to_str().unwrap().to_string()
}

/// The tags a `tags` cell holding `value` gives: split at `;`, cleaned, sorted, once each.
fn tags_of(value: &str) -> Vec<String> {
    let mut tags: Vec<String> = value
        .split(';')
        .map(|tag| {
            tag.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

#[test]
fn import_of_csv_tsv_and_json_stores_payloads_literally() {
    let header = [
        "text",
        "speaker",
        "speaker_role",
        "context",
        "source_url",
        "tags",
        "said_on",
        "status",
        "note",
    ];
    let rows: Vec<Vec<String>> = PAYLOADS
        .iter()
        .map(|payload| {
            vec![
                payload.to_string(),
                payload.to_string(),
                payload.to_string(),
                payload.to_string(),
                url_with(payload),
                payload.to_string(),
                "2025-09-01".to_string(),
                "false".to_string(),
                payload.to_string(),
            ]
        })
        .collect();
    for (name, delimiter) in [("payloads.csv", b','), ("payloads.tsv", b'\t')] {
        let env = TestEnv::new();
        let path = delimited(&env, name, delimiter, &header, &rows);
        let stdout = env.ok(&["import", &path]);
        assert!(
            stdout.starts_with(&format!(
                "Imported {} claims from {name}.\n",
                PAYLOADS.len()
            )),
            "{stdout}"
        );
        let claims = env.export_json();
        for (claim, payload) in claims.as_array().unwrap().iter().zip(PAYLOADS) {
            assert_eq!(claim["text"], *payload, "{name}");
            assert_eq!(claim["speaker"], *payload, "{name}");
            assert_eq!(claim["speaker_role"], *payload, "{name}");
            assert_eq!(claim["context"], *payload, "{name}");
            assert_eq!(claim["source_url"], url_with(payload), "{name}");
            assert_eq!(claim["tags"], json!(tags_of(payload)), "{name}: {payload}");
            assert_eq!(claim["status"], "false");
            let verdict = claim["history"]
                .as_array()
                .unwrap()
                .iter()
                .find(|entry| entry["field"] == "status")
                .expect("the verdict is in the history");
            assert_eq!(verdict["note"], *payload, "{name}");
        }
        assert_intact(&env, PAYLOADS.len());

        // The JSON export of it all imports into an empty database unchanged.
        let again = TestEnv::new();
        let json = again.dir().join("claims.json");
        std::fs::write(&json, env.ok(&["export", "--format", "json"])).unwrap();
        again.ok(&["import", json.to_str().unwrap()]);
        assert_eq!(again.export_json(), claims);
        assert_intact(&again, PAYLOADS.len());
    }
}

#[test]
fn import_refuses_payloads_where_a_status_date_or_column_name_belongs() {
    let env = desk();
    for payload in PAYLOADS {
        for (column, problem) in [
            (
                "status",
                format!(
                    "1 verdict label of the file is not on the default scale: nothing was \
                     imported; the file's labels: '{payload}' ×1 (first at line 2) → ?"
                ),
            ),
            (
                "said_on",
                format!("line 2, column 'said_on': invalid date '{payload}'"),
            ),
        ] {
            let path = delimited(
                &env,
                "bad.csv",
                b',',
                &["text", "speaker", column],
                &[vec![
                    "A claim.".into(),
                    "Someone".into(),
                    payload.to_string(),
                ]],
            );
            let error = refused(&env, &strings(&["import", &path]));
            assert!(error.starts_with(&format!("error: {problem}")), "{error}");
        }
        let path = delimited(
            &env,
            "good.csv",
            b',',
            &["text", "speaker"],
            &[vec!["A claim.".into(), "Someone".into()]],
        );
        let error = refused(
            &env,
            &[
                "import".into(),
                path,
                flag("map", &format!("text={payload}")),
            ],
        );
        assert!(
            error.starts_with(&format!(
                "error: --map text={}: the file has no column",
                payload.trim()
            )),
            "{error}"
        );
    }
    assert_intact(&env, PAYLOADS.len());
}

#[test]
fn a_deleted_claim_keeps_its_payloads_literally() {
    let env = desk();
    for id in 1..=PAYLOADS.len() {
        env.ok(&["rm", "--yes", &id.to_string()]);
    }
    let deleted: Value = serde_json::from_str(&env.ok(&["deleted", "--format", "json"])).unwrap();
    let texts: Vec<&Value> = deleted
        .as_array()
        .unwrap()
        .iter()
        .map(|record| &record["text"])
        .collect();
    let expected: Vec<Value> = PAYLOADS.iter().map(|p| json!(p)).collect();
    assert_eq!(texts, expected.iter().collect::<Vec<_>>());
    assert_intact(&env, 0);
}

#[test]
fn extract_takes_payloads_in_the_article_and_its_flags_as_text() {
    let env = TestEnv::new();
    let article = env.dir().join("article.txt");
    std::fs::write(
        &article,
        "WASHINGTON (AP) — \"Robert'); DROP TABLE claims;-- cut taxes by 40% for 3 million \
         families,\" Senator Jane O'Hara said on Tuesday.\n\
         She added that 100% of the_budget was spent, according to \"unbalanced NEAR( reports.\n",
    )
    .unwrap();
    let article = article.to_str().unwrap();
    let shown: Value = serde_json::from_str(&env.ok(&[
        "extract",
        article,
        "--min-score",
        "0",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(!shown.as_array().unwrap().is_empty(), "{shown}");
    let publisher = PAYLOADS[0];
    let url = url_with(PAYLOADS[3]);
    ok(
        &env,
        &[
            "extract".into(),
            article.into(),
            "--min-score=0".into(),
            "--add".into(),
            "--yes".into(),
            flag("date", "2025-09-01"),
            flag("publisher", publisher),
            flag("url", &url),
        ],
    );
    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    assert_eq!(claims.len(), shown.as_array().unwrap().len());
    assert!(
        claims.iter().any(|c| c["text"]
            .as_str()
            .unwrap()
            .contains("Robert'); DROP TABLE claims;--")),
        "{claims:?}"
    );
    for claim in claims {
        assert_eq!(claim["source_url"], url);
    }
    assert!(
        claims.iter().any(|c| c["speaker"] == publisher),
        "the text's own statements are the publisher's: {claims:?}"
    );
    assert_intact(&env, claims.len());
}

#[test]
fn scale_and_init_refuse_payload_scale_names_with_one_line() {
    let env = desk();
    for payload in PAYLOADS {
        let error = refused(&env, &strings(&["scale", "show", "--", payload]));
        assert!(error.starts_with("error: "), "{error}");
        let error = refused(&env, &strings(&["scale", "use", "--", payload]));
        assert!(error.starts_with("error: "), "{error}");
        let fresh = TestEnv::empty();
        fresh.fails(&["init", &flag("scale", payload)]);
        assert!(!fresh.db().exists(), "a refused init leaves no database");
    }
    assert_intact(&env, PAYLOADS.len());
}
