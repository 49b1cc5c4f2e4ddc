//! The domain: claims, their evidence and history, and the closed vocabularies (statuses,
//! stances) that the command line and the database share.

pub mod imported;
mod timestamp;
pub mod workflow;

pub use timestamp::Timestamp;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The id of a claim, as the user types it and the database stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub i64);

/// The largest id a claim can have: 2^53 - 1. Ids are published, in JSON exports, ClaimReview
/// URLs and the report, and a JSON reader such as JavaScript keeps whole numbers exactly only
/// up to 2^53 - 1: above it, two claims' ids read as the same number. (SQLite's own limit,
/// 2^63 - 1, is no better a last id: one past it, the next id became a floating-point number
/// and every later `add` failed with "datatype mismatch".) Imports keep their ids below it.
pub const MAX_ID: i64 = (1 << 53) - 1;

/// The id of one piece of evidence; unique across all claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EvidenceId(pub i64);

/// The id of a working note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteId(pub i64);

/// The id of a speaker, which the report names its pages by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpeakerId(pub i64);

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for SpeakerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for EvidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a claim stands in the checking process: not looked at, being checked, or a verdict of
/// the database's scale (see `crate::scale`). Only a scale can tell a valid status from a typo,
/// so one is made by `Scale::parse_status` or read back from the database.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Status(String);

impl Status {
    /// The status of a claim nobody has looked at yet; on every scale.
    pub const UNVERIFIED: &'static str = "unverified";
    /// The status of a claim being checked; on every scale.
    pub const IN_PROGRESS: &'static str = "in-progress";

    /// A status by its name, as the scale or the database holds it.
    pub fn new(name: String) -> Status {
        Status(name)
    }

    /// The name users type and every output format writes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A verdict is a conclusion of the check; only verdicts must cite evidence.
    pub fn is_verdict(&self) -> bool {
        !matches!(self.0.as_str(), Status::UNVERIFIED | Status::IN_PROGRESS)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a source says about the claim it is attached to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Supports,
    Refutes,
    #[default]
    Context,
}

impl Stance {
    /// The name stored in the database and written by every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
            Stance::Context => "context",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stance {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "supports" => Ok(Stance::Supports),
            "refutes" => Ok(Stance::Refutes),
            "context" => Ok(Stance::Context),
            other => Err(format!("unknown stance '{other}' in the database")),
        }
    }
}

/// One row of the review table: a claim with what the table and CSV export show of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub text: String,
    pub speaker: String,
    /// `None` when the date the claim was made is unknown (imported data often lacks it).
    pub said_on: Option<NaiveDate>,
    pub status: Status,
    pub context: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub evidence_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The role the speaker spoke in ("U.S. Secretary of State"), when known.
    pub speaker_role: Option<String>,
    /// How many times the claim was made: once, plus its recorded repeats.
    pub times_said: i64,
}

/// The key that makes two spellings of a speaker's name one speaker: "Marco Rubio" and
/// "marco  rubio " are the same person.
pub fn speaker_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A speaker as stored.
#[derive(Debug, Clone)]
pub struct Speaker {
    pub id: SpeakerId,
    pub name: String,
    /// A person or an organisation; `None` when nobody said (written as a person).
    pub kind: Option<SpeakerKind>,
}

/// What a speaker is, which ClaimReview says with the author's `@type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeakerKind {
    Person,
    Organization,
}

impl SpeakerKind {
    /// The name stored in the database, as schema.org spells it (lower-case).
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organization => "organization",
        }
    }

    /// A kind by name (`organisation` is read too), or schema.org's `@type` (`Person`,
    /// `Organization` and its kinds, such as `GovernmentOrganization`, `NewsMediaOrganization`).
    pub fn parse(value: &str) -> Option<SpeakerKind> {
        let value = value.trim().to_lowercase();
        match value.as_str() {
            "person" => Some(SpeakerKind::Person),
            "organization" | "organisation" => Some(SpeakerKind::Organization),
            _ if value.ends_with("organization") || value == "corporation" => {
                Some(SpeakerKind::Organization)
            }
            _ => None,
        }
    }

    /// schema.org's type for it.
    pub fn schema_type(self) -> &'static str {
        match self {
            SpeakerKind::Person => "Person",
            SpeakerKind::Organization => "Organization",
        }
    }
}

