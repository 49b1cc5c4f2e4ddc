//! When the world misbehaves: a restore while others write, folders and files that are not
//! `claims`' own, SQLite's side-file names, devices, FIFOs and links as outputs, full and
//! read-only disks, locks held too long, and interrupts. Nothing the user logged or owns is
//! lost, and every message tells the truth.
//!
//! Tests that need root (device nodes, mounts) or another user (modes mean nothing to root)
//! say that they are skipped where they cannot run.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::Value;

use crate::support::{NOBODY, TestEnv, names_in};

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A database with `claims` claims, imported from a generated CSV.
fn desk_of(claims: usize) -> TestEnv {
    let env = TestEnv::new();
    let mut csv = String::from("text,speaker,said_on,tags,context\n");
    for row in 0..claims {
        csv.push_str(&format!(
            "Spending on road {row} rose by {} percent in district {},Speaker {},2025-08-{:02},\
             budget;district-{},Hearing {row} of the council's session\n",
            row % 97,
            row % 61,
            row % 40,
            1 + row % 28,
            row % 9,
        ));
    }
    std::fs::write(env.dir().join("claims.csv"), csv).unwrap();
    env.ok(&["import", "claims.csv"]);
    env
}

/// The claims' texts in the database at `db`.
fn texts(env: &TestEnv, db: &Path) -> Vec<String> {
    let output = env
        .cmd()
        .env("CLAIMS_DB", db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    if !output.status.success() {
        let check: Vec<String> = Connection::open(db)
            .unwrap()
            .prepare("PRAGMA integrity_check")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .take(5)
            .collect();
        panic!(
            "cannot export {}: {} (integrity: {check:?})",
            db.display(),
            stderr(&output)
        );
    }
    let claims: Value = serde_json::from_slice(&output.stdout).unwrap();
    claims
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["text"].as_str().unwrap().to_string())
        .collect()
}

/// `claims` with the test's environment, as a standard command (to spawn and signal it).
fn claims(env: &TestEnv) -> Command {
    let hermetic = env.cmd();
    let mut cmd = Command::new(hermetic.get_program());
    cmd.env_clear()
        .envs(
            hermetic
                .get_envs()
                .filter_map(|(key, value)| value.map(|value| (key, value))),
        )
        .current_dir(env.dir());
    cmd
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The names in the test's folder that are temporary files of `claims`.
fn temporaries(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|name| name.contains(".claims-tmp-") || name.contains(".claims-report-tmp-"))
        .collect()
}

#[test]
fn a_restore_while_others_write_keeps_every_write_in_the_restored_database_or_the_copy() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3000);
    env.ok(&["backup", "copy.db"]);
    let stop = Arc::new(AtomicBool::new(false));
    let logged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (stop, logged) = (stop.clone(), logged.clone());
            let mut cmd = claims(&env);
            cmd.env("CLAIMS_BUSY_TIMEOUT", "60");
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let text =
                        format!("Writer {writer} wrote claim number {n} while a restore ran.");
                    let output = Command::new(cmd.get_program())
                        .env_clear()
                        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
                        .current_dir(cmd.get_current_dir().unwrap())
                        .args(["add", &text, "--speaker", "Writer", "--date", "2025-09-03"])
                        .args(["--new"])
                        .output()
                        .unwrap();
                    let said = String::from_utf8_lossy(&output.stdout);
                    if said.starts_with("Logged claim ") {
                        logged.lock().unwrap().push(text);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(400));
    let restore = env
        .cmd()
        .env("CLAIMS_BUSY_TIMEOUT", "60")
        .args(["restore", "copy.db", "--force"])
        .output()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
    assert!(restore.status.success(), "{}", stderr(&restore));
    let aside = names_in(env.dir())
        .into_iter()
        .find(|name| name.starts_with("claims.db.before-restore-") && !name.ends_with("-wal"))
        .expect("the database before the restore is kept");
    let restored = texts(&env, &env.db());
    let kept = texts(&env, &env.dir().join(aside));
    let logged = logged.lock().unwrap();
    assert!(
        logged.len() > 8,
        "the writers hardly wrote: {}",
        logged.len()
    );
    let lost: Vec<&String> = logged
        .iter()
        .filter(|text| !restored.contains(text) && !kept.contains(text))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} adds that said 'Logged claim' are in neither the restored database nor the \
         copy kept aside: {lost:?}",
        lost.len(),
        logged.len()
    );
    env.ok(&["doctor"]);
}

