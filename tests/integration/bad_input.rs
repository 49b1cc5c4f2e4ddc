//! Bad input of every kind: one `error:` line that names the problem and the fix, exit code 1,
//! and a database exactly as it was before.

use crate::support::TestEnv;

/// A database with one claim that has a source and a verdict, one with nothing attached, and a
/// note: enough for every command to have something to damage.
fn populated() -> TestEnv {
    let env = TestEnv::new();
    let claim = env.add(
        "It's the closest cooperation we've ever had",
        "Marco Rubio",
        "2025-09-03",
    );
    env.attach(
        claim,
        "https://mexiconewsdaily.com/politics/security-group/",
        "context",
    );
    env.ok(&["status", "1", "unproven", "--note", "No measure."]);
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["note", "2", "Asked the Pentagon."]);
    env
}

/// Runs each command, expects it to fail untouched, and checks its message holds every fragment.
fn each_fails(env: &TestEnv, cases: &[(&[&str], &[&str])]) {
    for (args, fragments) in cases {
        let error = env.fails_untouched(args);
        for fragment in *fragments {
            assert!(
                error.contains(fragment),
                "`claims {}` said {error:?}, which lacks {fragment:?}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn empty_or_blank_text_and_speaker_are_refused() {
    let env = populated();
    each_fails(
        &env,
        &[
            (
                &["add", "", "--speaker", "Rubio", "--date", "2025-09-03"],
                &["the claim text is empty", "give it some text"],
            ),
            (
                &[
                    "add",
                    " \t\n ",
                    "--speaker",
                    "Rubio",
                    "--date",
                    "2025-09-03",
                ],
                &["the claim text is empty"],
            ),
            (
                &["add", "A claim", "--speaker", "   ", "--date", "2025-09-03"],
                &["the speaker is empty"],
            ),
            (&["edit", "1", "--text", " "], &["the claim text is empty"]),
            (&["edit", "1", "--speaker", ""], &["the speaker is empty"]),
            (&["note", "1", "  "], &["the note is empty"]),
            (&["status", "1", "false", "--by", " "], &["--by is empty"]),
        ],
    );
}

#[test]
fn impossible_malformed_and_future_dates_are_refused() {
    let env = populated();
    let add = |date: &'static str| -> Vec<&'static str> {
        vec!["add", "A claim", "--speaker", "Rubio", "--date", date]
    };
    let (feb30, slashes, short, future, tomorrow) = (
        add("2025-02-30"),
        add("03/09/2025"),
        add("2025-9-3"),
        add("2031-01-01"),
        add("2025-09-05"),
    );
    each_fails(
        &env,
        &[
            (
                &feb30,
                &["invalid date '2025-02-30' for --date: expected YYYY-MM-DD"],
            ),
            (&slashes, &["invalid date '03/09/2025' for --date"]),
            (&short, &["invalid date '2025-9-3' for --date"]),
            (
                &future,
                &["'2031-01-01' for --date is in the future (today is 2025-09-04)"],
            ),
            (&tomorrow, &["is in the future"]),
            (
                &["edit", "1", "--date", "2025-13-01"],
                &["invalid date '2025-13-01' for --date"],
            ),
            (
                &[
                    "evidence",
                    "add",
                    "1",
                    "https://example.org/",
                    "--published",
                    "2025-02-29",
                ],
                &["invalid date '2025-02-29' for --published"],
            ),
            (
                &[
                    "evidence",
                    "add",
                    "1",
                    "https://example.org/",
                    "--published",
                    "2026-01-01",
                ],
                &["for --published is in the future"],
            ),
        ],
    );
    // Filters read but never write; a bad bound is still an error rather than an empty table.
    for flag in ["--since", "--until"] {
        let error = env.fails(&["list", flag, "2025-02-30"]);
        assert!(
            error.contains(&format!("invalid date '2025-02-30' for {flag}")),
            "{error}"
        );
    }
}

#[test]
fn an_unknown_status_lists_the_valid_ones() {
    let env = populated();
    let valid = "expected one of unverified, in-progress, true, mostly-true, half-true, \
                 mostly-false, false, misleading, unproven";
    each_fails(
        &env,
        &[
            (
                &["status", "2", "pants-on-fire"],
                &["unknown status 'pants-on-fire'", valid],
            ),
            (&["status", "2", ""], &["unknown status ''"]),
        ],
    );
    let error = env.fails(&["list", "--status", "fals"]);
    assert!(
        error.contains("unknown status 'fals'") && error.contains(valid),
        "{error}"
    );
}

#[test]
fn unknown_claim_and_evidence_ids_are_refused() {
    let env = populated();
    let claim_missing = "no claim with id 99: `claims list` shows the ids";
    each_fails(
        &env,
        &[
            (&["edit", "99", "--text", "x"], &[claim_missing]),
            (&["status", "99", "in-progress"], &[claim_missing]),
            (&["note", "99", "a note"], &[claim_missing]),
            (
                &["evidence", "add", "99", "https://example.org/"],
                &[claim_missing],
            ),
            (&["evidence", "list", "99"], &[claim_missing]),
            (&["show", "99"], &[claim_missing]),
            (
                &["evidence", "rm", "42"],
                &["no evidence with id 42: `claims evidence list CLAIM_ID` shows the ids"],
            ),
        ],
    );
    // An id that is not a number is clap's usage error.
    env.run(&["show", "one"]).code(2);
}

#[test]
fn a_verdict_without_evidence_is_refused_unless_forced() {
    let env = populated();
    each_fails(
        &env,
        &[(
            &["status", "2", "false", "--note", "The Pentagon says so."],
            &[
                "claim 2 has no evidence: a verdict must cite its sources",
                "claims evidence add 2 URL",
                "--force",
            ],
        )],
    );
    assert_eq!(
        env.ok(&["status", "2", "false", "--force"]),
        "Claim 2: unverified → false.\n"
    );
}

#[test]
fn urls_that_are_not_http_are_refused() {
    let env = populated();
    for url in [
        "ftp://example.org/file",
        "javascript:alert(1)",
        "apnews.com/article",
        "file:///etc/passwd",
        "https://",
    ] {
        each_fails(
            &env,
            &[
                (
                    &[
                        "add",
                        "A claim",
                        "--speaker",
                        "Rubio",
                        "--date",
                        "2025-09-03",
                        "--url",
                        url,
                    ],
                    &[
                        &format!("invalid URL '{url}' for --url"),
                        "http:// or https://",
                    ],
                ),
                (&["edit", "1", "--url", url], &["for --url"]),
                (&["evidence", "add", "1", url], &["for the evidence URL"]),
            ],
        );
    }
}

#[test]
fn tags_with_the_csv_separator_are_refused() {
    let env = populated();
    each_fails(
        &env,
        &[
            (
                &[
                    "add",
                    "A claim",
                    "--speaker",
                    "Rubio",
                    "--date",
                    "2025-09-03",
                    "--tag",
                    "a;b",
                ],
                &["invalid tag 'a;b'", "without ';'"],
            ),
            (&["edit", "1", "--tag", " "], &["invalid tag"]),
        ],
    );
}

#[test]
fn a_text_of_several_megabytes_hits_a_clear_limit() {
    let env = populated();
    let before = env.export_json();
    let huge = "The border is closed. ".repeat(250_000) + "Really.";
    for args in [
        &["add", "-", "--speaker", "Rubio", "--date", "2025-09-03"][..],
        &["note", "1", "-"],
        &["edit", "2", "--text", "-"],
    ] {
        let output = env
            .cmd()
            .args(args)
            .write_stdin(huge.clone())
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with("error: ") && stderr.lines().count() == 1,
            "{stderr}"
        );
        // Standard input is read only as far as the limit: a runaway pipe is not read to
        // its end (or to the end of memory) just to count it.
        assert!(
            stderr.contains("characters long, over the limit of")
                || stderr.contains("on standard input runs past the limit of"),
            "{stderr}"
        );
        assert!(stderr.contains("shorten it"), "{stderr}");
    }
    assert_eq!(before, env.export_json(), "nothing was written");
}

#[test]
fn text_from_standard_input_must_be_utf8() {
    let env = populated();
    let before = env.export_json();
    let output = env
        .cmd()
        .args(["add", "-", "--speaker", "Rubio", "--date", "2025-09-03"])
        .write_stdin(vec![b'a', 0xff, 0xfe, b'b'])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: cannot read the claim text from standard input: it is not UTF-8 text\n"
    );
    assert_eq!(before, env.export_json());
}

#[test]
fn a_bad_clock_override_is_refused_before_anything_is_written() {
    let env = populated();
    let before = env.export_json();
    let output = env
        .cmd()
        .env("CLAIMS_NOW", "yesterday at noon")
        .args(["note", "1", "a note"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("invalid CLAIMS_NOW 'yesterday at noon'"),
        "{stderr}"
    );
    assert!(stderr.contains("RFC 3339"), "{stderr}");
    assert_eq!(before, env.export_json());
}

#[test]
fn an_error_quoting_what_was_typed_cannot_drive_the_terminal() {
    let env = populated();
    let error = env.fails_untouched(&[
        "add",
        "A claim",
        "--speaker",
        "Rubio",
        "--date",
        "2025\u{1b}[2J\n09-03",
    ]);
    assert_eq!(
        error,
        r"error: invalid date '2025\u{1b}[2J\n09-03' for --date: expected YYYY-MM-DD, or today or yesterday"
    );
}

#[test]
fn a_claim_has_at_most_fifty_tags() {
    let env = populated();
    let tags: Vec<String> = (1..=51).map(|n| format!("topic {n}")).collect();
    let mut add = vec![
        "add",
        "A claim with too many tags.",
        "--speaker",
        "X",
        "--date",
        "2025-09-03",
    ];
    for tag in &tags {
        add.extend(["--tag", tag.as_str()]);
    }
    let error = env.fails_untouched(&add);
    assert_eq!(
        error,
        "error: a claim can have at most 50 tags, and this one would have 51: keep the ones the \
         desk filters by"
    );
    // The same tag given twice counts once: fifty distinct tags are fine.
    let mut fifty = add[..6].to_vec();
    for tag in tags.iter().take(50).chain(tags.iter().take(1)) {
        fifty.extend(["--tag", tag.as_str()]);
    }
    env.ok(&fifty);

    // An edit cannot go past it either.
    let error = env.fails_untouched(&["edit", "3", "--tag", "one more"]);
    assert!(error.contains("would have 51"), "{error}");
    env.ok(&["edit", "3", "--tag", "one more", "--untag", "topic 1"]);
}

#[test]
fn an_import_row_with_too_many_tags_is_refused() {
    let env = populated();
    let tags: Vec<String> = (1..=60).map(|n| format!("t{n}")).collect();
    std::fs::write(
        env.dir().join("tags.csv"),
        format!(
            "text,speaker,said_on,tags\nA claim filed under sixty tags.,X,2025-09-03,{}\n",
            tags.join(";")
        ),
    )
    .unwrap();
    let error = env.fails_untouched(&["import", "tags.csv"]);
    assert!(
        error.starts_with("error: line 2, column 'tags': a claim can have at most 50 tags"),
        "{error}"
    );
}

#[test]
fn an_import_line_of_more_than_16_mib_is_refused() {
    let env = populated();
    let mut file = String::from("text,speaker,said_on\n");
    file.push_str(&"x".repeat(17 << 20));
    file.push_str(",X,2025-09-03\n");
    std::fs::write(env.dir().join("long.csv"), &file).unwrap();
    assert_eq!(
        env.fails_untouched(&["import", "long.csv"]),
        "error: line 2 is longer than 16 MiB: check that the file is CSV, TSV or JSON Lines \
         (one record per line)"
    );
    std::fs::write(
        env.dir().join("long.jsonl"),
        format!(
            "{{\"text\": \"{}\", \"speaker\": \"X\"}}\n",
            "y".repeat(17 << 20)
        ),
    )
    .unwrap();
    let error = env.fails_untouched(&["import", "long.jsonl"]);
    assert!(error.contains("line 1 is longer than 16 MiB"), "{error}");
}