/// A claim as it is logged, before it has an id.
pub struct NewClaim<'a> {
    pub text: &'a str,
    pub speaker: &'a str,
    pub said_on: Option<NaiveDate>,
    pub context: Option<&'a str>,
    pub source_url: Option<&'a str>,
    /// The role the speaker spoke in.
    pub speaker_role: Option<&'a str>,
}

/// The editable text fields of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimField {
    Text,
    SaidOn,
    Context,
    SourceUrl,
    SpeakerRole,
}

impl ClaimField {
    /// The field's name in the history and in exports (and its column).
    pub fn name(self) -> &'static str {
        match self {
            ClaimField::Text => "text",
            ClaimField::SaidOn => "said_on",
            ClaimField::Context => "context",
            ClaimField::SourceUrl => "source_url",
            ClaimField::SpeakerRole => "speaker_role",
        }
    }
}

/// A source as the user attaches it, before it has an id.
pub struct NewEvidence<'a> {
    pub url: &'a str,
    pub title: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub published_on: Option<NaiveDate>,
    pub stance: Stance,
    pub excerpt: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// A repeat as it is recorded, before it has an id.
pub struct NewAppearance<'a> {
    pub speaker: &'a str,
    pub said_on: Option<NaiveDate>,
    pub source_url: Option<&'a str>,
    pub context: Option<&'a str>,
}

/// One change to record in a claim's history.
pub struct Change<'a> {
    pub field: HistoryField,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// How many times a false claim must be made to be flagged: the Washington Post's "Bottomless
/// Pinocchio" rule.
pub const BOTTOMLESS_TIMES: i64 = 20;

/// Another time a logged claim was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Appearance {
    pub id: i64,
    pub speaker: String,
    pub said_on: Option<NaiveDate>,
    pub source_url: Option<String>,
    pub context: Option<String>,
    pub created_at: Timestamp,
}

impl Appearance {
    /// The repeat as a person reads it in a history: "made again by Marco Rubio on 2025-09-05".
    pub fn in_words(&self) -> String {
        format!(
            "made again by {} on {}",
            self.speaker,
            self.said_on
                .map_or_else(|| "an unknown day".to_string(), |date| date.to_string())
        )
    }
}

/// A source attached to a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evidence {
    pub id: EvidenceId,
    pub claim_id: ClaimId,
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub stance: Stance,
    pub excerpt: Option<String>,
    pub note: Option<String>,
    pub created_at: Timestamp,
}

/// A timestamped working note on a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub text: String,
    pub author: String,
    pub created_at: Timestamp,
}

/// One change to a claim: who changed which field, when, from what to what, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    /// What changed.
    pub field: HistoryField,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
}

/// What a history entry says changed: a field of the claim, or what happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryField {
    /// The claim was logged (the note says how, for an import).
    Created,
    /// The claim came from another database with its history (the note says from where).
    Imported,
    Text,
    Speaker,
    SpeakerRole,
    SaidOn,
    Context,
    SourceUrl,
    /// A tag: the old value removed, the new value added.
    Tag,
    /// The status, and the note its reason.
    Status,
    /// The verdict that follows was recorded with `--force`, citing no evidence.
    Forced,
    /// Who checks the claim (old and new assignee; the note says by when).
    Assigned,
    /// A verdict proposed for a second reader's sign-off (the new value; the note its reason).
    Proposed,
    /// A proposed verdict approved or rejected (the new value says which, the note why).
    Reviewed,
    /// The claim published (the new value: where), or unpublished (the old value).
    Published,
    /// A working note corrected: its old and new text.
    Note,
    /// A status renamed by `scale use`.
    Scale,
    /// A source attached (new value) or removed (old value), whole, as JSON.
    Evidence,
    /// A repeat, as JSON.
    Repeat,
    /// The claim deleted: the old value is its whole record.
    Deleted,
}

