//! The checks of `claims doctor`, and the repairs it can make safely. A repair only rebuilds
//! what is derived from the claims (the schema's indexes and triggers, the search index, the
//! kept counts, tag rows of claims that are gone); what the user logged is never deleted or
//! invented, so damage to that is reported with the way back (a backup) instead.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::Connection;

use super::claims::{self, MAX_ID};
use super::{counts, migrations, search};

/// What one check found.
pub struct Finding {
    /// What was checked, as the report names it.
    pub check: &'static str,
    pub outcome: Outcome,
}

/// Fine (with what was seen), or a problem with what to do about it.
pub enum Outcome {
    Fine(String),
    Problem {
        found: String,
        fix: String,
        /// What `--repair` does about it, when it can.
        repair: Option<Repair>,
    },
}

/// A repair `--repair` can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Apply the migrations the file lacks.
    Upgrade,
    /// Recreate these indexes, triggers and views (drop first those in the list, by name).
    Schema {
        drop: Vec<String>,
        create: Vec<String>,
    },
    /// Remove tag rows and speaker and tag counts whose claim, tag or speaker is gone.
    DerivedOrphans,
    Counts,
    SearchIndex,
    JournalMode,
}

/// How to get back what a repair cannot rebuild.
const FROM_BACKUP: &str = "restore the last good backup with `claims restore BACKUP --force` \
                           (it keeps this file beside it), or ask for help with a copy of it";

/// A database file being examined: opened as it is (see `sqlite::open_as_is`), without being
/// upgraded or refused for damage past its header.
pub struct Patient {
    conn: Connection,
}

impl Patient {
    /// Opens the file at `path` for checking.
    pub fn open(path: &std::path::Path) -> Result<Patient> {
        Ok(Patient {
            conn: super::open_as_is(path)?,
        })
    }

    /// Runs every check. A file damaged where its schema is cannot be checked any further:
    /// that is the finding.
    pub fn check(&self) -> Vec<Finding> {
        match migrations::version(&self.conn) {
            Ok(_) => check(&self.conn),
            Err(err) => vec![Finding {
                check: "SQLite integrity",
                outcome: damaged(&format!("even its list of tables cannot be read ({err})")),
            }],
        }
    }

    /// Makes the repairs, all in one transaction.
    pub fn repair(&mut self, repairs: &[Repair]) -> Result<()> {
        repair(&mut self.conn, repairs)
    }
}

/// Runs every check. A check that cannot run (a damaged file) is a problem of its own.
pub fn check(conn: &Connection) -> Vec<Finding> {
    type Check = fn(&Connection) -> Result<Outcome>;
    let checks: [(&'static str, Check); 9] = [
        ("SQLite integrity", integrity),
        ("schema version", version),
        ("tables, indexes and triggers", schema_objects),
        ("foreign keys", foreign_keys),
        ("history of missing claims", orphaned_history),
        ("ids for new claims", ids_left),
        ("search index", search_index),
        ("kept counts", kept_counts),
        ("journal mode", journal_mode),
    ];
    // On an older schema the derived tables may not exist yet: those checks wait for the
    // upgrade rather than report what the upgrade will create.
    // (On a newer minor, they are for the claims that knows it.)
    let current =
        migrations::version(conn).is_ok_and(|v| migrations::fit(v) == migrations::Fit::Current);
    let needs_current = [
        "tables, indexes and triggers",
        "search index",
        "kept counts",
    ];
    checks
        .into_iter()
        .map(|(check, run)| Finding {
            check,
            outcome: if !current && needs_current.contains(&check) {
                Outcome::Fine("checked once the schema is upgraded".to_string())
            } else {
                run(conn).unwrap_or_else(|err| unchecked(&err))
            },
        })
        .collect()
}

/// What a check that could not run reports: in words when the file is damaged, SQLite's
/// own otherwise.
pub fn unchecked(err: &anyhow::Error) -> Outcome {
    let damaged = err
        .chain()
        .filter_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .any(|err| err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt));
    Outcome::Problem {
        found: if damaged {
            "could not be checked: the file is damaged".to_string()
        } else {
            format!("could not be checked: {err:#}")
        },
        fix: FROM_BACKUP.to_string(),
        repair: None,
    }
}

