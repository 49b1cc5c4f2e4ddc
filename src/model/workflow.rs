//! A desk's workflow around a claim: who checks it and by when, a verdict waiting for a second
//! reader, and what was published.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Status, Timestamp};

/// Who checks a claim, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub assignee: String,
    pub due_on: Option<NaiveDate>,
    pub assigned_by: String,
    pub assigned_at: Timestamp,
}

/// A verdict proposed by a checker, waiting to be signed off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub status: Status,
    pub note: Option<String>,
    pub proposed_by: String,
    pub proposed_at: Timestamp,
    /// The second readers who approved it so far.
    pub approved_by: Vec<String>,
}

/// A claim published: the verdict as it went out, when, by whom, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub status: Status,
    pub published_at: Timestamp,
    pub published_by: String,
    pub url: Option<String>,
}

/// Where a claim stands in the desk's workflow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    pub assignment: Option<Assignment>,
    pub proposal: Option<Proposal>,
    pub publication: Option<Publication>,
}

impl Workflow {
    /// Whether the claim is outside the desk's workflow: unassigned, nothing waiting for
    /// review, unpublished.
    pub fn is_empty(&self) -> bool {
        self.assignment.is_none() && self.proposal.is_none() && self.publication.is_none()
    }
}

/// A claim's record as `export --format json` and `show --format json` write it: the record,
/// and under `workflow` where the claim stands in the desk's workflow (only for a claim that
/// is assigned, waiting for review or published), so that moving a desk moves that too.
#[derive(Debug, Serialize)]
pub struct ExportedRecord<'a> {
    #[serde(flatten)]
    pub record: &'a super::ClaimRecord,
    #[serde(skip_serializing_if = "Workflow::is_empty")]
    pub workflow: Workflow,
}

/// A checker's load, as `stats` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckerLoad {
    pub checker: String,
    /// Assigned and without a verdict.
    pub open: u64,
    /// Open, and due before today.
    pub overdue: u64,
    /// Assigned and with a verdict.
    pub done: u64,
}
