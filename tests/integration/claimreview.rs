//! schema.org ClaimReview: `export --format claimreview` writes one review per claim with a
//! verdict, rated from the database's scale; `import --format claimreview` reads a feed back in
//! as claims. Checked against schema.org's own examples in `../shared/data/claimreview/` where
//! they are present.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::support::TestEnv;

const PUBLISHER: &str = "Desk Fact Check";
const PUBLISHER_URL: &str = "https://factcheck.example.org/";
const REVIEW_URL: &str = "https://factcheck.example.org/claims/{id}";

const RUBIO: &str = "It's the closest cooperation we've ever had, maybe between any country, but \
                     definitely between the U.S. and Mexico.";
const AP_URL: &str = "https://apnews.com/article/rubio-mexico-security-cartels";

/// `export --format claimreview` with the publisher flags, then `extra`.
fn export_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "export",
        "--format",
        "claimreview",
        "--publisher",
        PUBLISHER,
        "--publisher-url",
        PUBLISHER_URL,
        "--review-url",
        REVIEW_URL,
    ];
    args.extend_from_slice(extra);
    args
}

/// Runs `claims ARGS` with the clock at `now`, expects success, and returns standard output.
fn ok_at(env: &TestEnv, now: &str, args: &[&str]) -> String {
    let output = env
        .cmd()
        .env("CLAIMS_NOW", now)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// The ClaimReview export, parsed, and what it said on standard error.
fn reviews(env: &TestEnv, extra: &[&str]) -> (Vec<Value>, String) {
    let output = env.run(&export_args(extra)).success().get_output().clone();
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    let parsed: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("the export is not JSON ({err}): {stdout}"));
    let Value::Array(items) = parsed else {
        panic!("the export is not a JSON array: {stdout}");
    };
    (items, stderr)
}

/// Writes `text` as `name` in the environment's directory and returns its path as a string.
fn write_file(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, text).expect("write a test file");
    path.to_str().expect("a UTF-8 path").to_string()
}

/// A database on `scale` (the default one when `None`).
fn on_scale(scale: Option<&str>) -> TestEnv {
    let env = TestEnv::empty();
    match scale {
        Some(scale) => env.ok(&["init", "--scale", scale]),
        None => env.ok(&["init"]),
    };
    env
}

/// Imports claims whose speakers have roles, from a CSV with a `speaker_role` column (the only
/// way to give a speaker a role).
fn import_csv(env: &TestEnv, rows: &str) {
    let file = write_file(
        env,
        "claims.csv",
        &format!("text,speaker,speaker_role,said_on,source_url\n{rows}"),
    );
    env.ok(&["import", &file]);
}

/// schema.org's two ClaimReview examples, or `None` (with a message) when the shared data is
/// not next to the project.
fn schemaorg_examples() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/claimreview/schemaorg_examples.json");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data/claimreview/schemaorg_examples.json is not here");
        None
    }
}

#[test]
fn a_verdict_becomes_a_complete_claimreview_dated_the_day_it_was_reached() {
    let env = TestEnv::new();
    import_csv(
        &env,
        &format!("\"{RUBIO}\",Marco Rubio,U.S. Secretary of State,2025-09-03,{AP_URL}\n"),
    );
    env.attach(
        1,
        "https://mexiconewsdaily.com/politics/sheinbaum-rubio-security-group/",
        "context",
    );
    assert_eq!(
        ok_at(
            &env,
            "2025-09-06T08:30:00Z",
            &[
                "status",
                "1",
                "mostly-false",
                "--note",
                "'Closest ever' has no measure behind it.",
            ],
        ),
        "Claim 1: unverified → mostly-false.\n"
    );
    // Later work on the claim does not move the date of the verdict.
    ok_at(
        &env,
        "2025-09-08T10:00:00Z",
        &["note", "1", "Asked the State Department for a comparison."],
    );

    let (reviews, stderr) = reviews(&env, &[]);
    assert_eq!(
        stderr, "",
        "every claim has a verdict, so nothing is skipped"
    );
    assert_eq!(reviews.len(), 1);
    let review = &reviews[0];
    assert_eq!(review["@context"], "https://schema.org");
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(review["url"], "https://factcheck.example.org/claims/1");
    assert_eq!(review["claimReviewed"], RUBIO);
    assert_eq!(review["datePublished"], "2025-09-06");
    assert_eq!(
        review["author"],
        json!({"@type": "Organization", "name": PUBLISHER, "url": PUBLISHER_URL})
    );
    assert_eq!(
        review["reviewRating"],
        json!({
            "@type": "Rating",
            "alternateName": "Mostly false",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": "'Closest ever' has no measure behind it."
        })
    );
    assert_eq!(
        review["itemReviewed"],
        json!({
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "Marco Rubio",
                "jobTitle": "U.S. Secretary of State"
            },
            "datePublished": "2025-09-03",
            "appearance": {"@type": "CreativeWork", "url": AP_URL}
        })
    );
    let mut keys: Vec<&str> = review
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "@context",
            "@type",
            "author",
            "claimReviewed",
            "datePublished",
            "itemReviewed",
            "reviewRating",
            "url"
        ],
        "no other keys"
    );
}