#[test]
fn the_names_of_sqlite_side_files_are_refused_as_outputs() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker\nOne more.,Someone\n",
    )
    .unwrap();
    let before = env.export_json();
    for side in ["-journal", "-wal", "-shm"] {
        let name = format!("claims.db{side}");
        for args in [
            vec!["backup", name.as_str()],
            vec!["export", "--output", name.as_str()],
            vec!["import", "small.csv", "--skip-bad", name.as_str()],
            vec!["report", "--out", name.as_str()],
        ] {
            let error = env.fails(&args);
            assert!(
                error.contains(&format!("'{name}'"))
                    && error.contains("side file")
                    && error.contains("choose another name"),
                "`claims {}`: {error}",
                args.join(" ")
            );
            assert!(
                !env.dir().join(&name).exists(),
                "`claims {}` left {name}",
                args.join(" ")
            );
            // The next command still works: nothing was taken for a journal.
            env.ok(&["list"]);
        }
    }
    assert_eq!(env.export_json(), before);
}

#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    let fifo = env.dir().join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for args in [
        vec!["export", "--output", "pipe"],
        vec!["export", "--format", "json", "--output", "pipe"],
    ] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        env.ok(&args);
        let read = String::from_utf8(reader.join().unwrap()).unwrap();
        assert!(
            read.starts_with("id,text") || read.starts_with('['),
            "{args:?}: {read}"
        );
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo(),
            "`claims {}` replaced the FIFO",
            args.join(" ")
        );
    }
    assert_eq!(temporaries(env.dir()), Vec::<String>::new());
}

#[test]
fn a_symbolic_link_is_followed_and_its_target_replaced() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    std::fs::create_dir(env.dir().join("real")).unwrap();
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker\n,Nobody\nOne more.,Someone\n",
    )
    .unwrap();
    for (args, link, target) in [
        (
            vec!["export", "--output", "out.csv"],
            "out.csv",
            "real/out.csv",
        ),
        (
            vec!["backup", "copy.db", "--force"],
            "copy.db",
            "real/copy.db",
        ),
        (
            vec!["import", "small.csv", "--skip-bad", "bad.csv"],
            "bad.csv",
            "real/bad.csv",
        ),
    ] {
        // One link to a file that exists, one to a file still to be made.
        for exists in [true, false] {
            let target_path = env.dir().join(target);
            if exists {
                std::fs::write(&target_path, "old contents").unwrap();
            } else {
                let _ = std::fs::remove_file(&target_path);
            }
            let link_path = env.dir().join(link);
            let _ = std::fs::remove_file(&link_path);
            std::os::unix::fs::symlink(target, &link_path).unwrap();
            env.ok(&args);
            assert!(
                std::fs::symlink_metadata(&link_path)
                    .unwrap()
                    .file_type()
                    .is_symlink(),
                "`claims {}` replaced the link",
                args.join(" ")
            );
            let written = std::fs::read(&target_path).unwrap();
            assert_ne!(written, b"old contents", "`claims {}`", args.join(" "));
            assert!(!written.is_empty());
        }
    }
}

#[test]
fn a_device_is_written_into_and_never_replaced() {
    if !is_root() {
        eprintln!("skipped: making a device node needs root");
        return;
    }
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    let null = env.dir().join("null");
    // The same device as /dev/null (major 1, minor 3), in the test's own folder.
    let status = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker\nGood.,Ana\n,Nobody\n",
    )
    .unwrap();
    for args in [
        vec!["export", "--output", "null"],
        vec!["export", "--format", "jsonl", "--output", "null"],
        vec!["backup", "null", "--force"],
        vec!["import", "small.csv", "--skip-bad", "null"],
    ] {
        let output = env.cmd().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
        assert!(
            kind.is_char_device(),
            "`claims {}` replaced the device",
            args.join(" ")
        );
    }
    assert_eq!(temporaries(env.dir()), Vec::<String>::new());
}

/// Runs `claims ARGS` where no file it writes may grow past `blocks` KiB (bash's `ulimit -f`;
/// with SIGXFSZ ignored, a write past it fails as on a full disk).
fn with_file_limit(env: &TestEnv, blocks: u64, args: &[&str]) -> Output {
    let quoted: Vec<String> = args
        .iter()
        .map(|arg| format!("'{}'", arg.replace('\'', r"'\''")))
        .collect();
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" {}",
            quoted.join(" ")
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
        .unwrap()
}

