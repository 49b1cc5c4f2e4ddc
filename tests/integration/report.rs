//! `claims report`: the folder it writes, what it says, what it refuses, and what each page
//! holds. The browser checks (sorting, filtering, the pages as drawn) are in report_browser.rs.

use std::path::{Path, PathBuf};

use crate::support::{TestEnv, names_in as names};

/// A small desk: three claims by two speakers, one checked with a source, a note and a repeat.
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.add(
        "It's the closest cooperation we've ever had.",
        "Marco Rubio",
        "2025-09-03",
    );
    env.add(
        "Migration has fallen dramatically.",
        "Claudia Sheinbaum",
        "2025-09-02",
    );
    env.add("Fentanyl seizures doubled.", "Marco Rubio", "2025-09-01");
    env.attach(2, "https://example.org/cbp-figures", "supports");
    env.ok(&["note", "2", "CBP monthly figures agree.\nSecond line."]);
    env.ok(&["status", "2", "mostly-true", "--note", "CBP data back it"]);
    env.ok(&[
        "repeat",
        "2",
        "--speaker",
        "Claudia Sheinbaum",
        "--date",
        "2025-09-03",
    ]);
    env
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|err| panic!("read {}: {err}", path.as_ref().display()))
}

/// Runs `claims report --out site` with `extra` flags; returns the folder.
fn report(env: &TestEnv, extra: &[&str]) -> PathBuf {
    let mut args = vec!["report", "--out", "site"];
    args.extend(extra);
    env.ok(&args);
    env.dir().join("site")
}

/// What `cmd ARGS` printed on standard error, failing with exit code 1.
fn stderr_of_failed(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let output = cmd.args(args).assert().code(1).get_output().clone();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_report_says_what_it_wrote_and_where() {
    let env = desk();
    let output = env.run(&["report", "--out", "site"]).success();
    let output = output.get_output();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Wrote the report of 3 claims (2 speakers, 1 table page) to site: open site/index.html.\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "note: no ClaimReview in the claim pages: give --publisher, --publisher-url and \
         --review-url to embed it.\n"
    );
    let site = env.dir().join("site");
    assert_eq!(
        names(&site),
        [
            ".claims-report",
            "claims",
            "index.html",
            "pages",
            "report.css",
            "report.js",
            "speakers"
        ]
    );
    assert_eq!(
        names(&site.join("claims/0")),
        ["1.html", "2.html", "3.html"]
    );
    assert_eq!(
        names(&site.join("speakers")),
        ["1.html", "2.html", "index.html"]
    );
    // Nothing is left beside the report: no staging folder, no earlier report set aside.
    assert_eq!(
        names(env.dir())
            .iter()
            .filter(|name| name.starts_with('.'))
            .count(),
        0
    );
}

#[test]
fn the_front_page_counts_charts_and_lists_every_claim() {
    let env = desk();
    let site = report(&env, &["--title", "Desk <Review>"]);
    let index = read(site.join("index.html"));
    assert!(index.contains("<title>Review · Desk &lt;Review&gt;</title>"));
    assert!(index.contains("3 claims from 2 speakers; 1 with a verdict."));
    for chart in ["chart-speakers", "chart-months", "chart-repeats"] {
        assert!(
            index.contains(&format!("<figure class=\"chart\" id=\"{chart}\">")),
            "{chart}"
        );
    }
    // The repeated claim (made twice) is the one bar of the repeats chart, linked to its page
    // from the chart's table of numbers.
    let repeats = &index[index.find("id=\"chart-repeats\"").unwrap()..];
    assert!(repeats.contains("<title>Migration has fallen dramatically.: 2 times made</title>"));
    assert!(repeats.contains(
        "<th scope=\"row\"><a href=\"claims/0/2.html\">Migration has fallen dramatically.</a></th>"
    ));
    // Every claim is a row, newest first, linked to its page and its speaker's page.
    let rows: Vec<&str> = index.split("<tr data-status=").skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].contains("<a href=\"claims/0/1.html\">It's the closest cooperation"));
    assert!(rows[1].contains("\"mostly-true\""));
    assert!(rows[1].contains("<a href=\"speakers/2.html\">Claudia Sheinbaum</a>"));
    assert!(rows[2].contains("Fentanyl seizures doubled."));
    assert!(
        !index.contains("nav class=\"pager\""),
        "one page needs no pager"
    );
}

