//! `claims report`: the database as a small static website that works offline from a folder.
//!
//! ```text
//! index.html           counts, charts, and the first page of the review table
//! pages/N.html         the rest of the review table, `rows_per_page` claims a page
//! pages/index.html     every page of the table, with the dates it spans
//! claims/K/ID.html     one page per claim (K = ID / 1000), with its ClaimReview JSON-LD
//! speakers/index.html  every speaker with claims; speakers/ID.html, one page per speaker
//! report.css, report.js
//! ```
//!
//! Three passes over one read snapshot: every claim's full record (written as its page and
//! counted for the front page), the review table in its order, then the speakers.

pub mod charts;
pub mod pages;
pub mod site;
pub mod summary;
mod writer;

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::claimreview::{self, Publisher};
use crate::db::StoreTxn;
use crate::filter::{ClaimFilter, SortOrder};
use crate::model::Claim;
use crate::scale::Scale;
use pages::Site;
use summary::Summary;
use writer::PageWriter;

const STYLE: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/report.js");

/// How to make the report.
pub struct Options {
    /// The title on every page.
    pub title: String,
    /// Claims per page of the review table: the front page stays light however big the desk.
    pub rows_per_page: usize,
    /// Who publishes the reviews; without one the claim pages carry no ClaimReview.
    pub publisher: Option<Publisher>,
    /// When the report is made, RFC 3339.
    pub generated_at: String,
    /// For readers: published claims only, and none of the desk's internal material.
    pub public: bool,
}

/// What was written.
pub struct Written {
    /// Claims, each with its page.
    pub claims: u64,
    /// Speakers with a page.
    pub speakers: usize,
    /// Pages of the review table, the front page included.
    pub table_pages: usize,
    /// ClaimReview blocks embedded.
    pub reviews: u64,
}

/// Writes the report of the database into the empty folder `dir`; `progress` is told the
/// number of claim pages written so far, every thousand pages.
pub fn write(
    read: &dyn StoreTxn,
    scale: &Scale,
    options: &Options,
    dir: &Path,
    progress: &dyn Fn(u64),
) -> Result<Written> {
    let writer = PageWriter::new();
    let written = write_pages(read, scale, options, dir, &writer, progress);
    // A writer's error (a full disk) is the cause when the pages stop, so it comes first.
    writer.finish()?;
    written
}

fn write_pages(
    read: &dyn StoreTxn,
    scale: &Scale,
    options: &Options,
    dir: &Path,
    writer: &PageWriter,
    progress: &dyn Fn(u64),
) -> Result<Written> {
    for sub in ["claims", "pages", "speakers"] {
        std::fs::create_dir(dir.join(sub))
            .with_context(|| format!("cannot create '{}'", dir.join(sub).display()))?;
    }
    writer.write(dir.join("report.css"), STYLE.to_string())?;
    writer.write(dir.join("report.js"), SCRIPT.to_string())?;
    let mut speaker_ids = read.speakers_with_claims()?;
    if options.public {
        // Only the speakers of published claims have a page: no link may lead elsewhere.
        let published: std::collections::HashSet<String> = read
            .count_by_speaker_and_status(&ClaimFilter {
                published: Some(true),
                ..ClaimFilter::default()
            })?
            .into_iter()
            .map(|(speaker, _, _)| speaker)
            .collect();
        speaker_ids.retain(|name, _| published.contains(name));
    }
    // Publications are looked up claim by claim only where there are some.
    let any_published = read.any_published()?;
    let site = Site {
        title: &options.title,
        scale,
        generated_at: &options.generated_at,
        speaker_ids: &speaker_ids,
        public: options.public,
    };
    // A public report holds the published claims, and only them, everywhere.
    let shown = ClaimFilter {
        published: options.public.then_some(true),
        ..ClaimFilter::default()
    };

    let mut summary = Summary::default();
    let mut reviews = 0;
    let mut folder = None;
    let organizations = read.organizations()?;
    read.for_each_record(&shown, &mut |record| {
        summary.add(&record);
        if summary.claims.is_multiple_of(1000) {
            progress(summary.claims);
        }
        let review = options
            .publisher
            .as_ref()
            .and_then(|publisher| claimreview::review(&record, scale, publisher, &organizations));
        reviews += u64::from(review.is_some());
        let id = record.claim.id.0;
        // Claims come in id order: a new folder starts with the first claim of its thousand.
        let this_folder = pages::claim_folder(id);
        if folder.as_ref() != Some(&this_folder) {
            let path = dir.join(&this_folder);
            std::fs::create_dir(&path)
                .with_context(|| format!("cannot create '{}'", path.display()))?;
            folder = Some(this_folder);
        }
        let publication = if any_published {
            read.workflow(record.claim.id)?.publication
        } else {
            None
        };
        let page = pages::claim(&site, &record, review.as_ref(), publication.as_ref());
        writer.write(dir.join(pages::claim_path(id)), page.into_string())
    })?;

    let speakers = summary.speakers_by_claims();
    let rows = options.rows_per_page.max(1);
    let table_pages = usize::try_from(summary.claims)
        .unwrap_or(usize::MAX)
        .div_ceil(rows)
        .max(1);
    // The dates each table page spans, for the list of all pages.
    let mut spans = Vec::new();
    let mut write_table_page = |page: usize, claims: &[Claim]| {
        spans.push((
            claims.first().and_then(|c| c.said_on),
            claims.last().and_then(|c| c.said_on),
        ));
        if page == 1 {
            let html = pages::index(&site, &summary, &speakers, claims, table_pages);
            writer.write(dir.join("index.html"), html.into_string())
        } else {
            let html = pages::table_page(&site, claims, page, table_pages);
            writer.write(
                dir.join("pages").join(format!("{page}.html")),
                html.into_string(),
            )
        }
    };
    let mut chunk = Vec::with_capacity(rows.min(10_000));
    let mut page = 1;
    read.for_each_claim(&shown, SortOrder::Date, None, &mut |claim| {
        chunk.push(claim);
        if chunk.len() == rows {
            write_table_page(page, &chunk)?;
            chunk.clear();
            page += 1;
        }
        Ok(())
    })?;
    if !chunk.is_empty() || page == 1 {
        write_table_page(page, &chunk)?;
    }
    if table_pages > 1 {
        writer.write(
            dir.join("pages").join("index.html"),
            pages::all_pages(&site, &spans).into_string(),
        )?;
    }

    for (name, _, by_status) in &speakers {
        let filter = ClaimFilter {
            speaker: Some(name.to_string()),
            ..shown.clone()
        };
        let claims = read.list(&filter, SortOrder::Date, Some(pages::SPEAKER_ROWS as u64))?;
        let id = speaker_ids
            .get(*name)
            .with_context(|| format!("speaker '{name}' vanished while the report was made"))?;
        let html = pages::speaker(&site, name, by_status, &claims);
        writer.write(
            dir.join("speakers").join(format!("{id}.html")),
            html.into_string(),
        )?;
    }
    writer.write(
        dir.join("speakers").join("index.html"),
        pages::speakers(&site, &speakers).into_string(),
    )?;
    Ok(Written {
        claims: summary.claims,
        speakers: speakers.len(),
        table_pages,
        reviews,
    })
}
