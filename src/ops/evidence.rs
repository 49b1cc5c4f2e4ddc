//! Attaching sources to claims and detaching them.

use anyhow::Result;

use super::{Transaction, change};
use crate::error::UserError;
use crate::model::{Claim, ClaimId, Evidence, EvidenceId, HistoryField, NewEvidence};

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
