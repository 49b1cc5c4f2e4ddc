//! `claims doctor`: it checks the file, reports, exits 1 with what to do when something is
//! wrong, and `--repair` rebuilds what is derived from the claims.

use rusqlite::Connection;

use crate::support::TestEnv;

/// A database with a few claims, a tag, a source and a status.
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "Migration across the border has fallen dramatically.",
        "--speaker",
        "Marco Rubio",
        "--date",
        "2025-09-03",
        "--tag",
        "migration",
    ]);
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.attach(2, "https://example.org/strike", "context");
    env.ok(&["status", "2", "true"]);
    env
}

/// Changes the file behind claims' back, as another tool (or a bug) might.
fn tamper(env: &TestEnv, sql: &str) {
    Connection::open(env.db())
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

/// The report's row for one check.
fn row<'a>(report: &'a str, check: &str) -> &'a str {
    report
        .lines()
        .find(|line| line.contains(check))
        .unwrap_or_else(|| panic!("no row for {check} in {report}"))
}

/// Runs `claims doctor` expecting it to find problems: returns the report and the error line.
fn finds_problems(env: &TestEnv, args: &[&str]) -> (String, String) {
    let output = env.run(args).code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

#[test]
fn a_healthy_database_passes_every_check() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    let report = env.ok(&["doctor"]);
    for check in [
        "SQLite integrity",
        "schema version",
        "tables, indexes and triggers",
        "foreign keys",
        "history of missing claims",
        "search index",
        "kept counts",
        "journal mode",
    ] {
        let line = row(&report, check);
        assert!(line.contains(" ok "), "{line}");
    }
    assert!(!report.contains("PROBLEM"), "{report}");
    assert!(
        report.ends_with("claims.db: no problems found.\n"),
        "{report}"
    );
}

#[test]
fn missing_indexes_and_triggers_are_found_and_recreated() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    tamper(
        &env,
        "DROP INDEX claims_by_status; DROP TRIGGER claims_fts_insert;",
    );
    let (report, error) = finds_problems(&env, &["doctor"]);
    let line = row(&report, "tables, indexes and triggers");
    assert!(line.contains("PROBLEM"), "{line}");
    assert!(report.contains("claims_by_status"), "{report}");
    assert!(report.contains("claims_fts_insert"), "{report}");
    assert!(
        error.contains("`claims doctor --repair` fixes 1 of them"),
        "{error}"
    );

    let repaired = env.ok(&["doctor", "--repair"]);
    assert!(repaired.starts_with("Repaired 1 problem(s)"), "{repaired}");
    assert!(!repaired.contains("PROBLEM"), "{repaired}");
    // The trigger is back: a new claim is found by search.
    env.add(
        "Tariffs brought in record revenue.",
        "Scott Bessent",
        "2025-09-01",
    );
    assert!(
        env.ok(&["search", "tariffs", "--format", "csv"])
            .contains("Tariffs brought in")
    );
}

#[test]
fn wrong_counts_and_a_stale_search_index_are_rebuilt() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    tamper(
        &env,
        "UPDATE status_counts SET claims = claims + 5;
         UPDATE speaker_counts SET claims = 0;
         DROP TRIGGER claims_fts_after_update;
         UPDATE claims SET text = 'Deportations reached a record.' WHERE id = 1;",
    );
    let (report, error) = finds_problems(&env, &["doctor"]);
    assert!(row(&report, "kept counts").contains("PROBLEM"), "{report}");
    assert!(row(&report, "search index").contains("PROBLEM"), "{report}");
    assert!(error.contains("3 problem(s)"), "{error}");

    env.ok(&["doctor", "--repair"]);
    env.ok(&["doctor"]);
    assert!(env.ok(&["search", "deportations"]).contains("Deportations"));
    let stats = env.ok(&["stats", "--format", "csv"]);
    assert!(stats.contains("Marco Rubio,unverified,1"), "{stats}");
}

#[test]
fn a_file_of_schema_6_2_with_tag_rows_of_a_missing_tag_upgrades_then_is_repaired() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    // The file as 6.2 left it (no kept counts per tag), with its only tag deleted by another
    // tool, foreign keys off: the tag row of claim 1 points at nothing.
    tamper(
        &env,
        "PRAGMA foreign_keys = OFF; DROP TRIGGER claim_tags_counted; \
         DROP TRIGGER claim_tags_uncounted; DROP TRIGGER claim_tags_recounted; DROP TABLE tag_counts; \
         DELETE FROM tags WHERE name = 'migration'; PRAGMA user_version = 6002;",
    );
    // Upgrading counts the tags that exist, and leaves the orphan to the doctor.
    let (report, _) = finds_problems(&env, &["doctor"]);
    assert!(row(&report, "schema version").contains("6.3"), "{report}");
    assert!(
        report.contains("claim_tags rows point at missing tags"),
        "{report}"
    );
    env.ok(&["doctor", "--repair"]);
    env.ok(&["doctor"]);
    env.ok(&["edit", "2", "--tag", "strikes"]);
    let table = env.ok(&["list", "--tag", "strikes"]);
    assert!(
        table.ends_with("\n1 claim.\nBy status: true 1\n"),
        "{table}"
    );
}

#[test]
fn history_of_a_claim_deleted_outside_claims_is_reported_not_repaired() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    tamper(&env, "DELETE FROM claims WHERE id = 1;");
    let (report, error) = finds_problems(&env, &["doctor", "--repair"]);
    let line = row(&report, "history of missing claims");
    assert!(line.contains("PROBLEM"), "{line}");
    assert!(report.contains("claims 1 are gone without"), "{report}");
    assert!(report.contains("claims restore"), "{report}");
    assert!(error.contains("history of missing claims"), "{error}");

    // A claim deleted with `claims rm` is not a problem: its record is in the history.
    let env = desk();
    env.ok(&["rm", "1", "--yes"]);
    env.ok(&["doctor"]);
}

#[test]
fn a_damaged_file_is_reported_with_the_way_back() {
    let env = desk();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    // Enough claims for several pages, then a page in the middle overwritten.
    for n in 0..200 {
        env.add(
            &format!("Claim number {n} about the budget deficit growing every year."),
            "Someone",
            "2025-09-01",
        );
    }
    Connection::open(env.db())
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let mut bytes = std::fs::read(env.db()).unwrap();
    let page = 4096;
    let middle = bytes.len() / page / 2 * page;
    bytes[middle + 8..middle + page].fill(0xA5);
    std::fs::write(env.db(), &bytes).unwrap();

    let (report, error) = finds_problems(&env, &["doctor"]);
    let line = row(&report, "SQLite integrity");
    assert!(line.contains("PROBLEM"), "{report}");
    assert!(report.contains("claims restore"), "{report}");
    assert!(error.contains("SQLite integrity"), "{error}");
}

#[test]
fn doctor_refuses_what_is_not_a_claims_database() {
    let env = TestEnv::empty();
    if env.sqlite_only("the file's checks, and tampering with the file") {
        return;
    }
    std::fs::write(env.db(), "id,text\n1,hello\n").unwrap();
    assert_eq!(
        env.fails(&["doctor"]),
        format!(
            "error: '{}' is not a claims database (it is not SQLite): check --db or CLAIMS_DB",
            env.db().display()
        )
    );
    let missing = TestEnv::empty();
    assert!(missing.fails(&["doctor"]).contains("does not exist"));
}