#[test]
fn claims_without_a_verdict_are_skipped_and_counted() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.add(
        "55 cartel figures were delivered.",
        "Omar García Harfuch",
        "2025-09-03",
    );
    env.ok(&["status", "2", "in-progress"]);
    env.ok(&["status", "3", "true", "--force"]);

    let (reviews, stderr) = reviews(&env, &[]);
    assert_eq!(
        stderr,
        "note: 2 claims without a verdict skipped: ClaimReview is for checked claims.\n"
    );
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["url"], "https://factcheck.example.org/claims/3");
    assert_eq!(
        reviews[0]["claimReviewed"],
        "55 cartel figures were delivered."
    );
    assert_eq!(reviews[0]["datePublished"], "2025-09-04");
    // No role, no source and no note: those keys are left out, not written as null.
    assert_eq!(
        reviews[0]["itemReviewed"],
        json!({
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Omar García Harfuch"},
            "datePublished": "2025-09-03"
        })
    );
    assert_eq!(
        reviews[0]["reviewRating"],
        json!({
            "@type": "Rating",
            "alternateName": "True",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1
        })
    );

    // Only unchecked claims match: an empty array, and the count of what was skipped.
    let output = env
        .run(&export_args(&["--status", "unverified"]))
        .success()
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "note: 1 claim without a verdict skipped: ClaimReview is for checked claims.\n"
    );

    // An empty database: an empty array and nothing to say.
    let empty = TestEnv::new();
    let output = empty.run(&export_args(&[])).success().get_output().clone();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

/// Sets each verdict on its own claim (in order) and returns the `reviewRating` of each.
fn ratings(env: &TestEnv, verdicts: &[&str]) -> Vec<Value> {
    for (index, verdict) in verdicts.iter().enumerate() {
        let id = env.add(
            &format!("Claim number {}.", index + 1),
            "Someone",
            "2025-09-03",
        );
        env.ok(&["status", &id.to_string(), verdict, "--force"]);
    }
    let (reviews, stderr) = reviews(env, &[]);
    assert_eq!(stderr, "");
    reviews
        .into_iter()
        .map(|review| review["reviewRating"].clone())
        .collect()
}

fn rated(label: &str, value: i64, best: i64) -> Value {
    json!({
        "@type": "Rating",
        "alternateName": label,
        "ratingValue": value,
        "bestRating": best,
        "worstRating": 1
    })
}

fn label_only(label: &str) -> Value {
    json!({"@type": "Rating", "alternateName": label})
}

#[test]
fn ratings_on_the_default_scale_run_from_false_to_true_and_off_scale_verdicts_have_no_numbers() {
    let env = on_scale(None);
    assert_eq!(
        ratings(
            &env,
            &[
                "false",
                "mostly-false",
                "half-true",
                "mostly-true",
                "true",
                "misleading",
                "unproven"
            ]
        ),
        [
            rated("False", 1, 5),
            rated("Mostly false", 2, 5),
            rated("Half true", 3, 5),
            rated("Mostly true", 4, 5),
            rated("True", 5, 5),
            label_only("Misleading"),
            label_only("Unproven"),
        ]
    );
}

