//! The domain: claims, their evidence and history, and the closed vocabularies (statuses,
//! stances) that the command line and the database share.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The id of a claim, as the user types it and the database stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub i64);

/// The id of one piece of evidence; unique across all claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EvidenceId(pub i64);

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
    pub said_on: Option<String>,
    pub status: Status,
    pub context: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub evidence_count: i64,
    pub created_at: String,
    pub updated_at: String,
    /// The role the speaker spoke in ("U.S. Secretary of State"), when known.
    pub speaker_role: Option<String>,
    /// How many times the claim was made: once, plus its recorded repeats.
    pub times_said: i64,
}

/// How many times a false claim must be made to be flagged: the Washington Post's "Bottomless
/// Pinocchio" rule.
pub const BOTTOMLESS_TIMES: i64 = 20;

/// Another time a logged claim was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Appearance {
    pub id: i64,
    pub speaker: String,
    pub said_on: Option<String>,
    pub source_url: Option<String>,
    pub context: Option<String>,
    pub created_at: String,
}

/// A source attached to a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evidence {
    pub id: EvidenceId,
    pub claim_id: ClaimId,
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<String>,
    pub stance: Stance,
    pub excerpt: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
}

/// A timestamped working note on a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub text: String,
    pub author: String,
    pub created_at: String,
}

/// One change to a claim: who changed which field, when, from what to what, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// What changed: one of `HISTORY_FIELDS`.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
}

/// The `field`s of history entries: what changed.
pub const HISTORY_FIELDS: [&str; 14] = [
    "created",
    "imported",
    "text",
    "speaker",
    "speaker_role",
    "said_on",
    "context",
    "source_url",
    "tag",
    "status",
    "scale",
    "evidence",
    "repeat",
    "deleted",
];

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
            .find(|entry| entry.field == "status")
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
