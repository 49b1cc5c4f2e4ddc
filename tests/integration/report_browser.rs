//! `claims report` as a reader meets it: the site opened from its folder in a headless Chromium
//! (sorting, filtering, paging, charts, claim pages, a hostile claim that must stay text), and the
//! same files read as plain HTML, which is what a reader without JavaScript gets.
//!
//! The browser test skips (with a line on stderr) where Chromium is not installed; the plain-HTML
//! test always runs.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::browser::{Browser, file_url};
use crate::support::TestEnv;

const PUBLISHER: &str = "Desk Fact Check";
const PUBLISHER_URL: &str = "https://factcheck.example.org/";
const REVIEW_URL: &str = "https://factcheck.example.org/claims/{id}";

/// A claim text and a speaker name that would run a script, or load an image that runs one, if
/// any page let them through as HTML: either would set `window.__pwned`.
const HOSTILE: &str =
    r#"</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"#;
/// The hostile claim's id (the 4th logged).
const HOSTILE_ID: i64 = 4;

/// The claims, in the order they are logged (ids 1 to 12): speaker, said on, text. Each is logged
/// the day after it was said, so that the month chart has several months.
const CLAIMS: [(&str, &str, &str); 12] = [
    (
        "Marco Rubio",
        "2025-06-10",
        "Migration at the southern border is the lowest it has ever been.",
    ),
    (
        "Claudia Sheinbaum",
        "2025-06-20",
        "Mexico has sent ten thousand troops to the northern border.",
    ),
    (
        "Kristi Noem",
        "2025-07-02",
        "The new wall section stopped every crossing in Arizona.",
    ),
    (HOSTILE, "2025-07-15", HOSTILE),
    (
        "Marco Rubio",
        "2025-08-28",
        "Tariffs on Mexican steel brought back fifty thousand jobs.",
    ),
    (
        "Claudia Sheinbaum",
        "2025-09-01",
        "Fentanyl seizures at the crossings fell by half this year.",
    ),
    (
        "Kristi Noem",
        "2025-08-30",
        "Tariffs paid for the whole new bridge in Laredo.",
    ),
    (
        "Marco Rubio",
        "2025-09-03",
        "The cartels now control more territory than the government does.",
    ),
    (
        "Claudia Sheinbaum",
        "2025-08-05",
        "Remittances from the United States reached a record high.",
    ),
    (
        "Kristi Noem",
        "2025-09-02",
        "Tariffs cut illegal crossings more than any wall ever did.",
    ),
    (
        "Marco Rubio",
        "2025-08-15",
        "Cooperation with Mexico has never been closer than it is now.",
    ),
    (
        "Claudia Sheinbaum",
        "2025-07-25",
        "Homicides in Mexico fell by a quarter in a year.",
    ),
];

/// The review table is newest first (by the date said), five rows a page: these are the ids of
/// its three pages.
const PAGE_1: [i64; 5] = [8, 10, 6, 7, 5];
const PAGE_2: [i64; 5] = [11, 9, 12, 4, 3];
const PAGE_3: [i64; 2] = [2, 1];

/// The word the filter is tried with, and the claims of the first page that hold it.
const FILTER_WORD: &str = "tariffs";
const FILTER_MATCHES: [i64; 3] = [5, 7, 10];

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// `--publisher`, `--publisher-url` and `--review-url`, as `report` and `export` both take them.
fn publisher_flags() -> [&'static str; 6] {
    [
        "--publisher",
        PUBLISHER,
        "--publisher-url",
        PUBLISHER_URL,
        "--review-url",
        REVIEW_URL,
    ]
}

/// Runs `claims ARGS` with the clock at `now` and expects success.
fn ok_at(env: &TestEnv, now: &str, args: &[&str]) {
    env.cmd()
        .env("CLAIMS_NOW", now)
        .args(args)
        .assert()
        .success();
}

