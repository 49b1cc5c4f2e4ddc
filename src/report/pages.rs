//! The report's pages, as maud templates: every string from the database goes through maud's
//! escaping (HTML text and attributes), links are made only of http(s) addresses, and the
//! ClaimReview JSON inside its script block is escaped so that no text can end the block.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::Value;

use super::charts::{self, Bar, Segment};
use super::summary::{SpeakerRecord, Summary};
use crate::input;
use crate::model::{Claim, ClaimRecord, HistoryEntry, Stance, Status};
use crate::output::table::{count, counted, shortened, when};
use crate::scale::{Leaning, Scale};

/// The page's security policy: nothing from the network, scripts and styles only from the
/// report's own files, no inline script or style. If escaping ever failed, an injected script
/// would still not run.
const SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' file:; \
    style-src 'self' file:; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// What every page needs to know about the report.
pub struct Site<'a> {
    pub title: &'a str,
    pub scale: &'a Scale,
    /// When the report was made, RFC 3339.
    pub generated_at: &'a str,
    /// The ids by name of the speakers with a page, `speakers/ID.html`: those with claims of
    /// their own. Someone who only repeated a claim is named without a link.
    pub speaker_ids: &'a HashMap<String, crate::model::SpeakerId>,
    /// A report for readers: published claims only, without the desk's working notes,
    /// reviewers' names or internal history. Otherwise every page says it is internal.
    pub public: bool,
}

/// Claim pages are kept a thousand to a folder: a desk with a million claims would otherwise
/// have a million files in one folder, slow to write and to list.
pub const CLAIMS_PER_FOLDER: i64 = 1000;

/// The folder of a claim's page, under the report's folder.
pub fn claim_folder(id: i64) -> String {
    format!("claims/{}", id.div_euclid(CLAIMS_PER_FOLDER))
}

/// A claim's page, under the report's folder: `claims/12/12345.html`.
pub fn claim_path(id: i64) -> String {
    format!("{}/{id}.html", claim_folder(id))
}

/// Where a page sits: its links to the others start with this ("" or "../").
#[derive(Clone, Copy)]
pub struct Root(pub &'static str);

impl Root {
    /// The link to a claim's page.
    pub fn claim(self, id: i64) -> String {
        format!("{}{}", self.0, claim_path(id))
    }

    /// The link to a page of the review table; the first is the front page.
    pub fn table_page(self, page: usize) -> String {
        match page {
            1 => format!("{}index.html", self.0),
            n => format!("{}pages/{n}.html", self.0),
        }
    }

    /// The link to a speaker's page, when they have one.
    fn speaker(self, site: &Site<'_>, name: &str) -> Option<String> {
        let id = site.speaker_ids.get(name)?;
        Some(format!("{}speakers/{id}.html", self.0))
    }
}

/// A page of the report.
fn layout(site: &Site<'_>, root: Root, title: &str, scripted: bool, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(SECURITY_POLICY);
                meta name="generator" content="claims report";
                title { (title) " · " (site.title) }
                link rel="stylesheet" href={(root.0) "report.css"};
                @if scripted {
                    script src={(root.0) "report.js"} defer {}
                }
            }
            body {
                @if !site.public {
                    p.internal role="note" {
                        strong { "Internal report" } ": it holds the desk's working notes, \
                        reviewers' names and unpublished claims; publish " code { "claims report --public" } " instead."
                    }
                }
                header.site {
                    nav aria-label="Report" {
                        a href={(root.0) "index.html"} { (site.title) }
                        a href={(root.0) "speakers/index.html"} { "Speakers" }
                    }
                }
                main { (body) }
                footer.site {
                    p { "Made by " code { "claims report" } " on " (day(site.generated_at)) "." }
                }
            }
        }
    }
}

