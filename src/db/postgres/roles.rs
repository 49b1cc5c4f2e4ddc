//! The desk's roles, made by `init` and granted by the desk's administrator to its people:
//! `claims_reader` reads, `claims_checker` also logs claims, attaches sources and notes and
//! moves statuses short of a verdict, `claims_editor` also records verdicts, merges, deletes
//! and changes the scale and the desk's settings. Each role holds the one before it.
//!
//! Roles belong to the server, not to one database: two desks on one server share the names
//! (and whoever holds `claims_editor` holds it on both). The grants are the database's own,
//! made again by every `init`, so a desk that upgrades gets the new tables' grants.
//!
//! What a table's grants cannot tell apart (a status that is a verdict and one that is not,
//! both an UPDATE of `claims.status`) a trigger checks: a verdict needs `claims_editor` (or the
//! tables' owner, who set the desk up).

use anyhow::{Result, bail};
use postgres::Client;

/// The roles, from the least to the most a login may do.
pub const ROLES: [&str; 3] = ["claims_reader", "claims_checker", "claims_editor"];

/// What each role may do, as one line of an error: the role a refused login needs.
pub fn what_it_allows(role: &str) -> &'static str {
    match role {
        "claims_reader" => "reading the desk's claims",
        "claims_checker" => "logging claims, sources, notes and statuses short of a verdict",
        _ => "verdicts, sign-offs, publishing, merges, deletions, the scale and the settings",
    }
}

/// The tables a checker writes: the claims and what hangs on them, and what triggers keep.
const CHECKER_WRITES: &str = "claims, speakers, tags, claim_tags, evidence, notes, history, \
     appearances, assignments, proposals, status_counts, speaker_counts, tag_counts, claim_words";
/// Of those, the rows a checker removes (a tag, a source, a repeat, an assignment).
const CHECKER_DELETES: &str = "claim_tags, evidence, notes, appearances, assignments, \
     proposals, status_counts, speaker_counts, tag_counts, claim_words";

/// Refuses, before `init` changes anything, a login that may not set the desk up: one that
/// may not create tables there (or does not own those there), or may not create the roles
/// the server still lacks.
pub fn check(client: &mut Client, place: &str) -> Result<()> {
    let row = client.query_one(
        "SELECT session_user::text, \
                (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user), \
                (SELECT count(*) FROM pg_roles WHERE rolname = ANY($1))",
        &[&ROLES.as_slice()],
    )?;
    let (login, may_create_roles, existing): (String, bool, i64) =
        (row.get(0), row.get(1), row.get(2));
    let row = client.query_one(
        "SELECT current_schema()::text, has_schema_privilege(current_schema(), 'CREATE'), \
                (SELECT pg_get_userbyid(relowner)::text FROM pg_class \
                 WHERE oid = to_regclass('claims')), \
                coalesce((SELECT pg_has_role(relowner, 'MEMBER') FROM pg_class \
                          WHERE oid = to_regclass('claims')), true)",
        &[],
    )?;
    let standing = Standing {
        login,
        may_create_roles,
        roles_missing: existing < ROLES.len() as i64,
        schema: row.get(0),
        may_create_tables: row.get(1),
        owner: row.get(2),
        owns: row.get(3),
    };
    match refusal(&standing, place) {
        Some(why) => bail!("{why}"),
        None => Ok(()),
    }
}

/// What `init` needs to know of its login and of the database.
struct Standing {
    login: String,
    /// A superuser, or CREATEROLE.
    may_create_roles: bool,
    /// The server lacks one of [`ROLES`] at least.
    roles_missing: bool,
    schema: String,
    may_create_tables: bool,
    /// The owner of the desk's tables, if they are there, and whether the login is (or acts
    /// as) that owner.
    owner: Option<String>,
    owns: bool,
}

/// Why this login may not set the desk up on `place`, if it may not.
fn refusal(standing: &Standing, place: &str) -> Option<String> {
    let login = &standing.login;
    if let (Some(owner), false) = (&standing.owner, standing.owns) {
        return Some(format!(
            "cannot set up the desk on {place}: its tables are {owner}'s, and only {owner} (or a \
             superuser) runs `claims init` on it; login '{login}' needs nothing more to work"
        ));
    }
    if standing.owner.is_none() && !standing.may_create_tables {
        return Some(format!(
            "cannot set up the desk on {place}: login '{login}' may not create tables in its \
             schema '{}'; run `claims init` as the database's owner (`createdb --owner \
             {login}` makes one) or a superuser",
            standing.schema
        ));
    }
    if standing.roles_missing && !standing.may_create_roles {
        return Some(format!(
            "cannot set up the desk on {place}: its roles ({}) are not on the server yet and \
             login '{login}' may not create roles; run `claims init` once as a login with \
             CREATEROLE (or a superuser)",
            ROLES.join(", ")
        ));
    }
    None
}

