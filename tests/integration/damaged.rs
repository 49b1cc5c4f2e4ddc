//! Databases that are damaged, read-only or out of room: every command gives one clear `error:`
//! line naming the file, the problem and the fix, exits with 1, never panics, and leaves the
//! file as it was.
//!
//! Each test tries several commands and reports every one that falls short at once, so that a
//! failure lists each command with what it said.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;

use crate::support::{Runner, TestEnv, read_only_runner, run_as};

/// Commands that read.
const READS: &[&[&str]] = &[
    &["list"],
    &["show", "1"],
    &["export"],
    &["export", "--format", "json"],
    &["search", "town"],
    &["stats"],
    &["speakers"],
];

/// Commands that write (the CSV `small.csv` is written by `with_small_csv`).
const WRITES: &[&[&str]] = &[
    &[
        "add",
        "A new claim.",
        "--speaker",
        "Someone",
        "--date",
        "2025-09-03",
        "--new",
    ],
    &["note", "1", "A note."],
    &["status", "1", "false", "--force"],
    &["edit", "1", "--context", "A correction"],
    &["evidence", "add", "1", "https://example.org/source"],
    &["import", "small.csv"],
    &["rm", "2", "--yes"],
];

/// Runs `claims ARGS` in the test environment.
fn run(env: &TestEnv, args: &[&str]) -> Output {
    env.cmd().args(args).output().expect("run claims")
}

/// What is wrong with `output` as a failure: anything but exit code 1, nothing on standard
/// output and one `error: ` line on standard error. `None` if it is such a failure.
fn not_one_error_line(output: &Output) -> Option<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if output.status.code() != Some(1) {
        problems.push(format!("exit status {} instead of 1", output.status));
    }
    if stderr.contains("panicked") {
        problems.push("a panic".to_string());
    }
    if !(stderr.starts_with("error: ") && stderr.ends_with('\n') && stderr.lines().count() == 1) {
        problems.push("not exactly one `error: ` line on stderr".to_string());
    }
    if !output.stdout.is_empty() {
        problems.push(format!("{} bytes on stdout", output.stdout.len()));
    }
    (!problems.is_empty()).then(|| problems.join(", "))
}

/// Checks that `claims ARGS` failed with one clear error line that holds, for each group of
/// `wanted`, at least one of its fragments (case-insensitive), and none of the marks of a raw
/// SQLite error. Returns a description of each shortcoming.
fn check_error(args: &[&str], output: &Output, wanted: &[&[&str]]) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let command = format!("`claims {}`", args.join(" "));
    let mut problems = Vec::new();
    if let Some(problem) = not_one_error_line(output) {
        problems.push(format!("{command}: {problem}; stderr {stderr:?}"));
        return problems;
    }
    let lower = stderr.to_lowercase();
    for group in wanted {
        if !group
            .iter()
            .any(|fragment| lower.contains(&fragment.to_lowercase()))
        {
            problems.push(format!(
                "{command} said {stderr:?}, which has none of {group:?}"
            ));
        }
    }
    // SQLite's own wording, passed through, is for programmers: "Error code 11", and the same
    // reason twice ("malformed: Error code 11: database disk image is malformed").
    if stderr.contains("Error code") {
        problems.push(format!(
            "{command} said {stderr:?}: a raw SQLite error code"
        ));
    }
    problems
}

/// The bytes of a file, or of nothing.
fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// The files SQLite keeps beside a database while it is open.
fn sidecars(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter(|path| path.exists())
        .collect()
}

/// Fails with every problem found, if any.
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Writes the small CSV the `import` of `WRITES` reads.
fn with_small_csv(env: &TestEnv) {
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker,said_on\nA claim from the small file.,Someone,2025-09-01\n",
    )
    .unwrap();
}

