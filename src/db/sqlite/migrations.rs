//! The schema's history: numbered `.sql` files under `migrations/`, embedded in the binary and
//! applied in order, each in its own transaction. A released migration is never edited; a
//! change is a new file.
//!
//! The schema version is major.minor (taskchampion's `DbVersion`), kept in SQLite's `PRAGMA
//! user_version`. A migration that only adds (a nullable column, an index, a table that older
//! code need not know) is a minor step: a desk sharing one database keeps working when one
//! person's newer `claims` applies it, since an older binary reads and writes a database of a
//! newer minor as it is. A migration that older code would break on is a major step, which an
//! older binary refuses, naming the `claims` to install (recorded by the binary that applied it).

use std::fmt;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::UserError;

/// Whether older binaries can still use the database after a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Older binaries would break: they refuse the database from here on.
    Major,
    /// Only adds: older binaries go on using the database.
    Minor,
}

/// Every migration, in order, and what kind of step it is.
pub(crate) const MIGRATIONS: &[(&str, &str, Step)] = &[
    (
        "0001_initial.sql",
        include_str!("../../../migrations/sqlite/0001_initial.sql"),
        Step::Major,
    ),
    (
        "0002_scales_roles_fingerprints.sql",
        include_str!("../../../migrations/sqlite/0002_scales_roles_fingerprints.sql"),
        Step::Major,
    ),
    (
        "0003_fast_counts.sql",
        include_str!("../../../migrations/sqlite/0003_fast_counts.sql"),
        Step::Major,
    ),
    (
        "0004_search.sql",
        include_str!("../../../migrations/sqlite/0004_search.sql"),
        Step::Major,
    ),
    (
        "0005_repeats.sql",
        include_str!("../../../migrations/sqlite/0005_repeats.sql"),
        Step::Major,
    ),
    (
        "0006_speaker_counts.sql",
        include_str!("../../../migrations/sqlite/0006_speaker_counts.sql"),
        Step::Major,
    ),
    (
        "0007_speaker_kinds.sql",
        include_str!("../../../migrations/sqlite/0007_speaker_kinds.sql"),
        Step::Minor,
    ),
    (
        "0008_workflow.sql",
        include_str!("../../../migrations/sqlite/0008_workflow.sql"),
        Step::Minor,
    ),
    (
        "0009_tag_counts.sql",
        include_str!("../../../migrations/sqlite/0009_tag_counts.sql"),
        Step::Minor,
    ),
];

/// A schema version: `major.minor`, written `6` when the minor is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaVersion {
    pub major: i64,
    pub minor: i64,
}

impl SchemaVersion {
    /// A database `claims` never set up.
    pub const NONE: SchemaVersion = SchemaVersion { major: 0, minor: 0 };

    /// The version `user_version` holds: a plain number for a minor of 0 (as every version
    /// before major.minor was, and as older binaries read it), else major × 1000 + minor.
    pub fn from_user_version(value: i64) -> SchemaVersion {
        if value < 1000 {
            SchemaVersion {
                major: value,
                minor: 0,
            }
        } else {
            SchemaVersion {
                major: value / 1000,
                minor: value % 1000,
            }
        }
    }

    fn user_version(self) -> i64 {
        if self.minor == 0 {
            self.major
        } else {
            self.major * 1000 + self.minor
        }
    }

    /// The version after the first `applied` migrations (PostgreSQL's are the same steps).
    pub(crate) const fn after(applied: usize) -> SchemaVersion {
        let mut version = SchemaVersion::NONE;
        let mut index = 0;
        while index < applied {
            version = match MIGRATIONS[index].2 {
                Step::Major => SchemaVersion {
                    major: version.major + 1,
                    minor: 0,
                },
                Step::Minor => SchemaVersion {
                    major: version.major,
                    minor: version.minor + 1,
                },
            };
            index += 1;
        }
        version
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minor == 0 {
            write!(f, "{}", self.major)
        } else {
            write!(f, "{}.{}", self.major, self.minor)
        }
    }
}

/// The schema version this binary writes.
pub const LATEST: SchemaVersion = SchemaVersion::after(MIGRATIONS.len());

/// How a database's schema stands to this binary's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// This binary's own.
    Current,
    /// Older: this many migrations are applied, and the rest will be.
    Older(usize),
    /// The same major and a newer minor: used as it is.
    NewerMinor,
    /// A newer major (or a version this binary's history never had): refused.
    Newer,
}