#[test]
fn ratings_on_the_politifact_scale_run_from_pants_on_fire_to_true() {
    let env = on_scale(Some("politifact"));
    assert_eq!(
        ratings(&env, &["pants-on-fire", "false", "half-true", "true"]),
        [
            rated("Pants on Fire", 1, 6),
            rated("False", 2, 6),
            rated("Half True", 4, 6),
            rated("True", 6, 6),
        ]
    );
}

#[test]
fn ratings_on_a_scale_whose_lowest_position_is_best_still_run_from_false_to_true() {
    let env = TestEnv::empty();
    // Positions count falseness here (like Pinocchios): the lowest position is the truest.
    let file = write_file(
        &env,
        "desk.toml",
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
    );
    env.ok(&["init", "--scale", &file]);
    assert_eq!(
        ratings(&env, &["accurate", "stretch", "baseless", "satire"]),
        [
            rated("Accurate", 3, 3),
            rated("A stretch", 2, 3),
            rated("Baseless", 1, 3),
            label_only("Satire"),
        ]
    );
}

/// Every key path of a JSON value with the kind of value there, e.g.
/// `("reviewRating.ratingValue", "number")`.
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<(String, &'static str)>) {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if !prefix.is_empty() {
        out.push((prefix.to_string(), kind));
    }
    if let Value::Object(object) = value {
        for (key, child) in object {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            key_paths(child, &path, out);
        }
    }
}

#[test]
fn the_export_has_the_shape_of_schemaorgs_own_example() {
    let Some(path) = schemaorg_examples() else {
        return;
    };
    let examples: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let example = &examples[0];

    let env = on_scale(Some("politifact"));
    import_csv(
        &env,
        &format!("\"{RUBIO}\",Marco Rubio,U.S. Secretary of State,2025-09-03,{AP_URL}\n"),
    );
    env.ok(&[
        "status",
        "1",
        "half-true",
        "--force",
        "--note",
        "No measure.",
    ]);
    let (reviews, _) = reviews(&env, &[]);
    let ours = &reviews[0];

    let mut theirs = Vec::new();
    key_paths(example, "", &mut theirs);
    let mut mine = Vec::new();
    key_paths(ours, "", &mut mine);
    let mut shared = Vec::new();
    for (path, their_kind) in &theirs {
        if let Some((_, my_kind)) = mine.iter().find(|(mine, _)| mine == path) {
            assert_eq!(
                my_kind, their_kind,
                "{path} is a {my_kind} in our export but a {their_kind} in schema.org's example"
            );
            shared.push(path.as_str());
        }
    }
    shared.sort_unstable();
    assert_eq!(
        shared,
        [
            "@context",
            "@type",
            "author",
            "author.@type",
            "author.url",
            "claimReviewed",
            "datePublished",
            "itemReviewed",
            "itemReviewed.@type",
            "itemReviewed.author",
            "itemReviewed.author.@type",
            "itemReviewed.author.jobTitle",
            "itemReviewed.author.name",
            "itemReviewed.datePublished",
            "reviewRating",
            "reviewRating.@type",
            "reviewRating.alternateName",
            "reviewRating.bestRating",
            "reviewRating.ratingValue",
            "url",
        ]
    );
    // The same vocabulary where both name a type.
    for path in [
        "@context",
        "@type",
        "reviewRating.@type",
        "itemReviewed.author.@type",
        "author.@type",
    ] {
        let pointer = format!("/{}", path.replace('.', "/"));
        assert_eq!(ours.pointer(&pointer), example.pointer(&pointer), "{path}");
    }
    // Dates are plain ISO 8601 days, as in the example.
    for path in ["/datePublished", "/itemReviewed/datePublished"] {
        let date = ours.pointer(path).and_then(Value::as_str).unwrap();
        let theirs = example.pointer(path).and_then(Value::as_str).unwrap();
        assert_eq!(date.len(), theirs.len(), "{path}: {date} vs {theirs}");
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{date}"
        );
    }
}

