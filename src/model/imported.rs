//! Claims as other files give them: read from a record and checked (by `crate::import`), ready
//! for the operations to store. Their fields are those of the model, with what a file may lack
//! left optional.

use serde::Deserialize;

use super::{HistoryField, Stance, Status};

/// A claim read from a record and checked, ready to be stored.
#[derive(Debug, Clone)]
pub struct ImportedClaim {
    /// Its id in the file.
    pub id: Option<i64>,
    pub text: String,
    pub speaker: String,
    pub speaker_role: Option<String>,
    /// `YYYY-MM-DD`; `None` when the file does not say.
    pub said_on: Option<String>,
    pub status: Status,
    /// The verdict's explanation, recorded with the status in the history.
    pub note: Option<String>,
    pub context: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub evidence: Vec<ImportedEvidence>,
    pub notes: Vec<ImportedNote>,
    pub appearances: Vec<ImportedAppearance>,
    /// The claim's history as the file gives it (a `claims export --format json` file); `None`
    /// when the file has none, and the import writes the history itself.
    pub history: Option<Vec<ImportedChange>>,
    /// Something worth telling the user that does not stop the import.
    pub warning: Option<String>,
    /// Who reached the file's verdict (a review's author), recorded as the actor of the
    /// status change; `None`: the one importing.
    pub verdict_by: Option<String>,
    /// When the file's verdict was reached (RFC 3339); `None`: the import's moment.
    pub verdict_at: Option<String>,
    /// What the speaker is, where the file says (ClaimReview's author `@type`).
    pub speaker_kind: Option<super::SpeakerKind>,
    /// Where the claim stood in the desk's workflow (a `claims export --format json` file).
    pub workflow: Option<super::workflow::Workflow>,
}

/// A source as an export file or a ClaimReview feed gives it; the fields of `Evidence`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedEvidence {
    pub id: Option<i64>,
    #[serde(default)]
    pub claim_id: Option<i64>,
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<String>,
    #[serde(default)]
    pub stance: Stance,
    pub excerpt: Option<String>,
    pub note: Option<String>,
    pub created_at: Option<String>,
}

impl ImportedEvidence {
    /// A source a file cites by its URL (and title and publisher where it has them), as
    /// context: the file does not say whether it supports or refutes the claim.
    pub fn cited(url: String, title: Option<String>, publisher: Option<String>) -> Self {
        ImportedEvidence {
            id: None,
            claim_id: None,
            url,
            title,
            publisher,
            published_on: None,
            stance: Stance::Context,
            excerpt: None,
            note: None,
            created_at: None,
        }
    }
}

/// A working note as an export file gives it; the fields of `Note`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedNote {
    pub id: Option<i64>,
    pub text: String,
    pub author: String,
    pub created_at: String,
}

/// A repeat as an export file gives it; the fields of `Appearance`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedAppearance {
    pub id: Option<i64>,
    pub speaker: String,
    pub said_on: Option<String>,
    pub source_url: Option<String>,
    pub context: Option<String>,
    pub created_at: String,
}

/// One change of the history as an export file gives it; the fields of `HistoryEntry`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedChange {
    pub id: Option<i64>,
    pub at: String,
    pub actor: String,
    /// What changed (a file naming a field of none of ours is refused as it is read).
    #[serde(deserialize_with = "history_field")]
    pub field: HistoryField,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
}

/// A history field by its name, with the message `HistoryField::from_str` gives.
fn history_field<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<HistoryField, D::Error> {
    let name = String::deserialize(deserializer)?;
    name.parse().map_err(serde::de::Error::custom)
}