/// How `version` stands to this binary's schema.
pub fn fit(version: SchemaVersion) -> Fit {
    if version == LATEST {
        return Fit::Current;
    }
    if let Some(applied) = (0..MIGRATIONS.len()).find(|n| SchemaVersion::after(*n) == version) {
        return Fit::Older(applied);
    }
    if version.major == LATEST.major && version.minor > LATEST.minor {
        Fit::NewerMinor
    } else {
        Fit::Newer
    }
}

/// The database's schema version ([`SchemaVersion::NONE`] for one `claims` never set up).
pub fn version(conn: &Connection) -> rusqlite::Result<SchemaVersion> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .map(SchemaVersion::from_user_version)
}

/// The refusal of a database whose schema is of a newer major than this binary's: it names
/// the `claims` that applied that major (recorded in `settings`), for the user to install.
pub fn too_new(conn: &Connection, path: &std::path::Path) -> anyhow::Error {
    let needs: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'needs_claims'",
            [],
            |row| row.get(0),
        )
        .optional()
        .ok()
        .flatten();
    let found = version(conn).unwrap_or(SchemaVersion::NONE);
    UserError::DatabaseTooNew {
        path: path.display().to_string(),
        found: found.to_string(),
        known: LATEST.to_string(),
        install: match needs {
            Some(release) => format!("claims {release} or newer"),
            None => format!("a claims that knows schema version {}", found.major),
        },
    }
    .into()
}

/// Applies every migration the database lacks, each in its own transaction, and returns the
/// versions before and after. The version is read again inside each write transaction, so two
/// processes upgrading the same file at once do not apply a step twice. A database of a newer
/// minor is left as it is; one of a newer major is refused.
pub fn upgrade(conn: &mut Connection) -> Result<(SchemaVersion, SchemaVersion)> {
    super::functions::register(conn)?;
    let before = version(conn)?;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        let applied = match fit(current) {
            Fit::Current | Fit::NewerMinor => return Ok((before, current)),
            Fit::Newer => return Err(too_new(&tx, std::path::Path::new(tx.path().unwrap_or("")))),
            Fit::Older(applied) => applied,
        };
        let (name, sql, step) = MIGRATIONS[applied];
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {name}"))?;
        if step == Step::Major && applied > 0 {
            // Which claims older binaries must be replaced by, for their refusal to name.
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('needs_claims', ?) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [env!("CARGO_PKG_VERSION")],
            )?;
        }
        tx.pragma_update(
            None,
            "user_version",
            SchemaVersion::after(applied + 1).user_version(),
        )?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale::Scale;

    #[test]
    fn migrations_are_numbered_in_order_and_match_the_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|(name, _, _)| *name).collect();
        assert_eq!(
            files, embedded,
            "every file in migrations/ is embedded, in order"
        );
        for (index, name) in embedded.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", index + 1)),
                "{name} is numbered {}",
                index + 1
            );
        }
    }

    #[test]
    fn all_migrations_apply_to_an_empty_database_and_reapply_as_no_ops() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(upgrade(&mut conn).unwrap(), (SchemaVersion::NONE, LATEST));
        assert_eq!(upgrade(&mut conn).unwrap(), (LATEST, LATEST));
        conn.execute_batch("PRAGMA foreign_key_check").unwrap();
    }

    #[test]
    fn a_new_database_has_the_default_scale() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        assert_eq!(
            crate::db::sqlite::scale::load(&conn).unwrap(),
            Scale::default_scale()
        );
        let names: Vec<String> = conn
            .prepare("SELECT name FROM statuses ORDER BY rank")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(names, Scale::default_scale().status_names());
    }

    #[test]
    fn versions_are_major_dot_minor_and_plain_numbers_before() {
        assert_eq!(SchemaVersion::from_user_version(6).to_string(), "6");
        assert_eq!(SchemaVersion::from_user_version(6002).to_string(), "6.2");
        assert_eq!(SchemaVersion::from_user_version(7000).to_string(), "7");
        for value in [6, 6002, 7000] {
            let version = SchemaVersion::from_user_version(value);
            assert_eq!(
                SchemaVersion::from_user_version(version.user_version()),
                version
            );
        }
        // A minor of 0 is written as a plain number, as older binaries read it.
        assert_eq!(SchemaVersion::from_user_version(7000).user_version(), 7);
        assert_eq!(fit(LATEST), Fit::Current);
        assert_eq!(fit(SchemaVersion::NONE), Fit::Older(0));
        let newer_minor = SchemaVersion {
            major: LATEST.major,
            minor: LATEST.minor + 1,
        };
        assert_eq!(fit(newer_minor), Fit::NewerMinor);
        let newer_major = SchemaVersion {
            major: LATEST.major + 1,
            minor: 0,
        };
        assert_eq!(fit(newer_major), Fit::Newer);
    }
}
