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
}

impl FilterArgs {
    /// Checks the values and turns them into a query filter; statuses are read on `scale`.
    pub fn to_filter(&self, scale: &Scale) -> Result<ClaimFilter> {
        Ok(ClaimFilter {
            statuses: self
                .statuses
                .iter()
                .map(|status| scale.parse_status(status))
                .collect::<Result<_, _>>()?,
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
