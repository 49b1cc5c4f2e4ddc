//! What `claims` is measured against: SQLite itself, driven by raw rusqlite from this process,
//! and the `sqlite3` command-line shell running the same SQL.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, params};

use claims::db::sqlite::functions::fingerprint;
use claims::model::speaker_key;

/// The `sqlite3` shell, if it is installed.
pub fn sqlite3() -> Option<PathBuf> {
    let found = Command::new("sqlite3").arg("-version").output().ok()?;
    found.status.success().then(|| PathBuf::from("sqlite3"))
}

/// The `sqlite3` shell's version line, for the report.
pub fn sqlite3_version() -> Option<String> {
    let output = Command::new("sqlite3").arg("-version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().next().map(str::to_string)
}

/// The limit: the generated CSV inserted with prepared statements in one transaction, into the
/// same schema (its triggers fire as for anyone), by this process. It writes what
/// `claims import` writes of the claims (speakers, claims with their fingerprint, tags with
/// their status), but no history and no checks.
pub fn raw_import(db: &Path, csv_path: &Path) -> Result<()> {
    let mut conn = Connection::open(db)?;
    claims::db::sqlite::functions::register(&conn)?;
    let tx = conn.transaction()?;
    {
        let mut reader = csv::Reader::from_path(csv_path)?;
        let mut speaker_insert =
            tx.prepare("INSERT INTO speakers (name, name_key) VALUES (?, ?)")?;
        let mut claim_insert = tx.prepare(
            "INSERT INTO claims (text, speaker_id, said_on, status, context, created_at, \
             updated_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        let mut tag_insert = tx.prepare("INSERT INTO tags (name) VALUES (?)")?;
        let mut tag_link =
            tx.prepare("INSERT INTO claim_tags (claim_id, tag_id, status) VALUES (?, ?, ?)")?;
        let mut speakers: HashMap<String, i64> = HashMap::new();
        let mut tags: HashMap<String, i64> = HashMap::new();
        let now = "2026-01-01T00:00:00Z";
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record)? {
            let (text, speaker, said_on, status, context, tag_list) = (
                &record[0], &record[1], &record[2], &record[3], &record[4], &record[5],
            );
            let key = speaker_key(speaker);
            let speaker_id = match speakers.get(&key) {
                Some(id) => *id,
                None => {
                    speaker_insert.execute(params![speaker, key])?;
                    let id = tx.last_insert_rowid();
                    speakers.insert(key.clone(), id);
                    id
                }
            };
            claim_insert.execute(params![
                text,
                speaker_id,
                said_on,
                status,
                (!context.is_empty()).then_some(context),
                now,
                now,
                fingerprint(&key, text)
            ])?;
            let claim_id = tx.last_insert_rowid();
            for tag in tag_list.split(';').filter(|tag| !tag.is_empty()) {
                let tag_id = match tags.get(tag) {
                    Some(id) => *id,
                    None => {
                        tag_insert.execute([tag])?;
                        let id = tx.last_insert_rowid();
                        tags.insert(tag.to_string(), id);
                        id
                    }
                };
                tag_link.execute(params![claim_id, tag_id, status])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// The `sqlite3` script that imports the generated CSV into the same schema: `.import` into a
/// staging table, then plain SQL into speakers, claims and tags (tags split with `json_each`).
pub fn sqlite3_import_script(csv_path: &Path) -> String {
    format!(
        "CREATE TABLE staging (text, speaker, said_on, status, context, tags);\n\
         .import --csv --skip 1 '{csv}' staging\n\
         BEGIN;\n\
         INSERT INTO speakers (name, name_key)\n\
           SELECT min(speaker), lower(trim(speaker)) FROM staging GROUP BY lower(trim(speaker));\n\
         INSERT INTO claims (text, speaker_id, said_on, status, context, created_at, updated_at)\n\
           SELECT st.text, sp.id, st.said_on, st.status, nullif(st.context, ''),\n\
                  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'\n\
           FROM staging st JOIN speakers sp ON sp.name_key = lower(trim(st.speaker))\n\
           ORDER BY st.rowid;\n\
         INSERT INTO tags (name)\n\
           SELECT DISTINCT j.value FROM staging st,\n\
             json_each('[\"' || replace(st.tags, ';', '\",\"') || '\"]') j\n\
           WHERE st.tags <> '';\n\
         INSERT INTO claim_tags (claim_id, tag_id, status)\n\
           SELECT st.rowid, t.id, st.status FROM staging st,\n\
             json_each('[\"' || replace(st.tags, ';', '\",\"') || '\"]') j\n\
             JOIN tags t ON t.name = j.value\n\
           WHERE st.tags <> '';\n\
         DROP TABLE staging;\n\
         COMMIT;\n",
        csv = csv_path.display()
    )
}

/// SQL with its `?` parameters written in as literals, for the `sqlite3` shell.
pub fn inline(sql: &str, params: &[Value]) -> String {
    let mut values = params.iter();
    let mut out = String::with_capacity(sql.len());
    let mut in_string = false;
    for ch in sql.chars() {
        match ch {
            '\'' => {
                in_string = !in_string;
                out.push(ch);
            }
            '?' if !in_string => match values.next() {
                Some(Value::Text(text)) => {
                    out.push('\'');
                    out.push_str(&text.replace('\'', "''"));
                    out.push('\'');
                }
                Some(Value::Integer(n)) => out.push_str(&n.to_string()),
                Some(Value::Real(x)) => out.push_str(&x.to_string()),
                Some(Value::Null) | None => out.push_str("NULL"),
                Some(Value::Blob(_)) => out.push_str("NULL"),
            },
            _ => out.push(ch),
        }
    }
    out
}

/// Attaches `evidence` sources to each claim, as the generator says, straight into the
/// database: setting up what `list`, `show` and `export` read, not something measured.
pub fn attach_evidence(db: &Path, counts: impl Iterator<Item = u32>) -> Result<u64> {
    let mut conn = Connection::open(db)?;
    let tx = conn.transaction()?;
    let mut total = 0;
    {
        let mut insert = tx.prepare(
            "INSERT INTO evidence (claim_id, url, title, publisher, published_on, stance, \
             created_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')",
        )?;
        for (index, count) in counts.enumerate() {
            let claim_id = index as i64 + 1;
            for n in 0..count {
                let stance =
                    ["supports", "refutes", "context"][(claim_id as usize + n as usize) % 3];
                insert
                    .execute(params![
                        claim_id,
                        format!("https://example.org/sources/{claim_id}/{n}"),
                        format!("Source {n} on claim {claim_id}"),
                        "Example Wire",
                        "2024-01-01",
                        stance
                    ])
                    .context("attach a source")?;
                total += 1;
            }
        }
    }
    tx.commit()?;
    Ok(total)
}

/// The least a report must do, in raw rusqlite: read every claim with its sources and history
/// (each table scanned once, in claim order) and write a page of escaped HTML per claim. No
/// charts, table pages or speaker pages: what `claims report` adds over this is its own work.
pub fn raw_report(db: &Path, dir: &Path) -> Result<()> {
    let conn = Connection::open(db)?;
    std::fs::create_dir_all(dir)?;
    let mut claims = conn.prepare(
        "SELECT c.id, c.text, s.name, c.said_on, c.status FROM claims c \
         JOIN speakers s ON s.id = c.speaker_id ORDER BY c.id",
    )?;
    let mut evidence =
        conn.prepare("SELECT claim_id, url, title, stance FROM evidence ORDER BY claim_id, id")?;
    let mut history =
        conn.prepare("SELECT claim_id, at, field, new_value FROM history ORDER BY claim_id, id")?;
    let mut evidence = evidence.query([])?;
    let mut history = history.query([])?;
    let mut next_source = evidence.next()?;
    let mut next_change = history.next()?;
    let mut rows = claims.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let mut page = format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>Claim {id}</title></head>\
             <body><blockquote>{}</blockquote><p>{} {} {}</p><ol>",
            escape(&row.get::<_, String>(1)?),
            escape(&row.get::<_, String>(2)?),
            escape(&row.get::<_, Option<String>>(3)?.unwrap_or_default()),
            escape(&row.get::<_, String>(4)?),
        );
        while let Some(source) =
            next_source.filter(|source| source.get::<_, i64>(0).ok() <= Some(id))
        {
            if source.get::<_, i64>(0)? == id {
                page.push_str(&format!(
                    "<li>{} <a href=\"{}\">{}</a></li>",
                    escape(&source.get::<_, String>(3)?),
                    escape(&source.get::<_, String>(1)?),
                    escape(&source.get::<_, Option<String>>(2)?.unwrap_or_default())
                ));
            }
            next_source = evidence.next()?;
        }
        page.push_str("</ol><table>");
        while let Some(change) =
            next_change.filter(|change| change.get::<_, i64>(0).ok() <= Some(id))
        {
            if change.get::<_, i64>(0)? == id {
                page.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&change.get::<_, String>(1)?),
                    escape(&change.get::<_, String>(2)?),
                    escape(&change.get::<_, Option<String>>(3)?.unwrap_or_default())
                ));
            }
            next_change = history.next()?;
        }
        page.push_str("</table></body></html>");
        std::fs::write(dir.join(format!("{id}.html")), page)?;
    }
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
