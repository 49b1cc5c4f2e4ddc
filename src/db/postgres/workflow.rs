//! The desk's workflow (migration 0008): assignments, proposals waiting for sign-off,
//! publications; the desk's settings; and the corrections and look-ups that go with them.

use anyhow::Result;
use postgres::Transaction;

use super::sql;
use crate::model::workflow::{Assignment, CheckerLoad, Proposal, Publication, Workflow};
use crate::model::{ClaimId, Status, speaker_key};

/// The claims that are assigned, waiting for review or published.
pub fn claims_in_workflow(tx: &mut Transaction<'_>) -> Result<Vec<ClaimId>> {
    Ok(tx
        .query(
            "SELECT claim_id FROM assignments UNION SELECT claim_id FROM proposals \
         UNION SELECT claim_id FROM publications ORDER BY claim_id",
            &[],
        )?
        .iter()
        .map(|row| ClaimId(row.get(0)))
        .collect())
}

/// Where one claim stands.
pub fn get(tx: &mut Transaction<'_>, id: ClaimId) -> Result<Workflow> {
    let assignment = tx
        .query_opt(
            "SELECT assignee, due_on, assigned_by, assigned_at FROM assignments \
             WHERE claim_id = $1",
            &[&id.0],
        )?
        .map(|row| -> Result<Assignment> {
            Ok(Assignment {
                assignee: row.get(0),
                due_on: sql::date(&row, 1)?,
                assigned_by: row.get(2),
                assigned_at: sql::timestamp(&row, 3)?,
            })
        })
        .transpose()?;
    let proposal = tx
        .query_opt(
            "SELECT status, note, proposed_by, proposed_at, approved_by FROM proposals \
             WHERE claim_id = $1",
            &[&id.0],
        )?
        .map(|row| -> Result<Proposal> {
            let approved: String = row.get(4);
            Ok(Proposal {
                status: Status::new(row.get(0)),
                note: row.get(1),
                proposed_by: row.get(2),
                proposed_at: sql::timestamp(&row, 3)?,
                approved_by: approved.lines().map(str::to_string).collect(),
            })
        })
        .transpose()?;
    let publication = tx
        .query_opt(
            "SELECT status, published_at, published_by, url FROM publications \
             WHERE claim_id = $1",
            &[&id.0],
        )?
        .map(|row| -> Result<Publication> {
            Ok(Publication {
                status: Status::new(row.get(0)),
                published_at: sql::timestamp(&row, 1)?,
                published_by: row.get(2),
                url: row.get(3),
            })
        })
        .transpose()?;
    Ok(Workflow {
        assignment,
        proposal,
        publication,
    })
}

/// Gives a claim to a checker, or (`None`) takes it back.
pub fn set_assignment(
    tx: &mut Transaction<'_>,
    id: ClaimId,
    to: Option<&Assignment>,
) -> Result<()> {
    tx.execute("DELETE FROM assignments WHERE claim_id = $1", &[&id.0])?;
    if let Some(to) = to {
        tx.execute(
            "INSERT INTO assignments (claim_id, assignee, due_on, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &id.0,
                &to.assignee,
                &sql::day(to.due_on),
                &to.assigned_by,
                &to.assigned_at.to_string(),
            ],
        )?;
    }
    Ok(())
}

/// Records the verdict waiting for sign-off, or (`None`) that none waits.
pub fn set_proposal(
    tx: &mut Transaction<'_>,
    id: ClaimId,
    proposal: Option<&Proposal>,
) -> Result<()> {
    tx.execute("DELETE FROM proposals WHERE claim_id = $1", &[&id.0])?;
    if let Some(proposal) = proposal {
        tx.execute(
            "INSERT INTO proposals (claim_id, status, note, proposed_by, proposed_at, \
             approved_by) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &id.0,
                &proposal.status.as_str(),
                &proposal.note,
                &proposal.proposed_by,
                &proposal.proposed_at.to_string(),
                &proposal.approved_by.join("\n"),
            ],
        )?;
    }
    Ok(())
}