#[test]
fn missing_publisher_flags_are_refused_before_anything_is_written() {
    let env = TestEnv::new();
    let id = env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["status", &id.to_string(), "false", "--force"]);
    let publisher = ["--publisher", PUBLISHER];
    let publisher_url = ["--publisher-url", PUBLISHER_URL];
    let review_url = ["--review-url", REVIEW_URL];
    let cases: [(Vec<&str>, &str); 4] = [
        (
            [publisher_url, review_url].concat(),
            "error: --format claimreview needs --publisher, e.g. --publisher \"Desk Fact Check\"",
        ),
        (
            [publisher, review_url].concat(),
            "error: --format claimreview needs --publisher-url, e.g. --publisher-url \
             https://factcheck.example.org/",
        ),
        (
            [publisher, publisher_url].concat(),
            "error: --format claimreview needs --review-url, e.g. --review-url \
             'https://factcheck.example.org/claims/{id}'",
        ),
        (
            [
                &publisher[..],
                &publisher_url[..],
                &["--review-url", "https://factcheck.example.org/claims"],
            ]
            .concat(),
            "error: --review-url 'https://factcheck.example.org/claims' has no {id}: every review \
             needs its own address, e.g. https://factcheck.example.org/claims/{id}",
        ),
    ];
    let before = crate::support::names_in(env.dir());
    for (flags, expected) in &cases {
        let mut args = vec!["export", "--format", "claimreview"];
        args.extend_from_slice(flags);
        assert_eq!(&env.fails(&args), expected, "{args:?}");

        args.extend_from_slice(&["--output", "reviews.json"]);
        assert_eq!(&env.fails(&args), expected, "{args:?}");
        assert!(
            !env.dir().join("reviews.json").exists(),
            "`claims {}` created the output file",
            args.join(" ")
        );
        assert_eq!(
            crate::support::names_in(env.dir()),
            before,
            "no file, not even a temporary one"
        );
    }

    // An existing file is left as it was.
    let existing = write_file(&env, "old.json", "the previous export\n");
    let mut args = vec![
        "export",
        "--format",
        "claimreview",
        "--output",
        existing.as_str(),
    ];
    args.extend_from_slice(&cases[0].0);
    assert_eq!(env.fails(&args), cases[0].1);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "the previous export\n"
    );
}

#[test]
fn an_export_imported_into_a_fresh_database_gives_the_same_claims_back() {
    let desk = TestEnv::new();
    import_csv(
        &desk,
        &format!(
            "\"{RUBIO}\",Marco Rubio,U.S. Secretary of State,2025-09-03,{AP_URL}\n\
             All 11 were killed.,Donald Trump,President of the United States,2025-09-02,\n\
             \"Migration has fallen dramatically.\",Marco Rubio,U.S. Secretary of State,2025-09-03,\
             https://apnews.com/article/migration\n\
             Still being checked.,Donald Trump,President of the United States,2025-09-02,\n"
        ),
    );
    for (id, verdict, note) in [
        ("1", "unproven", "'Closest ever' has no measure behind it."),
        (
            "2",
            "mostly-false",
            "The Pentagon counted 11 people aboard, not 11 dead.",
        ),
        (
            "3",
            "true",
            "Border crossings are at their lowest since 1970.",
        ),
    ] {
        desk.ok(&["status", id, verdict, "--force", "--note", note]);
    }
    let output = desk
        .run(&export_args(&["--output", "reviews.json"]))
        .success()
        .get_output()
        .clone();
    assert_eq!(output.stdout, b"", "--output leaves stdout empty");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "note: 1 claim without a verdict skipped: ClaimReview is for checked claims.\n"
    );
    let feed = std::fs::read_to_string(desk.dir().join("reviews.json")).unwrap();
    let exported: Vec<Value> = serde_json::from_str(&feed).unwrap();
    assert_eq!(exported.len(), 3);

    let fresh = TestEnv::new();
    let file = write_file(&fresh, "reviews.json", &feed);
    assert_eq!(
        fresh.ok(&["import", &file, "--format", "claimreview"]),
        "Imported 3 claims from reviews.json.\n\
         Rows read 3, imported 3, skipped 0; new speakers 2.\n"
    );

    let before = desk.export_json();
    let after = fresh.export_json();
    let after = after.as_array().unwrap();
    assert_eq!(after.len(), 3);
    for (index, claim) in after.iter().enumerate() {
        let original = &before[index];
        for field in [
            "text",
            "speaker",
            "speaker_role",
            "said_on",
            "status",
            "source_url",
        ] {
            assert_eq!(
                claim[field],
                original[field],
                "claim {}: {field} did not survive the round trip",
                index + 1
            );
        }
        let history = claim["history"].as_array().unwrap();
        let verdict = history.last().unwrap();
        assert_eq!(verdict["field"], "status");
        assert_eq!(verdict["new_value"], original["status"]);
        assert_eq!(
            verdict["note"],
            original["history"].as_array().unwrap().last().unwrap()["note"],
            "claim {}: the verdict's note",
            index + 1
        );
        assert_eq!(
            claim["evidence"].as_array().unwrap().len(),
            1,
            "the review itself is the one source"
        );
        let source = &claim["evidence"][0];
        assert_eq!(
            source["url"],
            format!("https://factcheck.example.org/claims/{}", index + 1)
        );
        assert_eq!(source["publisher"], PUBLISHER);
        assert_eq!(source["published_on"], "2025-09-04");
        assert_eq!(source["stance"], "context");
    }
    assert_eq!(after[0]["speaker_role"], "U.S. Secretary of State");
    assert_eq!(after[1]["speaker_role"], "President of the United States");

    // Exported again with the same publisher, the fresh database writes the same reviews.
    let (again, _) = reviews(&fresh, &[]);
    assert_eq!(again, exported);
}

