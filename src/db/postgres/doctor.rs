//! The checks of `claims doctor` that make sense on a PostgreSQL server, and their repairs:
//! the schema version, the kept counts (status, speaker, tag and word counts) and the search
//! entries. The server looks after its own pages, so there is no file to check; a problem in
//! what the user logged is for the desk's backups (`pg_dump`).

use anyhow::Result;
use postgres::Client;

use super::{counts, migrations, search};
use crate::db::sqlite::doctor::{Finding, Outcome, Repair};
use crate::db::sqlite::migrations::{Fit, LATEST, SchemaVersion, fit};

/// A database on a server being examined, without upgrading it.
pub struct Patient {
    client: Client,
    url: String,
}

impl Patient {
    /// Connects to the database for checking.
    pub fn open(url: &str) -> Result<Patient> {
        Ok(Patient {
            client: super::connect(url)?,
            url: url.to_string(),
        })
    }

    /// Every check, in the report's order.
    pub fn check(&mut self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let version = self.version();
        let version_fit = version.as_ref().ok().and_then(|found| found.map(fit));
        let usable = matches!(&version_fit, Some(found) if *found != Fit::Newer);
        findings.push(Finding {
            check: "schema version",
            outcome: match version {
                Ok(Some(found)) => match fit(found) {
                    Fit::Current | Fit::NewerMinor => Outcome::Fine(found.to_string()),
                    Fit::Older(_) => Outcome::Problem {
                        found: format!("{found}, older than this claims' {LATEST}"),
                        fix: "apply the missing migrations (`claims init` does too)".to_string(),
                        repair: Some(Repair::Upgrade),
                    },
                    Fit::Newer => Outcome::Problem {
                        found: format!("{found}, newer than this claims knows ({LATEST})"),
                        fix: "upgrade claims".to_string(),
                        repair: None,
                    },
                },
                Ok(None) => Outcome::Problem {
                    found: "no claims schema".to_string(),
                    fix: "set it up with `claims init`".to_string(),
                    repair: None,
                },
                Err(err) => crate::db::sqlite::doctor::unchecked(&err),
            },
        });
        if !usable {
            return findings;
        }
        // The counts and the search entries are those of the schema this claims knows: on an
        // older one (or a newer minor) they are checked by the claims of that schema.
        let current = matches!(&version_fit, Some(Fit::Current));
        if !current {
            for check in ["kept counts", "search index"] {
                findings.push(Finding {
                    check,
                    outcome: Outcome::Fine("checked once the schema is upgraded".to_string()),
                });
            }
            return findings;
        }
        let counts = self
            .count(counts::disagreements)
            .and_then(|status| Ok(status + self.count(counts::word_disagreements)?));
        findings.push(Finding {
            check: "kept counts",
            outcome: match counts {
                Ok(0) => Outcome::Fine("agree with the claims".to_string()),
                Ok(wrong) => Outcome::Problem {
                    found: format!("{wrong} count(s) disagree with the claims"),
                    fix: "count again from the claims".to_string(),
                    repair: Some(Repair::Counts),
                },
                Err(err) => crate::db::sqlite::doctor::unchecked(&err),
            },
        });
        findings.push(Finding {
            check: "search index",
            outcome: match self.count(search::stale_entries) {
                Ok(0) => Outcome::Fine("agrees with the claims".to_string()),
                Ok(stale) => Outcome::Problem {
                    found: format!("{stale} claim(s) with a stale search entry"),
                    fix: "rebuild the search index".to_string(),
                    repair: Some(Repair::SearchIndex),
                },
                Err(err) => crate::db::sqlite::doctor::unchecked(&err),
            },
        });
        findings
    }

    fn version(&mut self) -> Result<Option<SchemaVersion>> {
        let mut tx = self.client.transaction()?;
        migrations::version(&mut tx)
    }

    fn count(&mut self, check: fn(&mut postgres::Transaction<'_>) -> Result<i64>) -> Result<i64> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        check(&mut tx)
    }

    /// Makes the repairs, in one transaction (an upgrade in its own steps first).
    pub fn repair(&mut self, repairs: &[Repair]) -> Result<()> {
        if repairs.contains(&Repair::Upgrade) {
            migrations::upgrade(&mut self.client, &super::connect::redacted(&self.url))?;
        }
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&super::WRITE_LOCK])?;
        if repairs.contains(&Repair::SearchIndex) {
            search::rebuild(&mut tx)?;
        }
        if repairs.contains(&Repair::Counts) || repairs.contains(&Repair::SearchIndex) {
            counts::recount(&mut tx)?;
        }
        tx.commit()?;
        Ok(())
    }
}