#[test]
fn an_import_that_says_nothing_was_written_wrote_nothing_however_full_the_disk() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let base = desk_of(200);
    let mut csv = String::from("text,speaker,said_on\n");
    for row in 0..150 {
        csv.push_str(&format!(
            "Imported row {row} says the tunnel cost {} million,Engineer {},2025-07-{:02}\n",
            row * 3,
            row % 17,
            1 + row % 28
        ));
    }
    // What the database holds: its claims and history entries.
    let held = |db: &Path| -> (i64, i64) {
        let conn = Connection::open(db).unwrap();
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap()
        };
        (count("claims"), count("history"))
    };
    let before = held(&base.db());
    // Runs the import where no file may grow past `blocks` KiB; whether it succeeded.
    let import_under = |blocks: u64| -> bool {
        let env = TestEnv::empty();
        std::fs::copy(base.db(), env.db()).unwrap();
        std::fs::write(env.dir().join("rows.csv"), &csv).unwrap();
        let output = with_file_limit(&env, blocks, &["import", "rows.csv"]);
        let said = stderr(&output);
        let now = held(&env.db());
        if output.status.success() {
            assert_eq!(now, (350, 350), "under {blocks} KiB: {said}");
            true
        } else {
            assert!(
                said.contains("nothing was written"),
                "under {blocks} KiB: {said}"
            );
            assert_eq!(
                now, before,
                "under {blocks} KiB it said nothing was written: {said}"
            );
            false
        }
    };
    // The least room the import needs, found by halving; then every few KiB below it, where
    // the last of its writes (the commit, the planner's statistics) run out of room.
    // (Below 33 KiB, the log's 32 KiB index cannot even be made.)
    let size = std::fs::metadata(base.db()).unwrap().len() / 1024;
    let (mut low, mut high) = (40, size + 4096);
    assert!(!import_under(low) && import_under(high));
    while high - low > 1 {
        let middle = (low + high) / 2;
        if import_under(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    for blocks in (high.saturating_sub(16)..high).step_by(2) {
        import_under(blocks);
    }
}

#[test]
fn a_backup_to_a_full_disk_names_the_backup_and_leaves_nothing() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(300);
    let output = with_file_limit(&env, 64, &["backup", "copy.db"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("'copy.db'"), "{said}");
    assert!(
        !said.contains("'claims.db'") && !said.contains(".claims-tmp-"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(!env.dir().join("copy.db").exists());
    assert_eq!(temporaries(env.dir()), Vec::<String>::new());
}

#[test]
fn an_export_to_a_full_disk_names_the_file_the_user_asked_for() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(300);
    let output = with_file_limit(
        &env,
        64,
        &["export", "--format", "json", "--output", "out.json"],
    );
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.starts_with("error: cannot write 'out.json'"), "{said}");
    assert!(
        !said.contains(".claims-tmp-") && !said.contains(".tmp"),
        "{said}"
    );
    assert!(!env.dir().join("out.json").exists());
    assert_eq!(temporaries(env.dir()), Vec::<String>::new());
}

/// Runs `claims ARGS` as `nobody`, who owns the test's folder.
fn as_nobody(env: &TestEnv, args: &[&str]) -> Output {
    let mut cmd = Command::new("setpriv");
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

/// A database in a folder that `nobody` owns and can read but not write (0555), with
/// `with_file_mode` for the file itself; `None` (skipped) where the tests cannot run as nobody.
fn in_a_read_only_folder(file_mode: u32) -> Option<TestEnv> {
    if !is_root() {
        eprintln!("skipped: running claims as another user (to test modes) needs root");
        return None;
    }
    let env = desk_of(5);
    env.ok(&["evidence", "add", "1", "https://example.org/a-source"]);
    // tempfile makes the folder owner-only; nobody must be able to reach it.
    let mut parent = env.dir().parent();
    while let Some(folder) = parent {
        let mode = std::fs::metadata(folder).unwrap().permissions().mode();
        if mode & 0o001 == 0 {
            eprintln!("skipped: '{}' keeps nobody out", folder.display());
            return None;
        }
        parent = folder.parent();
    }
    for entry in std::fs::read_dir(env.dir()).unwrap() {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::os::unix::fs::chown(env.dir(), Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(file_mode)).unwrap();
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    if !as_nobody(&env, &["--version"]).status.success() {
        eprintln!("skipped: `setpriv` cannot run claims as nobody");
        return None;
    }
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o555)).unwrap();
    Some(env)
}

/// Commands that only read, each of which must work wherever the file can be read.
const READS: &[&[&str]] = &[
    &["list"],
    &["list", "--status", "unverified", "--format", "csv"],
    &["show", "1"],
    &["show", "1", "--format", "json"],
    &["export"],
    &["export", "--format", "json"],
    &["export", "--format", "jsonl"],
    &["search", "road"],
    &["similar", "1"],
    &["stats"],
    &["speakers"],
    &["speaker", "Speaker 1"],
    &["evidence", "list", "1"],
    &["deleted"],
    &["scale", "show"],
    &["doctor"],
    &["import", "small.csv", "--dry-run"],
];

#[test]
fn in_a_read_only_folder_reads_work_and_writes_say_why_not() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    for file_mode in [0o644, 0o444] {
        let Some(env) = in_a_read_only_folder(file_mode) else {
            return;
        };
        let before = std::fs::read(env.db()).unwrap();
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(
            env.dir().join("small.csv"),
            "text,speaker\nOne more.,Someone\n",
        )
        .unwrap();
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o555)).unwrap();
        for args in READS {
            let output = as_nobody(&env, args);
            assert!(
                output.status.success(),
                "mode {file_mode:o} in a 0555 folder: `claims {}` failed: {}",
                args.join(" "),
                stderr(&output)
            );
        }
        let doctor = as_nobody(&env, &["doctor"]);
        assert!(
            String::from_utf8_lossy(&doctor.stdout).contains("no problems found"),
            "{doctor:?}"
        );
        let folder = env.dir().display().to_string();
        for args in [
            &[
                "add",
                "New.",
                "--speaker",
                "Someone",
                "--date",
                "2025-09-03",
            ][..],
            &["note", "1", "A note."],
            &["import", "small.csv"],
        ] {
            let output = as_nobody(&env, args);
            let said = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{said}");
            assert_eq!(said.lines().count(), 1, "{said}");
            assert!(
                said.contains("is read-only") && said.contains("nothing was written"),
                "{said}"
            );
            if file_mode == 0o644 {
                assert!(
                    said.contains(&format!("its folder '{folder}' cannot be written"))
                        && said.contains("chmod u+w"),
                    "{said}"
                );
            }
        }
        assert_eq!(std::fs::read(env.db()).unwrap(), before, "the file changed");
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn doctor_on_a_healthy_read_only_file_finds_it_healthy_and_writes_nothing() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let Some(env) = in_a_read_only_folder(0o444) else {
        return;
    };
    // The folder may be writable: the file alone is read-only.
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    let output = as_nobody(&env, &["doctor"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{}", stderr(&output));
    assert!(!said.contains("PROBLEM"), "{said}");
    assert!(said.contains("no problems found"), "{said}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

/// A tmpfs mounted on a folder of the test's, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn on_a_read_only_mount_reads_work_and_writes_say_why_not() {
    if !is_root() {
        eprintln!("skipped: mounting a file system needs root");
        return;
    }
    let env = TestEnv::empty();
    if env.sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let mount = env.dir().join("disk");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
        .arg(&mount)
        .output()
        .unwrap();
    if !mounted.status.success() {
        eprintln!("skipped: cannot mount a tmpfs here: {}", stderr(&mounted));
        return;
    }
    let _guard = Mount(mount.clone());
    let db = mount.join("claims.db");
    let on_mount = |args: &[&str]| env.cmd().env("CLAIMS_DB", &db).args(args).output().unwrap();
    assert!(on_mount(&["init"]).status.success());
    assert!(
        on_mount(&["add", "Claim.", "--speaker", "A", "--date", "2025-09-03"])
            .status
            .success()
    );
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker\nOne more.,Someone\n",
    )
    .unwrap();
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount)
        .output()
        .unwrap();
    assert!(remount.status.success(), "{}", stderr(&remount));
    for args in [
        &["list"][..],
        &["show", "1"],
        &["export", "--format", "json"],
        &["search", "claim"],
        &["stats"],
        &["doctor"],
        &["import", "small.csv", "--dry-run"],
    ] {
        let output = on_mount(args);
        assert!(
            output.status.success(),
            "on a read-only mount `claims {}` failed: {}",
            args.join(" "),
            stderr(&output)
        );
    }
    let output = on_mount(&["note", "1", "A note."]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("mounted read-only") && said.contains("nothing was written"),
        "{said}"
    );
}

