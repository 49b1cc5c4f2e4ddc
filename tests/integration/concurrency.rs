//! Several `claims` processes writing to one database at once must all succeed, and the database
//! must end up holding every write exactly once, in a history that tells who did what.
//!
//! Four writers (eight on PostgreSQL) run at the same time, each a stream of 250 separate `claims` processes, one after
//! another, mixing every kind of write: `add`, `note`, `evidence add`, `status`, `edit` and small
//! `import`s, on claims of their own and on one claim they all share. Every process must succeed
//! (the busy timeout and `BEGIN IMMEDIATE` make writers wait, never fail with "database is
//! locked"), and afterwards the claims, notes, evidence, statuses and history must account for
//! every write once, each with its writer as the actor.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use serde_json::Value;

use crate::support::{TestEnv, parse_id};

/// Four writers on a file, eight on a server (a desk is many people on their own machines).
fn writers() -> usize {
    if crate::support::on_postgres() { 8 } else { 4 }
}
const WRITES_EACH: usize = 250;
/// One round of a writer is this many writes; 250 writes are 25 rounds.
const ROUND: usize = 10;
const ROUNDS: usize = WRITES_EACH / ROUND;
/// Rows in each small import.
const IMPORT_ROWS: usize = 2;

/// The reviewer a writer acts as, so the history can tell the writers apart.
fn reviewer(writer: usize) -> String {
    format!("writer-{writer}")
}

