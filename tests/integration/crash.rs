//! A `claims` process killed at any moment (SIGKILL: a crash, a power cut seen from the process,
//! an impatient `kill -9`) must leave a sound database: nothing committed before is lost, and the
//! killed write is there whole or not at all, with the search index and the counts that
//! triggers keep in step with it. And the next `claims` command must work.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::support::{TestEnv, parse_id};

/// Rows in the big import: enough that importing takes a few hundred milliseconds in a debug
/// build, so kills land all through it.
const ROWS: usize = 1200;
/// Killed imports.
const IMPORT_RUNS: usize = 50;
/// Killed `status` and `edit` commands, each.
const SMALL_RUNS: usize = 40;

/// Starts `claims ARGS` in the test environment, its output discarded.
fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claims"));
    cmd.env_clear();
    for (key, value) in env.cmd().get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.current_dir(env.dir())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start claims")
}

/// Starts `claims ARGS`, kills it with SIGKILL after `delay` unless it finished first, and
/// returns how it ended.
fn kill_after(env: &TestEnv, args: &[&str], delay: Duration) -> ExitStatus {
    let started = Instant::now();
    let mut child = spawn(env, args);
    loop {
        if let Some(status) = child.try_wait().expect("poll claims") {
            return status;
        }
        if started.elapsed() >= delay {
            // `kill` sends SIGKILL on Unix.
            let _ = child.kill();
            return child.wait().expect("wait for claims");
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Whether the process finished by itself, successfully (not killed).
fn finished(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => {
            assert_eq!(signal, libc::SIGKILL, "claims died of signal {signal}");
            false
        }
        None => {
            assert!(status.success(), "claims failed by itself: {status}");
            true
        }
    }
}

/// One number from the database.
fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0))
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
}