/// A database of [`CLAIMS`] with several statuses (verdicts with evidence, forced verdicts, work
/// in progress, unchecked) and repeats, and its report in `site/` with the publisher flags.
fn build_report() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    for (speaker, said_on, text) in CLAIMS {
        let day: u32 = said_on[8..].parse().expect("a day of the month");
        let logged = format!("{}{:02}T09:00:00Z", &said_on[..8], day + 1);
        ok_at(
            &env,
            &logged,
            &["add", text, "--speaker", speaker, "--date", said_on],
        );
    }

    // Verdicts that cite their sources. The hostile claim's explanation is hostile too: it ends
    // up in the JSON-LD.
    for (id, url, stance, verdict) in [
        (
            1,
            "https://apnews.com/article/border-numbers",
            "refutes",
            "false",
        ),
        (2, "https://www.gob.mx/defensa/troops", "supports", "true"),
        (
            HOSTILE_ID,
            "https://example.org/hostile",
            "refutes",
            "false",
        ),
        (9, "https://www.banxico.org.mx/remesas", "supports", "true"),
    ] {
        let why = match id {
            HOSTILE_ID => HOSTILE.to_string(),
            _ => format!("The sources say so; see {url}."),
        };
        env.attach(id, url, stance);
        env.ok(&["status", &id.to_string(), verdict, "--note", &why]);
    }
    // Verdicts reached without evidence, and claims still being checked.
    for (id, status) in [
        (3, "mostly-false"),
        (6, "misleading"),
        (8, "unproven"),
        (11, "half-true"),
    ] {
        env.ok(&["status", &id.to_string(), status, "--force"]);
    }
    for id in [5, 10] {
        env.ok(&["status", &id.to_string(), "in-progress"]);
    }
    // Claims made again, the hostile one among them (its text is then in a chart).
    for (id, date) in [
        (1, "2025-06-20"),
        (1, "2025-07-01"),
        (1, "2025-08-01"),
        (HOSTILE_ID, "2025-08-01"),
        (5, "2025-09-02"),
    ] {
        env.ok(&["repeat", &id.to_string(), "--date", date]);
    }
    env.ok(&[
        "repeat",
        "2",
        "--date",
        "2025-07-01",
        "--speaker",
        "Marco Rubio",
    ]);

    let site = env.dir().join("site");
    let mut args = vec![
        "report",
        "--out",
        site.to_str().expect("a UTF-8 path"),
        "--rows-per-page",
        "5",
    ];
    args.extend(publisher_flags());
    let stdout = env.ok(&args);
    assert!(
        stdout.starts_with("Wrote the report of 12 claims (4 speakers, 3 table pages) to "),
        "{stdout}"
    );
    (env, site)
}

/// `export --format claimreview` with the same publisher, by the claim id at the end of each
/// review's url.
fn exported_reviews(env: &TestEnv) -> Vec<(i64, Value)> {
    let mut args = vec!["export", "--format", "claimreview"];
    args.extend(publisher_flags());
    let reviews: Value = serde_json::from_str(&env.ok(&args)).expect("the export is JSON");
    reviews
        .as_array()
        .expect("the export is a JSON array")
        .iter()
        .map(|review| {
            let url = review["url"].as_str().expect("every review has a url");
            let id = url
                .strip_prefix("https://factcheck.example.org/claims/")
                .and_then(|id| id.parse().ok())
                .unwrap_or_else(|| panic!("a review url made from --review-url: {url}"));
            (id, review.clone())
        })
        .collect()
}

/// The review exported for claim `id`, if it has a verdict.
fn review_of(reviews: &[(i64, Value)], id: i64) -> Option<&Value> {
    reviews
        .iter()
        .find(|(claim, _)| *claim == id)
        .map(|(_, review)| review)
}

/// Each row of the page's review table: its claim id, `data-status`, whether the script hid it
/// (the `hidden` property), and whether it is actually drawn (its computed `display`).
const ROWS: &str = "return [...document.querySelectorAll('#claims tbody tr')].map(row => ({
    id: Number(row.cells[0].textContent.trim()),
    status: row.dataset.status,
    hidden: row.hidden,
    drawn: getComputedStyle(row).display !== 'none',
}));";