/// Deterministic noise: `len` bytes of xorshift.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// A database of `claims` claims (by 20 speakers, with tags and context, and notes on the first
/// three), checkpointed and closed: the file alone is the whole database.
fn real_database(claims: usize) -> TestEnv {
    let env = TestEnv::new();
    let mut csv = String::from("text,speaker,said_on,tags,context\n");
    for row in 0..claims {
        csv.push_str(&format!(
            "Claim {row} says the number {row} rose in town {},Speaker {},2025-08-{:02},t{},ctx {row}\n",
            row % 50,
            row % 20,
            1 + row % 28,
            row % 5
        ));
    }
    std::fs::write(env.dir().join("claims.csv"), csv).unwrap();
    env.ok(&["import", "claims.csv"]);
    for id in 1..=3 {
        env.ok(&["note", &id.to_string(), &format!("Note on claim {id}.")]);
    }
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    assert_eq!(
        sidecars(&env.db()),
        Vec::<PathBuf>::new(),
        "a closed database left files beside it"
    );
    env
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_by_every_command_and_left_as_it_is() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let mut problems = Vec::new();
    let mut header_and_noise = b"SQLite format 3\0".to_vec();
    header_and_noise.extend(noise(8176, 7));
    let files: [(&str, Vec<u8>); 3] = [
        ("random bytes", noise(8192, 42)),
        (
            "a text file",
            b"name,phone\nAda Lovelace,555-0100\nCharles Babbage,555-0199\n".to_vec(),
        ),
        ("SQLite's header and then noise", header_and_noise),
    ];
    for (what, contents) in files {
        let env = TestEnv::empty();
        with_small_csv(&env);
        std::fs::write(env.db(), &contents).unwrap();
        let name = env.db().display().to_string();
        for args in READS.iter().chain(WRITES).chain([&["init"][..]].iter()) {
            let output = run(&env, args);
            for problem in check_error(
                args,
                &output,
                &[
                    &[name.as_str()],
                    &["not a claims database"],
                    &["not SQLite"],
                ],
            ) {
                problems.push(format!("{what}: {problem}"));
            }
            if bytes(&env.db()) != contents {
                problems.push(format!(
                    "{what}: `claims {}` changed the file",
                    args.join(" ")
                ));
            }
            if !sidecars(&env.db()).is_empty() {
                problems.push(format!(
                    "{what}: `claims {}` left {:?} beside it",
                    args.join(" "),
                    sidecars(&env.db())
                ));
            }
        }
    }
    assert_no_problems(&problems);
}

/// What a clear error about a damaged database holds: the file, that it is damaged, and the
/// way out (a backup, or SQLite's recovery).
const DAMAGED: &[&[&str]] = &[&["damaged", "corrupt"], &["backup", "recover", "restore"]];

#[test]
fn a_truncated_database_gives_one_clear_error_and_is_left_as_it_is() {
    let env = real_database(300);
    if env.sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    with_small_csv(&env);
    let size = std::fs::metadata(env.db()).unwrap().len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(env.db())
        .unwrap();
    file.set_len(size / 2).unwrap();
    drop(file);
    let commands: Vec<&[&str]> = READS
        .iter()
        .chain(WRITES)
        .copied()
        .chain([&["init"][..]])
        .collect();
    each_fails_as_damaged(&env, bytes(&env.db()), &commands);
}

/// A database of 300 claims whose `claims` table has its first page overwritten with noise: the
/// file still opens, and the damage shows only when a command reads the claims. Returns the
/// damaged file's bytes.
fn damaged_page() -> (TestEnv, Vec<u8>) {
    let env = real_database(300);
    with_small_csv(&env);
    let (root, page_size): (i64, i64) = {
        let conn = Connection::open(env.db()).unwrap();
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
    let mut contents = bytes(&env.db());
    let start = ((root - 1) * page_size) as usize;
    contents[start..start + page_size as usize].copy_from_slice(&noise(page_size as usize, 99));
    std::fs::write(env.db(), &contents).unwrap();
    (env, contents)
}

/// Runs each command on the damaged database and expects one clear error naming the file, with
/// the file left as it is.
fn each_fails_as_damaged(env: &TestEnv, mut contents: Vec<u8>, commands: &[&[&str]]) {
    let name = env.db().display().to_string();
    let mut problems = Vec::new();
    for args in commands {
        let output = run(env, args);
        let file = [name.as_str()];
        let mut wanted: Vec<&[&str]> = vec![&file];
        wanted.extend(DAMAGED);
        problems.extend(check_error(args, &output, &wanted));
        if bytes(&env.db()) != contents {
            problems.push(format!(
                "`claims {}` wrote to the damaged file",
                args.join(" ")
            ));
            contents = bytes(&env.db());
        }
    }
    assert_no_problems(&problems);
}

#[test]
fn a_database_with_a_damaged_page_gives_one_clear_error_naming_the_file() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let (env, contents) = damaged_page();
    each_fails_as_damaged(
        &env,
        contents,
        &[
            &["list"][..],
            &["list", "--format", "json"],
            &["show", "1"],
            &["search", "town"],
            &["export", "--format", "json", "--output", "out.json"],
            WRITES[0],
            WRITES[2],
        ],
    );
    assert!(
        !env.dir().join("out.json").exists(),
        "a failed export left its file"
    );
}