/// A status as a coloured label; the label's words carry the meaning, the colour repeats it.
fn status_label(scale: &Scale, status: &Status) -> Markup {
    let leaning = match scale.leaning(status) {
        Leaning::Unchecked => "unchecked",
        Leaning::InProgress => "in-progress",
        Leaning::True => "true",
        Leaning::Between => "between",
        Leaning::False => "false",
        Leaning::OffAxis => "off-axis",
    };
    html! { span class={"status lean-" (leaning)} { (scale.label(status)) } }
}

/// The address as a link when it is an http(s) address, else as plain text.
fn web_link(url: &str, text: &str) -> Markup {
    // The rule every address passes on its way in; one written behind claims' back may not.
    let is_web = input::web_url(url, "a link").is_ok();
    html! {
        @if is_web { a.break href=(url) rel="noopener noreferrer" { (text) } }
        @else { span.break { (text) } }
    }
}

/// A speaker's name, linked to their page.
fn speaker_link(site: &Site<'_>, root: Root, name: &str) -> Markup {
    html! {
        @match root.speaker(site, name) {
            Some(href) => a href=(href) { (name) },
            None => (name),
        }
    }
}

/// The date of an RFC 3339 timestamp.
fn day(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

/// A moment for people: "2025-09-04 12:00 UTC", as tables show it plus the zone, since a page
/// is read anywhere.
fn moment(timestamp: &crate::model::Timestamp) -> String {
    format!("{} UTC", when(timestamp))
}

/// The review table of `claims`, with the (scripted) filter and sort controls above it.
pub fn claim_table(site: &Site<'_>, root: Root, claims: &[Claim]) -> Markup {
    let ranks: HashMap<&str, usize> = site
        .scale
        .status_names()
        .into_iter()
        .enumerate()
        .map(|(rank, name)| (name, rank))
        .collect();
    html! {
        div #table-controls hidden {
            label { "Filter this page"
                input #filter type="search" placeholder="Words of a claim or a speaker";
            }
            label { "Status"
                select #status-filter {
                    option value="" { "All statuses" }
                    @for name in site.scale.status_names() {
                        @let status = Status::new(name.to_string());
                        option value=(name) { (site.scale.label(&status)) }
                    }
                }
            }
            p #shown aria-live="polite" {}
        }
        div.table-wrap.cards {
            table #claims {
                caption.muted { "Claims, newest first. " (count(claims.len() as u64)) " on this page." }
                thead { tr {
                    th.num scope="col" data-sort="number" { "ID" }
                    th scope="col" data-sort="text" { "Claim" }
                    th scope="col" data-sort="text" { "Speaker" }
                    th scope="col" data-sort="text" { "Said on" }
                    th scope="col" data-sort="number" { "Status" }
                    th.num.wide scope="col" data-sort="number" { "Sources" }
                    th.num.wide scope="col" data-sort="number" { "Made" }
                } }
                tbody {
                    @for claim in claims {
                        tr data-status=(claim.status.as_str()) {
                            td.num { (claim.id.0) }
                            td { a href=(root.claim(claim.id.0)) { (shortened(claim.text.trim(), 280)) } }
                            td { (speaker_link(site, root, &claim.speaker)) }
                            td.date data-v=(crate::output::table::day(claim.said_on, "")) {
                                (crate::output::table::day(claim.said_on, "unknown"))
                            }
                            td data-v=(ranks.get(claim.status.as_str()).copied().unwrap_or(usize::MAX)) {
                                (status_label(site.scale, &claim.status))
                            }
                            td.num.wide { (claim.evidence_count) }
                            td.num.wide { (claim.times_said) }
                        }
                    }
                }
            }
        }
    }
}