#[test]
fn schemaorgs_examples_import_by_their_labels_with_a_warning_for_the_contradiction() {
    let Some(path) = schemaorg_examples() else {
        return;
    };
    let env = on_scale(Some("politifact"));
    assert_eq!(
        env.ok(&["import", path.to_str().unwrap(), "--format", "claimreview"]),
        "Imported 2 claims from schemaorg_examples.json.\n\
         Rows read 2, imported 2, skipped 0; new speakers 2.\n\
         Warning: review 1: its rating is named 'True' but rated 1 of 6 (worst 1); imported as \
         true, by its name\n"
    );
    let claims = env.export_json();
    let perry = &claims[0];
    assert_eq!(
        perry["text"],
        "More than 3,000 homicides were committed by \"illegal aliens\" over the past six years."
    );
    assert_eq!(perry["speaker"], "Rich Perry");
    assert_eq!(perry["speaker_role"], "Former Governor of Texas");
    assert_eq!(perry["said_on"], "2014-07-17");
    assert_eq!(perry["status"], "true");
    assert_eq!(
        perry["evidence"][0]["url"],
        "http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/\
         rick-perry-claim-about-3000-homicides-illegal-immi/"
    );
    assert_eq!(perry["evidence"][0]["published_on"], "2014-07-23");

    let obama = &claims[1];
    assert_eq!(
        obama["text"],
        "In the middle of the Cold War, the United States played a role in the overthrow of a \
         democratically-elected Iranian government."
    );
    assert_eq!(obama["speaker"], "Barack Obama");
    assert_eq!(
        obama["speaker_role"],
        "44th President of the United States of America"
    );
    assert_eq!(obama["said_on"], "2009-06-04");
    assert_eq!(obama["status"], "unverified", "it has no reviewRating");
    assert_eq!(
        obama["history"].as_array().unwrap().len(),
        1,
        "created, and no status change"
    );
    assert_eq!(obama["evidence"][0]["url"], "http://danbri.org/2017/TODO");
}

