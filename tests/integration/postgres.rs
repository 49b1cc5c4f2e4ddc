//! A desk on PostgreSQL: what only the server engine does (or refuses), and the move of a desk
//! between an SQLite file and a server, both ways. These need the test server
//! (`CLAIMS_TEST_POSTGRES`) and say they are skipped without one.

use crate::support::{TestEnv, postgres_server};

/// A desk with claims, sources, notes, a verdict and a repeat.
fn fill(env: &TestEnv) {
    env.ok(&["init"]);
    let first = env.add(
        "Migration across the border has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add("A claim logged by mistake.", "Nobody", "2025-09-01");
    env.attach(first, "https://example.org/cbp-figures", "supports");
    env.ok(&[
        "note",
        &first.to_string(),
        "Asked CBP for the monthly figures.",
    ]);
    env.ok(&[
        "status",
        &first.to_string(),
        "mostly-true",
        "--note",
        "CBP figures",
    ]);
    env.ok(&[
        "repeat",
        &first.to_string(),
        "--speaker",
        "Kristi Noem",
        "--date",
        "2025-09-03",
    ]);
}

/// Imports `json` (an export) into `env` through standard input, as `claims import -`.
fn import_stdin(env: &TestEnv, json: &str) -> String {
    let output = env
        .cmd()
        .args(["import", "-", "--format", "json"])
        .write_stdin(json.to_string())
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn a_desk_moves_from_a_file_to_the_server_and_back_losing_nothing() {
    let Some(server) = postgres_server() else {
        return;
    };
    let file = TestEnv::empty_file();
    fill(&file);
    let exported = file.ok(&["export", "--format", "json"]);
    let desk = TestEnv::empty_postgres(&server);
    desk.ok(&["init"]);
    import_stdin(&desk, &exported);
    assert_eq!(
        desk.export_json(),
        file.export_json(),
        "ids, sources, notes, repeats and history as they were"
    );
    for args in [
        &["list"][..],
        &["show", "1"],
        &["stats"],
        &["search", "border"],
    ] {
        assert_eq!(desk.ok(args), file.ok(args), "claims {}", args.join(" "));
    }
    // And back to a file.
    let back = TestEnv::empty_file();
    back.ok(&["init"]);
    import_stdin(&back, &desk.ok(&["export", "--format", "json"]));
    assert_eq!(back.export_json(), file.export_json());
    // The next id is the same on both.
    assert_eq!(desk.add("A new one.", "A", "2025-09-04"), 4);
    assert_eq!(back.add("A new one.", "A", "2025-09-04"), 4);
}

#[test]
fn backup_and_restore_point_to_pg_dump_and_doctor_checks_what_the_server_has() {
    let Some(server) = postgres_server() else {
        return;
    };
    let desk = TestEnv::empty_postgres(&server);
    fill(&desk);
    assert!(desk.fails(&["backup", "copy.db"]).contains("pg_dump"));
    assert!(desk.fails(&["restore", "copy.db"]).contains("pg_restore"));
    let report = desk.ok(&["doctor"]);
    for check in ["schema version", "kept counts", "search index"] {
        assert!(report.contains(check), "{report}");
    }
    assert!(report.contains("no problems found"), "{report}");
}

#[test]
fn doctor_on_a_desk_of_an_older_schema_checks_its_counts_once_it_is_upgraded() {
    let Some(server) = postgres_server() else {
        return;
    };
    let desk = TestEnv::empty_postgres(&server);
    fill(&desk);
    // The desk as schema 6.2 left it: no kept counts per tag (migration 0009).
    let mut client = postgres::Client::connect(&desk.location(), postgres::NoTls).unwrap();
    client
        .batch_execute(
            "DROP TABLE tag_counts; DROP FUNCTION claim_tags_count() CASCADE; \
             UPDATE claims_schema SET minor = 2;",
        )
        .unwrap();
    let output = desk.run(&["doctor"]).code(1).get_output().clone();
    let report = String::from_utf8(output.stdout).unwrap();
    let row = |check: &str| {
        report
            .lines()
            .find(|line| line.contains(check))
            .unwrap_or_else(|| panic!("no {check} in {report}"))
            .to_string()
    };
    assert!(
        row("schema version").contains("6.2, older than"),
        "{report}"
    );
    for check in ["kept counts", "search index"] {
        assert!(
            row(check).contains("checked once the schema is upgraded"),
            "{report}"
        );
    }
    desk.ok(&["doctor", "--repair"]);
    let report = desk.ok(&["doctor"]);
    assert!(report.contains("no problems found"), "{report}");
}

#[test]
fn the_pg_variables_fill_in_what_the_address_leaves_out() {
    let Some(server) = postgres_server() else {
        return;
    };
    let desk = TestEnv::empty_postgres(&server);
    fill(&desk);
    let url = url::Url::parse(&desk.location()).expect("a URL");
    let listed = desk
        .cmd()
        .env("CLAIMS_DB", "postgres://")
        .env("PGHOST", url.host_str().expect("a host"))
        .env("PGPORT", url.port().unwrap_or(5432).to_string())
        .env("PGUSER", url.username())
        .env("PGDATABASE", url.path().trim_start_matches('/'))
        .args(["list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(listed).unwrap(), desk.ok(&["list"]));
}

#[test]
fn a_database_with_other_tables_or_no_schema_is_refused_untouched() {
    let Some(server) = postgres_server() else {
        return;
    };
    let desk = TestEnv::empty_postgres(&server);
    let error = desk.fails(&["list"]);
    assert!(
        error.contains("is empty: set it up with `claims --db"),
        "{error}"
    );
    let unreachable = desk
        .cmd()
        .env("CLAIMS_DB", "postgres://nobody@127.0.0.1:1/claims")
        .args(["list"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let unreachable = String::from_utf8(unreachable).unwrap();
    assert!(
        unreachable.starts_with("error: cannot connect to PostgreSQL at 127.0.0.1:1/claims"),
        "{unreachable}"
    );
}

/// A new desk on the PostgreSQL test server, set up by its owner; `None` (the test is then
/// skipped) where there is no server.
fn new_desk() -> Option<TestEnv> {
    let desk = TestEnv::empty_postgres(&postgres_server()?);
    desk.ok(&["init"]);
    Some(desk)
}

/// Runs `claims ARGS` as `person`, holding `role`, and returns what it printed and its code.
fn as_role(desk: &TestEnv, person: &str, role: &str, args: &[&str]) -> (i32, String, String) {
    let output = desk
        .cmd_with_role(person, role)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn each_role_may_do_its_part_and_a_refusal_names_the_role_and_changes_nothing() {
    let Some(desk) = new_desk() else {
        return;
    };
    desk.add("Crime is way down.", "Donald Trump", "2025-09-03");

    // A reader reads, and may not log a claim.
    let (code, out, _) = as_role(&desk, "rita_reader", "claims_reader", &["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("Crime is way down."), "{out}");
    let before = desk.export_json();
    let (code, _, err) = as_role(
        &desk,
        "rita_reader",
        "claims_reader",
        &[
            "add",
            "Taxes fell.",
            "--speaker",
            "X",
            "--date",
            "2025-09-01",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "error: login 'rita_reader' may not do that on database 'postgres://rita_reader@"
        ) && err.contains("it needs the role claims_checker")
            && err.contains("nothing was changed")
            && err.contains("GRANT claims_checker TO \"rita_reader\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(desk.export_json(), before);

    // A checker logs claims, sources and statuses short of a verdict, and no verdict.
    let checker = |args: &[&str]| as_role(&desk, "carl_checker", "claims_checker", args);
    let (code, out, err) = checker(&[
        "add",
        "Taxes fell.",
        "--speaker",
        "X",
        "--date",
        "2025-09-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Logged claim 2"), "{out}");
    let (code, _, err) = checker(&[
        "evidence",
        "add",
        "2",
        "https://example.org/t",
        "--stance",
        "refutes",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = checker(&["status", "2", "in-progress"]);
    assert_eq!(code, 0, "{err}");
    let before = desk.export_json();
    let (code, _, err) = checker(&["status", "2", "false", "--note", "Revenue rose."]);
    assert_eq!(code, 1);
    assert!(
        err.contains("login 'carl_checker' may not do that")
            && err.contains("it needs the role claims_editor (verdicts,"),
        "{err}"
    );
    let (code, _, err) = checker(&["rm", "2", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("it needs the role claims_editor"), "{err}");
    assert_eq!(desk.export_json(), before);

    // An editor records the verdict.
    let (code, _, err) = as_role(
        &desk,
        "edna_editor",
        "claims_editor",
        &["status", "2", "false", "--note", "Revenue rose."],
    );
    assert_eq!(code, 0, "{err}");
    let record: serde_json::Value =
        serde_json::from_str(&desk.ok(&["show", "2", "--format", "json"])).unwrap();
    let actors: Vec<&str> = record["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        [
            "carl_checker",
            "carl_checker",
            "carl_checker",
            "edna_editor"
        ]
    );
}

#[test]
fn the_history_records_the_login_and_whom_it_acted_for() {
    let Some(desk) = new_desk() else {
        return;
    };
    desk.add("Crime is way down.", "Donald Trump", "2025-09-03");
    desk.attach(1, "https://example.org/stats", "refutes");
    desk.cmd()
        .env("CLAIMS_REVIEWER", "Ana")
        .args(["note", "1", "Asked the police."])
        .assert()
        .success();
    desk.ok(&[
        "status",
        "1",
        "false",
        "--by",
        "Maria Lopez",
        "--note",
        "Up 4%.",
    ]);
    let show = desk.ok(&["show", "1"]);
    assert!(
        show.contains("tester (for Ana): Asked the police."),
        "{show}"
    );
    assert!(
        show.contains("Verdict   false by tester (for Maria Lopez) on"),
        "{show}"
    );

    // A second reader is another login: the same login signs nothing off, whoever it names.
    desk.ok(&["config", "set", "review.required", "1"]);
    desk.ok(&["status", "1", "true", "--note", "Corrected figures."]);
    let err = desk.fails_untouched(&["review", "1", "approve", "--by", "someone else"]);
    assert!(err.contains("tester"), "{err}");
    desk.cmd_as("ana")
        .args(["review", "1", "approve"])
        .assert()
        .success();
    assert!(desk.ok(&["show", "1"]).contains("Claim 1: true"));
}

#[test]
fn init_by_a_login_that_may_not_set_up_the_desk_is_refused_before_it_changes_anything() {
    let Some(server) = postgres_server() else {
        return;
    };
    let desk = TestEnv::empty_postgres(&server);
    let url_of = |env: &TestEnv, login: &str| {
        let cmd = env.cmd_with_role(login, "claims_reader");
        cmd.get_envs()
            .find(|(key, _)| *key == "CLAIMS_DB")
            .and_then(|(_, value)| value)
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let init_as = |login: &str| {
        let output = desk
            .cmd()
            .env("CLAIMS_DB", url_of(&desk, login))
            .args(["init"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "init as {login}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    // An empty database of tester's: pat_plain may not create tables in it.
    let err = init_as("pat_plain");
    assert!(
        err.contains("login 'pat_plain' may not create tables in its schema 'public'")
            && err.contains("createdb --owner"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // Set up by its owner, it is then upgraded and regranted by its owner only.
    desk.ok(&["init"]);
    let err = init_as("pat_plain");
    assert!(
        err.contains(
            "its tables are tester's, and only tester (or a superuser) runs `claims init`"
        ),
        "{err}"
    );
    // Refused, nothing changed: the reader still reads the same empty desk.
    assert_eq!(desk.ok(&["list", "--format", "csv"]).lines().count(), 1);
}

#[test]
fn watch_prints_each_change_of_the_desk_as_it_is_committed() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    let Some(desk) = new_desk() else {
        return;
    };
    let mut watcher = std::process::Command::new(env!("CARGO_BIN_EXE_claims"))
        .env_clear()
        .env("CLAIMS_DB", desk.location())
        .env("NO_COLOR", "1")
        .args(["watch", "--count", "4"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It says so once it listens: what is committed from then on reaches it.
    let mut said = String::new();
    BufReader::new(watcher.stderr.take().unwrap())
        .read_line(&mut said)
        .unwrap();
    assert!(said.starts_with("Watching postgres://tester@"), "{said}");

    desk.add("Crime is way down.", "Donald Trump", "2025-09-03");
    desk.attach(1, "https://example.org/stats", "refutes");
    // A failed command commits nothing, and so announces nothing.
    desk.fails_untouched(&["status", "1", "bogus"]);
    desk.cmd()
        .env("CLAIMS_REVIEWER", "Ana")
        .args(["status", "1", "false", "--note", "Up 4%."])
        .assert()
        .success();
    std::fs::write(
        desk.dir().join("two.csv"),
        "text,speaker\nTaxes fell.,Someone\nJobs rose.,Someone else\n",
    )
    .unwrap();
    desk.ok(&["import", "two.csv"]);

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while watcher.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            watcher.kill().unwrap();
            panic!("watch --count 4 did not stop after four changes");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut out = String::new();
    watcher
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(
        out,
        "2025-09-04 12:00  tester  claim 1  created  “Crime is way down.”\n\
         2025-09-04 12:00  tester  claim 1  evidence: #1 refutes: example.org  “Crime is way down.”\n\
         2025-09-04 12:00  tester (for Ana)  claim 1  status: unverified → false (Up 4%.)  “Crime is way down.”\n\
         tester  imported 2 claims\n"
    );
}

#[test]
fn watch_on_a_file_says_it_needs_a_server() {
    let file = TestEnv::empty_file();
    file.cmd().args(["init"]).assert().success();
    let output = file.cmd().args(["watch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("error: watch follows a desk's database on a PostgreSQL server")
            && err.contains("`claims show ID`"),
        "{err}"
    );
}

#[test]
fn undo_takes_back_the_logins_last_command_whomever_it_named() {
    let Some(desk) = new_desk() else {
        return;
    };
    desk.add("Crime is way down.", "Donald Trump", "2025-09-03");
    desk.attach(1, "https://example.org/stats", "refutes");
    // A command of its own time: one command's changes share theirs.
    desk.cmd()
        .env("CLAIMS_NOW", "2025-09-05T12:00:00Z")
        .args(["status", "1", "false", "--by", "Ana", "--note", "Up 4%."])
        .assert()
        .success();
    // Another login has nothing of its own to undo.
    let (code, _, err) = as_role(&desk, "bea", "claims_editor", &["undo"]);
    assert_ne!(code, 0, "{err}");
    assert!(desk.ok(&["show", "1"]).contains("Claim 1: false"));
    let undone = desk.ok(&["undo"]);
    assert!(undone.contains("claim 1"), "{undone}");
    assert!(desk.ok(&["show", "1"]).contains("Claim 1: unverified"));
}