/// Links to the nearby pages of the review table, and to the list of them all. `place` tells
/// the two copies (above and below the table) apart for screen readers.
fn pager(root: Root, current: usize, pages: usize, place: &str) -> Markup {
    if pages <= 1 {
        return html! {};
    }
    let near: Vec<usize> = (1..=pages)
        .filter(|page| *page <= 2 || *page + 1 >= pages || page.abs_diff(current) <= 2)
        .collect();
    html! {
        nav.pager aria-label={"Pages of the table, " (place)} {
            @if current > 1 { a href=(root.table_page(current - 1)) rel="prev" { "← Newer" } }
            @for (i, page) in near.iter().enumerate() {
                @if i > 0 && near[i - 1] + 1 != *page { span.muted aria-hidden="true" { "…" } }
                @if *page == current { span aria-current="page" { (page) } }
                @else { a href=(root.table_page(*page)) { (page) } }
            }
            @if current < pages { a href=(root.table_page(current + 1)) rel="next" { "Older →" } }
            a href={(root.0) "pages/index.html"} { "All " (pages) " pages" }
        }
    }
}

/// Every page of the review table, with the dates it spans: one list, so that a table page
/// need not carry links to all the others.
pub fn all_pages(
    site: &Site<'_>,
    spans: &[(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)],
) -> Markup {
    let root = Root("../");
    let body = html! {
        h1 { "All pages of the review table" }
        ol.all-pages {
            @for (index, (newest, oldest)) in spans.iter().enumerate() {
                li {
                    a href=(root.table_page(index + 1)) { "Page " (index + 1) }
                    " " span.muted { @match (newest, oldest) {
                        (None, None) => "undated",
                        (newest, oldest) => {
                            (crate::output::table::day(*newest, "undated")) " to " (crate::output::table::day(*oldest, "undated"))
                        }
                    } }
                }
            }
        }
    };
    layout(site, root, "All pages", false, body)
}

/// The statuses of the scale as chart segments, in the scale's order.
fn status_segments(scale: &Scale) -> Vec<Segment> {
    scale
        .status_names()
        .into_iter()
        .map(|name| {
            let status = Status::new(name.to_string());
            Segment {
                label: scale.label(&status).to_string(),
                colour: charts::status_colour(scale, &status),
            }
        })
        .collect()
}

/// The counts of `by_status` in the scale's order.
fn in_scale_order(scale: &Scale, by_status: &HashMap<String, u64>) -> Vec<u64> {
    scale
        .status_names()
        .into_iter()
        .map(|name| by_status.get(name).copied().unwrap_or(0))
        .collect()
}

/// The claims of each status, as labels with numbers.
fn status_counts(scale: &Scale, by_status: &HashMap<String, u64>) -> Markup {
    html! {
        @if by_status.values().all(|n| *n == 0) { p.muted { "No claims logged yet." } }
        ul.counts {
            @for name in scale.status_names() {
                @let n = by_status.get(name).copied().unwrap_or(0);
                @if n > 0 {
                    li { strong { (count(n)) } (status_label(scale, &Status::new(name.to_string()))) }
                }
            }
        }
    }
}

/// How many speakers the "verdicts by speaker" chart shows.
const CHART_SPEAKERS: usize = 12;

/// The front page: counts, charts and the first page of the review table.
pub fn index(
    site: &Site<'_>,
    summary: &Summary,
    speakers: &[SpeakerRecord<'_>],
    claims: &[Claim],
    pages: usize,
) -> Markup {
    let root = Root("");
    let checked: u64 = summary
        .by_status
        .iter()
        .filter(|(name, _)| Status::new((*name).clone()).is_verdict())
        .map(|(_, n)| n)
        .sum();
    let bars: Vec<Bar> = speakers
        .iter()
        .take(CHART_SPEAKERS)
        .map(|(name, _, counts)| Bar {
            label: name.to_string(),
            href: root.speaker(site, name),
            values: in_scale_order(site.scale, counts),
        })
        .collect();
    let months = charts::every_month(
        summary
            .months
            .iter()
            .map(|(month, counts)| (month, (counts.logged, counts.checked))),
    );
    let repeated: Vec<(String, String, i64)> = summary
        .repeated
        .iter()
        .map(|r| (r.text.clone(), root.claim(r.id), r.times))
        .collect();
    let body = html! {
        h1 { (site.title) }
        p.lead {
            (counted(summary.claims, "claim")) " from " (counted(speakers.len() as u64, "speaker")) "; "
            (count(checked)) " with a verdict."
        }
        section aria-labelledby="by-status" {
            h2 #by-status { "By status" }
            (status_counts(site.scale, &summary.by_status))
        }
        @if summary.claims > 0 {
            section aria-labelledby="at-a-glance" {
                h2 #at-a-glance { "At a glance" }
                div.charts {
                    (charts::stacked_bars(
                        "chart-speakers",
                        "Verdicts by speaker",
                        &format!("The {} speakers with the most claims, each bar split by status in the scale's order.", bars.len()),
                        &status_segments(site.scale),
                        &bars,
                    ))
                    (charts::months("chart-months", "Claims made and checked per month", &months, summary.undated))
                    @if repeated.is_empty() {
                        figure.chart #chart-repeats {
                            figcaption { "Most repeated claims" }
                            p.muted { "No claim has been logged as made more than once yet (" code { "claims repeat" } ")." }
                        }
                    } @else {
                        (charts::repeated("chart-repeats", "Most repeated claims", &repeated))
                    }
                }
            }
        }
        (table_section(site, root, claims, 1, pages))
    };
    layout(site, root, "Review", true, body)
}

