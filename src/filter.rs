//! Which claims a command works on, and in what order: the review filters shared by `list`,
//! `stats`, `export`, `search` and the report. This is the description; each storage engine turns
//! it into its own query (for SQLite, `db::sqlite::filter`).

use chrono::NaiveDate;

use crate::model::Status;

/// Which claims to show. Every condition given must hold; an empty filter matches every claim.
#[derive(Debug, Default, Clone)]
pub struct ClaimFilter {
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// The speaker's name, matched like speakers are (trimmed, case-insensitive).
    pub speaker: Option<String>,
    /// Every one of these tags.
    pub tags: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only claims made at least this many times (once, plus their repeats).
    pub repeated: Option<u64>,
    /// Words of the claim text, as `search` reads them (all must match; "phrases", OR, -word,
    /// prefix*), looked up in the full-text index.
    pub text: Option<String>,
    /// Only claims assigned to this checker (matched like speakers' names).
    pub assignee: Option<String>,
    /// Only claims due before this day.
    pub due_before: Option<NaiveDate>,
    /// Only claims whose verdict waits for a second reader (`--status proposed`).
    pub proposed: bool,
    /// Only claims published (`Some(true)`) or not (`Some(false)`).
    pub published: Option<bool>,
}

/// The order of the review table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// Newest first, by the date the claim was made (unknown dates last).
    #[default]
    Date,
    /// Most recently logged first.
    Id,
    /// By speaker name, then newest first.
    Speaker,
    /// By the status's place on the scale, then newest first.
    Status,
    /// Oldest logged first: the stable order of exports.
    #[value(skip)]
    Logged,
}

/// One condition of a filter. [`ClaimFilter::conditions`] lists a filter's conditions, and the
/// query builders and count planners of the storage engines match on them without a catch-all
/// arm: a new filter field that one of them does not handle does not compile.
#[derive(Debug, Clone, Copy)]
pub enum Condition<'a> {
    /// Any of these statuses (never empty).
    Statuses(&'a [Status]),
    Speaker(&'a str),
    Tag(&'a str),
    Since(NaiveDate),
    Until(NaiveDate),
    Repeated(u64),
    Text(&'a str),
    Assignee(&'a str),
    DueBefore(NaiveDate),
    Proposed,
    Published(bool),
}

impl ClaimFilter {
    /// The filter's conditions, in the order of its fields; none for an empty filter.
    pub fn conditions(&self) -> Vec<Condition<'_>> {
        // Destructured without `..`: a field added to the filter must be added here too.
        let ClaimFilter {
            statuses,
            speaker,
            tags,
            since,
            until,
            repeated,
            text,
            assignee,
            due_before,
            proposed,
            published,
        } = self;
        let mut conditions = Vec::new();
        if !statuses.is_empty() {
            conditions.push(Condition::Statuses(statuses));
        }
        conditions.extend(speaker.as_deref().map(Condition::Speaker));
        conditions.extend(tags.iter().map(|tag| Condition::Tag(tag)));
        conditions.extend(since.map(Condition::Since));
        conditions.extend(until.map(Condition::Until));
        conditions.extend(repeated.map(Condition::Repeated));
        conditions.extend(text.as_deref().map(Condition::Text));
        conditions.extend(assignee.as_deref().map(Condition::Assignee));
        conditions.extend(due_before.map(Condition::DueBefore));
        if *proposed {
            conditions.push(Condition::Proposed);
        }
        conditions.extend(published.map(Condition::Published));
        conditions
    }
}
