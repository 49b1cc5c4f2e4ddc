//! `claims init`, and how every other command treats a missing, foreign or newer database.

use crate::support::TestEnv;

#[test]
fn init_creates_the_database_then_only_upgrades_it() {
    let env = TestEnv::empty();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    let created = env.ok(&["init"]);
    assert!(created.starts_with("Created "), "{created}");
    assert!(created.contains("schema version 6"), "{created}");
    assert!(env.db().exists());

    env.add(
        "migration has fallen dramatically",
        "Associated Press",
        "2025-09-03",
    );
    let again = env.ok(&["init"]);
    assert!(
        again.contains("already at schema version 6.3: nothing to upgrade"),
        "{again}"
    );
    assert_eq!(
        env.export_json().as_array().unwrap().len(),
        1,
        "init kept the claim"
    );
}

#[test]
fn other_commands_refuse_a_missing_database_and_create_nothing() {
    let env = TestEnv::empty();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    for args in [
        &["list"][..],
        &["add", "x", "--speaker", "y", "--date", "today"],
        &["stats"],
    ] {
        let error = env.fails(args);
        assert!(error.contains("does not exist"), "{error}");
        assert!(
            error.contains("init"),
            "the error says how to create it: {error}"
        );
    }
    assert!(
        !env.db().exists(),
        "a typo in --db must not create a database"
    );
}

#[test]
fn db_flag_overrides_the_environment() {
    let env = TestEnv::new();
    let other = env.dir().join("other.db");
    let other = other.to_str().unwrap();
    env.ok(&["--db", other, "init"]);
    env.ok(&[
        "--db",
        other,
        "add",
        "a claim",
        "--speaker",
        "Someone",
        "--date",
        "2025-09-01",
    ]);
    assert!(env.ok(&["--db", other, "list"]).contains("a claim"));
    assert!(
        env.ok(&["list"]).contains("No claims match."),
        "CLAIMS_DB's database is untouched"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = TestEnv::empty();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    let text = "id,text\n1,this is a spreadsheet, not a database\n".repeat(50);
    std::fs::write(env.db(), &text).unwrap();
    for args in [&["list"][..], &["init"]] {
        let error = env.fails(args);
        assert!(
            error.contains("is not a claims database (it is not SQLite)"),
            "{error}"
        );
    }
    assert_eq!(std::fs::read_to_string(env.db()).unwrap(), text);
}

#[test]
fn an_sqlite_file_of_another_program_is_refused() {
    let env = TestEnv::empty();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY);")
        .unwrap();
    drop(conn);
    for args in [&["list"][..], &["init"]] {
        let error = env.fails(args);
        assert!(error.contains("another program"), "{error}");
    }
}

#[test]
fn a_database_newer_than_the_binary_is_refused() {
    let env = TestEnv::new();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    env.add("all 11 were killed", "Donald Trump", "2025-09-02");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    for args in [
        &["list"][..],
        &["init"],
        &["status", "1", "false", "--force"],
    ] {
        let error = env.fails(args);
        assert!(error.contains("schema version 99"), "{error}");
        assert!(error.contains("upgrade claims"), "{error}");
    }
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let status: String = conn
        .query_row("SELECT status FROM claims WHERE id = 1", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(status, "unverified");
}

#[test]
fn the_database_is_in_wal_mode() {
    let env = TestEnv::new();
    if env.sqlite_only("the database file, its header and its journal") {
        return;
    }
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn usage_errors_exit_with_2() {
    let env = TestEnv::new();
    env.run(&["add", "no speaker or date"]).code(2);
    env.run(&["frobnicate"]).code(2);
    env.run(&["edit", "1"]).code(2);
}