/// A feed of two reviews (as an `@graph`): one rated "False", one "Pants on Fire".
const FEED: &str = r#"{
  "@context": "https://schema.org",
  "@graph": [
    {
      "@type": "ClaimReview",
      "url": "https://pf.example.org/reviews/6",
      "datePublished": "2025-08-02",
      "author": {"@type": "Organization", "name": "Other Desk", "url": "https://pf.example.org/"},
      "claimReviewed": "Crime fell by half last year.",
      "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 2,
                       "bestRating": 6, "worstRating": 1},
      "itemReviewed": {"@type": "Claim", "datePublished": "2025-08-01",
                       "author": {"@type": "Person", "name": "Jane Roe", "jobTitle": "Mayor"}}
    },
    {
      "@type": "ClaimReview",
      "url": "https://pf.example.org/reviews/7",
      "datePublished": "2025-08-02",
      "author": {"@type": "Organization", "name": "Other Desk", "url": "https://pf.example.org/"},
      "claimReviewed": "Crime doubled last year.",
      "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire", "ratingValue": 1,
                       "bestRating": 6, "worstRating": 1,
                       "ratingExplanation": "Police figures show a fall."},
      "itemReviewed": {"@type": "Claim", "datePublished": "2025-08-01",
                       "author": {"@type": "Person", "name": "John Doe"}}
    }
  ]
}"#;

#[test]
fn a_label_the_scale_lacks_stops_the_import_until_it_is_mapped() {
    let env = TestEnv::new();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    let file = write_file(&env, "feed.json", FEED);
    assert_eq!(
        env.fails_untouched(&["import", &file, "--format", "claimreview"]),
        "error: 1 verdict label of the file is not on the default scale: nothing was imported; \
         the file's labels: 'False' ×1 (first at review 1) → false, 'Pants on Fire' ×1 (first at \
         review 2) → ?; add --status-map 'Pants on Fire=VERDICT' with VERDICT one of \
         unverified, in-progress, true, mostly-true, half-true, mostly-false, false, misleading, \
         unproven"
    );

    assert_eq!(
        env.ok(&[
            "import",
            &file,
            "--format",
            "claimreview",
            "--status-map",
            "pants on fire=false",
        ]),
        "Imported 2 claims from feed.json.\n\
         Rows read 2, imported 2, skipped 0; new speakers 2.\n"
    );
    let claims = env.export_json();
    let statuses: Vec<&str> = claims
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unverified", "false", "false"]);
    let doubled = &claims[2];
    assert_eq!(doubled["text"], "Crime doubled last year.");
    assert_eq!(doubled["speaker"], "John Doe");
    assert_eq!(doubled["said_on"], "2025-08-01");
    let verdict = doubled["history"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (
            &verdict["field"],
            &verdict["old_value"],
            &verdict["new_value"],
            &verdict["note"]
        ),
        (
            &json!("status"),
            &json!("unverified"),
            &json!("false"),
            &json!("Police figures show a fall.")
        )
    );
    assert_eq!(
        doubled["evidence"][0],
        json!({
            "id": doubled["evidence"][0]["id"],
            "claim_id": doubled["id"],
            "url": "https://pf.example.org/reviews/7",
            "title": null,
            "publisher": "Other Desk",
            "published_on": "2025-08-02",
            "stance": "context",
            "excerpt": null,
            "note": null,
            "created_at": "2025-09-04T12:00:00Z"
        })
    );
}

#[test]
fn a_claimreview_feed_in_a_json_file_is_recognised_or_refused_with_the_flag_to_pass() {
    // From its extension, `.json` (and `.jsonld`) is read as a `claims export --format json`
    // file. A ClaimReview feed in such a file must either be read as one, or be refused with a
    // message that says to pass --format claimreview, not one about an empty claim text.
    let desk = TestEnv::new();
    let id = desk.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    desk.ok(&["status", &id.to_string(), "false", "--force"]);
    let feed = desk.ok(&export_args(&[]));
    let array: Value = serde_json::from_str(&feed).unwrap();
    let single = array[0].to_string();

    for (name, text) in [
        ("reviews.json", feed.as_str()),
        ("reviews.jsonld", feed.as_str()),
        ("review.json", single.as_str()),
    ] {
        let env = TestEnv::new();
        let file = write_file(&env, name, text);
        let output = env.run(&["import", &file]).get_output().clone();
        if output.status.success() {
            let claims = env.export_json();
            assert_eq!(claims.as_array().unwrap().len(), 1, "{name}");
            assert_eq!(claims[0]["text"], "All 11 were killed.", "{name}");
            assert_eq!(claims[0]["status"], "false", "{name}");
        } else {
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert!(
                stderr.starts_with("error: ") && stderr.contains("--format claimreview"),
                "{name}: the error should say to pass --format claimreview: {stderr}"
            );
            assert_eq!(
                env.export_json(),
                json!([]),
                "{name}: a failed import changes nothing"
            );
        }
    }
}