/// An export that fails part way says so in one line and exit code 1. To standard output it is
/// a stream (a million claims are not held back in memory), so the start of the document may
/// already be out; `--output FILE` is the all-or-nothing way, and writes no file.
#[test]
fn an_export_that_fails_on_a_damaged_page_leaves_no_file() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let (env, contents) = damaged_page();
    each_fails_as_damaged(
        &env,
        contents,
        &[
            &["export", "--output", "out.csv"][..],
            &["export", "--format", "json", "--output", "out.json"],
            &["export", "--format", "jsonl", "--output", "out.jsonl"],
        ],
    );
    for name in ["out.csv", "out.json", "out.jsonl"] {
        assert!(!env.dir().join(name).exists(), "{name} was written");
    }
    for format in ["csv", "json", "jsonl"] {
        env.run(&["export", "--format", format]).code(1);
    }
}

/// A database of a few claims, its file made read-only (mode 0444), with how to run `claims` so
/// that the mode keeps it out; `None` (the test is skipped) where that is impossible.
fn read_only_database() -> Option<(TestEnv, Runner, Vec<u8>)> {
    let env = real_database(20);
    with_small_csv(&env);
    let expected_export = env.ok(&["export", "--format", "json"]).into_bytes();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    match read_only_runner(&env) {
        Some(runner) => Some((env, runner, expected_export)),
        None => {
            eprintln!(
                "skipped: running as root, where mode 0444 does not stop writes, and `setpriv` \
                 cannot run claims as nobody"
            );
            None
        }
    }
}

#[test]
fn a_read_only_database_can_be_read_and_a_write_says_how_to_fix_it() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let Some((env, runner, expected_export)) = read_only_database() else {
        return;
    };
    let before = bytes(&env.db());
    let name = env.db().display().to_string();
    let mut problems = Vec::new();
    for args in READS {
        let output = run_as(&env, &runner, args);
        if !output.status.success() {
            problems.push(format!(
                "`claims {}` on a read-only database failed ({}): {}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim_end()
            ));
        }
    }
    let export = run_as(&env, &runner, &["export", "--format", "json"]);
    if export.stdout != expected_export {
        problems.push("the read-only database exports differently".to_string());
    }
    for args in WRITES {
        let output = run_as(&env, &runner, args);
        problems.extend(check_error(
            args,
            &output,
            &[
                &[name.as_str()],
                &["read-only"],
                &["chmod", "permission", "writable"],
            ],
        ));
    }
    if bytes(&env.db()) != before {
        problems.push("the read-only file changed".to_string());
    }
    assert_no_problems(&problems);
}

#[test]
fn a_read_only_database_takes_writes_again_once_it_is_writable() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let Some((env, runner, _)) = read_only_database() else {
        return;
    };
    // Read it while it is read-only, as someone would before noticing.
    let output = run_as(&env, &runner, &["list"]);
    assert!(output.status.success(), "{output:?}");
    // The fix a user applies: make the database file writable again.
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "add",
        "A claim after the fix.",
        "--speaker",
        "Someone",
        "--date",
        "2025-09-03",
        "--new",
    ];
    let output = run_as(&env, &runner, &args);
    let leftovers: Vec<String> = sidecars(&env.db())
        .iter()
        .map(|path| {
            let mode = std::fs::metadata(path).unwrap().permissions().mode();
            format!("{} (mode {:o})", path.display(), mode & 0o777)
        })
        .collect();
    assert!(
        output.status.success(),
        "after `chmod 644` of the database, `claims {}` still fails: {}; beside the database: \
         {leftovers:?}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr).trim_end()
    );
}

