//! Choosing a database's verdict scale, and switching it: every claim whose verdict is renamed
//! says so in its history, and no verdict is left that the new scale lacks.

use anyhow::Result;

use super::Transaction;
use crate::error::UserError;
use crate::model::{Change, HistoryField, Status};
use crate::scale::Scale;

/// What `use_scale` did.
pub enum ScaleSwitch {
    /// The database uses that scale already.
    Unchanged,
    Switched {
        from: String,
        to: String,
        /// How many claims moved to another status.
        moved: u64,
    },
}

impl Transaction<'_> {
    /// Gives a new database (no claims yet) its scale.
    pub fn choose_scale(&self, scale: &Scale) -> Result<()> {
        self.txn.install_scale(scale, &[], &self.now)
    }

    /// Switches the database to `new`. Each `OLD=NEW` of `maps` renames a status of the
    /// current scale to one of the new; every status claims have that the new scale lacks
    /// must be mapped, or nothing changes and the error lists them.
    pub fn use_scale(&self, new: &Scale, maps: &[String]) -> Result<ScaleSwitch> {
        let current = self.store().scale()?;
        if current == *new {
            return Ok(ScaleSwitch::Unchanged);
        }
        let mut renames: Vec<(Status, Status)> = Vec::new();
        for map in maps {
            let (old, target) = map.split_once('=').ok_or_else(|| UserError::InvalidMap {
                value: map.clone(),
                flag: "--map",
                shape: "OLD=NEW",
                example: "misleading=half-true",
            })?;
            let old = current.parse_status(old)?;
            if renames.iter().any(|(seen, _)| *seen == old) {
                return Err(UserError::MappedTwice(old.to_string()).into());
            }
            renames.push((old, new.parse_status(target)?));
        }
        let unmapped: Vec<(Status, u64)> = self
            .store()
            .statuses_missing_from(new)?
            .into_iter()
            .filter(|(status, _)| !renames.iter().any(|(old, _)| old == status))
            .collect();
        if let Some((first, _)) = unmapped.first() {
            let list = unmapped
                .iter()
                .map(|(status, n)| {
                    format!(
                        "{status} ({n} {})",
                        if *n == 1 { "claim" } else { "claims" }
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            return Err(UserError::UnmappedStatuses {
                scale: new.name.clone(),
                list,
                example: format!("--map {first}=NEW"),
                names: new.status_names().join(", "),
            }
            .into());
        }
        // The history first, from the statuses claims have before the switch: the renames
        // apply all at once (`false=pants-on-fire` with `misleading=false` makes a misleading
        // claim false, not pants-on-fire).
        let note = format!(
            "the {} scale was replaced by the {} scale",
            current.name, new.name
        );
        let mut moved = 0;
        for (old, target) in renames.iter().filter(|(old, target)| old != target) {
            for id in self.store().claims_with_status(old)? {
                self.record(
                    id,
                    &Change {
                        field: HistoryField::Scale,
                        old_value: Some(old.as_str()),
                        new_value: Some(target.as_str()),
                        note: Some(&note),
                    },
                )?;
                moved += 1;
            }
        }
        self.txn.install_scale(new, &renames, &self.now)?;
        Ok(ScaleSwitch::Switched {
            from: current.name,
            to: new.name.clone(),
            moved,
        })
    }
}