impl HistoryField {
    /// Every field, in the order the documentation lists them.
    pub const ALL: [HistoryField; 20] = [
        HistoryField::Created,
        HistoryField::Imported,
        HistoryField::Text,
        HistoryField::Speaker,
        HistoryField::SpeakerRole,
        HistoryField::SaidOn,
        HistoryField::Context,
        HistoryField::SourceUrl,
        HistoryField::Tag,
        HistoryField::Status,
        HistoryField::Forced,
        HistoryField::Assigned,
        HistoryField::Proposed,
        HistoryField::Reviewed,
        HistoryField::Published,
        HistoryField::Note,
        HistoryField::Scale,
        HistoryField::Evidence,
        HistoryField::Repeat,
        HistoryField::Deleted,
    ];

    /// Its name in the database and in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryField::Created => "created",
            HistoryField::Imported => "imported",
            HistoryField::Text => "text",
            HistoryField::Speaker => "speaker",
            HistoryField::SpeakerRole => "speaker_role",
            HistoryField::SaidOn => "said_on",
            HistoryField::Context => "context",
            HistoryField::SourceUrl => "source_url",
            HistoryField::Tag => "tag",
            HistoryField::Status => "status",
            HistoryField::Forced => "forced",
            HistoryField::Assigned => "assigned",
            HistoryField::Proposed => "proposed",
            HistoryField::Reviewed => "reviewed",
            HistoryField::Published => "published",
            HistoryField::Note => "note",
            HistoryField::Scale => "scale",
            HistoryField::Evidence => "evidence",
            HistoryField::Repeat => "repeat",
            HistoryField::Deleted => "deleted",
        }
    }

    /// The names, for messages: "created, imported, ...".
    pub fn names() -> String {
        HistoryField::ALL.map(HistoryField::as_str).join(", ")
    }
}

impl fmt::Display for HistoryField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HistoryField {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HistoryField::ALL
            .into_iter()
            .find(|field| field.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown history field '{s}': expected one of {}",
                    HistoryField::names()
                )
            })
    }
}

impl From<ClaimField> for HistoryField {
    fn from(field: ClaimField) -> HistoryField {
        match field {
            ClaimField::Text => HistoryField::Text,
            ClaimField::SaidOn => HistoryField::SaidOn,
            ClaimField::Context => HistoryField::Context,
            ClaimField::SourceUrl => HistoryField::SourceUrl,
            ClaimField::SpeakerRole => HistoryField::SpeakerRole,
        }
    }
}

/// A claim with everything attached to it: what `show` prints and JSON export writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimRecord {
    #[serde(flatten)]
    pub claim: Claim,
    pub evidence: Vec<Evidence>,
    pub notes: Vec<Note>,
    pub history: Vec<HistoryEntry>,
    /// The repeats, in the order they were made.
    pub appearances: Vec<Appearance>,
}

impl ClaimRecord {
    /// The reviewer's decision behind the claim's current verdict: the last `status` change.
    /// A scale switch renames the verdict under the field `scale`; the reasons and the date stay
    /// the reviewer's. `None` for a claim without a verdict.
    pub fn verdict_decision(&self) -> Option<&HistoryEntry> {
        if !self.claim.status.is_verdict() {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|entry| entry.field == HistoryField::Status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_conclusions_are_verdicts() {
        assert!(!Status::new(Status::UNVERIFIED.into()).is_verdict());
        assert!(!Status::new(Status::IN_PROGRESS.into()).is_verdict());
        assert!(Status::new("misleading".into()).is_verdict());
    }
}