/// All rows of a query, each as text columns joined with `|`.
fn rows(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |row| {
        (0..columns)
            .map(|i| {
                row.get::<_, rusqlite::types::Value>(i)
                    .map(|value| format!("{value:?}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|values| values.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Opens the database as SQLite itself would after a crash (recovering the write-ahead log) and
/// checks that it is sound: SQLite's own integrity and foreign key checks, the full-text index
/// agrees with the claims, and the counts kept by triggers agree with the rows.
fn assert_sound(db: &Path, run: &str) -> Connection {
    let conn = Connection::open(db).unwrap();
    assert_eq!(
        rows(&conn, "PRAGMA integrity_check"),
        ["Text(\"ok\")"],
        "{run}: integrity_check"
    );
    assert_eq!(
        rows(&conn, "PRAGMA foreign_key_check"),
        Vec::<String>::new(),
        "{run}: foreign_key_check"
    );
    conn.execute(
        "INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')",
        [],
    )
    .unwrap_or_else(|err| panic!("{run}: the search index disagrees with the claims: {err}"));
    assert_eq!(
        rows(
            &conn,
            "SELECT status, claims FROM status_counts WHERE claims != 0 ORDER BY status"
        ),
        rows(
            &conn,
            "SELECT status, count(*) FROM claims GROUP BY status ORDER BY status"
        ),
        "{run}: the status counts disagree with the claims"
    );
    assert_eq!(
        rows(
            &conn,
            "SELECT speaker_id, status, claims FROM speaker_counts WHERE claims != 0 \
             ORDER BY 1, 2"
        ),
        rows(
            &conn,
            "SELECT speaker_id, status, count(*) FROM claims GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        "{run}: the speaker counts disagree with the claims"
    );
    conn
}

/// Runs `claims doctor`, which must find nothing wrong.
fn doctor(env: &TestEnv, what: &str) {
    let output = env.cmd().arg("doctor").output().unwrap();
    assert!(
        output.status.success(),
        "{what}: `claims doctor` found problems: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The schema: tables, indexes, triggers and views, by name; but not the statistics tables
/// that `ANALYZE` (which an import runs) creates.
fn schema(conn: &Connection) -> Vec<String> {
    rows(
        conn,
        "SELECT type, name, tbl_name, sql FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
    )
}

/// Fails with what is missing from and added to the schema, if it changed.
fn assert_same_schema(found: &[String], expected: &[String], what: &str) {
    let missing: Vec<&String> = expected.iter().filter(|s| !found.contains(s)).collect();
    let added: Vec<&String> = found.iter().filter(|s| !expected.contains(s)).collect();
    assert!(
        missing.is_empty() && added.is_empty(),
        "{what}: the schema changed: missing {missing:#?}, added {added:#?}"
    );
}

/// The ids of the claims `claims search QUERY` finds.
fn search(env: &TestEnv, query: &str) -> Vec<i64> {
    let found: serde_json::Value =
        serde_json::from_str(&env.ok(&["search", query, "--format", "json"])).unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["id"].as_i64().unwrap())
        .collect()
}

/// A database with committed claims of every kind, tagged `base`, closed cleanly: no
/// write-ahead log or shared-memory file is left beside it, so a copy of the file is the whole
/// database.
fn base() -> TestEnv {
    let env = TestEnv::new();
    let aardvark = env.add(
        "The aardvark population doubled since 2020.",
        "Marco Rubio",
        "2025-09-01",
    );
    let border = env.add(
        "Border crossings fell by 90 percent.",
        "Claudia Sheinbaum",
        "2025-09-02",
    );
    let crime = env.add(
        "Crime in the capital is way down.",
        "Donald Trump",
        "2025-09-03",
    );
    for id in [aardvark, border, crime] {
        env.ok(&["edit", &id.to_string(), "--tag", "base"]);
    }
    env.attach(aardvark, "https://example.org/aardvarks", "refutes");
    env.attach(border, "https://example.org/cbp", "supports");
    env.ok(&[
        "note",
        &aardvark.to_string(),
        "Asked the zoo for the census.",
    ]);
    env.ok(&[
        "status",
        &aardvark.to_string(),
        "false",
        "--note",
        "The census says not.",
    ]);
    env.ok(&["status", &border.to_string(), "mostly-true"]);
    env.ok(&["edit", &crime.to_string(), "--context", "Press conference"]);
    env.ok(&["status", &crime.to_string(), "in-progress"]);
    for leftover in ["claims.db-wal", "claims.db-shm", "claims.db-journal"] {
        assert!(
            !env.dir().join(leftover).exists(),
            "{leftover} is left beside a database closed cleanly"
        );
    }
    env
}

/// The big CSV: rows of new claims by new speakers, with tags and context; only the last row
/// has the word "wombat".
fn big_csv() -> String {
    let mut csv = String::from("text,speaker,said_on,tags,context\n");
    for row in 0..ROWS {
        let words = if row == ROWS - 1 { " wombat" } else { "" };
        csv.push_str(&format!(
            "Row {row} says the deficit fell by {row} points in district {}{words},\
             Speaker {},2025-08-{:02},imported;district-{},Town hall {row}\n",
            row % 97,
            row % 40,
            1 + row % 28,
            row % 13,
        ));
    }
    csv
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing_and_leaves_a_sound_database() {
    if crate::support::sqlite_only("checking the file a killed run left") {
        return;
    }
    let started = Instant::now();
    let base = base();
    let csv = big_csv();
    let (base_claims, base_history, base_schema) = {
        let conn = assert_sound(&base.db(), "the base");
        (
            count(&conn, "SELECT count(*) FROM claims") as usize,
            count(&conn, "SELECT count(*) FROM history") as usize,
            schema(&conn),
        )
    };
    let base_json = base.ok(&["export", "--format", "json", "--tag", "base"]);
    assert_eq!(base_claims, 3);
    // Leave nothing open: a copy of the file must be the whole database.
    assert!(!base.dir().join("claims.db-wal").exists());

    // A fresh copy of the base database, with the CSV beside it.
    let fresh = || {
        let run = TestEnv::empty();
        std::fs::copy(base.db(), run.db()).unwrap();
        std::fs::write(run.dir().join("big.csv"), &csv).unwrap();
        run
    };

    // How long a whole import takes here, to spread the kills over it: the longer of two
    // timings, as other work on the machine slows some runs.
    let duration = (0..2)
        .map(|_| {
            let timing = fresh();
            let clock = Instant::now();
            timing.ok(&["import", "big.csv"]);
            clock.elapsed()
        })
        .max()
        .unwrap();
    eprintln!("importing {ROWS} rows takes {duration:.0?}");

    let (mut killed_before, mut killed_writing, mut landed, mut finished_runs) = (0, 0, 0, 0);
    for run_no in 0..IMPORT_RUNS {
        let run = fresh();
        // From at once to 1.8 times the import's duration; the last runs get ample time, so
        // that some finish even on a machine busier than when the import was timed.
        let delay = if run_no + 3 >= IMPORT_RUNS {
            duration * 10
        } else {
            duration.mul_f64(1.8 * run_no as f64 / (IMPORT_RUNS - 4) as f64)
        };
        let what = format!("import run {run_no} killed after {delay:.0?}");
        let status = kill_after(&run, &["import", "big.csv"], delay);
        let done = finished(status);
        finished_runs += usize::from(done);

        // Whether it died while writing pages: its write-ahead log is left behind.
        let wal = std::fs::metadata(run.dir().join("claims.db-wal")).map_or(0, |m| m.len());
        // The first command on the killed database: `claims doctor` finds nothing wrong.
        doctor(&run, &what);
        let conn = assert_sound(&run.db(), &what);
        let claims = count(&conn, "SELECT count(*) FROM claims") as usize;
        let history = count(&conn, "SELECT count(*) FROM history") as usize;
        let imported = if claims == base_claims {
            false
        } else if claims == base_claims + ROWS {
            true
        } else {
            panic!(
                "{what}: {claims} claims, a partial import (expected {base_claims} or {})",
                base_claims + ROWS
            )
        };
        assert!(
            !done || imported,
            "{what}: finished, yet nothing was imported"
        );
        if imported {
            landed += 1;
        } else {
            killed_before += 1;
            killed_writing += usize::from(wal > 0);
        }
        assert_eq!(
            history,
            base_history + if imported { ROWS } else { 0 },
            "{what}: history"
        );
        // The import sets triggers and indexes aside while it loads: they must all be back.
        assert_same_schema(&schema(&conn), &base_schema, &what);
        drop(conn);

        // The committed claims are exactly as they were.
        assert_eq!(
            run.ok(&["export", "--format", "json", "--tag", "base"]),
            base_json,
            "{what}: the committed claims changed"
        );
        // The search index finds the old claims, and the imported ones only if imported.
        assert_eq!(search(&run, "aardvark"), [1], "{what}");
        assert_eq!(
            search(&run, "wombat").len(),
            usize::from(imported),
            "{what}: search for the import's last row"
        );
        // The next commands work, and what they write is searchable.
        run.ok(&["stats"]);
        let id = parse_id(
            &run.ok(&[
                "add",
                "A narwhal was seen in the harbour.",
                "--speaker",
                "Harbour Master",
                "--date",
                "2025-09-03",
                "--new",
            ]),
            "Logged claim ",
        );
        assert_eq!(search(&run, "narwhal"), [id], "{what}");
        drop(assert_sound(&run.db(), &format!("{what}, then an add")));
    }
    eprintln!(
        "{IMPORT_RUNS} killed imports: {killed_before} left nothing ({killed_writing} of them \
         left a write-ahead log behind), {landed} landed whole \
         ({finished_runs} finished before the kill); {:.1?} in all",
        started.elapsed()
    );
    assert!(
        killed_before > 0,
        "no kill landed before the import's commit"
    );
    assert!(landed > 0, "no import finished: the kills came too early");
}

/// The status of claim `id`, and its status history: (new value, note) in order.
fn status_record(conn: &Connection, id: i64) -> (String, Vec<(String, Option<String>)>) {
    let status = conn
        .query_row("SELECT status FROM claims WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT new_value, note FROM history WHERE claim_id = ?1 AND field = 'status' \
             ORDER BY id",
        )
        .unwrap();
    let history = stmt
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (status, history)
}

/// Kill delays for the fast commands: from at once to past their whole run.
fn small_delay(run_no: usize) -> Duration {
    Duration::from_micros((run_no as u64 * 40_000) / (SMALL_RUNS as u64 - 1))
}

#[test]
fn a_status_change_killed_at_any_moment_lands_whole_or_not_at_all() {
    let started = Instant::now();
    let env = base();
    if env.sqlite_only("checking the file a killed run left") {
        return;
    }
    let id = 1;
    let (mut landed, mut lost) = (0, 0);
    for run_no in 0..SMALL_RUNS {
        let verdict = ["false", "misleading", "unproven", "mostly-false"][run_no % 4];
        let note = format!("verdict of run {run_no}");
        let delay = small_delay(run_no);
        let what = format!("status run {run_no} killed after {delay:.1?}");
        let before = {
            let conn = Connection::open(env.db()).unwrap();
            status_record(&conn, id).1.len()
        };
        let status = kill_after(
            &env,
            &["status", &id.to_string(), verdict, "--note", &note],
            delay,
        );
        let done = finished(status);
        doctor(&env, &what);
        let conn = assert_sound(&env.db(), &what);
        let (current, history) = status_record(&conn, id);
        // The claim's status is always the one its last recorded change gave it.
        assert_eq!(
            history.last().map(|(value, _)| value.as_str()),
            Some(current.as_str()),
            "{what}: the status and its history disagree"
        );
        match history.len() - before {
            0 => {
                assert!(!done, "{what}: finished, yet the change is not recorded");
                lost += 1;
            }
            1 => {
                assert_eq!(history.last().unwrap(), &(verdict.to_string(), Some(note)));
                landed += 1;
            }
            more => panic!("{what}: {more} status changes recorded for one command"),
        }
    }
    env.ok(&["show", &id.to_string()]);
    env.ok(&[
        "status",
        &id.to_string(),
        "true",
        "--note",
        "after the kills",
    ]);
    drop(assert_sound(&env.db(), "after the status kills"));
    eprintln!(
        "{SMALL_RUNS} killed status changes: {landed} landed, {lost} did not; {:.1?}",
        started.elapsed()
    );
}

#[test]
fn an_edit_killed_at_any_moment_lands_whole_or_not_at_all() {
    let started = Instant::now();
    let env = base();
    if env.sqlite_only("checking the file a killed run left") {
        return;
    }
    let id = 2;
    let (mut landed, mut lost) = (0, 0);
    for run_no in 0..SMALL_RUNS {
        let context = format!("context of run {run_no}");
        let tag = format!("run-{run_no}");
        let delay = small_delay(run_no);
        let what = format!("edit run {run_no} killed after {delay:.1?}");
        let before = {
            let conn = Connection::open(env.db()).unwrap();
            count(&conn, "SELECT count(*) FROM history")
        };
        let status = kill_after(
            &env,
            &[
                "edit",
                &id.to_string(),
                "--context",
                &context,
                "--tag",
                &tag,
            ],
            delay,
        );
        let done = finished(status);
        doctor(&env, &what);
        let conn = assert_sound(&env.db(), &what);
        let current: Option<String> = conn
            .query_row("SELECT context FROM claims WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .unwrap();
        let tagged = count(
            &conn,
            &format!(
                "SELECT count(*) FROM claim_tags JOIN tags ON tags.id = tag_id \
                 WHERE claim_id = {id} AND name = '{tag}'"
            ),
        );
        let added = count(&conn, "SELECT count(*) FROM history") - before;
        let last_context: Option<String> = conn
            .query_row(
                "SELECT new_value FROM history WHERE claim_id = ?1 AND field = 'context' \
                 ORDER BY id DESC LIMIT 1",
                [id],
                |row| row.get(0),
            )
            .ok()
            .flatten();
        assert_eq!(
            last_context, current,
            "{what}: the context and its history disagree"
        );
        if current.as_deref() == Some(context.as_str()) {
            assert_eq!(tagged, 1, "{what}: the context changed without the tag");
            assert_eq!(added, 2, "{what}: history of a landed edit");
            landed += 1;
        } else {
            assert!(!done, "{what}: finished, yet the edit is not there");
            assert_eq!(tagged, 0, "{what}: the tag landed without the context");
            assert_eq!(added, 0, "{what}: history of an edit that did not land");
            lost += 1;
        }
    }
    env.ok(&["show", &id.to_string()]);
    env.ok(&["edit", &id.to_string(), "--context", "after the kills"]);
    assert_eq!(search(&env, "kills"), [id]);
    drop(assert_sound(&env.db(), "after the edit kills"));
    eprintln!(
        "{SMALL_RUNS} killed edits: {landed} landed, {lost} did not; {:.1?}",
        started.elapsed()
    );
}

/// A desk on a server: a client killed in the middle of an import (a laptop lid shut, a
/// `kill -9`) leaves all of it or none of it, the counts and the search in step, and the desk
/// works on.
#[test]
fn an_import_killed_at_any_moment_on_a_server_is_all_or_nothing() {
    let Some(server) = crate::support::postgres_server() else {
        return;
    };
    const SERVER_RUNS: usize = 12;
    let csv = big_csv();
    let fresh = || {
        let run = TestEnv::empty_postgres(&server);
        run.ok(&["init"]);
        run.add(
            "Crime in the capital is way down.",
            "Donald Trump",
            "2025-09-03",
        );
        std::fs::write(run.dir().join("big.csv"), &csv).unwrap();
        run
    };
    let duration = {
        let timing = fresh();
        let clock = Instant::now();
        timing.ok(&["import", "big.csv"]);
        clock.elapsed()
    };
    let (mut none, mut all) = (0, 0);
    for run_no in 0..SERVER_RUNS {
        let run = fresh();
        let delay = if run_no + 2 >= SERVER_RUNS {
            duration * 10
        } else {
            duration.mul_f64(1.5 * run_no as f64 / (SERVER_RUNS - 3) as f64)
        };
        let what = format!("import run {run_no} on the server killed after {delay:.0?}");
        let done = finished(kill_after(&run, &["import", "big.csv"], delay));
        // The server ends a dead client's transaction; the next command may come before it
        // has noticed, and waits for its lock like any other writer.
        doctor(&run, &what);
        let claims = run.export_json();
        let claims = claims.as_array().unwrap();
        let imported = match claims.len() {
            1 => false,
            n if n == 1 + ROWS => true,
            n => panic!("{what}: {n} claims, a partial import"),
        };
        assert!(
            !done || imported,
            "{what}: finished, yet nothing was imported"
        );
        assert_eq!(
            search(&run, "wombat").len(),
            usize::from(imported),
            "{what}"
        );
        let histories: usize = claims
            .iter()
            .map(|claim| claim["history"].as_array().unwrap().len())
            .sum();
        assert_eq!(histories, if imported { 1 + ROWS } else { 1 }, "{what}");
        // The desk works on: a write after the kill lands.
        run.add("Taxes fell after the kill.", "Someone", "2025-09-03");
        if imported {
            all += 1;
        } else {
            none += 1;
        }
    }
    eprintln!(
        "{SERVER_RUNS} killed imports on the server: {none} left nothing, {all} landed whole"
    );
    assert!(
        none > 0 && all > 0,
        "the kills never landed inside the import"
    );
}