/// One row of [`ROWS`].
#[derive(Debug)]
struct Row {
    id: i64,
    status: String,
    hidden: bool,
    drawn: bool,
}

fn rows(browser: &Browser) -> Vec<Row> {
    let rows = browser.execute(ROWS, vec![]);
    rows.as_array()
        .unwrap_or_else(|| panic!("rows are a list: {rows}"))
        .iter()
        .map(|row| Row {
            id: row["id"].as_i64().unwrap_or_else(|| panic!("an id: {row}")),
            status: row["status"].as_str().unwrap_or_default().to_string(),
            hidden: row["hidden"] == json!(true),
            drawn: row["drawn"] == json!(true),
        })
        .collect()
}

fn ids(rows: &[Row]) -> Vec<i64> {
    rows.iter().map(|row| row.id).collect()
}

/// The ids of the rows the script left visible. Where that is not what is drawn (a style that
/// overrides `[hidden]` leaves filtered rows on screen), a fault goes into `faults`.
fn visible_ids(browser: &Browser, when: &str, faults: &mut Vec<String>) -> Vec<i64> {
    let rows = rows(browser);
    for row in rows.iter().filter(|row| row.drawn == row.hidden) {
        faults.push(format!(
            "{when}: the row of claim {} has hidden={} but is {}drawn",
            row.id,
            row.hidden,
            if row.drawn { "" } else { "not " }
        ));
    }
    rows.iter()
        .filter(|row| !row.hidden)
        .map(|row| row.id)
        .collect()
}

/// Types `text` into the table's filter, as a reader would.
fn type_filter(browser: &Browser, text: &str) {
    browser.execute(
        "const input = document.getElementById('filter');
         input.value = arguments[0];
         input.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(text)],
    );
}

/// Picks `status` in the table's status filter.
fn choose_status(browser: &Browser, status: &str) {
    browser.execute(
        "const select = document.getElementById('status-filter');
         select.value = arguments[0];
         select.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(status)],
    );
}

fn shown(browser: &Browser) -> Value {
    browser.execute(
        "return document.getElementById('shown').textContent;",
        vec![],
    )
}

/// Every text of the page's charts that is not inside its SVG's view box, where it is cut off.
/// A text's box is its glyphs' advance widths, a little wider than their ink: 2 units of slack
/// keep a glyph's side bearing from counting, and the check from depending on the font.
fn chart_text_outside(browser: &Browser) -> Vec<String> {
    let outside = browser.execute(
        "const faults = [];
         for (const svg of document.querySelectorAll('figure.chart svg.plot')) {
             const box = svg.viewBox.baseVal;
             for (const text of svg.querySelectorAll('text')) {
                 const b = text.getBBox();
                 if (b.x < box.x - 2 || b.x + b.width > box.x + box.width + 2
                     || b.y < box.y - 2 || b.y + b.height > box.y + box.height + 2) {
                     const shown = [...text.childNodes]
                         .filter(node => node.nodeType === Node.TEXT_NODE)
                         .map(node => node.data).join('');
                     faults.push(svg.closest('figure').id + ': ' + JSON.stringify(shown)
                         + ' spans x ' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1)
                         + ', y ' + b.y.toFixed(1) + '..' + (b.y + b.height).toFixed(1)
                         + ' of a ' + box.width + 'x' + box.height + ' view box');
                 }
             }
         }
         return faults;",
        vec![],
    );
    serde_json::from_value(outside).expect("a list of strings")
}

/// Whether a script smuggled in by the hostile claim ran on this page.
fn pwned(browser: &Browser) -> Value {
    browser.execute("return typeof window.__pwned;", vec![])
}