#[test]
fn a_lock_held_too_long_says_who_holds_it_and_that_nothing_changed() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    let before = env.export_json();
    let holder = Connection::open(env.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let output = env
        .cmd()
        .env("CLAIMS_BUSY_TIMEOUT", "0.3")
        .args(["note", "1", "A note."])
        .output()
        .unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.starts_with("error: database '")
            && said.contains("is locked: another claims or another program")
            && said.contains("nothing was changed"),
        "{said}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(env.export_json(), before);
}

#[test]
fn restore_of_a_folder_or_an_empty_file_says_what_it_is() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    std::fs::create_dir(env.dir().join("backups")).unwrap();
    assert_eq!(
        env.fails_untouched(&["restore", "backups", "--force"]),
        "error: 'backups' is a folder: give the path of a backup file made with `claims backup`"
    );
    std::fs::write(env.dir().join("empty.db"), "").unwrap();
    assert_eq!(
        env.fails_untouched(&["restore", "empty.db", "--force"]),
        "error: 'empty.db' is empty, so it is not a backup: give the path of a file made with \
         `claims backup`"
    );
}

#[test]
fn doctor_calls_an_empty_file_empty_as_every_command_does() {
    let env = TestEnv::empty();
    if env.sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    std::fs::write(env.db(), "").unwrap();
    let db = env.db().display().to_string();
    let expected =
        format!("error: database '{db}' is empty: set it up with `claims --db {db} init`");
    assert_eq!(env.fails(&["doctor"]), expected);
    assert_eq!(env.fails(&["list"]), expected);
}

