//! Renaming a speaker and merging two: every claim that changes speaker says so in its history.

use anyhow::{Result, bail};

use super::Transaction;
use crate::error::UserError;
use crate::model::{Change, ClaimId, HistoryField, Speaker, SpeakerKind};

/// What a rename did (or, for `Unchanged`, did not need to do).
pub enum SpeakerChange {
    /// The speaker already had that name.
    Unchanged(Speaker),
    Moved(Moved),
}

/// Claims that changed speaker: from whom, to what name, how many.
pub struct Moved {
    pub from: Speaker,
    pub to: String,
    pub claims: u64,
}

impl Transaction<'_> {
    /// Finds a speaker by name, or says there is none.
    fn speaker_named(&self, name: &str) -> Result<Speaker> {
        self.store()
            .speaker(name)?
            .ok_or_else(|| UserError::SpeakerNotFound(name.trim().to_string()).into())
    }

    /// Gives a speaker another name. A name another speaker has is refused: that is a merge.
    pub fn rename_speaker(&self, old: &str, new: &str) -> Result<SpeakerChange> {
        let speaker = self.speaker_named(old)?;
        if let Some(other) = self.store().speaker(new)?
            && other.id != speaker.id
        {
            bail!(
                "'{}' is another speaker already: to make them one, `claims speaker merge \"{}\" \
                 \"{}\"`",
                other.name,
                speaker.name,
                other.name
            );
        }
        if speaker.name == new {
            return Ok(SpeakerChange::Unchanged(speaker));
        }
        let ids = self.store().claims_of_speaker(speaker.id)?;
        self.txn.rename_speaker(speaker.id, new)?;
        self.record_moves(&ids, &speaker.name, new, "speaker renamed")?;
        Ok(SpeakerChange::Moved(Moved {
            to: new.to_string(),
            claims: ids.len() as u64,
            from: speaker,
        }))
    }

    /// Says what a speaker is (a person, an organisation); `None` when they already were.
    pub fn set_speaker_kind(&self, name: &str, kind: SpeakerKind) -> Result<Option<Speaker>> {
        let speaker = self.speaker_named(name)?;
        if speaker.kind == Some(kind) {
            return Ok(None);
        }
        self.txn.set_speaker_kind(speaker.id, kind)?;
        Ok(Some(speaker))
    }

    /// The two speakers a merge of `from` into `into` would make one, and how many claims
    /// would move: what the user is asked to confirm.
    pub fn merge_plan(&self, from: &str, into: &str) -> Result<(Speaker, Speaker, u64)> {
        let from_speaker = self.speaker_named(from)?;
        let into_speaker = self.speaker_named(into)?;
        if from_speaker.id == into_speaker.id {
            bail!(
                "'{}' and '{}' are the same speaker already: nothing to merge",
                from.trim(),
                into.trim()
            );
        }
        let claims = self.store().claims_of_speaker(from_speaker.id)?.len() as u64;
        Ok((from_speaker, into_speaker, claims))
    }

    /// Makes `from` and `into` one speaker, `into`: every claim and repeat of `from` moves.
    pub fn merge_speakers(&self, from: &str, into: &str) -> Result<Moved> {
        let (from, into, _) = self.merge_plan(from, into)?;
        let ids = self.store().claims_of_speaker(from.id)?;
        self.txn.merge_speakers(from.id, into.id)?;
        self.record_moves(&ids, &from.name, &into.name, "speakers merged")?;
        Ok(Moved {
            from,
            to: into.name,
            claims: ids.len() as u64,
        })
    }

    /// A history entry on each claim whose speaker changed, so every claim keeps the trail.
    fn record_moves(&self, ids: &[ClaimId], old: &str, new: &str, why: &str) -> Result<()> {
        for id in ids {
            self.record(
                *id,
                &Change {
                    field: HistoryField::Speaker,
                    old_value: Some(old),
                    new_value: Some(new),
                    note: Some(why),
                },
            )?;
            self.touch(*id)?;
        }
        Ok(())
    }
}
