//! A PostgreSQL server for tests: the one `CLAIMS_TEST_POSTGRES` names, and throwaway
//! databases on it, one per test, dropped when done. `.ci/run` starts a server for the run;
//! elsewhere, tests that need one say they are skipped.

use anyhow::Result;
use postgres::Client;

/// The environment variable naming the test server: a URL of a login that may create
/// databases, e.g. `postgres://postgres@127.0.0.1:55432/postgres`.
pub const SERVER_VAR: &str = "CLAIMS_TEST_POSTGRES";

/// The test server's URL when it is set and answers; otherwise a line on stderr saying why
/// the test is skipped, and `None`.
pub fn server() -> Option<String> {
    let Ok(url) = std::env::var(SERVER_VAR) else {
        eprintln!("skipped: no PostgreSQL test server ({SERVER_VAR} is not set)");
        return None;
    };
    match super::connect(&url) {
        Ok(_) => Some(url),
        Err(err) => {
            eprintln!("skipped: the PostgreSQL test server {SERVER_VAR} does not answer: {err:#}");
            None
        }
    }
}

/// The login tests act as on their databases (it owns them), named as the reviewer the tests
/// pin (`CLAIMS_REVIEWER=tester`), so that the history's actor is the same on both engines.
pub const TEST_LOGIN: &str = "tester";

/// Makes a login on the server where there is none of that name (tests made at once may race
/// to make the same one; it is then there, as wanted). `options`: what else it may do.
pub fn ensure_login(client: &mut Client, name: &str, options: &str) -> Result<()> {
    // The name is one of the tests' own, never a user's.
    one_at_a_time(
        client,
        &format!(
            "DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                    CREATE ROLE \"{name}\" LOGIN {options};
                END IF;
             END $$;"
        ),
    )
}

/// Runs `sql`, which changes the server's roles, under a lock of the tests' own: two tests
/// changing the same role at once would otherwise fail on each other.
fn one_at_a_time(client: &mut Client, sql: &str) -> Result<()> {
    const ROLES_LOCK: i64 = 0x636c_6169_6d73_00ff;
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ROLES_LOCK])?;
    tx.batch_execute(sql)?;
    tx.commit()?;
    Ok(())
}

impl TestDatabase {
    /// The URL of this database for another login, made if the server lacks it and granted
    /// `role` (one of the desk's roles, or none).
    pub fn url_for(&self, login: &str, role: Option<&str>) -> Result<String> {
        let mut client = super::connect(&self.server)?;
        ensure_login(&mut client, login, "")?;
        if let Some(role) = role {
            one_at_a_time(&mut client, &format!("GRANT {role} TO \"{login}\""))?;
        }
        let mut url = url::Url::parse(&self.url)?;
        url.set_username(login)
            .map_err(|()| anyhow::anyhow!("{} cannot take a user name", self.url))?;
        Ok(url.to_string())
    }
}

/// A database made for one test, dropped with it.
pub struct TestDatabase {
    /// Its URL: the server's, with this database's name.
    pub url: String,
    name: String,
    server: String,
}

impl TestDatabase {
    /// Creates a new, empty database on `server`.
    pub fn create(server: &str) -> Result<TestDatabase> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |time| time.subsec_nanos());
        let name = format!(
            "claims_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = super::connect(server)?;
        ensure_login(&mut client, TEST_LOGIN, "CREATEROLE")?;
        // The name is made here of digits and letters, never given by a user.
        client.batch_execute(&format!("CREATE DATABASE {name} OWNER {TEST_LOGIN}"))?;
        let mut url = url::Url::parse(server)?;
        url.set_path(&format!("/{name}"));
        url.set_username(TEST_LOGIN)
            .map_err(|()| anyhow::anyhow!("{server} cannot take a user name"))?;
        Ok(TestDatabase {
            url: url.to_string(),
            name,
            server: server.to_string(),
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = super::connect(&self.server) {
            let _ = drop_database(&mut client, &self.name);
        }
    }
}

fn drop_database(client: &mut Client, name: &str) -> Result<()> {
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    Ok(())
}
