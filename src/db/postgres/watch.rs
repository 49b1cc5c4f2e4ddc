//! The desk's live feed (`claims watch`): every history entry and every import is announced
//! on the channel `claims_changes` (PostgreSQL's NOTIFY, sent when the transaction commits),
//! and a watcher LISTENs and reads what each announcement names.

use anyhow::{Result, anyhow};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Transaction};

use super::history::{HISTORY_COLUMNS, history_from_row};
use crate::model::{ClaimId, HistoryEntry};

/// The channel of the announcements.
const CHANNEL: &str = "claims_changes";

/// Announces an import of `claims` claims by this login (an import's own history goes in with
/// COPY, entry by entry unannounced: one line says it all).
pub fn notify_import(tx: &mut Transaction<'_>, claims: u64) -> Result<()> {
    if claims > 0 {
        tx.execute(
            "SELECT pg_notify($1, 'import ' || $2::text || ' ' || session_user)",
            &[&CHANNEL, &(claims as i64).to_string()],
        )?;
    }
    Ok(())
}

/// One change the desk made.
pub enum Event {
    /// A history entry, with the claim's words (`None` once the claim is deleted).
    Change {
        claim: ClaimId,
        text: Option<String>,
        entry: HistoryEntry,
    },
    /// An import of this many claims, by this login.
    Import { claims: u64, by: String },
}

/// A connection that listens to the desk's announcements.
pub struct Watcher {
    client: Client,
}

impl Watcher {
    /// Starts listening on the database `url` names.
    pub fn start(url: &str) -> Result<Watcher> {
        let mut client = super::connect(url)?;
        client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(Watcher { client })
    }

    /// Waits for the next change, and reads what it names.
    pub fn next_change(&mut self) -> Result<Event> {
        loop {
            let payload = {
                let mut notifications = self.client.notifications();
                let mut waiting = notifications.blocking_iter();
                match waiting.next()? {
                    Some(notification) => notification.payload().to_string(),
                    None => return Err(anyhow!("the server closed the connection")),
                }
            };
            if let Some(event) = self.read(&payload)? {
                return Ok(event);
            }
        }
    }

    /// The event an announcement names; `None` for one that names nothing there any more.
    fn read(&mut self, payload: &str) -> Result<Option<Event>> {
        if let Some(rest) = payload.strip_prefix("import ") {
            let (claims, by) = rest.split_once(' ').unwrap_or((rest, ""));
            return Ok(Some(Event::Import {
                claims: claims.parse().unwrap_or(0),
                by: by.to_string(),
            }));
        }
        let Some(id) = payload
            .strip_prefix("entry ")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            return Ok(None);
        };
        let columns = HISTORY_COLUMNS
            .split(", ")
            .map(|column| format!("h.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        let row = self.client.query_opt(
            &format!(
                "SELECT {columns}, h.claim_id, c.text FROM history h \
                 LEFT JOIN claims c ON c.id = h.claim_id WHERE h.id = $1"
            ),
            &[&id],
        )?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Event::Change {
            entry: history_from_row(&row)?,
            claim: ClaimId(row.get(7)),
            text: row.get(8),
        }))
    }
}
