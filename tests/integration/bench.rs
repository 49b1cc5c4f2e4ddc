//! The benchmark runs here at 10,000 claims, so that it cannot rot: no timing is checked, only
//! that every measure ran and was reported.

use std::process::Command;

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
