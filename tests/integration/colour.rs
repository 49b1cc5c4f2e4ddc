//! `--color`: colour only on a terminal, never when NO_COLOR is set, and never in output for
//! programs.

use crate::support::TestEnv;

const ESCAPE: char = '\u{1b}';

/// A database whose claims have coloured statuses (in-progress is cyan, false is red).
fn coloured_statuses() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "Migration has fallen dramatically.",
        "Associated Press",
        "2025-09-03",
    );
    env.ok(&["status", "1", "in-progress"]);
    env.add("All 11 were killed.", "Donald Trump", "2025-09-02");
    env.ok(&["status", "2", "false", "--force"]);
    env
}

#[test]
fn always_colours_the_statuses_and_never_does_not() {
    let env = coloured_statuses();
    // Claim 2 is false: red in tables (comfy-table's code) and in show's heading. NO_COLOR is
    // set by the harness: --color always overrides it, as no-color.org asks of a flag.
    for (command, red) in [
        (&["list"][..], "\u{1b}[38;5;9m false"),
        (&["stats"], "\u{1b}[38;5;9m false"),
        (&["show", "2"], "Claim 2: \u{1b}[31mfalse\u{1b}[39m"),
    ] {
        let always = env.ok(&[&["--color", "always"][..], command].concat());
        assert!(always.contains(red), "{command:?}: {always:?}");
        let never = env.ok(&[&["--color", "never"][..], command].concat());
        assert!(!never.contains(ESCAPE), "{command:?}: {never}");
    }
}

#[test]
fn auto_does_not_colour_a_pipe_or_output_for_programs() {
    let env = coloured_statuses();
    // The harness sets NO_COLOR; without it, a pipe is still not a terminal.
    let output = env
        .cmd()
        .env_remove("NO_COLOR")
        .arg("list")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(!String::from_utf8(output.stdout).unwrap().contains(ESCAPE));
    for format in ["csv", "json"] {
        let stdout = env.ok(&["--color", "always", "list", "--format", format]);
        assert!(!stdout.contains(ESCAPE), "{format}: {stdout}");
    }
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let env = coloured_statuses();
    if let Some(stdout) = env.on_a_terminal(&["list"], false) {
        assert!(stdout.contains(ESCAPE), "{stdout}");
    }
    if let Some(stdout) = env.on_a_terminal(&["list"], true) {
        assert!(!stdout.contains(ESCAPE), "{stdout}");
    }
}
