//! Verdict scales: chosen at `init --scale`, shown by `scale show`, switched by `scale use` with
//! every verdict the new scale lacks mapped explicitly.

use serde_json::{Value, json};

use crate::support::TestEnv;

/// A database on `scale` with claim 1 true, claim 2 misleading and claim 3 unverified.
fn with_verdicts(scale: Option<&str>) -> TestEnv {
    let env = TestEnv::empty();
    match scale {
        Some(scale) => env.ok(&["init", "--scale", scale]),
        None => env.ok(&["init"]),
    };
    for text in ["First claim.", "Second claim.", "Third claim."] {
        env.add(text, "Marco Rubio", "2025-09-03");
    }
    env
}

fn statuses(env: &TestEnv) -> Vec<String> {
    env.export_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_new_database_has_the_default_scale() {
    let env = TestEnv::empty();
    assert_eq!(
        env.ok(&["init"]),
        format!(
            "Created {} (schema version 6.3, the default scale).\n",
            env.location()
        )
    );
    let shown = env.ok(&["scale", "show"]);
    assert!(
        shown
            .starts_with("The default scale: ratings from 1 (the most false) to 5 (the truest).\n"),
        "{shown}"
    );
    for row in [
        "│ true         ┆ True         ┆             5 ┆ yes     │",
        "│ false        ┆ False        ┆             1 ┆ yes     │",
        "│ misleading   ┆ Misleading   ┆ off the scale ┆ yes     │",
        "│ unverified   ┆ Unverified   ┆               ┆ no      │",
    ] {
        assert!(shown.contains(row), "{row} missing from\n{shown}");
    }
}

#[test]
fn init_takes_a_builtin_scale_whose_verdicts_status_accepts() {
    let env = with_verdicts(Some("politifact"));
    assert_eq!(
        env.ok(&["status", "1", "Pants on Fire", "--force"]),
        "Claim 1: unverified → pants-on-fire.\n"
    );
    let error = env.fails_untouched(&["status", "2", "misleading", "--force"]);
    assert_eq!(
        error,
        "error: unknown status 'misleading': expected one of unverified, in-progress, true, \
         mostly-true, half-true, mostly-false, false, pants-on-fire (the politifact scale)"
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["scale", "show", "--format", "json"])).unwrap();
    assert_eq!(json["name"], "politifact");
    assert_eq!(
        json["verdicts"][5],
        json!({"name": "pants-on-fire", "label": "Pants on Fire", "rating": 1})
    );
}

#[test]
fn builtin_scales_can_be_shown_without_a_database() {
    let env = TestEnv::empty();
    let shown = env.ok(&["scale", "show", "pinocchios"]);
    assert!(shown.contains("Four Pinocchios"), "{shown}");
    assert!(shown.contains("geppetto-checkmark"), "{shown}");
    let fever: Value =
        serde_json::from_str(&env.ok(&["scale", "show", "fever", "--format", "json"])).unwrap();
    assert_eq!(
        fever["verdicts"],
        json!([
            {"name": "supported", "label": "Supported", "rating": 2},
            {"name": "refuted", "label": "Refuted", "rating": 1},
            {"name": "not-enough-info", "label": "Not enough info", "rating": null}
        ])
    );
    assert!(!env.db().exists());
}

