//! A desk's workflow: assigning claims to checkers, a second reader's sign-off on verdicts,
//! publishing, and the desk's shared settings. Every step leaves a history entry.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Transaction, change};
use crate::error::UserError;
use crate::model::workflow::{Assignment, Proposal, Publication};
use crate::model::{Change, ClaimId, HistoryField, Status};

/// The settings a desk shares (`claims config`), with what each holds.
pub const SETTINGS: [(&str, &str); 4] = [
    (
        "review.required",
        "how many second readers a verdict needs before it stands: 0 (the default), 1 or 2",
    ),
    (
        "publisher.name",
        "who publishes the fact checks (ClaimReview's author)",
    ),
    (
        "publisher.url",
        "the publisher's home page, an http(s) address",
    ),
    (
        "review.url",
        "the address of a claim's published check, with {id} for the claim's id",
    ),
];

/// A second reader's decision on a proposed verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Decision {
    /// The verdict stands (once enough readers approve).
    Approve,
    /// The verdict goes back to its checker.
    Reject,
}

/// What a review did.
#[derive(Debug, PartialEq, Eq)]
pub enum Reviewed {
    /// Approved, and the verdict now stands.
    SignedOff { status: Status },
    /// Approved; it waits for more readers.
    Waiting { status: Status, still: usize },
    /// Sent back.
    Rejected { status: Status },
}

