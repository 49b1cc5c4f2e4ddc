//! The PostgreSQL engine: a desk's database on a server, shared by everyone on it. Connecting
//! (the URL, the `PG*` variables and `~/.pgpass`, as `psql` reads them: `connect.rs`), the
//! schema's upgrades under an advisory lock (`migrations.rs`), the store (`store.rs`), and the
//! queries beside, one file per table family as in `sqlite/`.

pub mod appearances;
pub mod claims;
pub mod connect;
pub mod counts;
pub mod doctor;
pub mod evidence;
pub mod filter;
pub mod history;
pub mod identities;
pub mod import;
pub mod matching;
pub mod migrations;
pub mod notes;
pub mod records;
pub mod roles;
pub mod scale;
pub mod search;
pub mod speakers;
mod sql;
mod store;
pub mod testing;
pub mod watch;
pub mod workflow;

pub use store::{PostgresStore, PostgresTxn, WRITE_LOCK};

use anyhow::Result;
use postgres::{Client, NoTls};

use crate::db::sqlite::InitOutcome;
use crate::db::sqlite::migrations::{Fit, SchemaVersion, fit};
use crate::error::UserError;

/// Connects to the database `url` names, with the session settings every command wants: how
/// long to wait for another writer (`CLAIMS_BUSY_TIMEOUT`), UTC, and no notices on stderr.
pub fn connect(url: &str) -> Result<Client> {
    Ok(connect_as(url)?.0)
}

/// [`connect`], and the login the session is (the user it logged in as: `session_user`).
fn connect_as(url: &str) -> Result<(Client, String)> {
    let config = connect::config(url)?;
    let login = config.get_user().unwrap_or_default().to_string();
    let place = connect::describe(&config);
    let mut client = config
        .connect(NoTls)
        .map_err(|err| connect_error(err, url, &place))?;
    let timeout_ms = crate::db::sqlite::busy_timeout()
        .as_millis()
        .max(1)
        .to_string();
    client.batch_execute("SET client_min_messages = warning; SET TIME ZONE 'UTC';")?;
    client.execute(
        "SELECT set_config('lock_timeout', $1, false)",
        &[&timeout_ms],
    )?;
    Ok((client, login))
}

/// A failed connection in the user's terms: which server, and what to check.
fn connect_error(err: postgres::Error, url: &str, place: &str) -> anyhow::Error {
    let url = connect::redacted(url);
    if let Some(db) = err.as_db_error() {
        if db.code() == &postgres::error::SqlState::UNDEFINED_DATABASE {
            return anyhow::anyhow!(
                "database {place} does not exist on the server: create it with `createdb` \
                 (or ask the desk's administrator), then `claims --db {url} init`"
            );
        }
        return anyhow::anyhow!("cannot log in to {place}: {}", db.message());
    }
    anyhow::anyhow!(
        "cannot connect to PostgreSQL at {place}: {err}; check that the server runs and that \
         --db, CLAIMS_DB and the PG* variables name it"
    )
}

/// Creates the schema if the database has none, and brings it up to date.
pub fn init(url: &str) -> Result<(PostgresStore, InitOutcome)> {
    let (mut client, login) = connect_as(url)?;
    let place = connect::redacted(url);
    refuse_foreign_database(&mut client, &place, true)?;
    roles::check(&mut client, &place)?;
    let (from_version, to_version) = migrations::upgrade(&mut client, &place)?;
    roles::set_up(&mut client)?;
    let outcome = InitOutcome {
        created: from_version == SchemaVersion::NONE,
        from_version,
        to_version,
    };
    Ok((PostgresStore::on(client, login), outcome))
}

/// Opens a `claims` database on the server, upgrading an older schema.
pub fn open(url: &str) -> Result<PostgresStore> {
    let (mut client, login) = connect_as(url)?;
    let place = connect::redacted(url);
    let found = refuse_foreign_database(&mut client, &place, false)?;
    if matches!(fit(found), Fit::Older(_)) {
        migrations::upgrade(&mut client, &place)?;
    }
    Ok(PostgresStore::on(client, login))
}

/// Refuses a database newer than this binary, and one that holds someone else's tables
/// (`allow_empty`: `init` may set up an empty one); returns its version.
fn refuse_foreign_database(
    client: &mut Client,
    place: &str,
    allow_empty: bool,
) -> Result<SchemaVersion> {
    let mut tx = client.transaction()?;
    let found = migrations::version(&mut tx)?;
    match found {
        Some(version) if fit(version) == Fit::Newer => {
            Err(migrations::too_new(&mut tx, version, place))
        }
        Some(version) => Ok(version),
        None => {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )?
                .get(0);
            if tables > 0 {
                return Err(UserError::ForeignDatabase(place.to_string()).into());
            }
            if !allow_empty {
                return Err(UserError::NotInitialised(place.to_string()).into());
            }
            Ok(SchemaVersion::NONE)
        }
    }
}

/// Puts the server's errors that a user must act on (a lock held too long, a full disk, a
/// read-only server, a login without the role it needs) in the user's terms, naming the
/// database `url` names; other errors pass unchanged.
pub fn explained(err: anyhow::Error, url: &str) -> anyhow::Error {
    use postgres::error::SqlState;
    let Some(db) = err
        .chain()
        .find_map(|cause| cause.downcast_ref::<postgres::Error>())
        .and_then(|err| err.as_db_error())
    else {
        return err;
    };
    let place = connect::redacted(url);
    let code = db.code();
    if code == &SqlState::INSUFFICIENT_PRIVILEGE {
        // Which role is missing is asked on a connection of its own: the command's
        // transaction is over.
        let refusal = db.message().to_string();
        match connect(url).and_then(|mut client| roles::needed(&mut client, &refusal)) {
            Ok((login, role)) => UserError::NeedsRole {
                login,
                allows: roles::what_it_allows(&role),
                role,
                place,
            }
            .into(),
            Err(_) => err,
        }
    } else if code == &SqlState::LOCK_NOT_AVAILABLE {
        UserError::Busy(place).into()
    } else if code == &SqlState::DISK_FULL {
        UserError::DiskFull(place).into()
    } else if code == &SqlState::READ_ONLY_SQL_TRANSACTION {
        UserError::ReadOnly {
            path: place,
            why: "the server takes no writes (a standby, or a read-only session)".to_string(),
            fix: "point --db at the desk's primary server".to_string(),
        }
        .into()
    } else {
        err
    }
}