/// Starts `claims ARGS`, waits until one of its temporary files appears in the folder, and
/// interrupts it with SIGINT. `None` when it finished before it could be interrupted.
fn interrupted(env: &TestEnv, args: &[&str]) -> Option<Output> {
    let child = claims(env)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut child = child;
    loop {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        if !temporaries(env.dir()).is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    // SAFETY: kill only sends a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    Some(child.wait_with_output().unwrap())
}

#[test]
fn an_interrupt_leaves_no_temporary_file_behind() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(20_000);
    let mut bad = String::from("text,speaker\n");
    for row in 0..20_000 {
        bad.push_str(&format!(",Nobody {row}\n"));
    }
    std::fs::write(env.dir().join("bad.csv"), bad).unwrap();
    for args in [
        &["export", "--format", "json", "--output", "out.json"][..],
        &["backup", "copy.db"],
        &["import", "bad.csv", "--skip-bad", "rejects.csv"],
    ] {
        let mut caught = false;
        for _ in 0..20 {
            let Some(output) = interrupted(&env, args) else {
                // It finished first: start again clean.
                for name in ["out.json", "copy.db", "rejects.csv"] {
                    let _ = std::fs::remove_file(env.dir().join(name));
                }
                continue;
            };
            assert_eq!(
                output.status.code(),
                Some(130),
                "`claims {}`",
                args.join(" ")
            );
            caught = true;
            break;
        }
        assert!(
            caught,
            "`claims {}` could never be interrupted",
            args.join(" ")
        );
        assert_eq!(
            temporaries(env.dir()),
            Vec::<String>::new(),
            "`claims {}` left its temporary file",
            args.join(" ")
        );
        for name in ["out.json", "copy.db", "rejects.csv"] {
            assert!(
                !env.dir().join(name).exists(),
                "`claims {}` left {name}",
                args.join(" ")
            );
        }
    }
    env.ok(&["doctor"]);
}

#[test]
fn the_temporary_files_of_a_killed_run_go_and_no_other_file_does() {
    if crate::support::sqlite_only("the file, its folder, its disk and its side files") {
        return;
    }
    let env = desk_of(3);
    std::fs::write(
        env.dir().join("small.csv"),
        "text,speaker\nGood.,Ana\n,Nobody\n",
    )
    .unwrap();
    for (args, name) in [
        (&["export", "--output", "out.csv"][..], "out.csv"),
        (&["backup", "copy.db"], "copy.db"),
        (
            &["import", "small.csv", "--skip-bad", "rejects.csv"],
            "rejects.csv",
        ),
    ] {
        // A killed run's file: its process (the largest id) is gone.
        let dead = env
            .dir()
            .join(format!(".{name}.claims-tmp-2147483647-Ab12Cd"));
        let dead_wal = env
            .dir()
            .join(format!(".{name}.claims-tmp-2147483647-Ab12Cd-wal"));
        // Files that are not such temporaries: one of a running process (this one), others of
        // other shapes and names.
        let kept = [
            env.dir()
                .join(format!(".{name}.claims-tmp-{}-Cd34Ef", std::process::id())),
            env.dir()
                .join(format!(".{name}.claims-tmp-2147483647-Ab12Cd.keep")),
            env.dir().join(format!(".{name}.tmp2147483647")),
            env.dir().join(".other.claims-tmp-2147483647-Ab12Cd"),
        ];
        for path in [&dead, &dead_wal].into_iter().chain(&kept) {
            std::fs::write(path, "left behind").unwrap();
        }
        env.ok(args);
        assert!(
            !dead.exists() && !dead_wal.exists(),
            "`claims {}` kept a killed run's file",
            args.join(" ")
        );
        for path in &kept {
            assert!(
                path.exists(),
                "`claims {}` removed {}",
                args.join(" "),
                path.display()
            );
            std::fs::remove_file(path).unwrap();
        }
    }
}