/// The page logged no error and asked for nothing but local files.
#[track_caller]
fn assert_clean(browser: &Browser, page: &str) {
    assert_eq!(
        browser.console_errors(),
        Vec::<String>::new(),
        "{page}: console errors"
    );
    let requests = browser.requests();
    assert!(!requests.is_empty(), "{page}: the page itself is a request");
    for url in &requests {
        assert!(
            url.starts_with("file://") || url.starts_with("data:"),
            "{page} went to the network: {url} (all requests: {requests:?})"
        );
    }
}

/// The page fetched `assets` (relative to the site), i.e. its style and script are linked right.
#[track_caller]
fn assert_loaded(browser: &Browser, site: &Path, page: &str, assets: &[&str]) {
    let requests = browser.requests();
    for asset in assets {
        let url = file_url(&site.join(asset));
        assert!(
            requests.contains(&url),
            "{page} did not load {asset}: {requests:?}"
        );
    }
}

/// Saves a screenshot of the current page under `target/report-screenshots/` and checks it is a
/// PNG.
fn screenshot(browser: &Browser, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("report-screenshots")
        .join(name);
    browser.screenshot(&path);
    let png = fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        png.starts_with(PNG_SIGNATURE),
        "{} is not a PNG: {:?}",
        path.display(),
        &png[..png.len().min(16)]
    );
}