/// Makes the repairs, all in one transaction (the journal mode, which cannot change inside
/// one, after it).
pub fn repair(conn: &mut Connection, repairs: &[Repair]) -> Result<()> {
    if repairs.contains(&Repair::Upgrade) {
        migrations::upgrade(conn)?;
    }
    let tx = super::write(conn)?;
    for repair in repairs {
        match repair {
            Repair::Upgrade | Repair::JournalMode => {}
            Repair::Schema { drop, create } => {
                for name in drop {
                    // The names come from the schema this binary expects, not from the user.
                    tx.execute_batch(&format!("DROP INDEX IF EXISTS \"{name}\"; DROP TRIGGER IF EXISTS \"{name}\"; DROP VIEW IF EXISTS \"{name}\";"))?;
                }
                for sql in create {
                    tx.execute_batch(sql)?;
                }
            }
            Repair::DerivedOrphans => tx.execute_batch(
                "DELETE FROM claim_tags WHERE claim_id NOT IN (SELECT id FROM claims)
                   OR tag_id NOT IN (SELECT id FROM tags);
                 DELETE FROM speaker_counts WHERE speaker_id NOT IN (SELECT id FROM speakers);
                 DELETE FROM tag_counts WHERE tag_id NOT IN (SELECT id FROM tags);",
            )?,
            Repair::Counts => counts::recount(&tx)?,
            Repair::SearchIndex => search::rebuild(&tx)?,
        }
    }
    tx.commit()?;
    if repairs.contains(&Repair::JournalMode) {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    Ok(())
}

/// The file is damaged (`what` says how): only a backup brings it back.
pub fn damaged(what: &str) -> Outcome {
    Outcome::Problem {
        found: format!("the file is damaged: {what}"),
        fix: FROM_BACKUP.to_string(),
        repair: None,
    }
}

fn integrity(conn: &Connection) -> Result<Outcome> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(10)")?;
    let lines: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines == ["ok"] {
        return Ok(Outcome::Fine("ok".to_string()));
    }
    Ok(damaged(&lines.join("; ")))
}

fn version(conn: &Connection) -> Result<Outcome> {
    let found = migrations::version(conn)?;
    match migrations::fit(found) {
        migrations::Fit::Current => return Ok(Outcome::Fine(format!("{found}, the latest"))),
        migrations::Fit::NewerMinor => {
            return Ok(Outcome::Fine(format!(
                "{found}, newer than this claims ({}) by additions it can use as they are",
                migrations::LATEST
            )));
        }
        migrations::Fit::Older(_) | migrations::Fit::Newer => {}
    }
    Ok(Outcome::Problem {
        found: format!(
            "{found}, older than this claims writes ({})",
            migrations::LATEST
        ),
        fix: "`claims doctor --repair` (or any claims command) upgrades it".to_string(),
        repair: Some(Repair::Upgrade),
    })
}

/// The indexes, triggers and views a database of this version has, by name, with their SQL
/// (from an empty database brought up to date in memory), and the names of its tables.
fn expected_schema() -> Result<(BTreeMap<String, String>, Vec<String>)> {
    let mut empty = Connection::open_in_memory()?;
    migrations::upgrade(&mut empty)?;
    let objects = schema(&empty)?;
    let mut derived = BTreeMap::new();
    let mut tables = Vec::new();
    for (kind, name, sql) in objects {
        if kind == "table" {
            tables.push(name);
        } else {
            derived.insert(name, sql);
        }
    }
    Ok((derived, tables))
}

fn schema(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL \
         AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn schema_objects(conn: &Connection) -> Result<Outcome> {
    let (expected, expected_tables) = expected_schema()?;
    let found = schema(conn)?;
    let tables: Vec<&String> = found
        .iter()
        .filter(|(kind, _, _)| kind == "table")
        .map(|(_, name, _)| name)
        .collect();
    let missing_tables: Vec<&String> = expected_tables
        .iter()
        .filter(|name| !tables.contains(name))
        .collect();
    if !missing_tables.is_empty() {
        return Ok(Outcome::Problem {
            found: format!(
                "missing tables: {}",
                missing_tables
                    .iter()
                    .map(|name| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            fix: FROM_BACKUP.to_string(),
            repair: None,
        });
    }
    let found: BTreeMap<&String, &String> = found
        .iter()
        .filter(|(kind, _, _)| kind != "table")
        .map(|(_, name, sql)| (name, sql))
        .collect();
    let mut missing = Vec::new();
    let mut changed = Vec::new();
    for (name, sql) in &expected {
        match found.get(name) {
            None => missing.push(name.clone()),
            Some(found_sql) if *found_sql != sql => changed.push(name.clone()),
            Some(_) => {}
        }
    }
    if missing.is_empty() && changed.is_empty() {
        return Ok(Outcome::Fine(format!(
            "all {} tables and {} indexes, triggers and views",
            expected_tables.len(),
            expected.len()
        )));
    }
    let mut found_text = Vec::new();
    if !missing.is_empty() {
        found_text.push(format!("missing: {}", missing.join(", ")));
    }
    if !changed.is_empty() {
        found_text.push(format!("changed outside claims: {}", changed.join(", ")));
    }
    let create = missing
        .iter()
        .chain(&changed)
        .map(|name| expected[name].clone())
        .collect();
    Ok(Outcome::Problem {
        found: found_text.join("; "),
        fix: "`claims doctor --repair` recreates them".to_string(),
        repair: Some(Repair::Schema {
            drop: changed,
            create,
        }),
    })
}

fn foreign_keys(conn: &Connection) -> Result<Outcome> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut by_table: BTreeMap<(String, String), u64> = BTreeMap::new();
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(2)?))
    })?;
    for row in rows {
        *by_table.entry(row?).or_default() += 1;
    }
    if by_table.is_empty() {
        return Ok(Outcome::Fine(
            "every row's claim, speaker and tag exists".to_string(),
        ));
    }
    let derived_only = by_table
        .keys()
        .all(|(table, _)| ["claim_tags", "speaker_counts", "tag_counts"].contains(&table.as_str()));
    let found = by_table
        .iter()
        .map(|((table, parent), rows)| format!("{rows} {table} rows point at missing {parent}"))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(if derived_only {
        Outcome::Problem {
            found,
            fix: "`claims doctor --repair` removes them (they are derived from the claims)"
                .to_string(),
            repair: Some(Repair::DerivedOrphans),
        }
    } else {
        Outcome::Problem {
            found,
            fix: format!("something deleted rows outside claims: {FROM_BACKUP}"),
            repair: None,
        }
    })
}