#[test]
fn json_lines_hold_the_same_claims_as_the_json_array() {
    let env = TestEnv::new();
    import_csv(
        &env,
        &format!("\"{RUBIO}\",Marco Rubio,U.S. Secretary of State,2025-09-03,{AP_URL}\n"),
    );
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.add(
        "A line\nbreak, \"quotes\", and ünïcode.",
        "Someone",
        "2025-09-01",
    );
    env.attach(2, "https://www.defense.gov/News/", "refutes");
    env.ok(&[
        "status",
        "2",
        "false",
        "--note",
        "The Pentagon never said so.",
    ]);
    env.ok(&["note", "1", "Asked for a comparison."]);
    env.ok(&["edit", "3", "--tag", "odd-text"]);

    let array = env.export_json();
    let array = array.as_array().unwrap();
    assert_eq!(array.len(), 3);
    let lines = env.ok(&["export", "--format", "jsonl"]);
    assert!(lines.ends_with('\n'), "{lines:?}");
    let parsed: Vec<Map<String, Value>> = lines
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("a line is not a JSON object ({err}): {line}"))
        })
        .collect();
    assert_eq!(parsed.len(), array.len(), "one line per claim:\n{lines}");
    for (line, element) in parsed.into_iter().zip(array) {
        assert_eq!(&Value::Object(line), element);
    }

    // Filters apply to lines as to the array.
    let filtered = env.ok(&["export", "--format", "jsonl", "--status", "false"]);
    assert_eq!(filtered.lines().count(), 1, "{filtered}");
    assert_eq!(
        serde_json::from_str::<Value>(filtered.trim_end()).unwrap(),
        array[1]
    );
    let empty = TestEnv::new();
    assert_eq!(empty.ok(&["export", "--format", "jsonl"]), "");
}

#[test]
fn a_scale_switch_keeps_the_reviewers_date_and_explanation() {
    let env = on_scale(None);
    env.add(RUBIO, "Marco Rubio", "2025-09-03");
    ok_at(
        &env,
        "2025-09-06T10:00:00Z",
        &[
            "status",
            "1",
            "misleading",
            "--force",
            "--note",
            "Cherry-picked figures.",
        ],
    );
    ok_at(
        &env,
        "2025-10-01T10:00:00Z",
        &[
            "scale",
            "use",
            "politifact",
            "--map",
            "misleading=half-true",
        ],
    );
    let (items, _) = reviews(&env, &[]);
    assert_eq!(items[0]["datePublished"], "2025-09-06");
    assert_eq!(
        items[0]["reviewRating"],
        json!({"@type": "Rating", "alternateName": "Half True", "ratingValue": 4,
               "bestRating": 6, "worstRating": 1,
               "ratingExplanation": "Cherry-picked figures."})
    );
    let show = env.ok(&["show", "1"]);
    assert!(
        show.contains(
            "Verdict   half-true by tester on 2025-09-06T10:00:00Z: Cherry-picked figures."
        ),
        "{show}"
    );
}

#[test]
fn a_review_without_a_rating_keeps_its_body_as_a_note() {
    let env = on_scale(None);
    let feed = write_file(
        &env,
        "feed.jsonld",
        r#"{"@context": "https://schema.org", "@type": "ClaimReview",
            "claimReviewed": "The U.S. played a role in the coup.",
            "reviewBody": "This claim is true. The UK also played a role.",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Barack Obama"}}}"#,
    );
    env.ok(&["import", &feed]);
    let claim = &env.export_json()[0];
    assert_eq!(claim["status"], "unverified");
    assert_eq!(
        claim["notes"][0]["text"],
        "This claim is true. The UK also played a role."
    );
}