#[test]
fn the_report_sorts_filters_and_pages_in_a_browser_offline_and_keeps_hostile_text_as_text() {
    let (env, site) = build_report();
    let reviews = exported_reviews(&env);
    let Some(browser) = Browser::start() else {
        return;
    };
    let page = |name: &str| file_url(&site.join(name));
    // Faults in how pages are drawn, reported together at the end: they are easier to fix seen
    // all at once, and they should not hide what the later checks would find.
    let mut faults = Vec::new();

    // The front page at desktop width.
    browser.set_window_size(1280, 900);
    browser.goto(&page("index.html"));
    screenshot(&browser, "desktop.png");
    assert_clean(&browser, "index.html");
    assert_loaded(&browser, &site, "index.html", &["report.css", "report.js"]);
    assert_eq!(pwned(&browser), "undefined", "a script ran from index.html");
    assert_eq!(ids(&rows(&browser)), PAGE_1, "the first page of the table");
    assert_eq!(
        browser.execute(
            "const controls = document.getElementById('table-controls');
             return [controls.hidden, getComputedStyle(controls).display];",
            vec![]
        ),
        json!([false, "flex"]),
        "the script shows the table controls"
    );
    for chart in ["chart-speakers", "chart-months", "chart-repeats"] {
        let svg = browser.execute(
            "const svg = document.querySelector('figure#' + arguments[0] + ' > svg.plot');
             if (!svg) { return null; }
             const title = svg.querySelector(':scope > title');
             return {
                 role: svg.getAttribute('role'),
                 title: title && title.textContent,
                 width: svg.getBoundingClientRect().width,
             };",
            vec![json!(chart)],
        );
        assert_eq!(svg["role"], "img", "{chart}: {svg}");
        assert!(
            svg["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{chart} has a titled SVG: {svg}"
        );
        assert!(
            svg["width"].as_f64().is_some_and(|w| w > 100.0),
            "{chart} is drawn: {svg}"
        );
    }
    for text in chart_text_outside(&browser) {
        faults.push(format!("index.html at 1280 wide: cut off: {text}"));
    }
    // The hostile text is in two charts (a speaker's bar, the most repeated claims): as text.
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('#chart-speakers svg text, #chart-repeats svg text, #chart-repeats svg title')]
                 .some(node => node.textContent.includes(arguments[0]));",
            vec![json!(HOSTILE)]
        ),
        json!(true),
        "the hostile text appears in the charts, literally"
    );
    let next = browser.execute(
        "const pager = document.querySelector('nav.pager');
         const next = pager && pager.querySelector('a[rel=next]');
         return next && next.href;",
        vec![],
    );
    assert_eq!(next, json!(page("pages/2.html")), "a pager to page 2");

    // Sorting by "#" (every sortable header got a button).
    assert_eq!(
        browser.execute(
            "return [document.querySelectorAll('#claims th[data-sort]').length,
                     document.querySelectorAll('#claims th[data-sort] > button.sort').length];",
            vec![]
        ),
        json!([7, 7])
    );
    let sort_by_id = "const th = [...document.querySelectorAll('#claims thead th')]
                          .find(th => th.textContent.trim() === 'ID');
                      th.querySelector('button.sort').click();
                      return th.getAttribute('aria-sort');";
    assert_eq!(browser.execute(sort_by_id, vec![]), "ascending");
    let mut ascending = PAGE_1;
    ascending.sort();
    assert_eq!(ids(&rows(&browser)), ascending, "sorted by id, ascending");
    assert_eq!(browser.execute(sort_by_id, vec![]), "descending");
    let mut descending = ascending;
    descending.reverse();
    assert_eq!(ids(&rows(&browser)), descending, "sorted by id, descending");

    // Filtering by a word, then by a status.
    assert_eq!(shown(&browser), "Showing all 5 claims of this page");
    type_filter(&browser, FILTER_WORD);
    let visible = visible_ids(&browser, "filtered by a word", &mut faults);
    let mut expected = FILTER_MATCHES;
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(visible, expected, "only the rows with {FILTER_WORD:?}");
    assert_eq!(shown(&browser), "Showing 3 of 5 claims of this page");
    type_filter(&browser, "");
    assert_eq!(
        visible_ids(&browser, "filter cleared", &mut faults),
        descending
    );
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('#status-filter option')].map(o => o.value);",
            vec![]
        ),
        json!([
            "",
            "unverified",
            "in-progress",
            "true",
            "mostly-true",
            "half-true",
            "mostly-false",
            "false",
            "misleading",
            "unproven"
        ]),
        "the statuses of the default scale, by name"
    );
    choose_status(&browser, "in-progress");
    let all = rows(&browser);
    let visible = visible_ids(&browser, "filtered by status", &mut faults);
    assert_eq!(visible, [10, 5], "the claims in progress");
    for row in all.iter().filter(|row| !row.hidden) {
        assert_eq!(row.status, "in-progress", "{row:?}");
    }
    assert_eq!(shown(&browser), "Showing 2 of 5 claims of this page");
    assert_clean(&browser, "index.html after sorting and filtering");

    // The second page of the table, which holds the hostile claim.
    browser.goto(&page("pages/2.html"));
    assert_clean(&browser, "pages/2.html");
    assert_loaded(
        &browser,
        &site,
        "pages/2.html",
        &["report.css", "report.js"],
    );
    assert_eq!(
        pwned(&browser),
        "undefined",
        "a script ran from pages/2.html"
    );
    assert_eq!(ids(&rows(&browser)), PAGE_2);
    assert_eq!(
        browser.execute(
            "return document.getElementById('table-controls').hidden;",
            vec![]
        ),
        json!(false)
    );
    let hostile_row = browser.execute(
        "const row = [...document.querySelectorAll('#claims tbody tr')]
             .find(row => row.cells[0].textContent.trim() === String(arguments[0]));
         return {
             claim: row.cells[1].textContent,
             speaker: row.cells[2].textContent,
             href: row.cells[1].querySelector('a').href,
             images: row.querySelectorAll('img, script').length,
         };",
        vec![json!(HOSTILE_ID)],
    );
    assert_eq!(
        hostile_row,
        json!({
            "claim": HOSTILE,
            "speaker": HOSTILE,
            "href": page(&claim_page(HOSTILE_ID as usize)),
            "images": 0,
        })
    );
    assert!(
        browser
            .execute("return !!document.querySelector('nav.pager');", vec![])
            .as_bool()
            .unwrap_or(false),
        "pages/2.html has a pager"
    );

    // Every claim page: safe, clean, and its JSON-LD is the export's review.
    let mut hostile_speaker_page = None;
    for id in 1..=CLAIMS.len() as i64 {
        let name = claim_page(id as usize);
        browser.goto(&page(&name));
        assert_clean(&browser, &name);
        assert_loaded(&browser, &site, &name, &["report.css"]);
        assert_eq!(pwned(&browser), "undefined", "a script ran from {name}");
        let shown = browser.execute(
            "const blocks = document.querySelectorAll('script[type=\"application/ld+json\"]');
             return {
                 text: document.querySelector('blockquote.claim').textContent,
                 scripts: document.scripts.length,
                 images: document.images.length,
                 blocks: blocks.length,
                 review: blocks.length ? JSON.parse(blocks[0].textContent) : null,
                 speaker: document.querySelector('dl.facts dd a').href,
             };",
            vec![],
        );
        let (_, _, text) = CLAIMS[id as usize - 1];
        assert_eq!(shown["text"], text, "{name}: the claim, literally");
        assert_eq!(shown["images"], 0, "{name}: no image");
        let review = review_of(&reviews, id);
        assert_eq!(
            shown["blocks"],
            json!(u8::from(review.is_some())),
            "{name}: a JSON-LD block if and only if the claim has a verdict"
        );
        assert_eq!(shown["scripts"], shown["blocks"], "{name}: no other script");
        assert_eq!(
            shown["review"],
            review.cloned().unwrap_or(Value::Null),
            "{name}: the embedded ClaimReview is the exported one"
        );
        if id == HOSTILE_ID {
            assert_eq!(shown["review"]["claimReviewed"], HOSTILE);
            assert_eq!(shown["review"]["itemReviewed"]["author"]["name"], HOSTILE);
            assert_eq!(
                shown["review"]["reviewRating"]["ratingExplanation"],
                HOSTILE
            );
            assert_eq!(
                browser.execute("return document.querySelector('h1').textContent;", vec![]),
                json!(format!("Claim {HOSTILE_ID} by {HOSTILE}"))
            );
            hostile_speaker_page = shown["speaker"].as_str().map(str::to_owned);
        }
    }

    // The hostile speaker's page, reached by its link, and the list of speakers.
    let speaker_page = hostile_speaker_page.expect("the hostile claim links to its speaker");
    browser.goto(&speaker_page);
    assert_clean(&browser, &speaker_page);
    assert_eq!(
        pwned(&browser),
        "undefined",
        "a script ran from {speaker_page}"
    );
    assert_eq!(
        browser.execute("return document.querySelector('h1').textContent;", vec![]),
        json!(HOSTILE)
    );
    assert_eq!(ids(&rows(&browser)), [HOSTILE_ID]);
    browser.goto(&page("speakers/index.html"));
    assert_clean(&browser, "speakers/index.html");
    assert_eq!(
        pwned(&browser),
        "undefined",
        "a script ran from speakers/index.html"
    );
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('tbody tr td:first-child')].map(td => td.textContent);",
            vec![]
        ),
        json!(["Claudia Sheinbaum", "Marco Rubio", "Kristi Noem", HOSTILE]),
        "every speaker, most claims first"
    );

    // The front page on a phone: the table turns into cards, which must still hide the rows the
    // filter leaves out, and nothing sticks out sideways.
    browser.set_window_size(390, 844);
    browser.goto(&page("index.html"));
    screenshot(&browser, "phone.png");
    assert_clean(&browser, "index.html on a phone");
    let widths = browser.execute(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
        vec![],
    );
    if widths[0].as_f64() > widths[1].as_f64() {
        faults.push(format!(
            "index.html at 390 wide scrolls sideways: [scrollWidth, clientWidth] = {widths}"
        ));
    }
    type_filter(&browser, FILTER_WORD);
    let expected: Vec<i64> = PAGE_1
        .into_iter()
        .filter(|id| FILTER_MATCHES.contains(id))
        .collect();
    assert_eq!(
        visible_ids(
            &browser,
            "index.html at 390 wide, filtered by a word",
            &mut faults
        ),
        expected
    );
    assert_clean(&browser, "index.html on a phone, filtered");

    assert!(
        faults.is_empty(),
        "the report is drawn wrong:\n{}",
        faults.join("\n")
    );
}

