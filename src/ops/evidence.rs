//! Attaching sources to claims and detaching them.

use anyhow::Result;

use super::{Transaction, change};
use crate::error::UserError;
use crate::model::{Claim, ClaimId, Evidence, EvidenceId, HistoryField, NewEvidence, Stance};

/// What an `evidence edit` changes: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct EvidenceEdit {
    pub url: Option<String>,
    pub title: Option<Option<String>>,
    pub publisher: Option<Option<String>>,
    pub published_on: Option<Option<chrono::NaiveDate>>,
    pub stance: Option<Stance>,
    pub excerpt: Option<Option<String>>,
    pub note: Option<Option<String>>,
}

/// What `detach_evidence` did.
pub struct Detached {
    pub evidence: Evidence,
    /// The claim as it is now, without it.
    pub claim: Claim,
}

impl Transaction<'_> {
    /// Attaches a source to a claim. A source is attached to a claim once: the same address
    /// again is refused, naming the evidence that has it.
    pub fn attach_evidence(&self, id: ClaimId, new: &NewEvidence<'_>) -> Result<Evidence> {
        self.store().claim(id)?;
        if let Some(existing) = self
            .store()
            .evidence_of(id)?
            .into_iter()
            .find(|attached| attached.url == new.url)
        {
            return Err(UserError::EvidenceAttachedAlready {
                claim: id,
                url: new.url.to_string(),
                existing: existing.id,
            }
            .into());
        }
        let evidence = self.txn.insert_evidence(id, new, &self.now)?;
        // The source whole, so that the history can tell what was cited even once it is gone.
        let snapshot = serde_json::to_string(&evidence)?;
        self.record(id, &change(HistoryField::Evidence, None, Some(&snapshot)))?;
        self.touch(id)?;
        Ok(evidence)
    }

    /// Corrects a source in place: what `edit` gives replaces what was there. The history
    /// keeps both, whole. False when nothing changed.
    pub fn edit_evidence(&self, id: EvidenceId, edit: &EvidenceEdit) -> Result<bool> {
        let before = self.store().evidence(id)?;
        let mut after = before.clone();
        if let Some(url) = &edit.url {
            if self
                .store()
                .evidence_of(before.claim_id)?
                .iter()
                .any(|other| other.id != id && other.url == *url)
            {
                return Err(UserError::EvidenceAttachedAlready {
                    claim: before.claim_id,
                    url: url.clone(),
                    existing: id,
                }
                .into());
            }
            after.url = url.clone();
        }
        for (value, target) in [
            (&edit.title, &mut after.title),
            (&edit.publisher, &mut after.publisher),
            (&edit.excerpt, &mut after.excerpt),
            (&edit.note, &mut after.note),
        ] {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        if let Some(published_on) = edit.published_on {
            after.published_on = published_on;
        }
        if let Some(stance) = edit.stance {
            after.stance = stance;
        }
        if format!("{before:?}") == format!("{after:?}") {
            return Ok(false);
        }
        self.txn.update_evidence(&after)?;
        let (old, new) = (
            serde_json::to_string(&before)?,
            serde_json::to_string(&after)?,
        );
        self.record(
            before.claim_id,
            &change(HistoryField::Evidence, Some(&old), Some(&new)),
        )?;
        self.touch(before.claim_id)?;
        Ok(true)
    }

    /// Detaches a source; it stays, whole, in its claim's history.
    pub fn detach_evidence(&self, id: EvidenceId) -> Result<Detached> {
        let evidence = self.store().evidence(id)?;
        let snapshot = serde_json::to_string(&evidence)?;
        self.record(
            evidence.claim_id,
            &change(HistoryField::Evidence, Some(&snapshot), None),
        )?;
        self.txn.delete_evidence(id)?;
        self.touch(evidence.claim_id)?;
        let claim = self.store().claim(evidence.claim_id)?;
        Ok(Detached { evidence, claim })
    }
}
