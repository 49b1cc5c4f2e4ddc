//! The schema's history on PostgreSQL: `migrations/postgres/NNNN_*.sql`, the same numbers and
//! names as SQLite's and the same major and minor steps (`sqlite::migrations::MIGRATIONS` says
//! which is which), so that a version means one schema on both engines.
//!
//! The version is kept in the table `claims_schema` (one row: major, minor). Upgrades run
//! under a transaction-level advisory lock, each step in its own transaction with the version
//! read again after the lock is taken, so two people whose newer `claims` upgrades the desk at
//! the same moment apply each step once.

use anyhow::{Context as _, Result};
use postgres::{Client, Transaction};

use crate::db::sqlite::migrations::{Fit, LATEST, MIGRATIONS as STEPS, SchemaVersion, Step, fit};
use crate::error::UserError;

/// Every migration, in order, named as SQLite's.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial.sql",
        include_str!("../../../migrations/postgres/0001_initial.sql"),
    ),
    (
        "0002_scales_roles_fingerprints.sql",
        include_str!("../../../migrations/postgres/0002_scales_roles_fingerprints.sql"),
    ),
    (
        "0003_fast_counts.sql",
        include_str!("../../../migrations/postgres/0003_fast_counts.sql"),
    ),
    (
        "0004_search.sql",
        include_str!("../../../migrations/postgres/0004_search.sql"),
    ),
    (
        "0005_repeats.sql",
        include_str!("../../../migrations/postgres/0005_repeats.sql"),
    ),
    (
        "0006_speaker_counts.sql",
        include_str!("../../../migrations/postgres/0006_speaker_counts.sql"),
    ),
    (
        "0007_speaker_kinds.sql",
        include_str!("../../../migrations/postgres/0007_speaker_kinds.sql"),
    ),
    (
        "0008_workflow.sql",
        include_str!("../../../migrations/postgres/0008_workflow.sql"),
    ),
    (
        "0009_tag_counts.sql",
        include_str!("../../../migrations/postgres/0009_tag_counts.sql"),
    ),
];

/// The advisory lock key of schema upgrades ("claims" + 1).
const UPGRADE_LOCK: i64 = 0x636c_6169_6d73_0001;

/// The database's schema version, or `None` for a database `claims` never set up.
pub fn version(tx: &mut Transaction<'_>) -> Result<Option<SchemaVersion>> {
    let exists: bool = tx
        .query_one("SELECT to_regclass('claims_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(tx
        .query_opt("SELECT major, minor FROM claims_schema", &[])?
        .map(|row| SchemaVersion {
            major: row.get(0),
            minor: row.get(1),
        }))
}

/// The refusal of a database of a newer major than this binary's, naming the `claims` that
/// applied it.
pub fn too_new(tx: &mut Transaction<'_>, found: SchemaVersion, place: &str) -> anyhow::Error {
    let needs: Option<String> = tx
        .query_opt("SELECT value FROM settings WHERE key = 'needs_claims'", &[])
        .ok()
        .flatten()
        .map(|row| row.get(0));
    UserError::DatabaseTooNew {
        path: place.to_string(),
        found: found.to_string(),
        known: LATEST.to_string(),
        install: match needs {
            Some(release) => format!("claims {release} or newer"),
            None => format!("a claims that knows schema version {}", found.major),
        },
    }
    .into()
}

/// Applies every migration the database lacks, each in its own transaction under the upgrade
/// lock, and returns the versions before and after.
pub fn upgrade(client: &mut Client, place: &str) -> Result<(SchemaVersion, SchemaVersion)> {
    let mut before = None;
    loop {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&UPGRADE_LOCK])?;
        let current = version(&mut tx)?.unwrap_or(SchemaVersion::NONE);
        let before = *before.get_or_insert(current);
        let applied = match fit(current) {
            Fit::Current | Fit::NewerMinor => return Ok((before, current)),
            Fit::Newer => return Err(too_new(&mut tx, current, place)),
            Fit::Older(applied) => applied,
        };
        if applied == 0 {
            tx.batch_execute(
                "CREATE TABLE claims_schema (
                     one   BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
                     major BIGINT NOT NULL,
                     minor BIGINT NOT NULL
                 );
                 INSERT INTO claims_schema (major, minor) VALUES (0, 0);",
            )?;
        }
        let (name, sql) = MIGRATIONS[applied];
        tx.batch_execute(sql)
            .with_context(|| format!("applying migration postgres/{name}"))?;
        if STEPS[applied].2 == Step::Major && applied > 0 {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('needs_claims', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&env!("CARGO_PKG_VERSION")],
            )?;
        }
        let after = SchemaVersion::after(applied + 1);
        tx.execute(
            "UPDATE claims_schema SET major = $1, minor = $2",
            &[&after.major, &after.minor],
        )?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_migrations_as_sqlite_are_in_the_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            files, embedded,
            "every file in migrations/postgres is embedded"
        );
        let sqlite: Vec<&str> = STEPS.iter().map(|(name, _, _)| *name).collect();
        assert_eq!(
            embedded, sqlite,
            "one PostgreSQL migration for each SQLite one"
        );
    }
}