/// Records a claim as published, or (`None`) as not published.
pub fn set_publication(
    tx: &mut Transaction<'_>,
    id: ClaimId,
    publication: Option<&Publication>,
) -> Result<()> {
    tx.execute("DELETE FROM publications WHERE claim_id = $1", &[&id.0])?;
    if let Some(publication) = publication {
        tx.execute(
            "INSERT INTO publications (claim_id, status, published_at, published_by, url) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &id.0,
                &publication.status.as_str(),
                &publication.published_at.to_string(),
                &publication.published_by,
                &publication.url,
            ],
        )?;
    }
    Ok(())
}

/// Each checker's claims: open (no verdict yet), overdue among them, and done.
pub fn checker_loads(
    tx: &mut Transaction<'_>,
    today: chrono::NaiveDate,
) -> Result<Vec<CheckerLoad>> {
    let rows = tx.query(
        "SELECT min(w.assignee), \
                count(*) FILTER (WHERE NOT s.is_verdict), \
                count(*) FILTER (WHERE NOT s.is_verdict AND w.due_on < $1), \
                count(*) FILTER (WHERE s.is_verdict) \
         FROM assignments w JOIN claims c ON c.id = w.claim_id \
         JOIN statuses s ON s.name = c.status \
         GROUP BY lower(w.assignee) ORDER BY lower(w.assignee)",
        &[&today.to_string()],
    )?;
    Ok(rows
        .iter()
        .map(|row| CheckerLoad {
            checker: row.get(0),
            open: row.get::<_, i64>(1) as u64,
            overdue: row.get::<_, i64>(2) as u64,
            done: row.get::<_, i64>(3) as u64,
        })
        .collect())
}

/// The claims with this status not changed since `before` (an RFC 3339 time).
pub fn untouched_since(
    tx: &mut Transaction<'_>,
    status: &Status,
    before: &str,
) -> Result<Vec<ClaimId>> {
    Ok(tx
        .query(
            "SELECT id FROM claims WHERE status = $1 AND updated_at < $2 ORDER BY updated_at, id",
            &[&status.as_str(), &before],
        )?
        .iter()
        .map(|row| ClaimId(row.get(0)))
        .collect())
}

/// Whether any claim was ever published.
pub fn any_published(tx: &mut Transaction<'_>) -> Result<bool> {
    Ok(tx
        .query_one("SELECT EXISTS (SELECT 1 FROM publications)", &[])?
        .get(0))
}

/// A setting of the desk's.
pub fn setting(tx: &mut Transaction<'_>, key: &str) -> Result<Option<String>> {
    Ok(tx
        .query_opt("SELECT value FROM settings WHERE key = $1", &[&key])?
        .map(|row| row.get(0)))
}

/// Sets (or, with `None`, removes) a setting of the desk's.
pub fn set_setting(tx: &mut Transaction<'_>, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(value) => tx.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?,
        None => tx.execute("DELETE FROM settings WHERE key = $1", &[&key])?,
    };
    Ok(())
}

/// The speakers whose name ends with the words `surname`, with their number of claims.
pub fn speakers_by_surname(tx: &mut Transaction<'_>, surname: &str) -> Result<Vec<(String, u64)>> {
    let wanted = speaker_key(surname);
    let rows = tx.query(
        "SELECT s.name, s.name_key, (SELECT count(*) FROM claims c WHERE c.speaker_id = s.id) \
         FROM speakers s WHERE s.name_key = $1 OR right(s.name_key, $2) = $3 \
         ORDER BY 3 DESC, s.name_key",
        &[
            &wanted,
            &(wanted.chars().count() as i32 + 1),
            &format!(" {wanted}"),
        ],
    )?;
    Ok(rows
        .iter()
        .map(|row| (row.get::<_, String>(0), row.get::<_, i64>(2) as u64))
        .collect())
}
