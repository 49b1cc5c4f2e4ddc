//! Logging, correcting, rating, annotating, repeating and deleting claims.

use anyhow::Result;

use super::{Transaction, change};
use crate::db::StoreTxn;
use crate::error::UserError;
use crate::matching::{Closeness, Match};
use crate::model::{
    Appearance, Change, Claim, ClaimField, ClaimId, HistoryField, NewAppearance, NewClaim, NoteId,
    Status, speaker_key,
};

/// A claim the database already holds that says what a new one says: the one rule `add`,
/// `extract --add` and `import` share.
#[derive(Debug, Clone)]
pub enum AlreadyLogged {
    /// The same speaker, the same words (ignoring case and spacing).
    WordForWord(ClaimId),
    /// The same claim in other words, as the matcher judges it.
    Likely(Match),
}

impl AlreadyLogged {
    /// The claim already logged.
    pub fn id(&self) -> ClaimId {
        match self {
            AlreadyLogged::WordForWord(id) => *id,
            AlreadyLogged::Likely(found) => found.id,
        }
    }
}

/// Whether `text` by `speaker` is logged already, and the claims close to it (closest first).
pub fn already_logged(
    store: &dyn StoreTxn,
    text: &str,
    speaker: &str,
) -> Result<(Option<AlreadyLogged>, Vec<Match>)> {
    let matches = store.matches(text, speaker, None)?;
    // Word for word: the stored fingerprint (the same words in any case and spacing), or the
    // same words by the same speaker whatever the punctuation ("All 11 were killed." and "all
    // 11 were killed"). Short claims are never *likely* the same on their content words alone,
    // but the same words from the same mouth are the same claim.
    let words = same_words_key(text);
    let same_words = matches.iter().find(|found| {
        speaker_key(&found.speaker) == speaker_key(speaker) && same_words_key(&found.text) == words
    });
    let logged = match (store.same_claims(speaker, text)?.first(), same_words) {
        (Some(id), _) => Some(AlreadyLogged::WordForWord(*id)),
        (None, Some(found)) => Some(AlreadyLogged::WordForWord(found.id)),
        (None, None) => matches
            .iter()
            .find(|found| found.closeness == Closeness::Likely)
            .cloned()
            .map(AlreadyLogged::Likely),
    };
    Ok((logged, matches))
}

