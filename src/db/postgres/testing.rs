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
        // The name is made here of digits and letters, never given by a user.
        client.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let mut url = url::Url::parse(server)?;
        url.set_path(&format!("/{name}"));
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