/// Makes the roles where the server lacks them, and grants them on this database.
pub fn set_up(client: &mut Client) -> Result<()> {
    // Roles are the whole server's: several `init`s at once (two desks, or tests) may race to
    // make the same one, which is then there, as wanted.
    for (at, role) in ROLES.iter().enumerate() {
        client.batch_execute(&format!(
            "DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {role} NOLOGIN;
                END IF;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
             END $$;"
        ))?;
        if at > 0 {
            let below = ROLES[at - 1];
            client.batch_execute(&format!(
                "DO $$ BEGIN
                    IF NOT pg_has_role('{role}', '{below}', 'MEMBER') THEN
                        GRANT {below} TO {role};
                    END IF;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                 END $$;"
            ))?;
        }
    }
    let mut tx = client.transaction()?;
    tx.batch_execute(&format!(
        "DO $$ BEGIN
             EXECUTE format('GRANT USAGE ON SCHEMA %I TO claims_reader', current_schema());
             EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO claims_reader',
                            current_schema());
             EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I
                             TO claims_checker', current_schema());
             EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I
                             TO claims_editor', current_schema());
         END $$;
         GRANT INSERT, UPDATE ON {CHECKER_WRITES} TO claims_checker;
         GRANT DELETE ON {CHECKER_DELETES} TO claims_checker;
         REVOKE INSERT, UPDATE, DELETE ON claims_schema FROM claims_editor;

         CREATE OR REPLACE FUNCTION claims_verdict_needs_editor() RETURNS trigger AS $f$
         BEGIN
             IF (SELECT is_verdict FROM statuses WHERE name = NEW.status)
                AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status)
                AND NOT pg_has_role(current_user, 'claims_editor', 'MEMBER')
                AND NOT pg_has_role(current_user,
                        (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
                 RAISE EXCEPTION 'a verdict needs the role claims_editor'
                     USING ERRCODE = 'insufficient_privilege';
             END IF;
             RETURN NEW;
         END $f$ LANGUAGE plpgsql;
         DROP TRIGGER IF EXISTS claims_verdict_by_editor ON claims;
         CREATE TRIGGER claims_verdict_by_editor BEFORE INSERT OR UPDATE OF status ON claims
             FOR EACH ROW EXECUTE FUNCTION claims_verdict_needs_editor();"
    ))?;
    tx.commit()?;
    Ok(())
}

/// The role a login refused something needs: the one the refusal names, else the first of
/// the desk's roles it does not hold.
pub fn needed(client: &mut Client, refusal: &str) -> Result<(String, String)> {
    let row = client.query_one(
        "SELECT session_user::text, \
                array(SELECT rolname::text FROM pg_roles \
                      WHERE rolname = ANY($1) AND pg_has_role(session_user, oid, 'MEMBER'))",
        &[&ROLES.as_slice()],
    )?;
    let login: String = row.get(0);
    let held: Vec<String> = row.get(1);
    let role = ROLES
        .iter()
        .find(|role| refusal.contains(*role))
        .or_else(|| {
            ROLES
                .iter()
                .find(|role| !held.iter().any(|held| held == *role))
        })
        .unwrap_or(&ROLES[2]);
    Ok((login, role.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A login that owns a new, empty database and may create tables and roles there.
    fn owner_of_a_new_database() -> Standing {
        Standing {
            login: "maria".to_string(),
            may_create_roles: true,
            roles_missing: true,
            schema: "public".to_string(),
            may_create_tables: true,
            owner: None,
            owns: true,
        }
    }

    /// The refusal no test server can show end to end: its roles are made by the first test
    /// that sets a desk up, and roles are the whole server's.
    #[test]
    fn a_login_without_createrole_is_refused_only_while_the_server_lacks_the_roles() {
        let place = "postgres://db.example/desk";
        let mut standing = owner_of_a_new_database();
        assert_eq!(refusal(&standing, place), None);
        standing.may_create_roles = false;
        assert_eq!(
            refusal(&standing, place).as_deref(),
            Some(
                "cannot set up the desk on postgres://db.example/desk: its roles \
                 (claims_reader, claims_checker, claims_editor) are not on the server yet and \
                 login 'maria' may not create roles; run `claims init` once as a login with \
                 CREATEROLE (or a superuser)"
            )
        );
        standing.roles_missing = false;
        assert_eq!(refusal(&standing, place), None);
    }

    #[test]
    fn the_tables_and_the_schema_are_checked_before_the_roles() {
        let place = "postgres://db.example/desk";
        let mut standing = owner_of_a_new_database();
        standing.may_create_roles = false;
        standing.may_create_tables = false;
        assert!(
            refusal(&standing, place)
                .is_some_and(|why| why.contains("may not create tables in its schema 'public'"))
        );
        standing.owner = Some("desk_admin".to_string());
        standing.owns = false;
        assert!(refusal(&standing, place).is_some_and(|why| why.contains(
            "its tables are desk_admin's, and only desk_admin (or a superuser) runs `claims init`"
        )));
    }
}
