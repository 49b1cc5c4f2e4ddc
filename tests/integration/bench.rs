//! The benchmark runs here at 10,000 claims, so that it cannot rot: no timing is checked, only
//! that every measure ran and was reported.

use std::process::{Command, Stdio};

#[test]
fn the_benchmark_runs_at_a_small_size_and_reports_every_measure() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("BENCHMARKS.md");
    let output = Command::new(env!("CARGO_BIN_EXE_claims-bench"))
        .args([
            "--claims",
            "10000",
            "--runs",
            "1",
            "--quick-runs",
            "1",
            "--workdir",
        ])
        .arg(dir.path())
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for measure in [
        "import",
        "import peak memory",
        "import with likely repeats",
        "list --status false",
        "list --speaker",
        "list --tag",
        "list --since/--until (a month)",
        "list --text (words)",
        "search (two words)",
        "list all filters together",
        "export csv",
        "export peak memory",
        "add (with its search for repeats)",
        "extract (1 MB transcript)",
        "show",
        "stats",
        "How cost grows",
    ] {
        assert!(
            stdout.contains(measure),
            "{measure} is missing from\n{stdout}"
        );
    }
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(markdown.starts_with("# Benchmarks\n"), "{markdown}");
    assert!(markdown.contains("## 10,000 claims"), "{markdown}");
    assert!(markdown.contains("- machine: "), "{markdown}");
}

/// With `--postgres`, every PostgreSQL measure runs beside SQLite's, against psql, and the
/// databases it made are gone afterwards. A small size: the SQLite run above covers the rest.
#[test]
fn the_benchmark_runs_on_postgres_side_by_side_and_drops_its_databases() {
    let Some(server) = crate::support::postgres_server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("BENCHMARKS.md");
    let child = Command::new(env!("CARGO_BIN_EXE_claims-bench"))
        .args([
            "--claims",
            "2000",
            "--runs",
            "1",
            "--quick-runs",
            "1",
            "--postgres",
            &server,
            "--workdir",
        ])
        .arg(dir.path())
        .arg("--report")
        .arg(&report)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for line in [
        "2,000 claims, SQLite",
        "2,000 claims, PostgreSQL",
        "2,000 claims, the engines side by side",
        "psql \\copy + SQL",
        "psql, same SQL",
        "psql, same inserts",
        "psql, same queries",
        "How cost grows, PostgreSQL",
    ] {
        assert!(stdout.contains(line), "{line} is missing from\n{stdout}");
    }
    for measure in [
        "list --tag",
        "list all filters together",
        "search (two words)",
        "add (with its search for repeats)",
        "show",
        "stats",
    ] {
        let on_postgres = stderr
            .lines()
            .filter(|line| line.contains(&format!("PostgreSQL: {measure}")))
            .count();
        assert!(
            on_postgres >= 1,
            "{measure} did not run on PostgreSQL:\n{stderr}"
        );
    }
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(
        markdown.contains("### 2,000 claims on PostgreSQL"),
        "{markdown}"
    );
    assert!(markdown.contains("- PostgreSQL: server "), "{markdown}");
    let mut client = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let left: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname LIKE $1",
            &[&format!("bench\\_{pid}\\_%")],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "the benchmark left databases behind");
}
