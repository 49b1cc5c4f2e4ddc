//! The hermetic test environment: a temp directory holding the database, a cleared environment,
//! `NO_COLOR`, a pinned clock (`CLAIMS_NOW`) and a pinned reviewer (`CLAIMS_REVIEWER`).
//!
//! With `CLAIMS_TEST_ENGINE=postgres` (and `CLAIMS_TEST_POSTGRES` naming a server), the
//! database is instead a new one on that server for each test, dropped after it: the same
//! tests then run against PostgreSQL. Tests of what only an SQLite file has call
//! [`TestEnv::sqlite_only`] and skip themselves there.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use claims::db::postgres::testing::TestDatabase;
use tempfile::TempDir;

/// The frozen "now" of every test: the day after the AP article's claims were made.
pub const NOW: &str = "2025-09-04T12:00:00Z";
/// The reviewer every test acts as.
pub const REVIEWER: &str = "tester";

/// A temporary directory with (optionally) a `claims` database in it.
pub struct TestEnv {
    dir: TempDir,
    /// The test's own database on the PostgreSQL test server, when the tests run there.
    pg: Option<TestDatabase>,
}

/// The variable that runs the end-to-end tests against PostgreSQL: `postgres`.
pub const ENGINE_VAR: &str = "CLAIMS_TEST_ENGINE";

/// Whether the end-to-end tests run against PostgreSQL (`CLAIMS_TEST_ENGINE=postgres`).
pub fn on_postgres() -> bool {
    std::env::var(ENGINE_VAR).is_ok_and(|engine| engine == "postgres")
}

/// True, with a line saying the test is skipped, when the tests run against PostgreSQL: for
/// tests of what only an SQLite file has, before they make a database.
pub fn sqlite_only(what: &str) -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: {what} is SQLite's own");
    }
    on_postgres()
}

/// The PostgreSQL test server, for tests of PostgreSQL only: `None` (and a line saying the
/// test is skipped) where there is none.
pub fn postgres_server() -> Option<String> {
    claims::db::postgres::testing::server()
}

impl TestEnv {
    /// A directory with no database yet.
    pub fn empty() -> Self {
        let pg = on_postgres().then(|| {
            let server = postgres_server().unwrap_or_else(|| {
                panic!("{ENGINE_VAR}=postgres needs a test server in CLAIMS_TEST_POSTGRES")
            });
            TestDatabase::create(&server).expect("a new database on the test server")
        });
        TestEnv {
            dir: tempfile::tempdir().expect("create a temp dir"),
            pg,
        }
    }