/// Runs one `claims` process as `writer`, which must succeed, and returns its standard output.
fn write(env: &TestEnv, writer: usize, args: &[&str]) -> String {
    let output = env
        .cmd_as(&reviewer(writer))
        .args(args)
        .output()
        .expect("run claims");
    assert!(
        output.status.success(),
        "writer {writer}: `claims {}` failed ({}): {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // Not even a warning: waiting for another writer is silent.
    assert!(
        output.stderr.is_empty(),
        "writer {writer}: `claims {}` wrote to stderr: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// One writer's stream of 250 writes. Returns the ids of the claims it added with `add`.
fn writer_stream(env: &TestEnv, writer: usize, shared: i64) -> Vec<i64> {
    let shared = shared.to_string();
    let mut own = Vec::new();
    for round in 0..ROUNDS {
        // 1. A claim of its own.
        let text = format!("Writer {writer} says the figure in round {round} is right.");
        let stdout = write(
            env,
            writer,
            &[
                "add",
                &text,
                "--speaker",
                &format!("Speaker {writer}"),
                "--date",
                "2025-09-03",
                "--new",
            ],
        );
        let id = parse_id(&stdout, "Logged claim ");
        own.push(id);
        let id = id.to_string();
        // 2. A note on it.
        write(
            env,
            writer,
            &["note", &id, &format!("writer {writer} note {round}")],
        );
        // 3. A source for it.
        write(
            env,
            writer,
            &[
                "evidence",
                "add",
                &id,
                &format!("https://example.org/w{writer}/r{round}"),
                "--stance",
                "refutes",
            ],
        );
        // 4. A verdict on it, which its source allows without --force.
        write(
            env,
            writer,
            &[
                "status",
                &id,
                "false",
                "--note",
                &format!("writer {writer} verdict {round}"),
            ],
        );
        // 5. A correction of its context.
        write(
            env,
            writer,
            &[
                "edit",
                &id,
                "--context",
                &format!("context {writer}/{round}"),
            ],
        );
        // 6. A small import of claims of its own.
        let name = format!("w{writer}-r{round}.csv");
        let mut csv = String::from("text,speaker,said_on\n");
        for row in 0..IMPORT_ROWS {
            csv.push_str(&format!(
                "Imported by writer {writer} in round {round} row {row},Importer {writer},2025-09-02\n"
            ));
        }
        std::fs::write(env.dir().join(&name), csv).unwrap();
        let stdout = write(env, writer, &["import", &name]);
        assert!(
            stdout.starts_with(&format!("Imported {IMPORT_ROWS} claims from {name}.\n")),
            "{stdout}"
        );
        // 7.–10. Writes to the claim every writer shares: a note, a verdict (with its own
        // reason, so it is always recorded), a context correction and a source.
        write(
            env,
            writer,
            &[
                "note",
                &shared,
                &format!("shared note by writer {writer} in round {round}"),
            ],
        );
        let verdict = ["false", "mostly-false", "misleading", "unproven"][(writer + round) % 4];
        write(
            env,
            writer,
            &[
                "status",
                &shared,
                verdict,
                "--force",
                "--note",
                &format!("shared verdict by writer {writer} in round {round}"),
            ],
        );
        write(
            env,
            writer,
            &[
                "edit",
                &shared,
                "--context",
                &format!("shared context by writer {writer} in round {round}"),
            ],
        );
        write(
            env,
            writer,
            &[
                "evidence",
                "add",
                &shared,
                &format!("https://example.org/shared/w{writer}/r{round}"),
            ],
        );
    }
    own
}

/// The history entries of `claim` for `field`.
fn history<'a>(claim: &'a Value, field: &str) -> Vec<&'a Value> {
    claim["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["field"] == field)
        .collect()
}

/// How many of `entries` each actor made.
fn by_actor(entries: &[&Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for entry in entries {
        *counts
            .entry(entry["actor"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    counts
}

/// Each writer `times` times.
fn each_writer(times: usize) -> BTreeMap<String, usize> {
    (0..writers()).map(|w| (reviewer(w), times)).collect()
}

/// A field's changes form one chain: each starts from the value the one before left, and the
/// last one left the value the claim has.
fn assert_one_chain(claim: &Value, field: &str) {
    let entries = history(claim, field);
    for pair in entries.windows(2) {
        assert_eq!(
            pair[1]["old_value"], pair[0]["new_value"],
            "{field} changes of claim {} do not follow each other: {:?} then {:?}",
            claim["id"], pair[0], pair[1]
        );
    }
    assert_eq!(
        entries.last().unwrap()["new_value"],
        claim[field],
        "the last {field} change of claim {} is not its {field}",
        claim["id"]
    );
}

#[test]
fn four_writers_or_eight_on_a_server_of_250_mixed_writes_each_all_succeed_and_every_write_lands_once()
 {
    let env = TestEnv::new();
    let shared = env.add(
        "The claim every writer works on at once.",
        "Someone",
        "2025-09-03",
    );
    let started = Instant::now();
    let own: Vec<Vec<i64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..writers())
            .map(|writer| {
                let env = &env;
                scope.spawn(move || writer_stream(env, writer, shared))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a writer failed"))
            .collect()
    });
    eprintln!(
        "{} writes by {} concurrent writers took {:.1?}",
        writers() * WRITES_EACH,
        writers(),
        started.elapsed()
    );

    if env.is_postgres() {
        // The server checks its own pages; the counts and the search entries agree.
        env.ok(&["doctor"]);
    } else {
        // The file is sound.
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let mut stmt = conn.prepare("PRAGMA foreign_key_check").unwrap();
        assert!(
            stmt.query([]).unwrap().next().unwrap().is_none(),
            "foreign_key_check found rows"
        );
        drop(stmt);
        drop(conn);
    }

    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    // Every claim once: the shared one, each writer's own, and each writer's imported ones.
    assert_eq!(
        claims.len(),
        1 + writers() * ROUNDS * (1 + IMPORT_ROWS),
        "claims"
    );
    let texts: HashSet<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), claims.len(), "a claim was logged twice");
    let by_id: BTreeMap<i64, &Value> = claims
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c))
        .collect();

    // Each writer's own claims carry exactly that writer's writes, once each.
    for (writer, ids) in own.iter().enumerate() {
        let actor = reviewer(writer);
        assert_eq!(ids.len(), ROUNDS);
        for (round, id) in ids.iter().enumerate() {
            let claim = by_id[id];
            assert_eq!(
                claim["text"],
                format!("Writer {writer} says the figure in round {round} is right.")
            );
            assert_eq!(claim["status"], "false");
            assert_eq!(claim["context"], format!("context {writer}/{round}"));
            let notes = claim["notes"].as_array().unwrap();
            assert_eq!(notes.len(), 1, "notes of claim {id}");
            assert_eq!(notes[0]["text"], format!("writer {writer} note {round}"));
            assert_eq!(notes[0]["author"], actor.as_str());
            let evidence = claim["evidence"].as_array().unwrap();
            assert_eq!(evidence.len(), 1, "evidence of claim {id}");
            assert_eq!(claim["evidence_count"], 1);
            assert_eq!(
                evidence[0]["url"],
                format!("https://example.org/w{writer}/r{round}")
            );
            let all = claim["history"].as_array().unwrap();
            let fields: Vec<&str> = all.iter().map(|h| h["field"].as_str().unwrap()).collect();
            assert_eq!(
                fields,
                ["created", "evidence", "status", "context"],
                "history of claim {id}"
            );
            assert!(
                all.iter().all(|h| h["actor"] == actor.as_str()),
                "history of claim {id}: {all:?}"
            );
            assert_eq!(all[2]["old_value"], "unverified");
            assert_eq!(all[2]["new_value"], "false");
            assert_eq!(all[2]["note"], format!("writer {writer} verdict {round}"));
        }
    }

    // Each writer's imports: every row once, created by that writer, from its file.
    for writer in 0..writers() {
        for round in 0..ROUNDS {
            for row in 0..IMPORT_ROWS {
                let text = format!("Imported by writer {writer} in round {round} row {row}");
                let found: Vec<&Value> = claims.iter().filter(|c| c["text"] == text).collect();
                assert_eq!(found.len(), 1, "{text}");
                let claim = found[0];
                assert_eq!(claim["speaker"], format!("Importer {writer}"));
                assert_eq!(claim["status"], "unverified");
                let all = claim["history"].as_array().unwrap();
                assert_eq!(all.len(), 1, "history of {text}: {all:?}");
                assert_eq!(all[0]["field"], "created");
                assert_eq!(all[0]["actor"], reviewer(writer));
                assert_eq!(
                    all[0]["note"],
                    format!("imported from w{writer}-r{round}.csv")
                );
            }
        }
    }

    // The shared claim: every writer's notes, sources, verdicts and corrections, once each, and
    // each field's history one unbroken chain ending in the claim's value.
    let claim = by_id[&shared];
    let notes = claim["notes"].as_array().unwrap();
    assert_eq!(notes.len(), writers() * ROUNDS, "notes of the shared claim");
    let note_texts: HashSet<&str> = notes.iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert_eq!(
        note_texts.len(),
        notes.len(),
        "a shared note was added twice"
    );
    for writer in 0..writers() {
        for round in 0..ROUNDS {
            let text = format!("shared note by writer {writer} in round {round}");
            let note = notes.iter().find(|n| n["text"] == text.as_str());
            assert_eq!(
                note.unwrap_or_else(|| panic!("missing {text}"))["author"],
                reviewer(writer)
            );
        }
    }
    let mut note_authors = BTreeMap::new();
    for note in notes {
        *note_authors
            .entry(note["author"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(note_authors, each_writer(ROUNDS));
    let evidence = claim["evidence"].as_array().unwrap();
    assert_eq!(
        evidence.len(),
        writers() * ROUNDS,
        "evidence of the shared claim"
    );
    assert_eq!(claim["evidence_count"], writers() * ROUNDS);
    let urls: HashSet<&str> = evidence
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), evidence.len(), "a source was attached twice");

    assert_eq!(history(claim, "created").len(), 1);
    assert_eq!(by_actor(&history(claim, "created")), each_actor("tester"));
    for field in ["status", "context", "evidence"] {
        let entries = history(claim, field);
        assert_eq!(
            entries.len(),
            writers() * ROUNDS,
            "{field} history of the shared claim"
        );
        assert_eq!(by_actor(&entries), each_writer(ROUNDS), "{field} actors");
    }
    assert_one_chain(claim, "status");
    assert_one_chain(claim, "context");
    let status_notes: HashSet<&str> = history(claim, "status")
        .iter()
        .map(|h| h["note"].as_str().unwrap())
        .collect();
    assert_eq!(
        status_notes.len(),
        writers() * ROUNDS,
        "a verdict was recorded twice"
    );
    // A verdict forced before any source was attached says so, in an entry of its own just
    // before its status change.
    let entries = claim["history"].as_array().unwrap();
    let forced = entries
        .windows(2)
        .filter(|pair| pair[0]["field"] == "forced" && pair[1]["field"] == "status")
        .count();
    assert_eq!(
        forced,
        history(claim, "forced").len(),
        "a forced entry without its status change"
    );
    assert_eq!(
        entries.len() - forced,
        1 + 3 * writers() * ROUNDS,
        "the shared claim's history has entries no write made"
    );

    if env.is_postgres() {
        // `claims doctor` above compared the kept totals with the tables.
        return;
    }
    // The totals agree with the tables themselves.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
    let per_writer_claims = ROUNDS * (1 + IMPORT_ROWS);
    assert_eq!(
        count("SELECT count(*) FROM claims") as usize,
        1 + writers() * per_writer_claims
    );
    assert_eq!(
        count("SELECT count(*) FROM notes") as usize,
        2 * writers() * ROUNDS
    );
    assert_eq!(
        count("SELECT count(*) FROM evidence") as usize,
        2 * writers() * ROUNDS
    );
    // created ×(1 + adds + imported rows), and per round: own evidence, status, context; shared
    // status, context, evidence; and a `forced` entry for each verdict forced on the shared
    // claim before it had a source.
    assert_eq!(
        count("SELECT count(*) FROM history WHERE field <> 'forced'") as usize,
        1 + writers() * per_writer_claims + 6 * writers() * ROUNDS
    );
}

/// One actor, once.
fn each_actor(actor: &str) -> BTreeMap<String, usize> {
    BTreeMap::from([(actor.to_string(), 1)])
}
