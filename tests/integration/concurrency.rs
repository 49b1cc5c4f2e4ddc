//! Several `claims` processes writing to one database at once must all succeed.

use std::process::{Command, Stdio};

use crate::support::TestEnv;

#[test]
fn concurrent_writers_all_succeed_and_nothing_is_lost() {
    let env = TestEnv::new();
    const WRITERS: usize = 4;
    const CLAIMS_EACH: usize = 15;
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            // Each writer is a shell loop of separate `claims add` processes, so the writes of
            // different writers interleave for real.
            let script = format!(
                "for i in $(seq 1 {CLAIMS_EACH}); do \
                   \"$CLAIMS\" add \"writer {writer} claim $i\" --speaker \"Writer {writer}\" \
                     --date 2025-09-03 >/dev/null || exit 1; \
                   \"$CLAIMS\" note 1 \"writer {writer} note $i\" >/dev/null || exit 1; \
                 done"
            );
            let mut cmd = Command::new("bash");
            cmd.arg("-c")
                .arg(script)
                .env("CLAIMS", env!("CARGO_BIN_EXE_claims"))
                .stderr(Stdio::piped());
            for (key, value) in env.cmd().get_envs() {
                if let Some(value) = value {
                    cmd.env(key, value);
                }
            }
            cmd
        })
        .collect();
    env.add("the claim every writer notes", "Someone", "2025-09-03");
    let mut children: Vec<_> = writers
        .into_iter()
        .map(|mut cmd| cmd.spawn().unwrap())
        .collect();
    for child in children.iter_mut() {
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert!(status.success(), "a writer failed: {stderr}");
    }
    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    assert_eq!(claims.len(), 1 + WRITERS * CLAIMS_EACH);
    assert_eq!(
        claims[0]["notes"].as_array().unwrap().len(),
        WRITERS * CLAIMS_EACH
    );
}
