//! The review filters, shared by `list`, `stats` and `export`.

use anyhow::Result;

use crate::filter::ClaimFilter;
use crate::input;
use crate::scale::Scale;

/// Which claims to include; every filter given must hold.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only claims with this status (repeat for any of several).
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,

    /// Only claims by this speaker (full name; case and spacing do not matter).
    #[arg(long)]
    pub speaker: Option<String>,

    /// Only claims with this tag (repeat to require several).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only claims made on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only claims made on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only claims made at least N times (once, plus their recorded repeats).
    #[arg(long, value_name = "N")]
    pub repeated: Option<u64>,

    /// Only claims whose text has these words (in any case, any accents, any ending: "migrants"
    /// finds "migrant"); "exact phrase", OR, -word and prefix* work as in `claims search`.
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,

    /// Only claims assigned to this checker (`claims assign`).
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,

    /// Only claims due before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub due_before: Option<String>,

    /// Only published claims (`claims publish`).
    #[arg(long, conflicts_with = "unpublished")]
    pub published: bool,

    /// Only claims not published yet.
    #[arg(long)]
    pub unpublished: bool,
}

/// What `--status proposed` asks for: verdicts waiting for a second reader, whatever the
/// claim's status now.
pub const PROPOSED: &str = "proposed";

impl FilterArgs {
    /// The filter, read on the database's scale, with `--speaker` matched as people say
    /// names: a speaker's surname alone (`rubio`) is that speaker when only one has it, and
    /// names that several speakers end with are refused with whom they may mean.
    pub fn resolve(&self, read: &dyn crate::db::StoreTxn) -> Result<ClaimFilter> {
        let mut filter = self.to_filter(&read.scale()?)?;
        if let Some(name) = filter.speaker.clone()
            && read.speaker(&name)?.is_none()
        {
            match read.speakers_by_surname(&name)?.as_slice() {
                [] => {}
                [(only, _)] => filter.speaker = Some(only.clone()),
                several => {
                    let named: Vec<String> = several
                        .iter()
                        .take(5)
                        .map(|(speaker, claims)| {
                            format!(
                                "{speaker} ({})",
                                crate::output::table::counted(*claims, "claim")
                            )
                        })
                        .collect();
                    return Err(crate::error::UserError::AmbiguousSpeaker {
                        name,
                        candidates: named.join(", "),
                    }
                    .into());
                }
            }
        }
        Ok(filter)
    }

    /// Checks the values and turns them into a query filter; statuses are read on `scale`.
    pub fn to_filter(&self, scale: &Scale) -> Result<ClaimFilter> {
        let proposed = self
            .statuses
            .iter()
            .any(|status| status.trim().eq_ignore_ascii_case(PROPOSED));
        Ok(ClaimFilter {
            statuses: self
                .statuses
                .iter()
                .filter(|status| !status.trim().eq_ignore_ascii_case(PROPOSED))
                .map(|status| scale.parse_status(status))
                .collect::<Result<_, _>>()?,
            assignee: self
                .assignee
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            due_before: self
                .due_before
                .as_deref()
                .map(|date| input::filter_date(date, "--due-before"))
                .transpose()?,
            proposed,
            published: match (self.published, self.unpublished) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            speaker: self
                .speaker
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            tags: self
                .tags
                .iter()
                .map(|tag| input::tag(tag))
                .collect::<Result<_>>()?,
            since: self
                .since
                .as_deref()
                .map(|date| input::filter_date(date, "--since"))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|date| input::filter_date(date, "--until"))
                .transpose()?,
            repeated: self.repeated,
            text: match self.text.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => {
                    crate::search::fts_query(text, None)?;
                    Some(text.to_string())
                }
            },
        })
    }
}
