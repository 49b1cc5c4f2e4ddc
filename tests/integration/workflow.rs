//! A desk's workflow: assignment and the queue, a second reader's sign-off, publishing and
//! corrections, the public report, changes to many claims at once, taking changes back, and
//! the frictions of big archives.

use serde_json::Value;

use crate::support::{TestEnv, names_in};

/// A desk: three claims, each with a source, by two speakers.
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically since January.",
        "Marco Rubio",
        "2025-09-01",
    );
    env.add(
        "All 11 were killed in the strike on the boat.",
        "Donald Trump",
        "2025-09-02",
    );
    env.add(
        "Mexico delivered 55 cartel figures to the United States.",
        "Marco Rubio",
        "2025-09-03",
    );
    for id in 1..=3 {
        env.attach(id, &format!("https://example.org/source-{id}"), "refutes");
    }
    env
}

fn as_user(env: &TestEnv, user: &str, args: &[&str]) -> String {
    let output = env.cmd_as(user).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "`claims {}` as {user}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn fails_as(env: &TestEnv, user: &str, args: &[&str]) -> String {
    let output = env.cmd_as(user).args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "`claims {}` as {user}",
        args.join(" ")
    );
    String::from_utf8(output.stderr)
        .unwrap()
        .trim_end()
        .to_string()
}