#[test]
fn an_empty_database_gets_a_report_that_says_so() {
    let env = TestEnv::new();
    let output = env.ok(&["report", "--out", "site"]);
    assert!(output.starts_with("Wrote the report of 0 claims (0 speakers, 1 table page)"));
    let index = read(env.dir().join("site/index.html"));
    assert!(index.contains("0 claims from 0 speakers; 0 with a verdict."));
    assert!(index.contains("<p class=\"muted\">No claims logged yet.</p>"));
    assert!(
        !index.contains("<svg class=\"plot\""),
        "no charts of nothing"
    );
    assert!(index.contains("<tbody></tbody>"));
}

#[test]
fn a_claim_page_holds_the_verdict_evidence_notes_repeats_and_history() {
    let env = desk();
    let site = report(&env, &[]);
    let page = read(site.join("claims/0/2.html"));
    for expected in [
        "<h1>Claim 2 by Claudia Sheinbaum</h1>",
        "<blockquote class=\"claim\">Migration has fallen dramatically.</blockquote>",
        "<span class=\"status lean-true\">Mostly true</span>",
        "<dd class=\"prose\">CBP data back it</dd>",
        "<span class=\"stance stance-supports\">Supports</span>",
        "<a class=\"break\" href=\"https://example.org/cbp-figures\" rel=\"noopener noreferrer\">",
        "CBP monthly figures agree.\nSecond line.",
        "Made again (1)",
        "<td class=\"prose break\">supports source: https://example.org/cbp-figures</td>",
        "<td class=\"prose break\">made again by Claudia Sheinbaum on 2025-09-03</td>",
        "<link rel=\"stylesheet\" href=\"../../report.css\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    // Without the publisher flags there is no ClaimReview, and the claim page runs no script.
    assert!(!page.contains("<script"));
}

#[test]
fn only_web_addresses_become_links() {
    let env = desk();
    if env.sqlite_only("writing to (or copying) the file") {
        return;
    }
    // `claims` refuses other addresses on the way in; one written behind its back is still
    // shown as text, never as a link.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "UPDATE evidence SET url = 'javascript:alert(1)' WHERE claim_id = 2",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE claims SET source_url = 'data:text/html,<b>x</b>' WHERE id = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let site = report(&env, &[]);
    let evidence = read(site.join("claims/0/2.html"));
    assert!(evidence.contains("<span class=\"break\">javascript:alert(1)</span>"));
    assert!(!evidence.contains("href=\"javascript"));
    let source = read(site.join("claims/0/1.html"));
    assert!(source.contains("<span class=\"break\">data:text/html,&lt;b&gt;x&lt;/b&gt;</span>"));
    assert!(!source.contains("href=\"data:"));
}

#[test]
fn a_speaker_page_has_their_record_and_only_their_claims() {
    let env = desk();
    let site = report(&env, &[]);
    let rubio = read(site.join("speakers/1.html"));
    assert!(rubio.contains("<h1>Marco Rubio</h1>"));
    assert!(rubio.contains("2 claims logged."));
    assert!(read(site.join("speakers/2.html")).contains("1 claim logged."));
    assert!(
        rubio.contains("<strong>2</strong><span class=\"status lean-unchecked\">Unverified</span>")
    );
    assert!(rubio.contains("<a href=\"../claims/0/1.html\">"));
    assert!(rubio.contains("<a href=\"../claims/0/3.html\">"));
    assert!(!rubio.contains("claims/0/2.html"));
    // Someone who only said a claim again has no page, so no link either.
    env.ok(&[
        "repeat",
        "1",
        "--speaker",
        "Kristi Noem",
        "--date",
        "2025-09-04",
    ]);
    let site = report(&env, &[]);
    let claim = read(site.join("claims/0/1.html"));
    assert!(claim.contains("<td>Kristi Noem</td>"), "{claim}");
    assert_eq!(
        names(&site.join("speakers")),
        ["1.html", "2.html", "index.html"]
    );
    let all = read(site.join("speakers/index.html"));
    let rubio_at = all.find("Marco Rubio").unwrap();
    let sheinbaum_at = all.find("Claudia Sheinbaum").unwrap();
    assert!(rubio_at < sheinbaum_at, "most claims first");
}

#[test]
fn big_desks_get_a_paged_table_with_every_claim_on_one_page() {
    let env = desk();
    for n in 4..=7 {
        env.add(
            &format!("Claim number {n} of a growing desk."),
            "Kristi Noem",
            "2025-08-01",
        );
    }
    let output = env.ok(&["report", "--out", "site", "--rows-per-page", "3"]);
    assert!(output.contains("(3 speakers, 3 table pages)"), "{output}");
    let site = env.dir().join("site");
    assert_eq!(
        names(&site.join("pages")),
        ["2.html", "3.html", "index.html"]
    );
    let all = read(site.join("pages/index.html"));
    assert!(all.contains("<a href=\"../index.html\">Page 1</a> <span class=\"muted\">2025-09-03 to 2025-09-01</span>"), "{all}");
    assert!(all.contains("<a href=\"../pages/3.html\">Page 3</a> <span class=\"muted\">2025-08-01 to 2025-08-01</span>"), "{all}");
    let mut seen = Vec::new();
    for page in ["index.html", "pages/2.html", "pages/3.html"] {
        let html = read(site.join(page));
        assert!(html.contains("<nav class=\"pager\""), "{page}");
        for id in 1..=7 {
            if html.contains(&format!("claims/0/{id}.html\">")) && html.contains("<tr data-status")
            {
                let row = format!("<td class=\"num\">{id}</td>");
                if html.contains(&row) {
                    seen.push(id);
                }
            }
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [1, 2, 3, 4, 5, 6, 7],
        "each claim on exactly one page"
    );
    let second = read(site.join("pages/2.html"));
    assert!(second.contains("<h1>All claims, page 2 of 3</h1>"));
    assert!(second.contains("href=\"../index.html\" rel=\"prev\""));
    assert!(second.contains("href=\"../pages/3.html\" rel=\"next\""));
    assert!(second.contains("<a href=\"../pages/index.html\">All 3 pages</a>"));
    assert!(second.contains("aria-label=\"Pages of the table, top\""));
    assert!(second.contains("aria-label=\"Pages of the table, bottom\""));
}

#[test]
fn writing_again_replaces_the_earlier_report_whole() {
    let env = desk();
    let site = report(&env, &[]);
    // A table page of a bigger desk, once.
    std::fs::write(site.join("pages/9.html"), "from before").unwrap();
    env.ok(&["rm", "3", "--yes"]);
    report(&env, &[]);
    assert!(!site.join("pages/9.html").exists());
    assert!(
        !site.join("claims/0/3.html").exists(),
        "a deleted claim's page goes"
    );
    assert!(site.join("claims/0/2.html").exists());
    assert_eq!(
        names(env.dir())
            .iter()
            .filter(|name| name.starts_with('.'))
            .count(),
        0,
        "no staging or old folder left: {:?}",
        names(env.dir())
    );
}

#[test]
fn a_folder_of_other_files_is_refused_and_left_alone() {
    let env = desk();
    if env.sqlite_only("the database file as an output") {
        return;
    }
    let folder = env.dir().join("documents");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("budget.xlsx"), "numbers").unwrap();
    let error = env.fails(&["report", "--out", "documents"]);
    assert_eq!(
        error,
        "error: --out 'documents' is a folder that holds other files: choose a new or empty \
         folder, or one an earlier report was written to"
    );
    assert_eq!(names(&folder), ["budget.xlsx"]);

    let error = env.fails(&["report", "--out", "documents/budget.xlsx"]);
    assert!(error.contains("is a file, not a folder"), "{error}");
    let error = env.fails(&["report", "--out", "claims.db"]);
    assert!(error.contains("is or holds the database"), "{error}");
    let error = env.fails(&["report", "--out", "missing/site"]);
    assert!(
        error.contains("directory 'missing' does not exist"),
        "{error}"
    );

    // An empty folder is fine.
    std::fs::create_dir(env.dir().join("empty")).unwrap();
    env.ok(&["report", "--out", "empty"]);
    assert!(env.dir().join("empty/index.html").exists());
}

#[test]
fn an_earlier_report_is_replaced_only_when_it_holds_nothing_else() {
    let env = desk();
    if env.sqlite_only("writing to (or copying) the file") {
        return;
    }
    let site = report(&env, &[]);
    // Someone kept the database, and a file of their own, in the report's folder.
    std::fs::copy(env.db(), site.join("desk.db")).unwrap();
    std::fs::write(site.join("notes.txt"), "mine").unwrap();
    let error = env.fails(&["report", "--out", "site"]);
    assert_eq!(
        error,
        "error: --out 'site' holds an earlier report and files it did not write (desk.db, \
         notes.txt): move them out, or choose another folder"
    );
    let inside = site.join("desk.db");
    let mut with_inside_db = env.cmd();
    with_inside_db.env("CLAIMS_DB", &inside);
    assert_eq!(
        stderr_of_failed(with_inside_db, &["report", "--out", "site"]),
        "error: --out 'site' is or holds the database: choose a folder of its own for the \
         report\n"
    );
    assert!(inside.exists() && site.join("notes.txt").exists());
}

#[test]
fn a_link_to_a_report_keeps_pointing_at_the_new_one() {
    let env = desk();
    let real = env.dir().join("published");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(real.join("site"), env.dir().join("link")).unwrap();
    env.ok(&["report", "--out", "published/site"]);
    env.ok(&["rm", "3", "--yes"]);
    env.ok(&["report", "--out", "link"]);
    let link = std::fs::symlink_metadata(env.dir().join("link")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert!(
        !real.join("site/claims/0/3.html").exists(),
        "the linked folder was renewed"
    );
    assert!(real.join("site/claims/0/2.html").exists());
}

#[test]
fn the_folder_you_are_in_is_refused_before_any_work() {
    let env = desk();
    let site = report(&env, &[]);
    let mut inside_the_report = env.cmd();
    inside_the_report.current_dir(&site);
    assert_eq!(
        stderr_of_failed(inside_the_report, &["report", "--out", "."]),
        "error: --out '.' is the folder you are in, or holds it: give the report a folder of \
         its own, e.g. --out site\n"
    );
    assert!(site.join("index.html").exists());
}

/// What a report writes into its work folders from the start, and checks before removing one.
const MARKER_TEXT: &str =
    "Made by `claims report`: the next report written here replaces this folder.\n";

fn work_folder(env: &TestEnv, name: &str, marker: Option<&str>) -> std::path::PathBuf {
    let folder = env.dir().join(name);
    std::fs::create_dir_all(folder.join("claims/0")).unwrap();
    std::fs::write(folder.join("claims/0/1.html"), "half").unwrap();
    if let Some(text) = marker {
        std::fs::write(folder.join(".claims-report"), text).unwrap();
    }
    folder
}

#[test]
fn an_unfinished_report_of_an_interrupted_run_is_cleared_away() {
    let env = desk();
    // What a report interrupted with Ctrl-C leaves: its folder, named after its --out and its
    // process, which is gone (no process has the largest id), marked as the report's own.
    let abandoned = work_folder(
        &env,
        ".site.claims-report-tmp-2147483647-Ab12Cd",
        Some(MARKER_TEXT),
    );
    // One of a report still being made, by this very test process, stays.
    let running = work_folder(
        &env,
        &format!(".site.claims-report-tmp-{}-Ef34Gh", std::process::id()),
        Some(MARKER_TEXT),
    );
    let output = env.run(&["report", "--out", "site"]).success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with(
            "note: removed '.site.claims-report-tmp-2147483647-Ab12Cd', an unfinished report \
             of an interrupted run.\n"
        ),
        "{stderr}"
    );
    assert!(!abandoned.exists());
    assert!(running.exists());
    // An earlier report set aside by a run killed before it could remove it goes too.
    let aside = work_folder(
        &env,
        ".site.claims-report-old-2147483647-Ij56Kl",
        Some(MARKER_TEXT),
    );
    env.ok(&["report", "--out", "site"]);
    assert!(!aside.exists());
}

#[test]
fn a_report_never_removes_a_folder_it_did_not_write() {
    let env = desk();
    // Folders of names like a report's leftovers, with no process of that number, that a
    // report did not write: a user's old config, the name scheme of an older claims without
    // the marker, a marker that says something else, and a work folder someone put a file in.
    let kept = [
        work_folder(&env, ".emacs.d.old-2021", None),
        work_folder(&env, ".site.old-2147483647", None),
        work_folder(&env, ".site.claims-report-tmp-2147483647-Mn78Op", None),
        work_folder(
            &env,
            ".site.claims-report-old-2147483647-Qr90St",
            Some("my own notes\n"),
        ),
        work_folder(
            &env,
            ".site.claims-report-tmp-2147483646-Uv12Wx",
            Some(MARKER_TEXT),
        ),
    ];
    std::fs::write(kept[4].join("thesis.tex"), "years of work").unwrap();
    let output = env.run(&["report", "--out", "site"]).success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(!stderr.contains("removed"), "{stderr}");
    for folder in &kept {
        assert!(
            folder.join("claims/0/1.html").exists(),
            "{} was removed",
            folder.display()
        );
    }
    assert!(kept[4].join("thesis.tex").exists());
}

#[test]
fn publisher_flags_come_as_a_set() {
    let env = desk();
    let error = env.fails(&["report", "--out", "site", "--publisher", "Desk"]);
    assert_eq!(
        error,
        "error: embedding ClaimReview needs --publisher-url, e.g. --publisher-url \
         https://factcheck.example.org/"
    );
    assert!(!env.dir().join("site").exists());
    let output = env
        .run(&[
            "report",
            "--out",
            "site",
            "--publisher",
            "Desk",
            "--publisher-url",
            "https://desk.example.org/",
            "--review-url",
            "https://desk.example.org/claims/{id}",
        ])
        .success();
    assert_eq!(
        String::from_utf8_lossy(&output.get_output().stderr),
        "note: 1 ClaimReview embedded (one per claim with a verdict).\n"
    );
    let checked = read(env.dir().join("site/claims/0/2.html"));
    assert!(checked.contains("<script type=\"application/ld+json\">"));
    assert!(checked.contains("\"url\": \"https://desk.example.org/claims/2\""));
    let unchecked = read(env.dir().join("site/claims/0/1.html"));
    assert!(!unchecked.contains("application/ld+json"));
}

#[test]
fn bad_flags_are_refused_by_name() {
    let env = desk();
    env.run(&["report", "--out", "site", "--rows-per-page", "0"])
        .code(2);
    let error = env.fails(&["report", "--out", "site", "--title", "  "]);
    assert!(error.contains("--title"), "{error}");
    assert!(!env.dir().join("site").exists());
}

#[test]
fn a_big_report_shows_its_progress_on_a_terminal_only() {
    let env = TestEnv::new();
    let rows: String = (0..10_000)
        .map(|i| format!("Claim number {i}.,Speaker {}\n", i % 31))
        .collect();
    std::fs::write(env.dir().join("many.csv"), format!("text,speaker\n{rows}")).unwrap();
    env.ok(&["import", "many.csv"]);
    let output = env.run(&["report", "--out", "site"]).success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("note: no ClaimReview"),
        "no bar off a terminal: {stderr}"
    );
    if let Some(screen) = env.on_a_terminal(&["report", "--out", "again"], true) {
        assert!(screen.contains("/10000 claim pages"), "{screen}");
        assert!(
            screen.contains("Wrote the report of 10,000 claims (31 speakers, 5 table pages)"),
            "{screen}"
        );
    }
}