/// A later page of the review table.
pub fn table_page(site: &Site<'_>, claims: &[Claim], page: usize, pages: usize) -> Markup {
    let root = Root("../");
    let body = html! {
        h1 { "All claims, page " (page) " of " (pages) }
        (table_section(site, root, claims, page, pages))
    };
    layout(site, root, &format!("Claims, page {page}"), true, body)
}

fn table_section(
    site: &Site<'_>,
    root: Root,
    claims: &[Claim],
    page: usize,
    pages: usize,
) -> Markup {
    html! {
        section aria-labelledby="all-claims" {
            h2 #all-claims { "All claims" }
            @if pages > 1 {
                p.muted { "Page " (page) " of " (pages) ", newest first. Sorting and filtering apply to this page." }
            }
            (pager(root, page, pages, "top"))
            (claim_table(site, root, claims))
            (pager(root, page, pages, "bottom"))
        }
    }
}

/// The ClaimReview as the body of a `<script type="application/ld+json">`. `<`, `>` and `&`
/// are written as JSON's `\u` escapes, which only ever occur inside strings: the JSON means the
/// same, and no text (`</script>`, `<!--`) can end or change the block.
pub fn json_ld(review: &Value) -> PreEscaped<String> {
    let json = serde_json::to_string_pretty(review).expect("a JSON value always serialises");
    let mut safe = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            other => safe.push(other),
        }
    }
    PreEscaped(safe)
}

