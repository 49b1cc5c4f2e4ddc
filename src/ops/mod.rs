//! The operations: every change to a claim goes through here. A command begins a
//! [`Transaction`] on a store, calls its operations, and ends it with
//! [`Transaction::finish`], which commits; dropped unfinished, it changes nothing.
//!
//! A transaction carries who acts and when (one timestamp for the whole command), and each
//! operation applies the domain's rules (a verdict cites evidence unless forced; a claim
//! already logged is not logged again; a source is attached once; a claim has at most 50
//! tags), writes the history entries that say what changed, and marks the claims it changed
//! as updated. No command writes history itself, and none sees the database's engine: this
//! layer talks to the storage traits of `crate::db` only.
//!
//! The model is jj's `start_transaction()` ... `tx.finish(...)`, which records the operation
//! so that no command does.

mod claims;
mod evidence;
mod import;
mod revert;
mod scale;
mod speakers;
mod workflow;

use anyhow::Result;

use crate::db::{Store, StoreTxn};
use crate::model::{Change, ClaimId, HistoryField};

pub use claims::{Added, AlreadyLogged, Edit, Repeat, Repeated, StatusChange, already_logged};
pub use evidence::{Detached, EvidenceEdit};
pub use import::{ImportRules, Importer, Loaded, UpdateKey, Updated};
pub use scale::ScaleSwitch;
pub use speakers::{Moved, SpeakerChange};
pub use workflow::{Decision, Reviewed, SETTINGS, known_setting};

/// One command's changes: they all land at [`Transaction::finish`], or none of them does.
pub struct Transaction<'s> {
    txn: Box<dyn StoreTxn + 's>,
    /// Who the history records: the login where the database has logins (with the name the
    /// person gave beside it, when it is another: `maria (for Ana)`), else the name given.
    actor: String,
    /// The database login, where there is one (PostgreSQL).
    login: Option<String>,
    now: String,
}

impl<'s> Transaction<'s> {
    /// Begins a write transaction on `store` for `actor` (the name the history records), at
    /// `now` (an RFC 3339 timestamp, the same for every change of the transaction).
    /// `named`: whether someone gave that name (else it is the system's login name, which a
    /// database login replaces).
    pub fn begin(
        store: &'s mut dyn Store,
        actor: String,
        named: bool,
        now: String,
    ) -> Result<Self> {
        let txn = store.write()?;
        let login = txn.login()?;
        Ok(Transaction {
            actor: match (&login, named) {
                (Some(login), false) => login.clone(),
                _ => on_behalf(login.as_deref(), &actor),
            },
            txn,
            login,
            now,
        })
    }

    /// Who the history records for a change by `named` (`--by`), or by the transaction's
    /// actor when no one is named.
    fn acting(&self, named: Option<&str>) -> String {
        match named {
            Some(named) => on_behalf(self.login.as_deref(), named),
            None => self.actor.clone(),
        }
    }

    /// Whether two actors of the history are the same person: where the database has
    /// logins, the same login (whoever each said they acted for); else the same name.
    fn same_person(&self, one: &str, other: &str) -> bool {
        match self.login {
            Some(_) => login_of(one) == login_of(other),
            None => one == other,
        }
    }

    /// What the transaction sees, for reads between changes.
    pub fn store(&self) -> &dyn StoreTxn {
        &*self.txn
    }

    /// The time every change of this transaction is stamped with.
    pub fn now(&self) -> &str {
        &self.now
    }

    /// The time every change of this transaction is stamped with, as a moment.
    fn timestamp(&self) -> Result<crate::model::Timestamp> {
        self.now
            .parse()
            .map_err(|err: String| anyhow::anyhow!("the clock: {err}"))
    }

    /// Commits every change of the transaction.
    pub fn finish(self) -> Result<()> {
        self.txn.commit()
    }

    /// Records one change to `claim`, by the transaction's actor.
    fn record(&self, claim: ClaimId, change: &Change<'_>) -> Result<()> {
        self.record_by(claim, &self.actor, change)
    }

    /// Records one change to `claim`, by `actor` (a reviewer named with `--by`).
    fn record_by(&self, claim: ClaimId, actor: &str, change: &Change<'_>) -> Result<()> {
        self.txn.append_history(claim, &self.now, actor, change)
    }

    /// Marks `claim` as updated now.
    fn touch(&self, claim: ClaimId) -> Result<()> {
        self.txn.touch(claim, &self.now)
    }
}

/// The actor the history records for `named` acting through `login`: the login alone when the
/// names agree (or there is no one else), `login (for named)` when they differ, `named` where
/// the database has no logins.
fn on_behalf(login: Option<&str>, named: &str) -> String {
    match login {
        None => named.to_string(),
        Some(login) if login == named || named.is_empty() => login.to_string(),
        Some(login) => format!("{login} (for {named})"),
    }
}

/// The login part of an actor recorded as `login (for name)`.
fn login_of(actor: &str) -> &str {
    actor.split_once(" (for ").map_or(actor, |(login, _)| login)
}

/// A change of one field, with nothing else said about it.
fn change<'a>(
    field: HistoryField,
    old_value: Option<&'a str>,
    new_value: Option<&'a str>,
) -> Change<'a> {
    Change {
        field,
        old_value,
        new_value,
        note: None,
    }
}