/// The part of `html` from the first `start` to the following `end`, both excluded.
fn between<'a>(html: &'a str, start: &str, end: &str, what: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {what}"))
        + start.len();
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?} in {what}"));
    &html[from..from + to]
}

/// The claim ids of the rows of the review table in a page's source, in order.
fn table_ids(html: &str, what: &str) -> Vec<i64> {
    let table = between(html, "<table id=\"claims\">", "</table>", what);
    let body = between(table, "<tbody>", "</tbody>", what);
    body.split("<tr data-status=\"")
        .skip(1)
        .map(|row| {
            between(row, "<td class=\"num\">", "</td>", what)
                .parse()
                .unwrap_or_else(|e| panic!("{what}: a claim id in the first cell ({e}): {row}"))
        })
        .collect()
}

#[test]
fn the_report_is_complete_as_plain_html_and_embeds_the_exported_reviews() {
    let (env, site) = build_report();
    let read = |name: &str| {
        fs::read_to_string(site.join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
    };

    // Without JavaScript: every row of each page is in the HTML, the controls (which need the
    // script) are hidden, and the only script is the external one.
    for (name, expected) in [
        ("index.html", &PAGE_1[..]),
        ("pages/2.html", &PAGE_2[..]),
        ("pages/3.html", &PAGE_3[..]),
    ] {
        let html = read(name);
        assert_eq!(table_ids(&html, name), expected, "{name}: the rows");
        assert!(
            html.contains("<div id=\"table-controls\" hidden>"),
            "{name}: the controls are hidden until the script runs"
        );
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{name}: one script element"
        );
        assert!(
            html.contains("report.js\" defer></script>"),
            "{name}: the script is report.js"
        );
        assert!(
            html.contains("<nav class=\"pager\""),
            "{name}: links to the other pages"
        );
    }
    let index = read("index.html");
    for id in PAGE_1 {
        let (_, _, text) = CLAIMS[id as usize - 1];
        assert!(
            index.contains(&format!(
                "<a href=\"{}\">{text}</a>",
                claim_page(id as usize)
            )),
            "index.html links claim {id} with its text"
        );
    }
    assert!(
        !fs::exists(site.join("pages/1.html")).expect("stat pages/1.html")
            && !fs::exists(site.join("pages/4.html")).expect("stat pages/4.html"),
        "page 1 is index.html, and there are three pages"
    );

    // The hostile text is escaped everywhere it is written.
    let mut pages = vec![
        "index.html".to_string(),
        "pages/2.html".to_string(),
        "pages/3.html".to_string(),
        "speakers/index.html".to_string(),
    ];
    pages.extend((1..=CLAIMS.len()).map(claim_page));
    for entry in fs::read_dir(site.join("speakers")).expect("list speakers/") {
        let name = entry.expect("a speaker page").file_name();
        pages.push(format!("speakers/{}", name.to_string_lossy()));
    }
    for name in &pages {
        let html = read(name);
        assert!(
            !html.contains("<script>") && !html.contains("<img") && !html.contains("__pwned=1</"),
            "{name} holds the hostile markup unescaped"
        );
    }

    // Each claim page with a verdict embeds exactly its exported review; the others none.
    let reviews = exported_reviews(&env);
    assert_eq!(reviews.len(), 8, "the claims with a verdict");
    for id in 1..=CLAIMS.len() as i64 {
        let name = claim_page(id as usize);
        let html = read(&name);
        let start = "<script type=\"application/ld+json\">";
        match review_of(&reviews, id) {
            Some(review) => {
                let json = between(&html, start, "</script>", &name);
                let embedded: Value = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("{name}: the JSON-LD is not JSON ({e}): {json}"));
                assert_eq!(&embedded, review, "{name}: the exported review");
            }
            None => assert!(!html.contains(start), "{name} has no verdict, so no review"),
        }
    }
}

/// A claim's page in the report: a thousand claims to a folder.
fn claim_page(id: usize) -> String {
    format!("claims/{}/{id}.html", id / 1000)
}