impl Transaction<'_> {
    /// A setting of the desk's, checked against what it may hold.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        known_setting(key)?;
        self.store().setting(key)
    }

    /// Sets (or, with `None`, removes) a setting of the desk's, after checking the value.
    pub fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        known_setting(key)?;
        if let Some(value) = value {
            let valid = match key {
                "review.required" => matches!(value, "0" | "1" | "2"),
                "publisher.url" => crate::input::web_url(value, "publisher.url").is_ok(),
                "review.url" => {
                    value.contains("{id}") && crate::input::web_url(value, "review.url").is_ok()
                }
                _ => !value.trim().is_empty(),
            };
            if !valid {
                return Err(UserError::InvalidSetting {
                    key: key.to_string(),
                    value: value.to_string(),
                    holds: SETTINGS
                        .iter()
                        .find(|(name, _)| *name == key)
                        .map_or("", |(_, holds)| holds),
                }
                .into());
            }
        }
        self.txn.set_setting(key, value.map(str::trim))
    }

    /// How many second readers a verdict needs (`review.required`; 0 when unset).
    pub fn reviews_required(&self) -> Result<usize> {
        Ok(self
            .store()
            .setting("review.required")?
            .and_then(|value| value.parse().ok())
            .unwrap_or(0))
    }

    /// Gives a claim to a checker, due by `due_on` if given.
    pub fn assign(&self, id: ClaimId, to: &str, due_on: Option<NaiveDate>) -> Result<()> {
        let before = self.store().workflow(id)?.assignment;
        let to = to.split_whitespace().collect::<Vec<_>>().join(" ");
        let assignment = Assignment {
            assignee: to.clone(),
            due_on,
            assigned_by: self.actor.clone(),
            assigned_at: self.timestamp()?,
        };
        if before.as_ref().is_some_and(|was| {
            was.assignee == assignment.assignee && was.due_on == assignment.due_on
        }) {
            return Ok(());
        }
        self.txn.set_assignment(id, Some(&assignment))?;
        let due = due_on.map(|day| format!("due {day}"));
        self.record(
            id,
            &Change {
                field: HistoryField::Assigned,
                old_value: before.as_ref().map(|was| was.assignee.as_str()),
                new_value: Some(&to),
                note: due.as_deref(),
            },
        )?;
        self.touch(id)
    }

    /// Takes a claim back from its checker; false when nobody had it.
    pub fn unassign(&self, id: ClaimId) -> Result<bool> {
        let Some(before) = self.store().workflow(id)?.assignment else {
            return Ok(false);
        };
        self.txn.set_assignment(id, None)?;
        self.record(
            id,
            &change(HistoryField::Assigned, Some(&before.assignee), None),
        )?;
        self.touch(id)?;
        Ok(true)
    }

    /// Records a verdict for a second reader's sign-off (when the desk asks for one).
    pub(super) fn propose(
        &self,
        id: ClaimId,
        status: &Status,
        note: Option<&str>,
        by: &str,
    ) -> Result<()> {
        let proposal = Proposal {
            status: status.clone(),
            note: note.map(str::to_string),
            proposed_by: by.to_string(),
            proposed_at: self.timestamp()?,
            approved_by: Vec::new(),
        };
        self.txn.set_proposal(id, Some(&proposal))?;
        self.record_by(
            id,
            by,
            &Change {
                field: HistoryField::Proposed,
                old_value: None,
                new_value: Some(status.as_str()),
                note,
            },
        )?;
        self.touch(id)
    }

    /// A second reader's decision on the verdict proposed for a claim: never the proposer's.
    pub fn review(
        &self,
        id: ClaimId,
        decision: Decision,
        note: Option<&str>,
        by: Option<&str>,
    ) -> Result<Reviewed> {
        let by = self.acting(by);
        let Some(mut proposal) = self.store().workflow(id)?.proposal else {
            return Err(UserError::NothingToReview(id).into());
        };
        if self.same_person(&proposal.proposed_by, &by) {
            return Err(UserError::OwnProposal { id, proposer: by }.into());
        }
        if proposal
            .approved_by
            .iter()
            .any(|reader| self.same_person(reader, &by))
        {
            return Err(UserError::ApprovedAlready { id, reader: by }.into());
        }
        let outcome = match decision {
            Decision::Reject => {
                self.txn.set_proposal(id, None)?;
                Reviewed::Rejected {
                    status: proposal.status.clone(),
                }
            }
            Decision::Approve => {
                proposal.approved_by.push(by.clone());
                let required = self.reviews_required()?.max(1);
                if proposal.approved_by.len() >= required {
                    self.txn.set_proposal(id, None)?;
                    Reviewed::SignedOff {
                        status: proposal.status.clone(),
                    }
                } else {
                    self.txn.set_proposal(id, Some(&proposal))?;
                    Reviewed::Waiting {
                        status: proposal.status.clone(),
                        still: required - proposal.approved_by.len(),
                    }
                }
            }
        };
        let said = match decision {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
        };
        self.record_by(
            id,
            &by,
            &Change {
                field: HistoryField::Reviewed,
                old_value: Some(proposal.status.as_str()),
                new_value: Some(said),
                note,
            },
        )?;
        if let Reviewed::SignedOff { status } = &outcome {
            // The verdict is the checker's, with their reason; the sign-off is the reader's.
            self.apply_status(id, status, proposal.note.as_deref(), &proposal.proposed_by)?;
        }
        self.touch(id)?;
        Ok(outcome)
    }

    /// Marks a checked claim as published, where `url` says; false when it was already, at
    /// that address.
    pub fn publish(&self, id: ClaimId, url: Option<&str>) -> Result<bool> {
        let claim = self.store().claim(id)?;
        if !claim.status.is_verdict() {
            return Err(UserError::NotChecked {
                id,
                status: claim.status.to_string(),
            }
            .into());
        }
        let workflow = self.store().workflow(id)?;
        if let Some(proposal) = &workflow.proposal {
            return Err(UserError::WaitingForReview {
                id,
                status: proposal.status.to_string(),
            }
            .into());
        }
        if let Some(published) = &workflow.publication
            && (url.is_none() || published.url.as_deref() == url)
        {
            return Ok(false);
        }
        let publication = Publication {
            status: claim.status.clone(),
            published_at: match &workflow.publication {
                // Published again elsewhere: it went out first then.
                Some(first) => first.published_at,
                None => self.timestamp()?,
            },
            published_by: self.actor.clone(),
            url: url.map(str::to_string),
        };
        self.txn.set_publication(id, Some(&publication))?;
        self.record(
            id,
            &change(HistoryField::Published, None, Some(url.unwrap_or(""))),
        )?;
        self.touch(id)?;
        Ok(true)
    }
}

/// Refuses a setting the desk does not have, listing those it does.
pub fn known_setting(key: &str) -> Result<()> {
    if SETTINGS.iter().any(|(name, _)| *name == key) {
        return Ok(());
    }
    Err(UserError::UnknownSetting {
        key: key.to_string(),
        known: SETTINGS
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", "),
    }
    .into())
}