fn fields(env: &TestEnv, id: &str) -> Vec<(String, Value, Value, String)> {
    let record: Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    record["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["field"].as_str().unwrap().to_string(),
                entry["old_value"].clone(),
                entry["new_value"].clone(),
                entry["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let claims: Value = serde_json::from_str(&env.ok(&all)).unwrap();
    claims
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn claims_are_assigned_and_a_checker_s_queue_lists_them_by_due_date() {
    let env = desk();
    assert_eq!(
        env.ok(&["assign", "1", "3", "--to", "maria", "--due", "2025-09-10"]),
        "Assigned 2 claims to maria, due 2025-09-10.\n"
    );
    assert_eq!(
        env.ok(&["assign", "2", "--to", "maria", "--due", "September 1, 2025"]),
        "Assigned claim 2 to maria, due 2025-09-01.\n"
    );
    assert_eq!(
        ids(&env, &["--assignee", "Maria", "--sort", "id"]),
        vec![3, 2, 1]
    );
    assert_eq!(ids(&env, &["--due-before", "2025-09-05"]), vec![2]);
    let queue = as_user(&env, "maria", &["queue"]);
    let assigned = queue.split("Verdicts waiting").next().unwrap();
    let order: Vec<usize> = ["│  2 ┆", "│  1 ┆", "│  3 ┆"]
        .iter()
        .map(|row| {
            assigned
                .find(row)
                .unwrap_or_else(|| panic!("{row} in {queue}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|pair| pair[0] < pair[1]),
        "overdue first: {queue}"
    );
    assert!(queue.contains("2025-09-01 (overdue)"), "{queue}");
    let json: Value =
        serde_json::from_str(&env.ok(&["queue", "--for", "maria", "--format", "json"])).unwrap();
    assert_eq!(json["assigned"].as_array().unwrap().len(), 3);
    assert_eq!(json["assigned"][0]["overdue"], true);
    // Each step is in the history, and unassigning takes it back.
    assert!(
        fields(&env, "2")
            .iter()
            .any(|(field, _, new, _)| field == "assigned" && new == "maria")
    );
    assert_eq!(
        env.ok(&["unassign", "2"]),
        "Unassigned 1 claim (0 had no checker).\n"
    );
    assert_eq!(ids(&env, &["--assignee", "maria"]), vec![3, 1]);
    let stats = env.ok(&["stats"]);
    assert!(stats.contains("Claims by checker"), "{stats}");
    assert!(
        stats.contains("│ maria   ┆    2 ┆       0 ┆    0 │"),
        "{stats}"
    );
}

#[test]
fn a_check_in_progress_that_nobody_touched_for_two_weeks_is_in_the_queue() {
    let env = desk();
    env.cmd()
        .env("CLAIMS_NOW", "2025-08-01T12:00:00Z")
        .args(["status", "2", "in-progress"])
        .assert()
        .success();
    env.ok(&["status", "3", "in-progress"]);
    let queue = env.ok(&["queue"]);
    let stalled = queue.split("untouched for 14 days").nth(1).unwrap();
    assert!(stalled.contains("│  2 ┆"), "{queue}");
    assert!(!stalled.contains("│  3 ┆"), "{queue}");
}

#[test]
fn the_desk_s_settings_are_kept_in_the_database() {
    let env = desk();
    assert_eq!(env.ok(&["config", "get", "review.required"]), "");
    env.ok(&["config", "set", "review.required", "1"]);
    assert_eq!(env.ok(&["config", "get", "review.required"]), "1\n");
    assert_eq!(
        env.fails_untouched(&["config", "set", "review.required", "3"]),
        "error: invalid value '3' for review.required: it holds how many second readers a \
         verdict needs before it stands: 0 (the default), 1 or 2"
    );
    assert!(env.fails(&["config", "set", "reviews", "1"]).starts_with(
        "error: unknown setting 'reviews': the desk's settings are review.required, "
    ));
    env.ok(&["config", "set", "publisher.name", "Desk Fact Check"]);
    env.ok(&[
        "config",
        "set",
        "publisher.url",
        "https://factcheck.example.org/",
    ]);
    env.ok(&[
        "config",
        "set",
        "review.url",
        "https://factcheck.example.org/claims/{id}",
    ]);
    let listed = env.ok(&["config", "list"]);
    assert!(listed.contains("Desk Fact Check"), "{listed}");
    env.ok(&["config", "unset", "review.required"]);
    assert_eq!(env.ok(&["config", "get", "review.required"]), "");
    // The three publisher flags are not typed again: the settings stand in for them.
    env.ok(&["status", "1", "false"]);
    let reviews: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "claimreview"])).unwrap();
    assert_eq!(reviews[0]["author"]["name"], "Desk Fact Check");
    assert_eq!(reviews[0]["url"], "https://factcheck.example.org/claims/1");
}

#[test]
fn with_review_on_a_verdict_stands_only_once_someone_else_signs_it_off() {
    let env = desk();
    env.ok(&["config", "set", "review.required", "1"]);
    assert_eq!(
        as_user(
            &env,
            "maria",
            &["status", "2", "false", "--note", "Pentagon count differs."]
        ),
        "Proposed false for claim 2: it stands once a second reader signs it off (`claims \
         review 2 approve`).\n"
    );
    let claim: Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    assert_eq!(
        claim["status"], "unverified",
        "not yet: it waits for review"
    );
    assert_eq!(ids(&env, &["--status", "proposed"]), vec![2]);
    assert!(as_user(&env, "ahmed", &["queue"]).contains("false? (maria)"));
    assert_eq!(
        fails_as(&env, "maria", &["review", "2", "approve"]),
        "error: maria proposed the verdict on claim 2: another reader signs it off (or `claims \
         status 2 in-progress` takes it back)"
    );
    assert_eq!(
        as_user(
            &env,
            "ahmed",
            &["review", "2", "approve", "--note", "Checked the count."]
        ),
        "Signed off claim 2: false.\n"
    );
    let claim: Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    assert_eq!(claim["status"], "false");
    let history = fields(&env, "2");
    let steps: Vec<(&str, &str)> = history
        .iter()
        .map(|(field, _, _, actor)| (field.as_str(), actor.as_str()))
        .collect();
    assert_eq!(
        &steps[steps.len() - 3..],
        [
            ("proposed", "maria"),
            ("reviewed", "ahmed"),
            ("status", "maria")
        ]
    );
    // The verdict's reason is the checker's.
    assert_eq!(
        claim["history"].as_array().unwrap().last().unwrap()["note"],
        "Pentagon count differs."
    );
    // Rejected: back to its checker, the status as it was.
    as_user(&env, "maria", &["status", "3", "true"]);
    assert_eq!(
        as_user(
            &env,
            "ahmed",
            &["review", "3", "reject", "--note", "Only 54."]
        ),
        "Sent true for claim 3 back to its checker.\n"
    );
    assert!(ids(&env, &["--status", "proposed"]).is_empty());
    assert!(
        fails_as(&env, "ahmed", &["review", "3", "approve"])
            .starts_with("error: claim 3 has no verdict waiting for review")
    );
}

#[test]
fn published_claims_are_what_claimreview_and_the_public_report_carry() {
    let env = desk();
    env.ok(&[
        "note",
        "1",
        "Asked the State Dept press office, no reply yet.",
    ]);
    env.ok(&[
        "status",
        "1",
        "false",
        "--note",
        "CBP data show a rise.",
        "--by",
        "Maria Secret",
    ]);
    env.ok(&["status", "2", "false", "--note", "Eleven confirmed."]);
    assert!(env.fails_untouched(&["publish", "3"]).starts_with(
        "error: claim 3 is unverified, not checked: only a claim with a verdict is published"
    ));
    assert_eq!(
        env.ok(&[
            "publish",
            "1",
            "--url",
            "https://factcheck.example.org/rubio-migration"
        ]),
        "Published claim 1.\n"
    );
    assert_eq!(
        env.ok(&["publish", "1"]),
        "Claim 1 is published already: nothing changed.\n"
    );
    assert_eq!(ids(&env, &["--published"]), vec![1]);
    assert_eq!(ids(&env, &["--unpublished", "--sort", "id"]), vec![3, 2]);
    // Only the published verdict goes out as ClaimReview now.
    let reviews: Value = serde_json::from_str(&env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Desk",
        "--publisher-url",
        "https://factcheck.example.org/",
        "--review-url",
        "https://factcheck.example.org/claims/{id}",
    ]))
    .unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    // A published verdict changes only as a correction, with its reason.
    assert_eq!(
        env.fails_untouched(&["status", "1", "mostly-false"]),
        "error: claim 1 is published: changing its verdict is a correction, which readers are \
         shown: give the reason with --note"
    );
    env.cmd()
        .env("CLAIMS_NOW", "2025-09-05T08:00:00Z")
        .args([
            "status",
            "1",
            "mostly-false",
            "--note",
            "CBP revised its figures.",
        ])
        .assert()
        .success();

    env.ok(&["report", "--out", "internal"]);
    env.ok(&["report", "--out", "public", "--public"]);
    let internal = std::fs::read_to_string(env.dir().join("internal/claims/0/1.html")).unwrap();
    assert!(internal.contains("Internal report"));
    assert!(internal.contains("Asked the State Dept press office"));
    let mut public_text = String::new();
    let mut folders = vec![env.dir().join("public")];
    while let Some(folder) = folders.pop() {
        for name in names_in(&folder) {
            let path = folder.join(&name);
            if path.is_dir() {
                folders.push(path);
            } else {
                public_text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    for secret in [
        "Asked the State Dept press office",
        "Maria Secret",
        "tester",
        "Internal report",
        "All 11 were killed",
        "Mexico delivered 55",
    ] {
        assert!(
            !public_text.contains(secret),
            "the public site holds {secret:?}"
        );
    }
    let page = std::fs::read_to_string(env.dir().join("public/claims/0/1.html")).unwrap();
    assert!(page.contains("Corrections (1)"), "{page}");
    assert!(page.contains("CBP revised its figures."));
    assert!(page.contains("https://factcheck.example.org/rubio-migration"));
    assert!(
        !env.dir().join("public/claims/0/2.html").exists(),
        "unpublished stays out"
    );
}

#[test]
fn many_claims_change_at_once_and_more_than_twenty_ask_first() {
    let env = desk();
    assert_eq!(
        env.ok(&["status", "1", "3", "in-progress"]),
        "Claim 1: unverified → in-progress.\nClaim 3: unverified → in-progress.\n"
    );
    env.ok(&[
        "status",
        "--speaker",
        "Donald Trump",
        "--status",
        "unverified",
        "in-progress",
    ]);
    assert_eq!(
        ids(&env, &["--status", "in-progress", "--sort", "id"]),
        vec![3, 2, 1]
    );
    // One history entry per claim.
    for id in ["1", "2", "3"] {
        assert_eq!(
            fields(&env, id)
                .iter()
                .filter(|(field, ..)| field == "status")
                .count(),
            1
        );
    }
    let mut csv = String::from("text,speaker\n");
    for n in 0..25 {
        csv.push_str(&format!(
            "Bulk claim number {n} about the budget of district {n}.,Clerk\n"
        ));
    }
    std::fs::write(env.dir().join("bulk.csv"), csv).unwrap();
    env.ok(&["import", "bulk.csv"]);
    assert_eq!(
        env.fails_untouched(&["assign", "--speaker", "Clerk", "--to", "ahmed"]),
        "error: this changes 25 claims: look at them with `claims list` and the same filters, \
         then run it again with --yes"
    );
    assert_eq!(
        env.ok(&["assign", "--speaker", "Clerk", "--to", "ahmed", "--yes"]),
        "Assigned 25 claims to ahmed.\n"
    );
    // An id that is not a number is a usage error, as clap's are.
    env.run(&["status", "one", "false"]).code(2);
}

#[test]
fn undo_and_revert_take_changes_back_as_new_changes() {
    let env = desk();
    as_user(
        &env,
        "maria",
        &[
            "edit",
            "1",
            "--context",
            "A press conference",
            "--tag",
            "mexico",
        ],
    );
    assert_eq!(
        as_user(&env, "maria", &["undo"]),
        "Took back 2 changes of maria (claim 1).\n"
    );
    let claim: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(claim["context"], Value::Null);
    assert_eq!(claim["tags"], serde_json::json!([]));
    // Nothing was erased: the edit and its undoing are both in the history.
    let history = fields(&env, "1");
    assert_eq!(
        history
            .iter()
            .filter(|(field, ..)| field == "context")
            .count(),
        2
    );
    env.ok(&["status", "2", "false", "--note", "Wrong claim."]);
    let record: Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    let status_entry = record["history"].as_array().unwrap().last().unwrap()["id"].to_string();
    assert_eq!(
        env.ok(&["revert", &status_entry]),
        format!("Reverted history entry {status_entry} of claim 2.\n")
    );
    let claim: Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    assert_eq!(claim["status"], "unverified");
    let created = record["history"][0]["id"].to_string();
    assert!(
        env.fails_untouched(&["revert", &created])
            .contains("cannot be reverted: it is the claim's logging")
    );
    assert!(
        fails_as(&env, "nobody-yet", &["undo"]).contains("nobody-yet has made no change to undo")
    );
}

#[test]
fn a_source_and_a_note_are_corrected_in_place_with_history() {
    let env = desk();
    assert_eq!(
        env.ok(&[
            "evidence",
            "edit",
            "1",
            "--title",
            "CBP monthly figures",
            "--stance",
            "supports"
        ]),
        "Corrected evidence 1; the history keeps it as it was.\n"
    );
    let sources: Value =
        serde_json::from_str(&env.ok(&["evidence", "list", "1", "--format", "json"])).unwrap();
    assert_eq!(sources[0]["title"], "CBP monthly figures");
    assert_eq!(sources[0]["stance"], "supports");
    let history = fields(&env, "1");
    let (_, old, new, _) = history.last().unwrap();
    assert!(old.as_str().unwrap().contains("\"refutes\""));
    assert!(new.as_str().unwrap().contains("\"supports\""));
    env.ok(&["note", "1", "Asked CPB."]);
    assert_eq!(
        env.ok(&["note", "edit", "1", "Asked CBP."]),
        "Corrected note 1 on claim 1; the history keeps the old text.\n"
    );
    let record: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(record["notes"][0]["text"], "Asked CBP.");
    assert!(
        fields(&env, "1")
            .iter()
            .any(|(field, old, _, _)| field == "note" && old == "Asked CPB.")
    );
}

#[test]
fn big_archives_page_and_a_surname_finds_its_speaker() {
    let env = desk();
    env.add(
        "Rubio spoke of the border once more in the capital.",
        "Jane Rubio",
        "2025-09-02",
    );
    assert_eq!(ids(&env, &["--sort", "id", "--limit", "2"]), vec![4, 3]);
    assert_eq!(
        ids(&env, &["--sort", "id", "--limit", "2", "--offset", "2"]),
        vec![2, 1]
    );
    assert_eq!(
        ids(&env, &["--sort", "id", "--asc", "--limit", "2"]),
        vec![1, 2]
    );
    let table = env.ok(&["list", "--sort", "id", "--limit", "2", "--offset", "2"]);
    assert!(
        table.contains("Showing 3 to 4 of 4 matching claims."),
        "{table}"
    );
    assert_eq!(ids(&env, &["--speaker", "trump"]), vec![2]);
    assert_eq!(
        env.fails(&["list", "--speaker", "rubio"]),
        "error: no speaker 'rubio': did you mean Marco Rubio (2 claims), Jane Rubio (1 claim)? \
         Give the whole name"
    );
    let stats = env.ok(&["stats", "--limit", "1"]);
    assert!(
        stats.contains("The 1 speaker with the most claims of 3"),
        "{stats}"
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json", "--limit", "1"])).unwrap();
    assert_eq!(json["by_speaker"].as_array().unwrap().len(), 1);
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_itself() {
    let env = TestEnv::empty();
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        assert!(
            script.contains("assign") && script.contains("publish"),
            "{shell}"
        );
    }
    let page = env.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH claims"),
        "{page}"
    );
    std::fs::create_dir(env.dir().join("man")).unwrap();
    assert!(env.ok(&["man", "--out", "man"]).starts_with("Wrote "));
    assert!(env.dir().join("man/claims-assign.1").exists());
}

#[test]
fn a_person_s_own_name_comes_from_their_config_file() {
    let env = desk();
    let config = env.dir().join("xdg");
    std::fs::create_dir_all(config.join("claims")).unwrap();
    std::fs::write(
        config.join("claims/config.toml"),
        "name = \"Maria Lopez\"\n",
    )
    .unwrap();
    env.cmd()
        .env_remove("CLAIMS_REVIEWER")
        .env("XDG_CONFIG_HOME", &config)
        .args(["note", "1", "From my own config."])
        .assert()
        .success();
    let record: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(record["notes"][0]["author"], env.actor_for("Maria Lopez"));
}

#[test]
fn a_json_export_carries_the_workflow_and_an_import_restores_it() {
    let env = desk();
    env.ok(&["assign", "1", "--to", "maria", "--due", "2025-09-10"]);
    env.ok(&["status", "2", "false", "--note", "Eleven confirmed."]);
    env.ok(&["publish", "2", "--url", "https://factcheck.example.org/two"]);
    env.ok(&["config", "set", "review.required", "1"]);
    env.ok(&["status", "3", "mostly-false", "--note", "Partly."]);
    let exported = env.export_json();
    let claims = exported.as_array().unwrap();
    assert_eq!(claims[0]["workflow"]["assignment"]["assignee"], "maria");
    assert_eq!(claims[0]["workflow"]["assignment"]["due_on"], "2025-09-10");
    assert_eq!(
        claims[1]["workflow"]["publication"]["url"],
        "https://factcheck.example.org/two"
    );
    assert_eq!(claims[2]["workflow"]["proposal"]["status"], "mostly-false");
    // `show --format json` is the claim as the export writes it.
    let shown: Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(shown, claims[0]);

    let other = TestEnv::new();
    let file = other.dir().join("desk.json");
    std::fs::write(&file, serde_json::to_string(&exported).unwrap()).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.export_json(), exported);
    let queue = other.ok(&["queue", "--for", "maria"]);
    assert!(queue.contains("2025-09-10"), "{queue}");
    let proposed = other.ok(&["list", "--status", "proposed", "--format", "csv"]);
    assert_eq!(proposed.lines().count(), 2, "{proposed}");
}

#[test]
fn an_imported_workflow_with_a_verdict_off_the_scale_is_a_bad_row() {
    let env = desk();
    env.ok(&["status", "2", "false", "--note", "Eleven confirmed."]);
    env.ok(&["publish", "2"]);
    let mut exported = env.export_json();
    exported[1]["workflow"]["publication"]["status"] = "pants-on-fire".into();
    let other = TestEnv::new();
    let file = other.dir().join("desk.json");
    std::fs::write(&file, serde_json::to_string(&exported).unwrap()).unwrap();
    let err = other.fails_untouched(&["import", file.to_str().unwrap()]);
    assert!(
        err.contains(
            "workflow: the verdict published, 'pants-on-fire', is not on the default scale"
        ),
        "{err}"
    );
}
