//! `claims search`: full-text search, ranked, with snippets, kept in step with every change.

use serde_json::Value;

use crate::support::{TestEnv, parse_csv};

/// The ids `search ARGS` finds, in its order.
fn found(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let json: Value =
        serde_json::from_str(&env.ok(&[&["search"][..], args, &["--format", "json"]].concat()))
            .unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_i64().unwrap())
        .collect()
}

/// Three claims; the words "cartels" and "border" appear in different places of each.
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Mexico delivered 55 cartel figures to the United States.",
        "Associated Press",
        "2025-09-03",
    );
    env.ok(&[
        "add",
        "Migration has fallen dramatically at the border.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
        "--context",
        "Remarks on cartels and security",
    ]);
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["note", "3", "The boat was said to carry cartel members."]);
    env
}

#[test]
fn the_claim_s_own_words_rank_before_its_context_and_notes() {
    let env = desk();
    // "cartel" is in claim 1's text, claim 2's context and claim 3's note.
    assert_eq!(found(&env, &["cartel"]), [1, 2, 3]);
    assert_eq!(found(&env, &["cartels"]), [1, 2, 3], "any ending");
}

#[test]
fn the_table_shows_the_matching_passage_with_the_words_marked() {
    let env = desk();
    let table = env.ok(&["search", "migration border"]);
    assert!(
        table.contains("[Migration] has fallen dramatically at the [border]."),
        "{table}"
    );
    assert!(table.contains("1 claim, most relevant first."), "{table}");
    assert_eq!(env.ok(&["search", "wall"]), "No claim matches 'wall'.\n");
}

#[test]
fn csv_and_json_carry_the_snippet_and_score() {
    let env = desk();
    let (header, rows) = parse_csv(&env.ok(&["search", "killed", "--format", "csv"]));
    assert_eq!(
        header,
        [
            "id", "text", "speaker", "said_on", "status", "snippet", "score"
        ]
    );
    assert_eq!(
        rows[0][..5],
        [
            "3",
            "All 11 were killed.",
            "Donald Trump",
            "2025-09-02",
            "unverified"
        ]
    );
    assert_eq!(rows[0][5], "All 11 were [killed].");
    assert!(
        rows[0][6].parse::<f64>().unwrap() < 0.0,
        "bm25: lower is better"
    );
}

#[test]
fn the_syntax_people_expect() {
    let env = desk();
    assert_eq!(found(&env, &["\"has fallen\""]), [2]);
    assert_eq!(found(&env, &["\"fallen has\""]), Vec::<i64>::new());
    assert_eq!(found(&env, &["killed OR delivered"]).len(), 2);
    assert_eq!(found(&env, &["cartel -boat"]), [1, 2]);
    assert_eq!(found(&env, &["cartel NOT boat"]), [1, 2]);
    assert_eq!(found(&env, &["dram*"]), [2]);
    assert_eq!(found(&env, &["MÉXICO"]), [1], "case and accents");
}

#[test]
fn hostile_queries_are_words_or_a_clear_error_never_an_sql_error() {
    let env = desk();
    for query in [
        "\"",
        "border\"",
        "NEAR(border",
        "border AND (",
        "*",
        "'; DROP TABLE claims; --",
        "^border",
        "text:border",
        "{text}: border",
    ] {
        let output = env
            .cmd()
            .args(["search", query, "--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() || stderr.contains("has no word to look for"),
            "{query:?}: {stderr}"
        );
        assert!(!stderr.contains("fts5"), "{query:?}: {stderr}");
    }
    assert_eq!(found(&env, &["NEAR(border"]), Vec::<i64>::new());
    assert_eq!(found(&env, &["border\""]), [2]);
    let error = env.fails(&["search", "--", "-border"]);
    assert_eq!(
        error,
        "error: the search '-border' has no word to look for: give at least one word \
         (-word only leaves words out)"
    );
    assert_eq!(env.export_json().as_array().unwrap().len(), 3);
}

#[test]
fn the_index_follows_edits_notes_sources_and_imports() {
    let env = desk();
    env.ok(&["edit", "3", "--text", "Eleven people died in the strike."]);
    assert_eq!(found(&env, &["killed"]), Vec::<i64>::new());
    assert_eq!(found(&env, &["strike"]), [3]);
    env.ok(&["note", "1", "Ask the attorney general's office."]);
    assert_eq!(found(&env, &["attorney"]), [1]);
    let evidence = env.attach(2, "https://www.cbp.gov/encounters", "supports");
    env.ok(&[
        "evidence",
        "add",
        "2",
        "https://example.org/stats",
        "--title",
        "Southwest border encounters",
        "--excerpt",
        "Encounters dropped 93 percent.",
    ]);
    assert_eq!(found(&env, &["encounters"]), [2]);
    env.ok(&["evidence", "rm", &(evidence + 1).to_string()]);
    assert_eq!(found(&env, &["encounters"]), Vec::<i64>::new());
    let csv = env.dir().join("more.csv");
    std::fs::write(
        &csv,
        "text,speaker\nTariffs will pay for the wall.,Donald Trump\n",
    )
    .unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    assert_eq!(found(&env, &["tariffs"]), [4]);
}

#[test]
fn a_bulk_import_builds_the_index_once_and_finds_everything() {
    let env = TestEnv::new();
    let rows: String = (0..12_000)
        .map(|i| {
            format!(
                "Claim number {i} about topic{}.,Speaker {}\n",
                i % 100,
                i % 7
            )
        })
        .collect();
    let csv = env.dir().join("bulk.csv");
    std::fs::write(&csv, format!("text,speaker\n{rows}")).unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    assert_eq!(found(&env, &["topic42", "--limit", "1000"]).len(), 120);
    // The triggers are back: a claim added after the bulk load is found too.
    env.add(
        "A claim about topic42 added later.",
        "Someone",
        "2025-09-01",
    );
    assert_eq!(found(&env, &["topic42", "--limit", "1000"]).len(), 121);
}

#[test]
fn filters_narrow_the_search() {
    let env = desk();
    env.ok(&["status", "2", "in-progress"]);
    assert_eq!(found(&env, &["cartel", "--status", "in-progress"]), [2]);
    assert_eq!(
        found(&env, &["cartel", "--speaker", "associated press"]),
        [1]
    );
    assert_eq!(found(&env, &["cartel", "--since", "2025-09-03"]), [1, 2]);
    assert_eq!(found(&env, &["cartel", "--limit", "1"]), [1]);
}

#[test]
fn rebuild_makes_the_index_whole_again() {
    let env = desk();
    if env.sqlite_only("dropping the file's FTS5 triggers") {
        return;
    }
    // Another tool writes a note without the triggers knowing better: the index is rebuilt.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER notes_fts_before_insert; DROP TRIGGER notes_fts_after_insert;
         INSERT INTO notes (claim_id, text, author, created_at)
         VALUES (1, 'Written by a script about ammunition.', 'script', '2025-09-04T00:00:00Z');",
    )
    .unwrap();
    drop(conn);
    assert_eq!(found(&env, &["ammunition"]), Vec::<i64>::new());
    assert_eq!(
        env.ok(&["search", "--rebuild"]),
        "Rebuilt the search index of 3 claims.\n"
    );
    assert_eq!(found(&env, &["ammunition"]), [1]);
    env.run(&["search"]).code(2);
}