/// A claim's own page: the claim, the verdict and why, the evidence, notes, repeats, history,
/// and its ClaimReview.
pub fn claim(
    site: &Site<'_>,
    record: &ClaimRecord,
    review: Option<&Value>,
    publication: Option<&crate::model::workflow::Publication>,
) -> Markup {
    let root = Root("../../");
    let claim = &record.claim;
    let decision = record.verdict_decision();
    // Each change of the verdict after it was published, as readers are owed it (IFCN's
    // corrections principle).
    let corrections: Vec<&HistoryEntry> = publication
        .map(|published| {
            record
                .history
                .iter()
                .filter(|entry| {
                    entry.field == crate::model::HistoryField::Status
                        && entry.at > published.published_at
                })
                .collect()
        })
        .unwrap_or_default();
    let body = html! {
        p.muted { a href=(root.table_page(1)) { "All claims" } " › Claim " (claim.id.0) }
        h1 { "Claim " (claim.id.0) " by " (claim.speaker) }
        blockquote.claim { (claim.text) }
        dl.facts {
            dt { "Speaker" }
            dd {
                (speaker_link(site, root, &claim.speaker))
                @if let Some(role) = &claim.speaker_role { ", " (role) }
            }
            dt { "Said on" } dd { (crate::output::table::day(claim.said_on, "unknown")) }
            @if let Some(url) = &claim.source_url { dt { "Where" } dd { (web_link(url, url)) } }
            @if let Some(context) = &claim.context { dt { "Context" } dd.prose { (context) } }
            dt { "Status" } dd { (status_label(site.scale, &claim.status)) }
            @if let Some(decision) = decision {
                @if let Some(why) = &decision.note { dt { "Why" } dd.prose { (why) } }
                @if site.public {
                    dt { "Checked" } dd { (moment(&decision.at)) }
                } @else {
                    dt { "Decided" } dd { (moment(&decision.at)) " by " (decision.actor) }
                }
            }
            @if let Some(published) = publication {
                dt { "Published" } dd {
                    (moment(&published.published_at))
                    @if let Some(url) = &published.url { " · " (web_link(url, url)) }
                }
            }
            @if !claim.tags.is_empty() { dt { "Tags" } dd { (claim.tags.join(", ")) } }
            @if claim.times_said > 1 { dt { "Made" } dd { (claim.times_said) " times" } }
            dt { "Logged" } dd { (moment(&claim.created_at)) }
        }
        section aria-labelledby="evidence" {
            h2 #evidence { "Evidence (" (record.evidence.len()) ")" }
            @if record.evidence.is_empty() { p.muted { "No source attached yet." } }
            ol.evidence {
                @for source in &record.evidence {
                    li {
                        span class={"stance stance-" (source.stance.as_str())} { (stance_words(source.stance)) }
                        " · "
                        (web_link(&source.url, source.title.as_deref().unwrap_or(&source.url)))
                        @if source.publisher.is_some() || source.published_on.is_some() {
                            " " span.muted {
                                "(" (source.publisher.as_deref().unwrap_or(""))
                                @if source.publisher.is_some() && source.published_on.is_some() { ", " }
                                (crate::output::table::day(source.published_on, "")) ")"
                            }
                        }
                        @if let Some(excerpt) = &source.excerpt { blockquote.prose { (excerpt) } }
                        @if let Some(note) = &source.note { p.prose { (note) } }
                    }
                }
            }
        }
        @if !record.appearances.is_empty() {
            section aria-labelledby="repeats" {
                h2 #repeats { "Made again (" (record.appearances.len()) ")" }
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Said on" } th scope="col" { "By" } th scope="col" { "Where" } th scope="col" { "Context" } } }
                    tbody {
                        @for again in &record.appearances {
                            tr {
                                td.date { (crate::output::table::day(again.said_on, "unknown")) }
                                td { (speaker_link(site, root, &again.speaker)) }
                                td { @if let Some(url) = &again.source_url { (web_link(url, url)) } }
                                td.prose { (again.context.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                } }
            }
        }
        @if !corrections.is_empty() {
            section aria-labelledby="corrections" {
                h2 #corrections { "Corrections (" (corrections.len()) ")" }
                ol.corrections {
                    @for entry in &corrections {
                        li {
                            (moment(&entry.at)) ": the verdict was changed from "
                            (entry.old_value.as_deref().unwrap_or("")) " to "
                            (entry.new_value.as_deref().unwrap_or(""))
                            @if let Some(why) = &entry.note { ". " span.prose { (why) } }
                        }
                    }
                }
            }
        }
        @if !record.notes.is_empty() && !site.public {
            section.notes aria-labelledby="notes" {
                h2 #notes { "Notes (" (record.notes.len()) ")" }
                @for note in &record.notes {
                    blockquote.prose { (note.text) }
                    p.muted { "— " (note.author) ", " (moment(&note.created_at)) }
                }
            }
        }
        @if !site.public {
        section aria-labelledby="history" {
            h2 #history { "History" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "From" } th scope="col" { "To" } th scope="col" { "Why" } } }
                tbody {
                    @for entry in &record.history { (history_row(entry)) }
                    @if record.history.is_empty() { tr { td colspan="6" { "No change recorded." } } }
                }
            } }
        }
        }
        @if let Some(review) = review {
            script type="application/ld+json" { (json_ld(review)) }
        }
    };
    layout(site, root, &format!("Claim {}", claim.id.0), false, body)
}

fn history_row(entry: &HistoryEntry) -> Markup {
    html! {
        tr {
            td.date { (moment(&entry.at)) }
            td { (entry.actor) }
            td { (entry.field) }
            td.prose.break { (history_value(entry.old_value.as_deref())) }
            td.prose.break { (history_value(entry.new_value.as_deref())) }
            td.prose { (entry.note.as_deref().unwrap_or("")) }
        }
    }
}

/// A value of the history for people. Sources and repeats are kept whole, as JSON: a source
/// reads as its stance and title, a repeat as who made the claim again and when.
fn history_value(value: Option<&str>) -> String {
    let value = value.unwrap_or("");
    let object = value
        .starts_with('{')
        .then(|| serde_json::from_str::<Value>(value).ok())
        .flatten()
        .unwrap_or(Value::Null);
    if let Some(url) = object["url"].as_str() {
        let title = object["title"].as_str().unwrap_or(url);
        let stance = object["stance"].as_str().unwrap_or("a");
        return format!("{stance} source: {}", shortened(title.trim(), 200));
    }
    if let Ok(repeat) = serde_json::from_value::<crate::model::Appearance>(object) {
        return repeat.in_words();
    }
    shortened(value.trim(), 400)
}

fn stance_words(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => "Supports",
        Stance::Refutes => "Refutes",
        Stance::Context => "Context",
    }
}