/// A text's words in order, in lower case, without punctuation: what "word for word" compares.
fn same_words_key(text: &str) -> Vec<String> {
    text.split(|ch: char| !ch.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What `add_claim` did.
pub struct Added {
    pub id: ClaimId,
    /// The claims close to it, closest first.
    pub matches: Vec<Match>,
}

/// What a user asks to change in a claim; `None` leaves a field as it is, `Some(None)`
/// clears it.
#[derive(Debug, Default)]
pub struct Edit {
    pub text: Option<String>,
    pub speaker: Option<String>,
    pub said_on: Option<String>,
    pub context: Option<Option<String>>,
    pub speaker_role: Option<Option<String>>,
    pub source_url: Option<Option<String>>,
    pub tags: Vec<String>,
    pub untags: Vec<String>,
}

/// What `set_status` did.
#[derive(Debug, PartialEq, Eq)]
pub enum StatusChange {
    /// The claim had that status already, and no reason was given.
    Unchanged(Status),
    Changed {
        from: Status,
        to: Status,
    },
    /// The verdict waits for this many second readers (`claims review`).
    Proposed {
        status: Status,
        reviews: usize,
    },
}

/// Another time a claim was made.
pub struct Repeat<'a> {
    /// Who made it this time; the claim's speaker when `None`.
    pub speaker: Option<&'a str>,
    pub said_on: chrono::NaiveDate,
    pub source_url: Option<&'a str>,
    pub context: Option<&'a str>,
}

/// What `repeat` did.
pub struct Repeated {
    pub claim: Claim,
    pub appearance: Appearance,
    /// How many times the claim has been made now.
    pub times: i64,
    /// Whether this repeat made a false claim bottomless.
    pub became_bottomless: bool,
}

impl Transaction<'_> {
    /// Logs a claim, unverified, with its tags. A claim already logged (word for word, or
    /// likely in other words) is refused unless `even_if_logged`, with the way to record it
    /// as a repeat instead (`repeat_args`: the `--url` and `--context` the user gave, which a
    /// repeat takes too, as shell words).
    pub fn add_claim(
        &self,
        claim: &NewClaim<'_>,
        tags: &[String],
        even_if_logged: bool,
        repeat_args: &str,
    ) -> Result<Added> {
        crate::input::tag_count(tags.iter().collect::<std::collections::BTreeSet<_>>().len())?;
        let (logged, matches) = already_logged(self.store(), claim.text, claim.speaker)?;
        if let (Some(logged), false) = (&logged, even_if_logged) {
            let date = claim
                .said_on
                .map_or_else(|| "YYYY-MM-DD".to_string(), |date| date.to_string());
            return Err(match logged {
                AlreadyLogged::WordForWord(id) => UserError::LoggedWordForWord {
                    id: *id,
                    date,
                    args: repeat_args.to_string(),
                },
                AlreadyLogged::Likely(same) => UserError::LikelyLogged {
                    id: same.id,
                    similarity: format!("{:.2}", same.similarity),
                    text: crate::output::table::shortened(
                        &crate::output::table::plain(&same.text),
                        60,
                    ),
                    date,
                    // A repeat is by the claim's speaker unless it says otherwise.
                    args: {
                        let mut args = repeat_args.to_string();
                        if speaker_key(&same.speaker) != speaker_key(claim.speaker) {
                            args.insert_str(
                                0,
                                &format!(
                                    " --speaker {}",
                                    crate::output::table::shell_word(claim.speaker)
                                ),
                            );
                        }
                        if args.is_empty() {
                            args
                        } else {
                            format!(" (with{args})")
                        }
                    },
                },
            }
            .into());
        }
        let id = self.log(claim, tags)?;
        Ok(Added { id, matches })
    }

    /// Logs a claim unless it is logged already (the rule of [`already_logged`]): then the
    /// claim already logged. For `extract --add`, which skips what it finds logged.
    pub fn add_claim_unless_logged(
        &self,
        claim: &NewClaim<'_>,
    ) -> Result<Result<ClaimId, AlreadyLogged>> {
        if let (Some(logged), _) = already_logged(self.store(), claim.text, claim.speaker)? {
            return Ok(Err(logged));
        }
        Ok(Ok(self.log(claim, &[])?))
    }

    fn log(&self, claim: &NewClaim<'_>, tags: &[String]) -> Result<ClaimId> {
        let id = self.txn.insert_claim(claim, tags, &self.now)?;
        self.record(id, &change(HistoryField::Created, None, None))?;
        Ok(id)
    }

    /// Corrects a claim, and returns the names of what changed (empty: nothing did).
    pub fn edit_claim(&self, id: ClaimId, edit: &Edit) -> Result<Vec<&'static str>> {
        let claim = self.store().claim(id)?;
        // A tag both added and removed in one edit leaves the claim as it was.
        let tags: Vec<&String> = edit
            .tags
            .iter()
            .filter(|tag| !edit.untags.contains(tag))
            .collect();
        let untags: Vec<&String> = edit
            .untags
            .iter()
            .filter(|tag| !edit.tags.contains(tag))
            .collect();
        let kept = claim.tags.iter().filter(|tag| !untags.contains(tag));
        crate::input::tag_count(
            kept.chain(tags.iter().copied())
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
        )?;
        let mut changed: Vec<&'static str> = Vec::new();
        let said_on = claim.said_on.map(|date| date.to_string());
        let fields = [
            (
                ClaimField::Text,
                Some(claim.text.as_str()),
                edit.text.as_deref().map(Some),
            ),
            (
                ClaimField::SaidOn,
                said_on.as_deref(),
                edit.said_on.as_deref().map(Some),
            ),
            (
                ClaimField::Context,
                claim.context.as_deref(),
                edit.context.as_ref().map(Option::as_deref),
            ),
            (
                ClaimField::SourceUrl,
                claim.source_url.as_deref(),
                edit.source_url.as_ref().map(Option::as_deref),
            ),
            (
                ClaimField::SpeakerRole,
                claim.speaker_role.as_deref(),
                edit.speaker_role.as_ref().map(Option::as_deref),
            ),
        ];
        for (field, old, new) in fields {
            if let Some(new) = new.filter(|new| *new != old) {
                self.txn.set_field(id, field, new)?;
                self.record(id, &change(field.into(), old, new))?;
                changed.push(field.name());
            }
        }
        if let Some(speaker) = edit
            .speaker
            .as_deref()
            .filter(|name| speaker_key(name) != speaker_key(&claim.speaker))
        {
            self.txn.set_speaker(id, speaker)?;
            self.record(
                id,
                &change(HistoryField::Speaker, Some(&claim.speaker), Some(speaker)),
            )?;
            changed.push("speaker");
        }
        let mut tags_changed = false;
        for tag in tags {
            if self.txn.add_tag(id, tag, &claim.status)? {
                self.record(id, &change(HistoryField::Tag, None, Some(tag)))?;
                tags_changed = true;
            }
        }
        for tag in untags {
            if self.txn.remove_tag(id, tag)? {
                self.record(id, &change(HistoryField::Tag, Some(tag), None))?;
                tags_changed = true;
            }
        }
        if tags_changed {
            changed.push("tags");
        }
        if !changed.is_empty() {
            self.touch(id)?;
        }
        Ok(changed)
    }

    /// Moves a claim to `status` (a name or label of the database's scale), with the reason.
    /// A verdict must cite evidence unless `force`, and a forced one says so in the history.
    /// `by` is who decided, when it is not the transaction's actor. When the desk asks for a
    /// second reader (`review.required`), a verdict is proposed instead, to be signed off with
    /// `claims review`. A published claim's verdict changes only as a correction, with a reason.
    pub fn set_status(
        &self,
        id: ClaimId,
        status: &str,
        note: Option<&str>,
        by: Option<&str>,
        force: bool,
    ) -> Result<StatusChange> {
        let status = self.store().scale()?.parse_status(status)?;
        let claim = self.store().claim(id)?;
        if status == claim.status && note.is_none() {
            return Ok(StatusChange::Unchanged(status));
        }
        let by = &self.acting(by);
        if status.is_verdict() && claim.evidence_count == 0 && !force {
            return Err(UserError::VerdictWithoutEvidence(id).into());
        }
        let workflow = self.store().workflow(id)?;
        if workflow.publication.is_some() && status != claim.status && note.is_none() {
            return Err(UserError::CorrectionNeedsNote(id).into());
        }
        let required = self.reviews_required()?;
        if status.is_verdict() && required > 0 {
            self.propose(id, &status, note, by)?;
            return Ok(StatusChange::Proposed {
                status,
                reviews: required,
            });
        }
        if workflow.proposal.is_some() {
            // A checker who moves the claim on withdraws the verdict waiting for review.
            self.txn.set_proposal(id, None)?;
        }
        self.apply_status(id, &status, note, by)?;
        Ok(StatusChange::Changed {
            from: claim.status,
            to: status,
        })
    }

    /// Records a status change: the status, a `forced` entry for a verdict citing no
    /// evidence, the `status` entry and `updated_at`.
    pub(super) fn apply_status(
        &self,
        id: ClaimId,
        status: &Status,
        note: Option<&str>,
        by: &str,
    ) -> Result<()> {
        let claim = self.store().claim(id)?;
        let unsupported = status.is_verdict() && claim.evidence_count == 0;
        self.txn.set_status(id, status)?;
        if unsupported {
            // Just before the status change, so that the change stays the last word on the
            // verdict (what exports and the report read its explanation from).
            self.record_by(
                id,
                by,
                &Change {
                    field: HistoryField::Forced,
                    old_value: None,
                    new_value: Some(status.as_str()),
                    note: Some("the verdict was recorded with --force, citing no evidence"),
                },
            )?;
        }
        self.record_by(
            id,
            by,
            &Change {
                field: HistoryField::Status,
                old_value: Some(claim.status.as_str()),
                new_value: Some(status.as_str()),
                note,
            },
        )?;
        self.touch(id)
    }

    /// Adds a working note to a claim.
    pub fn add_note(&self, id: ClaimId, text: &str) -> Result<NoteId> {
        self.store().claim(id)?;
        let note = self.txn.insert_note(id, text, &self.actor, &self.now)?;
        self.touch(id)?;
        Ok(note)
    }

    /// Corrects a working note's text; the history keeps the old one. False when it is the
    /// same.
    pub fn edit_note(&self, id: NoteId, text: &str) -> Result<(ClaimId, bool)> {
        let (claim, note) = self.store().note(id)?;
        if note.text == text {
            return Ok((claim, false));
        }
        self.txn.update_note(id, text)?;
        self.record(
            claim,
            &change(HistoryField::Note, Some(&note.text), Some(text)),
        )?;
        self.touch(claim)?;
        Ok((claim, true))
    }

    /// Records another time a claim was made.
    pub fn repeat(&self, id: ClaimId, repeat: &Repeat<'_>) -> Result<Repeated> {
        let claim = self.store().claim(id)?;
        let speaker = repeat.speaker.unwrap_or(&claim.speaker);
        let appearance = self.txn.insert_appearance(
            id,
            &NewAppearance {
                speaker,
                said_on: Some(repeat.said_on),
                source_url: repeat.source_url,
                context: repeat.context,
            },
            &self.now,
        )?;
        let snapshot = serde_json::to_string(&appearance)?;
        self.record(id, &change(HistoryField::Repeat, None, Some(&snapshot)))?;
        self.touch(id)?;
        let scale = self.store().scale()?;
        let times = claim.times_said + 1;
        let became_bottomless = scale.is_bottomless(&claim.status, times)
            && !scale.is_bottomless(&claim.status, times - 1);
        Ok(Repeated {
            claim,
            appearance,
            times,
            became_bottomless,
        })
    }

    /// Deletes a claim. Its whole record (evidence, notes, history, repeats) stays in the
    /// history as a `deleted` entry, from which `claims deleted` and an import bring it back.
    pub fn delete_claim(&self, id: ClaimId) -> Result<()> {
        let claim = self.store().claim(id)?;
        let record = self.store().record(claim)?;
        let snapshot = serde_json::to_string(&record)?;
        self.record(id, &change(HistoryField::Deleted, Some(&snapshot), None))?;
        self.txn.delete_claim(id)
    }

    /// Builds the search index again, and returns how many claims it indexes.
    pub fn rebuild_search(&self) -> Result<u64> {
        self.txn.rebuild_search()?;
        self.store().claim_count()
    }
}
