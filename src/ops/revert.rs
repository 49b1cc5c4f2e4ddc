//! Taking a change back: `claims revert HISTORY_ID` and `claims undo`. A revert is a change of
//! its own, with its own history entries (nothing is erased), each saying what it reverts.

use anyhow::{Context as _, Result};

use super::Transaction;
use crate::error::UserError;
use crate::model::{
    Appearance, Change, ClaimField, ClaimId, Evidence, HistoryEntry, HistoryField, NewEvidence,
    Status,
};

impl Transaction<'_> {
    /// Takes back one change of the history, as a new change.
    pub fn revert(&self, history_id: i64) -> Result<ClaimId> {
        let (claim, entry) = self.store().history_entry(history_id)?;
        self.revert_entry(claim, &entry)?;
        Ok(claim)
    }

    /// Takes back every change of the actor's last command (one command stamps all its changes
    /// with one time); returns how many, and on which claims.
    pub fn undo(&self) -> Result<Vec<(ClaimId, HistoryEntry)>> {
        // Where the database has logins, the login's last command, whomever it named.
        let whose = self.login.as_deref().unwrap_or(&self.actor);
        let last = self.store().last_changes_by(whose)?;
        if last.is_empty() {
            return Err(UserError::NothingToUndo(whose.to_string()).into());
        }
        for (claim, entry) in &last {
            self.revert_entry(*claim, entry)?;
        }
        Ok(last)
    }

    fn revert_entry(&self, claim: ClaimId, entry: &HistoryEntry) -> Result<()> {
        let why = format!("reverts history entry {}", entry.id);
        let cannot = |what: &str| -> anyhow::Error {
            UserError::CannotRevert {
                id: entry.id,
                field: entry.field.to_string(),
                what: what.to_string(),
            }
            .into()
        };
        let old = entry.old_value.as_deref();
        let new = entry.new_value.as_deref();
        let record = |field: HistoryField, from: Option<&str>, to: Option<&str>| {
            self.record(
                claim,
                &Change {
                    field,
                    old_value: from,
                    new_value: to,
                    note: Some(&why),
                },
            )
        };
        let field = |field: ClaimField| -> Result<()> {
            self.txn.set_field(claim, field, old)?;
            record(field.into(), new, old)
        };
        match entry.field {
            HistoryField::Text => field(ClaimField::Text)?,
            HistoryField::SaidOn => field(ClaimField::SaidOn)?,
            HistoryField::Context => field(ClaimField::Context)?,
            HistoryField::SourceUrl => field(ClaimField::SourceUrl)?,
            HistoryField::SpeakerRole => field(ClaimField::SpeakerRole)?,
            HistoryField::Speaker => {
                let old = old.ok_or_else(|| cannot("a speaker change without the old speaker"))?;
                self.txn.set_speaker(claim, old)?;
                record(HistoryField::Speaker, new, Some(old))?;
            }
            HistoryField::Tag => {
                let status = self.store().claim(claim)?.status;
                if let Some(added) = new {
                    self.txn.remove_tag(claim, added)?;
                }
                if let Some(removed) = old {
                    self.txn.add_tag(claim, removed, &status)?;
                }
                record(HistoryField::Tag, new, old)?;
            }
            HistoryField::Status => {
                let old = old.ok_or_else(|| cannot("a status change without the old status"))?;
                let status = Status::new(old.to_string());
                self.txn.set_status(claim, &status)?;
                record(HistoryField::Status, new, Some(old))?;
            }
            HistoryField::Evidence => match (old, new) {
                // Attached (and maybe edited since): detach what is there now.
                (None, Some(attached)) => {
                    let attached: Evidence = serde_json::from_str(attached)
                        .context("the source in the history cannot be read")?;
                    let now = self.store().evidence(attached.id)?;
                    let snapshot = serde_json::to_string(&now)?;
                    self.txn.delete_evidence(attached.id)?;
                    record(HistoryField::Evidence, Some(&snapshot), None)?;
                }
                // Detached: attach it again (with a new id).
                (Some(detached), None) => {
                    let detached: Evidence = serde_json::from_str(detached)
                        .context("the source in the history cannot be read")?;
                    let again = self.txn.insert_evidence(
                        claim,
                        &NewEvidence {
                            url: &detached.url,
                            title: detached.title.as_deref(),
                            publisher: detached.publisher.as_deref(),
                            published_on: detached.published_on,
                            stance: detached.stance,
                            excerpt: detached.excerpt.as_deref(),
                            note: detached.note.as_deref(),
                        },
                        &self.now,
                    )?;
                    record(
                        HistoryField::Evidence,
                        None,
                        Some(&serde_json::to_string(&again)?),
                    )?;
                }
                // Edited: back to what it was.
                (Some(before), Some(after)) => {
                    let before: Evidence = serde_json::from_str(before)
                        .context("the source in the history cannot be read")?;
                    self.txn.update_evidence(&before)?;
                    record(
                        HistoryField::Evidence,
                        Some(after),
                        Some(&serde_json::to_string(&before)?),
                    )?;
                }
                (None, None) => return Err(cannot("an empty change")),
            },
            HistoryField::Repeat => {
                let repeat: Appearance = new
                    .map(serde_json::from_str)
                    .transpose()
                    .context("the repeat in the history cannot be read")?
                    .ok_or_else(|| cannot("a repeat taken back already"))?;
                self.txn.delete_appearance(repeat.id)?;
                record(HistoryField::Repeat, new, None)?;
            }
            HistoryField::Assigned => match old {
                Some(before) => self.assign(claim, before, None)?,
                None => {
                    self.unassign(claim)?;
                }
            },
            HistoryField::Published => {
                self.txn.set_publication(claim, None)?;
                record(HistoryField::Published, new, None)?;
            }
            HistoryField::Note => {
                return Err(cannot(
                    "a note's correction: correct it again with `claims note edit`",
                ));
            }
            HistoryField::Created
            | HistoryField::Imported
            | HistoryField::Deleted
            | HistoryField::Scale
            | HistoryField::Forced
            | HistoryField::Proposed
            | HistoryField::Reviewed => {
                return Err(cannot(match entry.field {
                    HistoryField::Created | HistoryField::Imported => {
                        "the claim's logging: delete it with `claims rm ID --yes`"
                    }
                    HistoryField::Deleted => {
                        "a deletion: `claims deleted --format json` and `claims import` bring \
                         it back"
                    }
                    HistoryField::Scale => "a scale switch: `claims scale use` switches back",
                    _ => "a step of the review: set the status instead",
                }));
            }
        }
        self.touch(claim)
    }
}