#[test]
fn a_custom_scale_file_with_inverted_positions_and_off_axis_verdicts() {
    let env = TestEnv::empty();
    // Positions count falseness here (like Pinocchios), so the lowest position is the best.
    let file = env.dir().join("desk.toml");
    std::fs::write(
        &file,
        r#"
name = "desk"
best = "lowest"

[[verdicts]]
name = "accurate"
label = "Accurate"
position = 0

[[verdicts]]
name = "stretch"
label = "A stretch"
position = 1

[[verdicts]]
name = "baseless"
label = "Baseless"
position = 2

[[verdicts]]
name = "satire"
label = "Satire"
"#,
    )
    .unwrap();
    env.ok(&["init", "--scale", file.to_str().unwrap()]);
    let json: Value =
        serde_json::from_str(&env.ok(&["scale", "show", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        json!({"name": "desk", "verdicts": [
            {"name": "accurate", "label": "Accurate", "rating": 3},
            {"name": "stretch", "label": "A stretch", "rating": 2},
            {"name": "baseless", "label": "Baseless", "rating": 1},
            {"name": "satire", "label": "Satire", "rating": null}
        ]})
    );
    env.add("A claim.", "Someone", "2025-09-03");
    assert_eq!(
        env.ok(&["status", "1", "a stretch", "--force"]),
        "Claim 1: unverified → stretch.\n"
    );
}

#[test]
fn a_scale_shown_as_json_reads_back_as_a_scale_file() {
    let env = TestEnv::empty();
    let file = env.dir().join("politifact.json");
    std::fs::write(
        &file,
        env.ok(&["scale", "show", "politifact", "--format", "json"]),
    )
    .unwrap();
    env.ok(&["init", "--scale", file.to_str().unwrap()]);
    assert_eq!(
        env.ok(&["scale", "show"]),
        env.ok(&["scale", "show", "politifact"])
    );
}

#[test]
fn a_bad_scale_is_refused_and_creates_no_database() {
    let env = TestEnv::empty();
    let error = env.fails(&["init", "--scale", "snopes"]);
    assert_eq!(
        error,
        "error: unknown scale 'snopes': expected one of default, politifact, pinocchios, fever, \
         or the path of a TOML or JSON scale file"
    );
    let cases = [
        (
            "twice.toml",
            "name = \"x\"\n[[verdicts]]\nname = \"a\"\n[[verdicts]]\nname = \"a\"\n",
            "verdict 'a' appears twice",
        ),
        (
            "builtin.toml",
            "name = \"x\"\n[[verdicts]]\nname = \"unverified\"\n",
            "'unverified' is on every scale already",
        ),
        (
            "spaces.toml",
            "name = \"x\"\n[[verdicts]]\nname = \"Half True\"\n",
            "must be lower-case words joined by '-'",
        ),
        (
            "broken.toml",
            "name = \"x\"\n[[verdicts]\n",
            "invalid scale file",
        ),
        (
            "empty.json",
            "{\"name\": \"x\", \"verdicts\": []}",
            "a scale needs at least one verdict",
        ),
    ];
    for (name, text, expected) in cases {
        let file = env.dir().join(name);
        std::fs::write(&file, text).unwrap();
        let error = env.fails(&["init", "--scale", file.to_str().unwrap()]);
        assert!(error.contains(expected), "{name}: {error}");
        assert!(error.contains(name), "the error names the file: {error}");
    }
    assert!(!env.db().exists());
}

#[test]
fn init_on_a_database_with_another_scale_says_how_to_switch() {
    let env = with_verdicts(None);
    assert_eq!(
        env.fails_untouched(&["init", "--scale", "fever"]),
        format!(
            "error: database '{}' already uses the default scale: switch it with \
             `claims scale use fever`",
            env.location()
        )
    );
    assert!(
        env.ok(&["init", "--scale", "default"])
            .contains("nothing to upgrade")
    );
}

#[test]
fn switching_scales_needs_a_mapping_for_every_verdict_in_use() {
    let env = with_verdicts(None);
    env.ok(&["status", "1", "true", "--force"]);
    env.ok(&["status", "2", "misleading", "--force"]);
    let error = env.fails_untouched(&["scale", "use", "politifact"]);
    assert_eq!(
        error,
        "error: claims have statuses the politifact scale lacks: misleading (1 claim); map each \
         with --map OLD=NEW (e.g. --map misleading=NEW; the politifact scale has unverified, \
         in-progress, true, mostly-true, half-true, mostly-false, false, pants-on-fire)"
    );
    let error = env.fails_untouched(&["scale", "use", "politifact", "--map", "misleading"]);
    assert!(
        error.contains("invalid --map 'misleading': expected OLD=NEW"),
        "{error}"
    );
    let error = env.fails_untouched(&["scale", "use", "politifact", "--map", "misleading=mostly"]);
    assert!(error.contains("unknown status 'mostly'"), "{error}");

    let stdout = env
        .cmd()
        .env("CLAIMS_NOW", "2025-09-05T08:00:00Z")
        .args([
            "scale",
            "use",
            "politifact",
            "--map",
            "misleading=half-true",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        "Switched from the default scale to the politifact scale; 1 claim moved to a new status.\n"
    );
    assert_eq!(statuses(&env), ["true", "half-true", "unverified"]);
    let claim: Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    let last = claim["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        json!({"id": last["id"], "at": "2025-09-05T08:00:00Z", "actor": "tester", "field": "scale",
               "old_value": "misleading", "new_value": "half-true",
               "note": "the default scale was replaced by the politifact scale"})
    );
    assert_eq!(claim["updated_at"], "2025-09-05T08:00:00Z");
    assert_eq!(
        env.ok(&["scale", "use", "politifact"]),
        "The database already uses the politifact scale.\n"
    );
}

#[test]
fn a_mapping_may_also_move_a_verdict_both_scales_have() {
    let env = with_verdicts(None);
    env.ok(&["status", "1", "false", "--force"]);
    env.ok(&["scale", "use", "politifact", "--map", "false=pants-on-fire"]);
    assert_eq!(
        statuses(&env),
        ["pants-on-fire", "unverified", "unverified"]
    );
    let list = env.ok(&["list", "--status", "pants-on-fire"]);
    assert!(list.contains("First claim."), "{list}");
}

#[test]
fn colours_follow_where_a_verdict_sits_on_its_scale() {
    let env = with_verdicts(Some("pinocchios"));
    env.ok(&["status", "1", "four-pinocchios", "--force"]);
    env.ok(&["status", "2", "geppetto-checkmark", "--force"]);
    let list = env.ok(&["--color", "always", "list"]);
    // comfy-table's codes for red and green: the worst verdict is red, the best green.
    assert!(list.contains("\u{1b}[38;5;9m four-pinocchios"), "{list:?}");
    assert!(
        list.contains("\u{1b}[38;5;10m geppetto-checkmark"),
        "{list:?}"
    );
}

#[test]
fn a_version_1_database_is_upgraded_with_its_claims_on_the_default_scale() {
    let env = TestEnv::empty();
    if env.sqlite_only("a version 1 database file") {
        return;
    }
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(include_str!("../../migrations/sqlite/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO speakers (id, name, name_key) VALUES (1, 'Marco Rubio', 'marco rubio');
         INSERT INTO claims (id, text, speaker_id, said_on, status, created_at, updated_at)
         VALUES (1, 'An old claim.', 1, '2025-09-03', 'misleading', '2025-09-03T10:00:00Z',
                 '2025-09-03T10:00:00Z');",
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        env.ok(&["init"]),
        format!(
            "Upgraded {} from schema version 1 to 6.3.\n",
            env.db().display()
        )
    );
    assert_eq!(statuses(&env), ["misleading"]);
    assert!(env.ok(&["scale", "show"]).starts_with("The default scale"));
}

#[test]
fn mappings_apply_all_at_once_and_never_chain() {
    let env = with_verdicts(None);
    env.ok(&["status", "1", "misleading", "--force"]);
    env.ok(&["status", "2", "false", "--force"]);
    let stdout = env.ok(&[
        "scale",
        "use",
        "politifact",
        "--map",
        "misleading=false",
        "--map",
        "false=pants-on-fire",
    ]);
    assert_eq!(
        stdout,
        "Switched from the default scale to the politifact scale; 2 claims moved to a new status.\n"
    );
    assert_eq!(statuses(&env), ["false", "pants-on-fire", "unverified"]);
    let error = env.fails_untouched(&[
        "scale",
        "use",
        "fever",
        "--map",
        "false=refuted",
        "--map",
        "false=supported",
    ]);
    assert!(error.contains("--map false=... is given twice"), "{error}");
}
