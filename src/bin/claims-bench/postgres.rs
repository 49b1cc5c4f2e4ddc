//! The same measures on PostgreSQL: `claims --db postgres://...` on a new database per size,
//! against PostgreSQL's own client, `psql`, running the same SQL. The databases are made on
//! the server given with `--postgres` (named `bench_<pid>_...`) and dropped at the end.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use postgres::types::ToSql;
use postgres::{Client, NoTls};

use claims::filter::ClaimFilter;

/// A PostgreSQL server the benchmark may make databases on, and the `psql` to drive them.
pub struct Server {
    /// The URL given, whose database is only used to create and drop the others.
    admin_url: String,
    psql: PathBuf,
    /// The databases made so far, dropped by [`Server::drop_all`].
    made: RefCell<Vec<String>>,
}

impl Server {
    /// Connects to the server at `url` and finds `psql`.
    pub fn new(url: &str) -> Result<Server> {
        let psql = psql().context(
            "--postgres needs psql, PostgreSQL's client (Debian: apt install postgresql-client)",
        )?;
        let mut client = Client::connect(url, NoTls).with_context(|| {
            format!(
                "connect to {}",
                claims::db::postgres::connect::redacted(url)
            )
        })?;
        client.simple_query("SELECT 1")?;
        Ok(Server {
            admin_url: url.to_string(),
            psql,
            made: RefCell::new(Vec::new()),
        })
    }

    /// The server's and `psql`'s versions, for the report.
    pub fn describe(&self) -> Result<String> {
        let mut client = Client::connect(&self.admin_url, NoTls)?;
        let server: String = client.query_one("SHOW server_version", &[])?.get(0);
        let output = Command::new(&self.psql).arg("--version").output()?;
        // "psql (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the third word.
        let psql = String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .nth(2)
            .unwrap_or("unknown")
            .to_string();
        Ok(format!("server {server}; psql {psql}"))
    }

    /// The URL of database `name` on this server.
    pub fn url_of(&self, name: &str) -> Result<String> {
        let mut url = url::Url::parse(&self.admin_url).context("--postgres is not a URL")?;
        url.set_path(&format!("/{name}"));
        Ok(url.to_string())
    }

    /// A new, empty database `bench_<pid>_<what>` (any of that name dropped first), and its URL.
    pub fn fresh(&self, what: &str) -> Result<String> {
        let name = format!("bench_{}_{what}", std::process::id());
        let mut client = Client::connect(&self.admin_url, NoTls)?;
        // The name is made here of a number and a fixed word, never typed by anyone.
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        client.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let mut made = self.made.borrow_mut();
        if !made.contains(&name) {
            made.push(name.clone());
        }
        self.url_of(&name)
    }

    /// Drops every database this run made.
    pub fn drop_all(&self) -> Result<()> {
        let mut client = Client::connect(&self.admin_url, NoTls)?;
        for name in self.made.borrow_mut().drain(..) {
            client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        }
        Ok(())
    }

    /// `psql` on the database at `url`: quiet, no startup file, stopping at the first error.
    pub fn psql(&self, url: &str) -> Command {
        let mut command = Command::new(&self.psql);
        command
            .env_clear()
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]);
        command
    }
}

/// `psql`, if it is installed.
fn psql() -> Option<PathBuf> {
    let found = Command::new("psql").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("psql"))
}

/// The `psql` script that imports the generated CSV into `claims`' schema: `\copy` into a
/// staging table, then plain SQL into speakers, claims, tags and claim_tags (the analogue of
/// `sqlite3_import_script`). Claims take the staging row's number as their id, as SQLite's
/// rowid does there; the identity sequences are moved past them at the end. As `claims`' own
/// bulk load does (the SQL is the library's), the per-row triggers are set aside for the
/// inserts and the search entries and counts made once at the end: a DBA loading a million
/// rows by hand would do the same, and with the triggers on, the load is quadratic.
pub fn psql_import_script(csv_path: &Path) -> String {
    format!(
        "CREATE TEMP TABLE staging (n BIGINT GENERATED ALWAYS AS IDENTITY, text TEXT, \
           speaker TEXT, said_on TEXT, status TEXT, context TEXT, tags TEXT);\n\
         \\copy staging (text, speaker, said_on, status, context, tags) FROM '{csv}' WITH (FORMAT csv, HEADER true)\n\
         BEGIN;\n\
         {set_aside}\
         INSERT INTO speakers (name, name_key)\n\
           SELECT min(speaker), lower(trim(speaker)) FROM staging GROUP BY lower(trim(speaker));\n\
         INSERT INTO claims (id, text, speaker_id, said_on, status, context, created_at, updated_at)\n\
           SELECT st.n, st.text, sp.id, nullif(st.said_on, ''), st.status, nullif(st.context, ''),\n\
                  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'\n\
           FROM staging st JOIN speakers sp ON sp.name_key = lower(trim(st.speaker))\n\
           ORDER BY st.n;\n\
         INSERT INTO tags (name)\n\
           SELECT DISTINCT tag FROM staging st, unnest(string_to_array(st.tags, ';')) tag\n\
           WHERE st.tags <> '';\n\
         INSERT INTO claim_tags (claim_id, tag_id, status)\n\
           SELECT st.n, t.id, st.status FROM staging st,\n\
             unnest(string_to_array(st.tags, ';')) tag JOIN tags t ON t.name = tag\n\
           WHERE st.tags <> '';\n\
         {made_whole}\
         SELECT setval(pg_get_serial_sequence('claims', 'id'), (SELECT max(id) FROM claims));\n\
         COMMIT;\n",
        csv = csv_path.display().to_string().replace('\'', "''"),
        set_aside = claims::db::postgres::import::set_aside_sql(),
        made_whole = claims::db::postgres::import::made_whole_sql(),
    )
}

