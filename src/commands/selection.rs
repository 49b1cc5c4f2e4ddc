//! Which claims a command that changes many at once works on: ids, or the review filters.

use anyhow::Result;

use super::filter_args::FilterArgs;
use crate::db::StoreTxn;
use crate::error::UserError;
use crate::filter::SortOrder;
use crate::model::ClaimId;

/// Above how many claims a change asks for `--yes`.
pub const ASK_ABOVE: usize = 20;

/// The ids given on the command line, each a number, or a usage error naming the one that is
/// not.
pub fn ids(values: &[String]) -> Result<Vec<ClaimId>> {
    values
        .iter()
        .map(|value| {
            value.trim().parse().map(ClaimId).map_err(|_| {
                UserError::Usage(format!(
                    "invalid value '{value}' for an id: expected a claim's id, a number (`claims \
                     list` shows them)"
                ))
                .into()
            })
        })
        .collect()
}

/// The claims a command works on: the ids given, else every claim the filters match (which
/// then must say something). More than `ASK_ABOVE` need `yes`.
pub fn claims(
    read: &dyn StoreTxn,
    ids: Vec<ClaimId>,
    filters: &FilterArgs,
    yes: bool,
) -> Result<Vec<ClaimId>> {
    let filter = filters.resolve(read)?;
    let chosen = if filter.conditions().is_empty() {
        for id in &ids {
            read.claim(*id)?;
        }
        ids
    } else {
        let matching: Vec<ClaimId> = read
            .list(&filter, SortOrder::Logged, None)?
            .into_iter()
            .map(|claim| claim.id)
            .filter(|id| ids.is_empty() || ids.contains(id))
            .collect();
        matching
    };
    if chosen.is_empty() {
        return Err(UserError::NoneSelected.into());
    }
    if chosen.len() > ASK_ABOVE && !yes {
        return Err(UserError::ManyClaims {
            count: chosen.len(),
        }
        .into());
    }
    Ok(chosen)
}
