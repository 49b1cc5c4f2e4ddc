//! `claims repeat`: a claim made again; how often, by whom, and the bottomless flag.

use serde_json::{Value, json};

use crate::support::TestEnv;

fn record(env: &TestEnv, id: i64) -> Value {
    serde_json::from_str(&env.ok(&["show", &id.to_string(), "--format", "json"])).unwrap()
}

fn migration_claim() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Marco Rubio",
        "2025-09-01",
    );
    env
}

#[test]
fn a_repeat_is_recorded_shown_and_kept_in_the_history() {
    let env = migration_claim();
    assert_eq!(
        env.ok(&[
            "repeat",
            "1",
            "--date",
            "2025-09-03",
            "--url",
            "https://apnews.com/article/rubio",
            "--context",
            "Press conference in Mexico City",
        ]),
        "Recorded a repeat of claim 1 by Marco Rubio on 2025-09-03: said 2 times now.\n"
    );
    assert_eq!(
        env.ok(&[
            "repeat",
            "1",
            "--date",
            "2025-09-04",
            "--speaker",
            "Kristi Noem"
        ]),
        "Recorded a repeat of claim 1 by Kristi Noem on 2025-09-04: said 3 times now.\n"
    );
    let claim = record(&env, 1);
    assert_eq!(claim["times_said"], 3);
    assert_eq!(
        claim["appearances"],
        json!([
            {"id": 1, "speaker": "Marco Rubio", "said_on": "2025-09-03",
             "source_url": "https://apnews.com/article/rubio",
             "context": "Press conference in Mexico City", "created_at": "2025-09-04T12:00:00Z"},
            {"id": 2, "speaker": "Kristi Noem", "said_on": "2025-09-04", "source_url": null,
             "context": null, "created_at": "2025-09-04T12:00:00Z"}
        ])
    );
    let history = claim["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["field"], "repeat");
    let show = env.ok(&["show", "1"]);
    assert!(show.contains("Said      3 times\n"), "{show}");
    assert!(show.contains("Repeats (2)"), "{show}");
    assert!(show.contains("Press conference in Mexico City"), "{show}");
    assert!(show.contains("Kristi Noem"), "{show}");
}

#[test]
fn bad_repeats_are_refused_untouched() {
    let env = migration_claim();
    for (args, expected) in [
        (
            &["repeat", "9", "--date", "2025-09-03"][..],
            "no claim with id 9",
        ),
        (
            &["repeat", "1", "--date", "2025-02-30"],
            "invalid date '2025-02-30' for --date",
        ),
        (&["repeat", "1", "--date", "2031-01-01"], "is in the future"),
        (
            &[
                "repeat",
                "1",
                "--date",
                "2025-09-03",
                "--url",
                "ftp://x.org/a",
            ],
            "invalid URL 'ftp://x.org/a' for --url",
        ),
        (
            &["repeat", "1", "--date", "2025-09-03", "--speaker", " "],
            "the speaker is empty",
        ),
    ] {
        let error = env.fails_untouched(args);
        assert!(error.contains(expected), "{args:?}: {error}");
    }
    env.run(&["repeat", "1"]).code(2);
}

#[test]
fn list_finds_claims_made_at_least_n_times() {
    let env = migration_claim();
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    for day in ["2025-09-02", "2025-09-03"] {
        env.ok(&["repeat", "1", "--date", day]);
    }
    env.ok(&["repeat", "2", "--date", "2025-09-03"]);
    let ids = |n: &str| -> Vec<i64> {
        let json: Value =
            serde_json::from_str(&env.ok(&["list", "--repeated", n, "--format", "json"])).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids("1"), [2, 1]);
    assert_eq!(ids("2"), [2, 1]);
    assert_eq!(ids("3"), [1]);
    assert_eq!(ids("4"), Vec::<i64>::new());
}

#[test]
fn a_false_claim_made_twenty_times_is_bottomless() {
    let env = migration_claim();
    env.ok(&["status", "1", "false", "--force"]);
    env.add("A true claim made often.", "Marco Rubio", "2025-09-01");
    env.ok(&["status", "2", "true", "--force"]);
    for _ in 0..18 {
        env.ok(&["repeat", "1", "--date", "2025-09-02"]);
        env.ok(&["repeat", "2", "--date", "2025-09-02"]);
    }
    assert!(!env.ok(&["show", "1"]).contains("bottomless"));
    assert_eq!(
        env.ok(&["repeat", "1", "--date", "2025-09-03"]),
        "Recorded a repeat of claim 1 by Marco Rubio on 2025-09-03: said 20 times now.\n\
         Claim 1 is rated false and has now been made 20 times: it is bottomless.\n"
    );
    env.ok(&["repeat", "2", "--date", "2025-09-03"]);
    let show = env.ok(&["show", "1"]);
    assert!(
        show.contains(
            "Said      20 times: bottomless, a claim rated false and made 20 times or more"
        ),
        "{show}"
    );
    assert!(
        !env.ok(&["show", "2"]).contains("bottomless"),
        "a true claim never is"
    );
    let list = env.ok(&["list"]);
    assert!(list.contains("false (bottomless)"), "{list}");
    assert!(!list.contains("true (bottomless)"), "{list}");
    let stats = env.ok(&["stats"]);
    assert!(
        stats.contains("Bottomless: 1 claim rated false and made 20 times or more."),
        "{stats}"
    );
    let json: Value = serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(json["bottomless"], 1);
}

#[test]
fn repeats_travel_with_a_json_export() {
    let env = migration_claim();
    env.ok(&[
        "repeat",
        "1",
        "--date",
        "2025-09-03",
        "--speaker",
        "Kristi Noem",
    ]);
    let exported = env.ok(&["export", "--format", "json"]);
    let target = TestEnv::new();
    let path = target.dir().join("claims.json");
    std::fs::write(&path, &exported).unwrap();
    target.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(target.ok(&["export", "--format", "json"]), exported);
}
