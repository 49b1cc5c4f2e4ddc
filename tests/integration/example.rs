//! `claims.db.example` is built by `scripts/build-example.sh` from `claims` commands alone. These
//! tests rebuild it and fail when the committed file has gone stale.

use std::path::Path;
use std::process::Command;

use crate::support::TestEnv;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// Exports a database as JSON. The database is copied first: opening a file can upgrade its
/// schema, and the committed example must not change under a test.
fn export(env: &TestEnv, db: &Path) -> serde_json::Value {
    std::fs::copy(db, env.db()).expect("copy the database into the test directory");
    env.export_json()
}

#[test]
fn the_committed_example_is_what_the_script_builds() {
    if crate::support::sqlite_only("the committed example file") {
        return;
    }
    let built = TestEnv::empty();
    let fresh = built.dir().join("fresh.db");
    let status = Command::new("bash")
        .arg(Path::new(REPO).join("scripts/build-example.sh"))
        .arg(&fresh)
        .env("CLAIMS_BIN", env!("CARGO_BIN_EXE_claims"))
        .status()
        .expect("run scripts/build-example.sh");
    assert!(status.success(), "the build script failed");

    let committed = export(
        &TestEnv::empty(),
        &Path::new(REPO).join("claims.db.example"),
    );
    let rebuilt = export(&built, &fresh);
    assert_eq!(
        committed, rebuilt,
        "claims.db.example is stale: run scripts/build-example.sh and commit the result"
    );
}

#[test]
fn the_example_holds_the_ap_article_with_verdicts_and_open_claims() {
    let env = TestEnv::empty();
    if env.sqlite_only("the committed example file") {
        return;
    }
    let claims = export(&env, &Path::new(REPO).join("claims.db.example"));
    let claims = claims.as_array().expect("an array of claims");
    assert!(claims.len() >= 8, "at least eight claims");
    assert!(claims.iter().all(|claim| claim["said_on"] == "2025-09-03"));
    let with = |status: &str| claims.iter().filter(|c| c["status"] == status).count();
    assert!(with("unverified") >= 2, "some claims are still unverified");
    let verdicts: Vec<_> = claims
        .iter()
        .filter(|c| !["unverified", "in-progress"].contains(&c["status"].as_str().unwrap()))
        .collect();
    assert!(verdicts.len() >= 2, "several claims have a verdict");
    assert!(
        verdicts
            .iter()
            .all(|c| c["evidence_count"].as_i64().unwrap() > 0)
    );

    let list = env.ok(&["list"]);
    assert!(
        list.contains("Marco Rubio") && list.contains("Donald Trump"),
        "{list}"
    );
    assert!(list.contains("It's the closest cooperation"), "{list}");
}
