//! `claims backup` and `claims restore`: consistent copies, never written over an existing
//! file without --force, and a restore that refuses what is not a claims database and keeps
//! the database it replaces.

use std::process::{Command, Stdio};

use rusqlite::Connection;

use crate::support::TestEnv;

fn claim_count(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM claims", [], |row| row.get(0))
        .unwrap()
}

fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.attach(2, "https://example.org/strike", "context");
    env
}

#[test]
fn backup_writes_a_whole_copy_that_restores() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    assert_eq!(
        env.ok(&["backup", "copy.db"]),
        format!("Backed up {} (2 claims) to copy.db.\n", env.db().display())
    );
    let copy = env.dir().join("copy.db");
    assert_eq!(claim_count(&copy), 2);
    for companion in ["copy.db-wal", "copy.db-shm"] {
        assert!(
            !env.dir().join(companion).exists(),
            "{companion} left behind"
        );
    }
    let before = env.export_json();
    env.add("A claim logged after the backup.", "Someone", "2025-09-04");

    let out = env.ok(&["restore", "copy.db", "--force"]);
    assert!(
        out.starts_with("Restored copy.db (2 claims, schema version"),
        "{out}"
    );
    assert_eq!(
        env.export_json(),
        before,
        "the database is the backup again"
    );
    env.ok(&["doctor"]);

    // The replaced database is kept, with the claim logged after the backup.
    let kept: Vec<_> = std::fs::read_dir(env.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("claims.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(out.contains(&kept[0]), "{out}");
    assert_eq!(claim_count(&env.dir().join(&kept[0])), 3);
}

#[test]
fn backup_never_replaces_a_file_without_force() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    std::fs::write(env.dir().join("copy.db"), "precious").unwrap();
    assert_eq!(
        env.fails(&["backup", "copy.db"]),
        "error: 'copy.db' already exists: choose another name, or pass --force to replace it"
    );
    assert_eq!(
        std::fs::read_to_string(env.dir().join("copy.db")).unwrap(),
        "precious"
    );
    env.ok(&["backup", "copy.db", "--force"]);
    assert_eq!(claim_count(&env.dir().join("copy.db")), 2);

    let db = env.db();
    let itself = env.fails(&["backup", db.to_str().unwrap(), "--force"]);
    assert!(itself.contains("is the database"), "{itself}");
    assert!(
        env.fails(&["backup", "missing/dir/copy.db"])
            .contains("does not exist")
    );
}

#[test]
fn backup_while_others_write_is_consistent() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    let mut writer = Command::new("bash");
    writer
        .arg("-c")
        .arg(
            "for i in $(seq 1 40); do \"$CLAIMS\" add \"Writer claim number $i about the port \
             of Veracruz\" --speaker Writer --date 2025-09-03 --new >/dev/null || exit 1; done",
        )
        .env("CLAIMS", env!("CARGO_BIN_EXE_claims"))
        .stderr(Stdio::piped());
    for (key, value) in env.cmd().get_envs() {
        if let Some(value) = value {
            writer.env(key, value);
        }
    }
    let mut writer = writer.spawn().unwrap();
    let mut counts = Vec::new();
    for n in 0..8 {
        let name = format!("copy{n}.db");
        env.ok(&["backup", &name]);
        let copy = env.dir().join(&name);
        let check: String = Connection::open(&copy)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        // Every copy is a database claims reads as a whole.
        env.cmd()
            .env("CLAIMS_DB", &copy)
            .args(["export", "--format", "json"])
            .assert()
            .success();
        counts.push(claim_count(&copy));
    }
    assert!(writer.wait().unwrap().success());
    assert!(
        counts.windows(2).all(|pair| pair[0] <= pair[1]),
        "{counts:?}"
    );
    assert!(counts.iter().all(|n| (2..=42).contains(n)), "{counts:?}");
}

#[test]
fn restore_refuses_what_is_not_a_claims_backup() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    let before = env.export_json();
    std::fs::write(env.dir().join("notes.txt"), "not a database at all").unwrap();
    assert_eq!(
        env.fails(&["restore", "notes.txt", "--force"]),
        "error: 'notes.txt' is not a claims backup (it is not SQLite): give the path of a file \
         made with `claims backup`"
    );
    Connection::open(env.dir().join("other.db"))
        .unwrap()
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        .unwrap();
    assert_eq!(
        env.fails(&["restore", "other.db", "--force"]),
        "error: 'other.db' is not a claims backup (it is an SQLite database of another \
         program): give the path of a file made with `claims backup`"
    );
    assert!(
        env.fails(&["restore", "missing.db", "--force"])
            .contains("does not exist")
    );
    let db = env.db();
    assert!(
        env.fails(&["restore", db.to_str().unwrap(), "--force"])
            .contains("is the database itself")
    );
    assert_eq!(env.export_json(), before, "nothing was restored");
}

#[test]
fn restore_needs_force_to_replace_a_database() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    env.ok(&["backup", "copy.db"]);
    env.add("A claim logged after the backup.", "Someone", "2025-09-04");
    let error = env.fails_untouched(&["restore", "copy.db"]);
    assert!(error.contains("pass --force to replace it"), "{error}");
}

#[test]
fn restore_creates_a_missing_database_and_replaces_a_damaged_one() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    env.ok(&["backup", "copy.db"]);
    let fresh = TestEnv::empty();
    std::fs::copy(env.dir().join("copy.db"), fresh.dir().join("copy.db")).unwrap();
    let out = fresh.ok(&["restore", "copy.db"]);
    assert!(
        out.ends_with("into claims.db.\n") || out.contains("claims.db."),
        "{out}"
    );
    assert_eq!(fresh.export_json(), env.export_json());

    // A database that is no longer SQLite at all is kept aside, byte for byte.
    std::fs::write(fresh.db(), "garbage where the database was").unwrap();
    fresh.ok(&["restore", "copy.db", "--force"]);
    assert_eq!(fresh.export_json(), env.export_json());
    fresh.ok(&["doctor"]);
    let kept = std::fs::read_dir(fresh.dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().contains("before-restore"))
        .expect("the damaged file is kept");
    assert_eq!(
        std::fs::read_to_string(kept).unwrap(),
        "garbage where the database was"
    );
}

#[test]
fn a_damaged_backup_is_named_as_the_damaged_file() {
    let env = desk();
    if env.sqlite_only("backup and restore of a file") {
        return;
    }
    env.ok(&["backup", "copy.db"]);
    let copy = env.dir().join("copy.db");
    let (root, page_size): (i64, i64) = {
        let conn = Connection::open(&copy).unwrap();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'claims'",
                [],
                |row| row.get(0),
            )
            .unwrap(),
            conn.query_row("PRAGMA page_size", [], |row| row.get(0))
                .unwrap(),
        )
    };
    let mut bytes = std::fs::read(&copy).unwrap();
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0xA5);
    // And the list of tables, past the file's 100-byte header.
    bytes[100..page_size as usize].fill(0xA5);
    std::fs::write(&copy, &bytes).unwrap();
    let before = env.export_json();
    let error = env.fails(&["restore", "copy.db", "--force"]);
    assert!(
        error.starts_with("error: 'copy.db' is damaged (")
            && error.ends_with("choose another backup"),
        "{error}"
    );
    assert_eq!(env.export_json(), before, "the database is untouched");
}