/// Attaches `evidence` sources to each claim, as the generator says, straight into the
/// database (setting up what `list`, `show` and `search` read, not measured). The per-row
/// triggers are set aside for the insert, and the entries of the claims with sources made
/// again once afterwards, with the counts: the same result, without remaking a claim's entry
/// once per source.
pub fn attach_evidence(url: &str, counts: impl Iterator<Item = u32>) -> Result<u64> {
    let mut client = Client::connect(url, NoTls)?;
    let (mut ids, mut ns): (Vec<i64>, Vec<i32>) = (Vec::new(), Vec::new());
    for (index, count) in counts.enumerate() {
        for n in 0..count {
            ids.push(index as i64 + 1);
            ns.push(n as i32);
        }
    }
    let mut tx = client.transaction()?;
    tx.batch_execute("SET LOCAL session_replication_role = replica")?;
    let total = tx
        .execute(
            "INSERT INTO evidence (claim_id, url, title, publisher, published_on, stance, \
             created_at) \
             SELECT c, 'https://example.org/sources/' || c || '/' || n, \
               'Source ' || n || ' on claim ' || c, 'Example Wire', '2024-01-01', \
               (ARRAY['supports', 'refutes', 'context'])[(c + n) % 3 + 1], \
               '2026-01-01T00:00:00Z' \
             FROM unnest($1::bigint[], $2::int[]) AS e (c, n)",
            &[&ids, &ns],
        )
        .context("attach the sources")?;
    // The entries are made again as a bulk import makes them (the library's SQL): with the
    // triggers on, a common word's count would be updated once per claim, which is quadratic.
    tx.batch_execute(&format!(
        "SET LOCAL session_replication_role = origin;\
         {set_aside}\
         UPDATE claims SET search = NULL WHERE id IN (SELECT DISTINCT claim_id FROM evidence);\
         {made_whole}\
         SELECT setval(pg_get_serial_sequence('evidence', 'id'), \
           greatest((SELECT max(id) FROM evidence), 1));",
        set_aside = claims::db::postgres::import::set_aside_sql(),
        made_whole = claims::db::postgres::import::made_whole_sql(),
    ))?;
    tx.commit()?;
    client.batch_execute("VACUUM ANALYZE")?;
    Ok(total)
}

/// A parameter of the library's SQL written as a literal, by the server itself: `quote_literal`
/// of it as text, as a number, or as an array of text, whichever type it is.
fn literal(client: &mut Client, param: &(dyn ToSql + Sync)) -> Result<String> {
    if let Ok(row) = client.query_one("SELECT quote_literal($1::text)", &[param]) {
        return Ok(row.get(0));
    }
    if let Ok(row) = client.query_one("SELECT $1::bigint::text", &[param]) {
        return Ok(row.get(0));
    }
    if let Ok(row) = client.query_one("SELECT quote_literal($1::text[]) || '::text[]'", &[param]) {
        return Ok(row.get(0));
    }
    bail!("a parameter of type {param:?} has no literal here")
}

