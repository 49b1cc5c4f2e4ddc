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
