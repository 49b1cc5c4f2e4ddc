//! The desk's workflow (migration 0008): assignments, proposals waiting for sign-off,
//! publications; and the desk's settings.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::model::workflow::{Assignment, CheckerLoad, Proposal, Publication, Workflow};
use crate::model::{ClaimId, Status, speaker_key};

/// The claims that are assigned, waiting for review or published.
pub fn claims_in_workflow(conn: &Connection) -> Result<Vec<ClaimId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT claim_id FROM assignments UNION SELECT claim_id FROM proposals \
         UNION SELECT claim_id FROM publications ORDER BY claim_id",
    )?;
    let ids = stmt
        .query_map([], |row| row.get(0).map(ClaimId))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Where one claim stands.
pub fn get(conn: &Connection, id: ClaimId) -> Result<Workflow> {
    let assignment = conn
        .prepare_cached(
            "SELECT assignee, due_on, assigned_by, assigned_at FROM assignments WHERE claim_id = ?",
        )?
        .query_row([id.0], |row| {
            Ok(Assignment {
                assignee: row.get(0)?,
                due_on: row.get(1)?,
                assigned_by: row.get(2)?,
                assigned_at: row.get(3)?,
            })
        })
        .optional()?;
    let proposal = conn
        .prepare_cached(
            "SELECT status, note, proposed_by, proposed_at, approved_by FROM proposals \
             WHERE claim_id = ?",
        )?
        .query_row([id.0], |row| {
            let approved: String = row.get(4)?;
            Ok(Proposal {
                status: Status::new(row.get(0)?),
                note: row.get(1)?,
                proposed_by: row.get(2)?,
                proposed_at: row.get(3)?,
                approved_by: approved.lines().map(str::to_string).collect(),
            })
        })
        .optional()?;
    let publication = conn
        .prepare_cached(
            "SELECT status, published_at, published_by, url FROM publications WHERE claim_id = ?",
        )?
        .query_row([id.0], |row| {
            Ok(Publication {
                status: Status::new(row.get(0)?),
                published_at: row.get(1)?,
                published_by: row.get(2)?,
                url: row.get(3)?,
            })
        })
        .optional()?;
    Ok(Workflow {
        assignment,
        proposal,
        publication,
    })
}

/// Gives a claim to a checker, or (`None`) takes it back.
pub fn set_assignment(conn: &Connection, id: ClaimId, to: Option<&Assignment>) -> Result<()> {
    conn.prepare_cached("DELETE FROM assignments WHERE claim_id = ?")?
        .execute([id.0])?;
    if let Some(to) = to {
        conn.prepare_cached(
            "INSERT INTO assignments (claim_id, assignee, due_on, assigned_by, assigned_at) \
             VALUES (?, ?, ?, ?, ?)",
        )?
        .execute(params![
            id.0,
            to.assignee,
            to.due_on,
            to.assigned_by,
            to.assigned_at
        ])?;
    }
    Ok(())
}

/// Records the verdict waiting for sign-off, or (`None`) that none waits.
pub fn set_proposal(conn: &Connection, id: ClaimId, proposal: Option<&Proposal>) -> Result<()> {
    conn.prepare_cached("DELETE FROM proposals WHERE claim_id = ?")?
        .execute([id.0])?;
    if let Some(proposal) = proposal {
        conn.prepare_cached(
            "INSERT INTO proposals (claim_id, status, note, proposed_by, proposed_at, \
             approved_by) VALUES (?, ?, ?, ?, ?, ?)",
        )?
        .execute(params![
            id.0,
            proposal.status.as_str(),
            proposal.note,
            proposal.proposed_by,
            proposal.proposed_at,
            proposal.approved_by.join("\n")
        ])?;
    }
    Ok(())
}

/// Records a claim as published, or (`None`) as not published.
pub fn set_publication(
    conn: &Connection,
    id: ClaimId,
    publication: Option<&Publication>,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM publications WHERE claim_id = ?")?
        .execute([id.0])?;
    if let Some(publication) = publication {
        conn.prepare_cached(
            "INSERT INTO publications (claim_id, status, published_at, published_by, url) \
             VALUES (?, ?, ?, ?, ?)",
        )?
        .execute(params![
            id.0,
            publication.status.as_str(),
            publication.published_at,
            publication.published_by,
            publication.url
        ])?;
    }
    Ok(())
}

/// Each checker's claims: open (no verdict yet), overdue among them, and done.
pub fn checker_loads(conn: &Connection, today: chrono::NaiveDate) -> Result<Vec<CheckerLoad>> {
    let mut stmt = conn.prepare(
        "SELECT w.assignee, \
                sum(s.is_verdict = 0), \
                sum(s.is_verdict = 0 AND w.due_on < ?), \
                sum(s.is_verdict = 1) \
         FROM assignments w JOIN claims c ON c.id = w.claim_id \
         JOIN statuses s ON s.name = c.status \
         GROUP BY lower(w.assignee) ORDER BY lower(w.assignee)",
    )?;
    let rows = stmt.query_map([today.to_string()], |row| {
        Ok(CheckerLoad {
            checker: row.get(0)?,
            open: row.get::<_, i64>(1)? as u64,
            overdue: row.get::<_, i64>(2)? as u64,
            done: row.get::<_, i64>(3)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The claims with this status not changed since `before` (an RFC 3339 time).
pub fn untouched_since(conn: &Connection, status: &Status, before: &str) -> Result<Vec<ClaimId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM claims WHERE status = ? AND updated_at < ? ORDER BY updated_at, id",
    )?;
    let ids = stmt
        .query_map(params![status.as_str(), before], |row| {
            Ok(ClaimId(row.get(0)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Whether any claim was ever published.
pub fn any_published(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM publications)")?
        .query_row([], |row| row.get(0))?)
}

/// A setting of the desk's.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

/// Sets (or, with `None`, removes) a setting of the desk's.
pub fn set_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?", [key])?,
    };
    Ok(())
}

/// The speakers whose name's last word is `surname` (any case), with how many claims each
/// has: what `--speaker rubio` may have meant.
pub fn speakers_by_surname(conn: &Connection, surname: &str) -> Result<Vec<(String, u64)>> {
    let wanted = speaker_key(surname);
    let mut stmt = conn.prepare_cached(
        "SELECT s.name, s.name_key, (SELECT count(*) FROM claims c WHERE c.speaker_id = s.id) \
         FROM speakers s WHERE s.name_key LIKE ? ESCAPE '\\' ORDER BY 3 DESC, s.name_key",
    )?;
    let mut pattern = String::from("%");
    for ch in wanted.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    let found = stmt
        .query_map([pattern], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)? as u64,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found
        .into_iter()
        // The last words, whole: "de la fuente" in "maría de la fuente", "rubio" in "marco
        // rubio", never "bio".
        .filter(|(_, key, _)| {
            key.strip_suffix(wanted.as_str())
                .is_some_and(|before| before.is_empty() || before.ends_with(' '))
        })
        .map(|(name, _, claims)| (name, claims))
        .collect())
}
