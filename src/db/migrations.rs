//! The schema's history: numbered `.sql` files under `migrations/`, embedded in the binary and
//! applied in order. The version is SQLite's `PRAGMA user_version`; a released migration is never
//! edited, a change is a new file.

use anyhow::{Context as _, Result};
use rusqlite::{Connection, TransactionBehavior};

/// Every migration, in order: the one at index `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial.sql",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        "0002_scales_roles_fingerprints.sql",
        include_str!("../../migrations/0002_scales_roles_fingerprints.sql"),
    ),
    (
        "0003_fast_counts.sql",
        include_str!("../../migrations/0003_fast_counts.sql"),
    ),
    (
        "0004_search.sql",
        include_str!("../../migrations/0004_search.sql"),
    ),
    (
        "0005_repeats.sql",
        include_str!("../../migrations/0005_repeats.sql"),
    ),
    (
        "0006_speaker_counts.sql",
        include_str!("../../migrations/0006_speaker_counts.sql"),
    ),
];

/// The schema version this binary writes and understands.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's schema version (0 for a database `claims` never set up).
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration the database lacks, each in its own transaction, and returns the
/// versions before and after. The version is read again inside each write transaction, so two
/// processes upgrading the same file at once do not apply a step twice.
pub fn upgrade(conn: &mut Connection) -> Result<(i64, i64)> {
    super::functions::register(conn)?;
    let before = version(conn)?;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        let Some((name, sql)) = usize::try_from(current)
            .ok()
            .and_then(|index| MIGRATIONS.get(index))
        else {
            return Ok((before, current));
        };
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {name}"))?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale::Scale;

    #[test]
    fn migrations_are_numbered_in_order_and_match_the_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
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
        assert_eq!(upgrade(&mut conn).unwrap(), (0, LATEST_VERSION));
        assert_eq!(
            upgrade(&mut conn).unwrap(),
            (LATEST_VERSION, LATEST_VERSION)
        );
        conn.execute_batch("PRAGMA foreign_key_check").unwrap();
    }

    #[test]
    fn a_new_database_has_the_default_scale() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        assert_eq!(
            crate::db::scale::load(&conn).unwrap(),
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
}