#[test]
fn a_full_disk_stops_an_import_with_one_clear_error_and_nothing_half_written() {
    let env = real_database(20);
    if env.sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let mut csv = String::from("text,speaker,said_on,tags,context\n");
    for row in 0..2000 {
        csv.push_str(&format!(
            "Row {row} of a long file says spending rose by {row} percent in county {},\
             Speaker {},2025-08-{:02},budget;county-{},Hearing number {row} of the session\n",
            row % 61,
            row % 30,
            1 + row % 28,
            row % 9,
        ));
    }
    std::fs::write(env.dir().join("big.csv"), csv).unwrap();
    let before = env.ok(&["export", "--format", "json"]);
    let size = std::fs::metadata(env.db()).unwrap().len();
    // No file the process writes may grow past the database's size and 64 KiB: `ulimit -f`
    // counts 1024-byte blocks in bash. With SIGXFSZ ignored, the write fails with EFBIG rather
    // than killing the process, as a full disk fails it with ENOSPC.
    let blocks = size / 1024 + 64;
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" import big.csv"
        ))
        .arg(env!("CARGO_BIN_EXE_claims"))
        .env_clear()
        .envs(
            env.cmd()
                .get_envs()
                .filter_map(|(key, value)| value.map(|value| (key.to_owned(), value.to_owned()))),
        )
        .current_dir(env.dir())
        .output()
        .unwrap();
    let name = env.db().display().to_string();
    let mut problems = check_error(
        &["import", "big.csv", &format!("(under ulimit -f {blocks})")],
        &output,
        &[
            &[name.as_str()],
            &["full", "space", "too large", "size limit", "file size"],
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.starts_with("error: line ") {
        problems.push(format!(
            "the import blames a line of the file for the disk: {:?}",
            stderr.trim_end()
        ));
    }
    // Without the limit: the database is sound and exactly as it was.
    let conn = Connection::open(env.db()).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);
    assert_eq!(
        env.ok(&["export", "--format", "json"]),
        before,
        "the failed import changed the database"
    );
    // And it takes writes again.
    env.ok(&["import", "big.csv"]);
    assert_no_problems(&problems);
}

/// `claims doctor` is where the damage errors send the user: on a damaged database it must say
/// what is wrong in words (exit 1, no panic, no raw SQLite codes), never send the user back to
/// `claims doctor`, and leave the file as it is.
#[test]
fn doctor_on_a_damaged_database_says_what_is_wrong_in_words() {
    if crate::support::sqlite_only("a damaged, truncated, read-only or full file") {
        return;
    }
    let truncated = real_database(300);
    let size = std::fs::metadata(truncated.db()).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(truncated.db())
        .unwrap()
        .set_len(size / 2)
        .unwrap();
    let (damaged, _) = damaged_page();
    let mut problems = Vec::new();
    for (what, env) in [
        ("a truncated file", &truncated),
        ("a damaged page", &damaged),
    ] {
        let before = bytes(&env.db());
        let output = run(env, &["doctor"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said = format!("stdout {stdout:?}, stderr {stderr:?}");
        if output.status.code() != Some(1) {
            problems.push(format!(
                "{what}: `claims doctor` exited with {} instead of 1: {said}",
                output.status
            ));
        }
        if stderr.contains("panicked") {
            problems.push(format!("{what}: `claims doctor` panicked: {said}"));
        }
        if stderr.contains("`claims doctor` says") {
            problems.push(format!(
                "{what}: `claims doctor` tells the user to run `claims doctor`: {said}"
            ));
        }
        if stdout.contains("Error code") || stderr.contains("Error code") {
            problems.push(format!(
                "{what}: `claims doctor` shows a raw SQLite error code: {said}"
            ));
        }
        let lower = format!("{stdout}{stderr}").to_lowercase();
        if !lower.contains("damaged") && !lower.contains("corrupt") {
            problems.push(format!(
                "{what}: `claims doctor` does not say the file is damaged: {said}"
            ));
        }
        if bytes(&env.db()) != before {
            problems.push(format!("{what}: `claims doctor` changed the file"));
        }
    }
    assert_no_problems(&problems);
}