    /// A directory with no database yet, on SQLite whatever the engine under test: for the
    /// tests that move a desk between the engines.
    pub fn empty_file() -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("create a temp dir"),
            pg: None,
        }
    }

    /// A new, empty database on the PostgreSQL test server, whatever the engine under test.
    pub fn empty_postgres(server: &str) -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("create a temp dir"),
            pg: Some(TestDatabase::create(server).expect("a new database on the test server")),
        }
    }

    /// True, with a line saying the test is skipped, when the tests run against PostgreSQL:
    /// for tests of what only an SQLite file has (its damage, backups, its log, its folder).
    pub fn sqlite_only(&self, what: &str) -> bool {
        if self.pg.is_some() {
            eprintln!("skipped on PostgreSQL: {what} is SQLite's own");
        }
        self.pg.is_some()
    }

    /// Whether this test's database is on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// What `--db` and `CLAIMS_DB` name: the file, or the PostgreSQL database's URL.
    pub fn location(&self) -> String {
        match &self.pg {
            Some(database) => database.url.clone(),
            None => self.db().display().to_string(),
        }
    }

    /// A directory with an initialised, empty database.
    pub fn new() -> Self {
        let env = Self::empty();
        env.ok(&["init"]);
        env
    }

    /// The temp directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database file (what `CLAIMS_DB` points at).
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("claims.db")
    }

    /// `claims` with the hermetic environment, run in the temp directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_claims"));
        cmd.env_clear()
            .env("CLAIMS_DB", self.location())
            .env("CLAIMS_NOW", NOW)
            .env("CLAIMS_REVIEWER", REVIEWER)
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .current_dir(self.dir.path());
        cmd
    }

    /// `claims` as another person of the desk: on SQLite, `CLAIMS_REVIEWER` says who; on
    /// PostgreSQL, that person's own login, holding `claims_editor`.
    pub fn cmd_as(&self, person: &str) -> Command {
        self.cmd_with_role(person, "claims_editor")
    }

    /// `claims` as `person`, who holds `role` on PostgreSQL (`CLAIMS_REVIEWER` on SQLite).
    pub fn cmd_with_role(&self, person: &str, role: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.env("CLAIMS_REVIEWER", person);
        if let Some(database) = &self.pg {
            let url = database
                .url_for(person, Some(role))
                .expect("a login on the test server");
            cmd.env("CLAIMS_DB", url);
        }
        cmd
    }

    /// The actor the history records for a change the test's login makes `--by person`: the
    /// person on SQLite, `tester (for person)` on PostgreSQL, where the login is recorded.
    pub fn actor_for(&self, person: &str) -> String {
        if self.pg.is_some() && person != REVIEWER {
            format!("{REVIEWER} (for {person})")
        } else {
            person.to_string()
        }
    }

    /// Runs `claims ARGS`.
    pub fn run(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs `claims ARGS`, expects success, and returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let mut cmd = self.cmd();
        cmd.args(args);
        self.ok_with(cmd)
    }

    /// [`TestEnv::ok`] of a command set up by the caller (its environment, say).
    pub fn ok_with(&self, mut cmd: Command) -> String {
        let output = cmd.assert().success().get_output().clone();
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    /// Runs `claims ARGS`, expects a user error (exit 1, one `error: ` line on stderr, nothing on
    /// stdout), and returns that line.
    pub fn fails(&self, args: &[&str]) -> String {
        let mut cmd = self.cmd();
        cmd.args(args);
        self.fails_with(cmd)
    }

    /// [`TestEnv::fails`] of a command set up by the caller (its environment, say).
    pub fn fails_with(&self, mut cmd: Command) -> String {
        let output = cmd.assert().code(1).get_output().clone();
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        assert!(
            stderr.starts_with("error: ") && stderr.ends_with('\n') && stderr.lines().count() == 1,
            "expected one error line, got {stderr:?}"
        );
        assert!(
            output.stdout.is_empty(),
            "a failed command printed {:?}",
            output.stdout
        );
        stderr.trim_end().to_string()
    }

    /// Logs a claim and returns its id.
    pub fn add(&self, text: &str, speaker: &str, date: &str) -> i64 {
        let stdout = self.ok(&["add", text, "--speaker", speaker, "--date", date]);
        parse_id(&stdout, "Logged claim ")
    }

    /// Attaches a source to a claim and returns the evidence id.
    pub fn attach(&self, claim: i64, url: &str, stance: &str) -> i64 {
        let stdout = self.ok(&[
            "evidence",
            "add",
            &claim.to_string(),
            url,
            "--stance",
            stance,
        ]);
        parse_id(&stdout, "Attached evidence ")
    }

    /// The whole database as `export --format json` writes it, parsed.
    pub fn export_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["export", "--format", "json"])).expect("export is JSON")
    }

    /// Runs `claims ARGS` on a pseudo-terminal through util-linux's `script` and returns what
    /// the terminal showed (standard output and error together), or `None` where `script` is
    /// missing. `no_color` keeps the harness's NO_COLOR.
    pub fn on_a_terminal(&self, args: &[&str], no_color: bool) -> Option<String> {
        if std::process::Command::new("script")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipped: `script` (util-linux) is not installed, so no terminal to test on");
            return None;
        }
        let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_claims"))
            .chain(args.iter().copied())
            .map(|arg| format!("'{}'", arg.replace('\'', r"'\''")))
            .collect();
        let mut cmd = std::process::Command::new("script");
        cmd.arg("-qec")
            .arg(quoted.join(" "))
            .arg("/dev/null")
            .current_dir(self.dir())
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("TERM", "xterm");
        for (key, value) in self.cmd().get_envs() {
            if let Some(value) = value
                && (no_color || key != "NO_COLOR")
            {
                cmd.env(key, value);
            }
        }
        let output = cmd.output().expect("run script");
        assert!(output.status.success(), "{output:?}");
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Runs a failing command and checks that the database is exactly as it was before.
    pub fn fails_untouched(&self, args: &[&str]) -> String {
        let before = self.export_json();
        let error = self.fails(args);
        assert_eq!(
            before,
            self.export_json(),
            "`claims {}` changed the database",
            args.join(" ")
        );
        error
    }
}

/// Reads the number after `prefix` in a message such as "Logged claim 3.".
pub fn parse_id(stdout: &str, prefix: &str) -> i64 {
    let rest = stdout
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("expected {prefix:?}..., got {stdout:?}"));
    rest.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("an id")
}

/// Parses CSV output into its header and rows, as a spreadsheet or script would read it.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            record
                .expect("a valid CSV row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (header, rows)
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the folder")
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// How to run `claims` as someone the read-only file keeps out. Not root: root writes to any
/// file whatever its mode. Where the tests run as root, `claims` runs as `nobody` through
/// util-linux's `setpriv`, in a directory `nobody` owns; where that is impossible, `None`.
pub enum Runner {
    Direct,
    Nobody,
}

pub const NOBODY: u32 = 65534;

pub fn read_only_runner(env: &TestEnv) -> Option<Runner> {
    if std::fs::OpenOptions::new()
        .write(true)
        .open(env.db())
        .is_err()
    {
        return Some(Runner::Direct);
    }
    // Root (or a file system that ignores modes). Try to be someone else.
    let setpriv = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_claims"))
        .arg("--version")
        .output();
    if !setpriv.is_ok_and(|output| output.status.success()) {
        return None;
    }
    // The user owns their directory and their (read-only) database.
    for entry in std::fs::read_dir(env.dir()).unwrap() {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::os::unix::fs::chown(env.dir(), Some(NOBODY), Some(NOBODY)).unwrap();
    let probe = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sh",
            "-c",
        ])
        .arg("exec 3>>\"$0\"")
        .arg(env.db())
        .output()
        .unwrap();
    if probe.status.success() {
        return None;
    }
    Some(Runner::Nobody)
}

/// Runs `claims ARGS` as `runner`.
pub fn run_as(env: &TestEnv, runner: &Runner, args: &[&str]) -> std::process::Output {
    match runner {
        Runner::Direct => env.cmd().args(args).output().expect("run claims"),
        Runner::Nobody => {
            let mut cmd = std::process::Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_claims"))
                .args(args)
                .env_clear()
                .current_dir(env.dir());
            for (key, value) in env.cmd().get_envs() {
                if let Some(value) = value {
                    cmd.env(key, value);
                }
            }
            cmd.output().expect("run claims through setpriv")
        }
    }
}