/// SQL with its `$n` parameters written in as literals, for `psql`.
pub fn inline(
    client: &mut Client,
    sql: &str,
    params: &[Box<dyn ToSql + Sync + Send>],
) -> Result<String> {
    let literals = params
        .iter()
        .map(|param| literal(client, &**param as &(dyn ToSql + Sync)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut in_string = false;
    while let Some(ch) = chars.next() {
        if ch == '\'' {
            in_string = !in_string;
        }
        if ch == '$' && !in_string && chars.peek().is_some_and(char::is_ascii_digit) {
            let mut digits = String::new();
            while let Some(digit) = chars.next_if(char::is_ascii_digit) {
                digits.push(digit);
            }
            let index: usize = digits.parse().expect("ascii digits");
            out.push_str(
                literals
                    .get(index - 1)
                    .with_context(|| format!("${index} has no parameter"))?,
            );
        } else {
            out.push(ch);
        }
    }
    Ok(out)
}

/// A text as an SQL literal (standard strings: only the quote is doubled).
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The statement of `claims list`'s footer on PostgreSQL, with its values written in: the
/// counts by status, from the kept counts when the filter allows (the library's own
/// statement, the filter's ids looked up untimed).
pub fn count_by_status_sql(client: &mut Client, filter: &ClaimFilter) -> Result<String> {
    let ids = claims::db::postgres::filter::FilterIds::of(client, filter)?;
    let q = claims::db::postgres::claims::count_by_status_sql(filter, &ids);
    inline(client, &q.sql, &q.params)
}

/// The words `claims add` asks for candidates with (the rarest content words of `text`, as
/// `claims::db::postgres::matching` chooses them), found here untimed, and the statements of
/// that search as `psql` runs them: the word counts, the claim count, the candidates.
pub fn candidate_sql(client: &mut Client, text: &str, speaker: &str) -> Result<String> {
    let mut words = claims::matching::content_words(text, speaker);
    words.sort();
    words.dedup();
    if words.is_empty() {
        return Ok(String::new());
    }
    let array = format!(
        "ARRAY[{}]::text[]",
        words
            .iter()
            .map(|w| quote(w))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let counts = format!(
        "SELECT w.word, (SELECT claims FROM claim_words cw \
                         WHERE cw.word = l.lexeme AND cw.claims > 0) \
         FROM unnest({array}) WITH ORDINALITY AS w (word, n) \
         LEFT JOIN LATERAL (SELECT (tsvector_to_array(to_tsvector('claims', w.word)))[1] AS lexeme) l \
           ON true ORDER BY w.n"
    );
    let total = "SELECT coalesce(sum(claims), 0)::bigint FROM status_counts";
    let mut known: Vec<(i64, String)> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for row in client.query(&counts, &[])? {
        let word: String = row.get(0);
        match row.get::<_, Option<i64>>(1) {
            Some(count) => known.push((count, word)),
            None => unknown.push(word),
        }
    }
    let claims = client.query_one(total, &[])?.get::<_, i64>(0);
    let chosen: Vec<String> = claims::matching::query_words(known, unknown, claims)
        .iter()
        .map(|word| claims::db::postgres::matching::tsquery_word(word))
        .collect();
    Ok(format!(
        "{counts}; {total}; \
         SELECT c.id, c.text, s.name, c.said_on \
         FROM claims c JOIN speakers s ON s.id = c.speaker_id, to_tsquery('claims', {}) q \
         WHERE c.search @@ q ORDER BY ts_rank(c.search, q) DESC, c.id LIMIT 50;",
        quote(&chosen.join(" | "))
    ))
}

/// What `claims add` writes, as SQL: the speaker if new, the claim and its first history entry
/// (each one past the largest id, as `claims` gives them: it leaves the identity sequences
/// behind); the triggers index it and count it.
pub fn add_sql(text: &str, speaker: &str) -> String {
    let key = quote(&claims::model::speaker_key(speaker));
    let (text, speaker) = (quote(text), quote(speaker));
    format!(
        "BEGIN;\
         LOCK TABLE claims IN SHARE ROW EXCLUSIVE MODE;\
         INSERT INTO speakers (name, name_key) VALUES ({speaker}, {key}) \
           ON CONFLICT (name_key) DO NOTHING;\
         WITH claim AS (INSERT INTO claims (id, text, speaker_id, said_on, created_at, \
             updated_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM claims), {text}, \
             (SELECT id FROM speakers WHERE name_key = {key}), '2024-05-01', \
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id) \
         INSERT INTO history (id, claim_id, at, actor, field) \
           SELECT (SELECT coalesce(max(id), 0) + 1 FROM history), id, \
             '2026-01-01T00:00:00Z', 'bench', 'created' FROM claim;\
         COMMIT;"
    )
}

/// What `claims show` reads on PostgreSQL, as SQL: the claim's row (the review table's
/// columns), its sources, notes, history and appearances, and the scale.
pub fn show_sql(id: &str) -> String {
    format!(
        "SELECT c.id, c.text, s.name, c.said_on, c.status, c.context, c.source_url, \
           (SELECT string_agg(t.name, ';' ORDER BY t.name) FROM claim_tags ct \
            JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = c.id), \
           (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id), \
           c.created_at, c.updated_at, c.speaker_role, \
           (SELECT count(*) FROM appearances a WHERE a.claim_id = c.id) + 1 \
         FROM claims c JOIN speakers s ON s.id = c.speaker_id WHERE c.id = {id};\
         SELECT * FROM evidence WHERE claim_id = {id} ORDER BY id;\
         SELECT * FROM notes WHERE claim_id = {id} ORDER BY id;\
         SELECT * FROM history WHERE claim_id = {id} ORDER BY id;\
         SELECT * FROM appearances WHERE claim_id = {id} ORDER BY id;\
         SELECT name, rank, is_verdict FROM statuses ORDER BY rank;"
    )
}