/// How many of a speaker's claims their page lists; all of them are in the review table.
pub const SPEAKER_ROWS: usize = 1000;

/// A speaker's record: their claims by status, and their claims.
pub fn speaker(
    site: &Site<'_>,
    name: &str,
    by_status: &HashMap<String, u64>,
    claims: &[Claim],
) -> Markup {
    let root = Root("../");
    let total: u64 = by_status.values().sum();
    let bar = Bar {
        label: name.to_string(),
        href: None,
        values: in_scale_order(site.scale, by_status),
    };
    let body = html! {
        p.muted { a href="index.html" { "Speakers" } " › " (name) }
        h1 { (name) }
        p.lead { (counted(total, "claim")) " logged." }
        (status_counts(site.scale, by_status))
        div.charts {
            (charts::stacked_bars(
                "chart-record",
                "Their record",
                &format!("{name}'s claims by status, in the scale's order."),
                &status_segments(site.scale),
                std::slice::from_ref(&bar),
            ))
        }
        section aria-labelledby="all-claims" {
            h2 #all-claims { "Their claims" }
            @if (claims.len() as u64) < total {
                p.muted { "The " (count(claims.len() as u64)) " most recent of " (count(total)) "; every claim is in the " a href=(root.table_page(1)) { "review table" } "." }
            }
            (claim_table(site, root, claims))
        }
    };
    layout(site, root, name, true, body)
}

/// Every speaker, most claims first.
pub fn speakers(site: &Site<'_>, speakers: &[SpeakerRecord<'_>]) -> Markup {
    let root = Root("../");
    let body = html! {
        h1 { "Speakers" }
        div.table-wrap { table {
            caption.muted { (counted(speakers.len() as u64, "speaker")) ", most claims first." }
            thead { tr { th scope="col" { "Speaker" } th.num scope="col" { "Claims" } th scope="col" { "False-leaning" } } }
            tbody {
                @for (name, total, counts) in speakers {
                    @let false_leaning: u64 = counts.iter()
                        .filter(|(status, _)| site.scale.leaning(&Status::new((*status).clone())) == Leaning::False)
                        .map(|(_, n)| n).sum();
                    tr {
                        td { (speaker_link(site, root, name)) }
                        td.num { (count(*total)) }
                        td.num { (count(false_leaning)) }
                    }
                }
            }
        } }
    };
    layout(site, root, "Speakers", false, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_end_its_script_block() {
        let review = serde_json::json!({"claimReviewed": "</script><script>alert(1)</script> & <!-- \u{2028}"});
        let PreEscaped(text) = json_ld(&review);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, review);
    }
}