fn orphaned_history(conn: &Connection) -> Result<Outcome> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT h.claim_id FROM history h \
         WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = h.claim_id) \
         AND NOT EXISTS (SELECT 1 FROM history d WHERE d.claim_id = h.claim_id \
                         AND d.field = 'deleted') \
         ORDER BY h.claim_id LIMIT 11",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(Outcome::Fine(
            "none: every claim in the history exists or was deleted with `claims rm`".to_string(),
        ));
    }
    let shown: Vec<String> = ids.iter().take(10).map(i64::to_string).collect();
    Ok(Outcome::Problem {
        found: format!(
            "claims {}{} are gone without `claims rm`",
            shown.join(", "),
            if ids.len() > 10 { " and more" } else { "" }
        ),
        fix: format!("they were deleted outside claims; to get them back, {FROM_BACKUP}"),
        repair: None,
    })
}

/// Whether a claim can still be added: the next id is one past the largest among the claims
/// and the history (deleted claims keep theirs), and there is none past `MAX_ID`.
fn ids_left(conn: &Connection) -> Result<Outcome> {
    let largest = claims::largest_id(conn)?;
    if largest < MAX_ID {
        return Ok(Outcome::Fine(format!(
            "the next claim gets id {}",
            largest + 1
        )));
    }
    Ok(Outcome::Problem {
        found: format!(
            "the largest claim id is {largest}, and claim ids stop at {MAX_ID}: no claim can be \
             added"
        ),
        fix: "move the claims to a new database, where they get new ids: `claims export \
              --format json > all.json`, `claims --db NEW init`, `claims --db NEW import \
              all.json --map id=`"
            .to_string(),
        repair: None,
    })
}

fn search_index(conn: &Connection) -> Result<Outcome> {
    // FTS5 checks itself with a write statement: a file that cannot be written is checked on
    // a copy, so that doctor only ever reads it.
    let consistent = if super::is_read_only(conn) {
        let (copy, _scratch) = super::backup::scratch_copy(conn)?;
        search::is_consistent(&copy)?
    } else {
        search::is_consistent(conn)?
    };
    Ok(if consistent {
        Outcome::Fine("agrees with the claims, notes and sources".to_string())
    } else {
        Outcome::Problem {
            found: "out of step with the claims".to_string(),
            fix: "`claims doctor --repair` rebuilds it".to_string(),
            repair: Some(Repair::SearchIndex),
        }
    })
}

/// Whether the file's header says WAL (its read and write versions, bytes 18 and 19, are 2).
/// A file read as immutable (on a read-only disk) reports another journal mode whatever it is.
fn is_wal_file(conn: &Connection) -> bool {
    use std::io::Read;
    let Some(path) = conn.path().filter(|path| !path.is_empty()) else {
        return false;
    };
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| header[18] == 2 && header[19] == 2)
}

fn kept_counts(conn: &Connection) -> Result<Outcome> {
    let wrong = counts::disagreements(conn)?;
    Ok(if wrong == 0 {
        Outcome::Fine("agree with the claims".to_string())
    } else {
        Outcome::Problem {
            found: format!("{wrong} counts disagree with the claims"),
            fix: "`claims doctor --repair` counts them again".to_string(),
            repair: Some(Repair::Counts),
        }
    })
}

fn journal_mode(conn: &Connection) -> Result<Outcome> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
    Ok(if mode.eq_ignore_ascii_case("wal") || is_wal_file(conn) {
        Outcome::Fine("wal".to_string())
    } else {
        Outcome::Problem {
            found: format!("{mode}: readers wait for writers"),
            fix: "`claims doctor --repair` sets WAL".to_string(),
            repair: Some(Repair::JournalMode),
        }
    })
}
