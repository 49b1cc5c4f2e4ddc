//! Where a PostgreSQL desk is and how to log in to it, as `psql` reads it: the URL given with
//! `--db`, then the standard `PG*` variables for what the URL leaves out, then `~/.pgpass` (or
//! `PGPASSFILE`) for the password. The `postgres` crate reads none of these itself.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use postgres::Config;
use postgres::config::Host;

/// Whether `text` names a PostgreSQL database rather than an SQLite file.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// The connection settings for `url`, completed from the environment as `psql` completes them.
pub fn config(url: &str) -> Result<Config> {
    config_from(url, &|name| std::env::var(name).ok(), home().as_deref())
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// [`config`], with the environment and the home folder given (for tests).
pub fn config_from(
    url: &str,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<Config> {
    let var = |name: &str| env(name).filter(|value| !value.is_empty());
    // The crate fills in port 5432 when the URL names none, where psql would take PGPORT.
    let url = match (url::Url::parse(url), var("PGPORT")) {
        (Ok(mut parsed), Some(port)) if parsed.port().is_none() && parsed.has_host() => {
            let Ok(port) = port.parse::<u16>() else {
                bail!("invalid PGPORT '{port}': expected a port number such as 5432");
            };
            let _ = parsed.set_port(Some(port));
            parsed.to_string()
        }
        _ => url.to_string(),
    };
    let url = url.as_str();
    let mut config: Config = match url.parse() {
        Ok(config) => config,
        Err(err) => bail!(
            "invalid PostgreSQL address '{}': {err}; expected postgres://USER@HOST/DATABASE",
            redacted(url)
        ),
    };
    if config.get_hosts().is_empty() {
        match var("PGHOST") {
            Some(hosts) => {
                for host in hosts.split(',') {
                    config.host(host);
                }
            }
            // psql's default: the server's socket folder on Debian, else the local host.
            None if Path::new("/var/run/postgresql").is_dir() => {
                config.host_path("/var/run/postgresql");
            }
            None => {
                config.host("localhost");
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = var("PGPORT")
    {
        match port.parse::<u16>() {
            Ok(port) => {
                config.port(port);
            }
            Err(_) => bail!("invalid PGPORT '{port}': expected a port number such as 5432"),
        }
    }
    if config.get_user().is_none() {
        let user = var("PGUSER")
            .or_else(|| var("USER"))
            .or_else(|| var("LOGNAME"))
            .unwrap_or_else(|| "postgres".to_string());
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        let dbname = var("PGDATABASE")
            .unwrap_or_else(|| config.get_user().expect("a user was set above").to_string());
        config.dbname(&dbname);
    }
    if config.get_application_name().is_none() {
        config.application_name(&var("PGAPPNAME").unwrap_or_else(|| "claims".to_string()));
    }
    if config.get_connect_timeout().is_none() {
        let seconds = var("PGCONNECT_TIMEOUT")
            .and_then(|value| value.parse::<u64>().ok())
            .unwrap_or(10);
        config.connect_timeout(Duration::from_secs(seconds.max(2)));
    }
    if config.get_password().is_none() {
        if let Some(password) = var("PGPASSWORD") {
            config.password(password);
        } else {
            let file = var("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| home.map(|home| home.join(".pgpass")));
            if let Some(password) = file.and_then(|file| password_from_file(&file, &config)) {
                config.password(password);
            }
        }
    }
    Ok(config)
}

/// The password `~/.pgpass` gives for this connection: the first line whose
/// `host:port:database:user` fields match (`*` matches anything), as libpq reads it. A file
/// that others can read is ignored, as libpq ignores it.
fn password_from_file(file: &Path, config: &Config) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if meta.permissions().mode() & 0o077 != 0 {
        eprintln!(
            "warning: password file '{}' has group or world access; it is ignored: chmod 0600 it",
            file.display()
        );
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(name) => name.clone(),
        // libpq matches a socket connection against "localhost".
        Host::Unix(_) => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let dbname = config.get_dbname()?;
    let user = config.get_user()?;
    let wanted = [host.as_str(), port.as_str(), dbname, user];
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() < 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, wanted)| field == "*" || field == wanted);
            matches.then(|| fields[4..].join(":"))
        })
}

/// The `:`-separated fields of a `.pgpass` line, with `\:` and `\\` read as `:` and `\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("never empty").push(next);
                }
            }
            ':' => fields.push(String::new()),
            other => fields.last_mut().expect("never empty").push(other),
        }
    }
    fields
}

/// `url` with any password in it replaced by `***`, for messages.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Where `config` connects, for messages: `HOST:PORT/DATABASE`.
pub fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}/{}", config.get_dbname().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn the_url_wins_and_pg_variables_fill_in_the_rest() {
        let env = env_of(&[
            ("PGHOST", "db.example.org"),
            ("PGPORT", "6543"),
            ("PGUSER", "ana"),
            ("PGDATABASE", "desk"),
            ("PGPASSWORD", "secret"),
        ]);
        let config = config_from("postgres://maria@host/claims", &env, None).unwrap();
        assert_eq!(config.get_user(), Some("maria"));
        assert_eq!(config.get_dbname(), Some("claims"));
        assert_eq!(config.get_hosts(), &[Host::Tcp("host".to_string())]);
        assert_eq!(config.get_ports(), &[6543]);
        assert_eq!(config.get_password(), Some(&b"secret"[..]));
        let config = config_from("postgres://", &env, None).unwrap();
        assert_eq!(config.get_user(), Some("ana"));
        assert_eq!(config.get_dbname(), Some("desk"));
        assert_eq!(describe(&config), "db.example.org:6543/desk");
    }

    #[test]
    fn pgpass_gives_the_password_of_the_first_matching_line() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:claims:maria:wrong\nhost:*:claims:maria:pa\\:ss:word\n*:*:*:*:any\n",
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let env = env_of(&[]);
        let config = config_from("postgres://maria@host/claims", &env, Some(dir.path())).unwrap();
        assert_eq!(config.get_password(), Some(&b"pa:ss:word"[..]));
        let config = config_from("postgres://ana@x/y", &env, Some(dir.path())).unwrap();
        assert_eq!(config.get_password(), Some(&b"any"[..]));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let config = config_from("postgres://ana@x/y", &env, Some(dir.path())).unwrap();
        assert_eq!(config.get_password(), None, "a readable file is ignored");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redacted("postgres://maria:secret@host/claims"),
            "postgres://maria:***@host/claims"
        );
        assert!(is_url("postgresql://x/y") && !is_url("claims.db"));
    }
}
