//! The conformance suite of the storage traits: what every engine must do, written against
//! [`Store`] and [`StoreTxn`] only. Each engine runs all of it (see the bottom of this file):
//! a second engine is done when it passes the same cases.
//!
//! The model is taskchampion's `src/storage/test.rs`, one suite over every `Storage`.

use anyhow::Result;

use super::{Store, StoreTxn};
use crate::error::UserError;
use crate::filter::{ClaimFilter, SortOrder};
use crate::model::imported::{ImportedChange, ImportedClaim};
use crate::model::{
    Change, ClaimField, ClaimId, HistoryField, NewAppearance, NewClaim, NewEvidence, Stance, Status,
};
use crate::scale::Scale;

const NOW: &str = "2025-09-04T12:00:00Z";

/// Makes a new, empty, initialised store; the guard keeps whatever it lives in.
pub type Maker<'a> = &'a dyn Fn() -> (Box<dyn Store>, Box<dyn std::any::Any>);

/// One case of the suite.
type Case = fn(&mut dyn Store) -> Result<()>;

/// Every case, each on a store of its own.
pub fn run_all(make: Maker<'_>) {
    let cases: [(&str, Case); 13] = [
        ("an empty store", an_empty_store),
        ("claims in and out", claims_in_and_out),
        (
            "fields, speakers, statuses and tags",
            fields_speakers_statuses_and_tags,
        ),
        ("filters and counts", filters_and_counts),
        (
            "evidence, notes, repeats and history",
            evidence_notes_repeats_and_history,
        ),
        ("deletion", deletion),
        ("all or nothing", all_or_nothing),
        ("search and matching", search_and_matching),
        ("speakers", speakers),
        ("scales", scales),
        ("bulk loads", bulk_loads),
        ("the workflow", the_workflow),
        ("pages", pages),
    ];
    for (name, case) in cases {
        let (mut store, _guard) = make();
        case(&mut *store).unwrap_or_else(|err| panic!("{name}: {err:#}"));
    }
}

fn claim<'a>(text: &'a str, speaker: &'a str, said_on: Option<&str>) -> NewClaim<'a> {
    NewClaim {
        text,
        speaker,
        said_on: said_on.map(day),
        context: None,
        source_url: None,
        speaker_role: None,
    }
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a date")
}

fn status(name: &str) -> Status {
    Status::new(name.to_string())
}

/// Writes with `write` in one transaction and commits it.
fn committed<T>(
    store: &mut dyn Store,
    write: impl FnOnce(&dyn StoreTxn) -> Result<T>,
) -> Result<T> {
    let txn = store.write()?;
    let value = write(&*txn)?;
    txn.commit()?;
    Ok(value)
}

fn an_empty_store(store: &mut dyn Store) -> Result<()> {
    assert!(!store.is_read_only());
    let read = store.read()?;
    assert_eq!(read.scale()?.name, "default");
    assert_eq!(read.claim_count()?, 0);
    assert!(
        read.list(&ClaimFilter::default(), SortOrder::Date, None)?
            .is_empty()
    );
    assert!(read.count_by_status(&ClaimFilter::default())?.is_empty());
    assert!(read.deletions()?.is_empty());
    Ok(())
}

fn claims_in_and_out(store: &mut dyn Store) -> Result<()> {
    let (first, second) = committed(store, |txn| {
        let first = txn.insert_claim(
            &NewClaim {
                context: Some("Remarks in Mexico City"),
                source_url: Some("https://example.org/remarks"),
                speaker_role: Some("Secretary of State"),
                ..claim(
                    "It's the closest cooperation.",
                    "Marco Rubio",
                    Some("2025-09-03"),
                )
            },
            &["us-mexico".to_string(), "security".to_string()],
            NOW,
        )?;
        let second = txn.insert_claim(
            &claim("All 11 were killed.", "Donald Trump", None),
            &[],
            NOW,
        )?;
        Ok((first, second))
    })?;
    assert!(second > first, "ids grow");
    let read = store.read()?;
    let got = read.claim(first)?;
    assert_eq!(got.text, "It's the closest cooperation.");
    assert_eq!(got.speaker, "Marco Rubio");
    assert_eq!(got.said_on, Some(day("2025-09-03")));
    assert_eq!(got.status.as_str(), Status::UNVERIFIED);
    assert_eq!(got.context.as_deref(), Some("Remarks in Mexico City"));
    assert_eq!(
        got.source_url.as_deref(),
        Some("https://example.org/remarks")
    );
    assert_eq!(got.speaker_role.as_deref(), Some("Secretary of State"));
    assert_eq!(got.tags, vec!["security", "us-mexico"], "tags come sorted");
    assert_eq!((got.evidence_count, got.times_said), (0, 1));
    assert_eq!(
        (got.created_at.to_string(), got.updated_at.to_string()),
        (NOW.to_string(), NOW.to_string())
    );
    assert_eq!(read.claim(second)?.said_on, None);
    let missing = read.claim(ClaimId(999)).unwrap_err();
    assert!(matches!(
        missing.downcast_ref::<UserError>(),
        Some(UserError::ClaimNotFound(ClaimId(999)))
    ));
    let logged: Vec<ClaimId> = read
        .list(&ClaimFilter::default(), SortOrder::Logged, None)?
        .iter()
        .map(|claim| claim.id)
        .collect();
    assert_eq!(logged, vec![first, second]);
    assert_eq!(read.claim_count()?, 2);
    Ok(())
}

fn fields_speakers_statuses_and_tags(store: &mut dyn Store) -> Result<()> {
    let id = committed(store, |txn| {
        txn.insert_claim(&claim("One.", "A", None), &[], NOW)
    })?;
    committed(store, |txn| {
        txn.set_field(id, ClaimField::Text, Some("One, corrected."))?;
        txn.set_field(id, ClaimField::SaidOn, Some("2025-01-02"))?;
        txn.set_field(id, ClaimField::Context, Some("A speech"))?;
        txn.set_speaker(id, "B")?;
        txn.set_status(id, &status("false"))?;
        assert!(txn.add_tag(id, "x", &status("false"))?);
        assert!(
            !txn.add_tag(id, "x", &status("false"))?,
            "a tag is there once"
        );
        assert!(txn.add_tag(id, "y", &status("false"))?);
        assert!(txn.remove_tag(id, "y")?);
        assert!(!txn.remove_tag(id, "y")?);
        txn.touch(id, "2025-09-05T00:00:00Z")
    })?;
    let got = store.read()?.claim(id)?;
    assert_eq!(got.text, "One, corrected.");
    assert_eq!(got.said_on, Some(day("2025-01-02")));
    assert_eq!(got.context.as_deref(), Some("A speech"));
    assert_eq!(got.speaker, "B");
    assert_eq!(got.status.as_str(), "false");
    assert_eq!(got.tags, vec!["x"]);
    assert_eq!(got.updated_at.to_string(), "2025-09-05T00:00:00Z");
    committed(store, |txn| txn.set_field(id, ClaimField::Context, None))?;
    assert_eq!(store.read()?.claim(id)?.context, None);
    // The words and the speaker are one claim's fingerprint, whatever the case and spacing.
    assert_eq!(
        store.read()?.same_claims(" b ", "one, CORRECTED.")?,
        vec![id]
    );
    Ok(())
}

fn filters_and_counts(store: &mut dyn Store) -> Result<()> {
    let ids = committed(store, |txn| {
        let mut ids = Vec::new();
        for (text, speaker, date, tag) in [
            ("Taxes rose.", "A", "2025-01-01", "tax"),
            ("Taxes fell.", "A", "2025-02-01", "tax"),
            ("Crime fell.", "B", "2025-03-01", "crime"),
        ] {
            ids.push(txn.insert_claim(
                &claim(text, speaker, Some(date)),
                &[tag.to_string()],
                NOW,
            )?);
        }
        txn.set_status(ids[0], &status("false"))?;
        Ok(ids)
    })?;
    let read = store.read()?;
    let ids_of = |filter: ClaimFilter, order: SortOrder| -> Result<Vec<ClaimId>> {
        Ok(read
            .list(&filter, order, None)?
            .iter()
            .map(|claim| claim.id)
            .collect())
    };
    assert_eq!(
        ids_of(ClaimFilter::default(), SortOrder::Date)?,
        vec![ids[2], ids[1], ids[0]]
    );
    let speaker_a = ClaimFilter {
        speaker: Some(" a ".into()),
        ..ClaimFilter::default()
    };
    assert_eq!(
        ids_of(speaker_a.clone(), SortOrder::Logged)?,
        vec![ids[0], ids[1]]
    );
    let tagged = ClaimFilter {
        tags: vec!["tax".into()],
        statuses: vec![status("false")],
        ..ClaimFilter::default()
    };
    assert_eq!(ids_of(tagged.clone(), SortOrder::Logged)?, vec![ids[0]]);
    let since = ClaimFilter {
        since: chrono::NaiveDate::from_ymd_opt(2025, 2, 1),
        ..ClaimFilter::default()
    };
    assert_eq!(ids_of(since, SortOrder::Logged)?, vec![ids[1], ids[2]]);
    let words = ClaimFilter {
        text: Some("taxes".into()),
        ..ClaimFilter::default()
    };
    assert_eq!(ids_of(words, SortOrder::Logged)?, vec![ids[0], ids[1]]);
    let mut limited = Vec::new();
    read.for_each_claim(
        &ClaimFilter::default(),
        SortOrder::Id,
        Some(2),
        &mut |claim| {
            limited.push(claim.id);
            Ok(())
        },
    )?;
    assert_eq!(limited, vec![ids[2], ids[1]]);
    let counts = |filter: &ClaimFilter| -> Result<Vec<(String, u64)>> {
        Ok(read
            .count_by_status(filter)?
            .into_iter()
            .map(|(status, n)| (status.to_string(), n))
            .collect())
    };
    // The counts every plan gives agree with the claims.
    assert_eq!(
        counts(&ClaimFilter::default())?,
        vec![("unverified".to_string(), 2), ("false".to_string(), 1)]
    );
    assert_eq!(
        counts(&speaker_a)?,
        vec![("unverified".to_string(), 1), ("false".to_string(), 1)]
    );
    assert_eq!(counts(&tagged)?, vec![("false".to_string(), 1)]);
    let by_speaker: Vec<(String, String, u64)> = read
        .count_by_speaker_and_status(&ClaimFilter::default())?
        .into_iter()
        .map(|(speaker, status, n)| (speaker, status.to_string(), n))
        .collect();
    assert_eq!(
        by_speaker,
        vec![
            ("A".to_string(), "unverified".to_string(), 1),
            ("A".to_string(), "false".to_string(), 1),
            ("B".to_string(), "unverified".to_string(), 1),
        ]
    );
    Ok(())
}

fn evidence_notes_repeats_and_history(store: &mut dyn Store) -> Result<()> {
    let id = committed(store, |txn| {
        txn.insert_claim(&claim("One.", "A", None), &[], NOW)
    })?;
    let (evidence, note, repeat) = committed(store, |txn| {
        let evidence = txn.insert_evidence(
            id,
            &NewEvidence {
                url: "https://example.org/a",
                title: Some("A report"),
                publisher: Some("Agency"),
                published_on: Some(day("2025-01-01")),
                stance: Stance::Refutes,
                excerpt: Some("Not so."),
                note: None,
            },
            NOW,
        )?;
        let note = txn.insert_note(id, "Asked the agency.", "maria", NOW)?;
        let repeat = txn.insert_appearance(
            id,
            &NewAppearance {
                speaker: "C",
                said_on: Some(day("2025-02-02")),
                source_url: None,
                context: Some("A rally"),
            },
            NOW,
        )?;
        txn.append_history(
            id,
            NOW,
            "maria",
            &Change {
                field: HistoryField::Status,
                old_value: Some("unverified"),
                new_value: Some("false"),
                note: Some("why"),
            },
        )?;
        Ok((evidence, note, repeat))
    })?;
    assert_eq!(evidence.claim_id, id);
    assert_eq!(evidence.stance, Stance::Refutes);
    assert_eq!(repeat.speaker, "C");
    let read = store.read()?;
    assert_eq!(read.evidence(evidence.id)?.url, "https://example.org/a");
    let claim = read.claim(id)?;
    assert_eq!((claim.evidence_count, claim.times_said), (1, 2));
    let record = read.record(claim)?;
    assert_eq!(record.evidence.len(), 1);
    assert_eq!(record.notes[0].id, note);
    assert_eq!(record.notes[0].author, "maria");
    assert_eq!(record.appearances[0].context.as_deref(), Some("A rally"));
    assert_eq!(record.history[0].field, HistoryField::Status);
    assert_eq!(record.history[0].note.as_deref(), Some("why"));
    // The one-pass reader gives what the look-ups give.
    let mut passed = Vec::new();
    read.for_each_record(&ClaimFilter::default(), &mut |record| {
        passed.push(format!("{record:?}"));
        Ok(())
    })?;
    assert_eq!(passed, vec![format!("{record:?}")]);
    drop(read);
    committed(store, |txn| txn.delete_evidence(evidence.id))?;
    let read = store.read()?;
    assert!(read.evidence_of(id)?.is_empty());
    assert!(matches!(
        read.evidence(evidence.id)
            .unwrap_err()
            .downcast_ref::<UserError>(),
        Some(UserError::EvidenceNotFound(_))
    ));
    Ok(())
}

fn deletion(store: &mut dyn Store) -> Result<()> {
    let (first, last) = committed(store, |txn| {
        let first = txn.insert_claim(&claim("One.", "A", None), &[], NOW)?;
        let last = txn.insert_claim(&claim("Two.", "A", None), &["t".to_string()], NOW)?;
        Ok((first, last))
    })?;
    committed(store, |txn| {
        txn.append_history(
            last,
            NOW,
            "maria",
            &Change {
                field: HistoryField::Deleted,
                old_value: Some("{}"),
                new_value: None,
                note: None,
            },
        )?;
        txn.delete_claim(last)
    })?;
    let read = store.read()?;
    assert!(matches!(
        read.claim(last).unwrap_err().downcast_ref::<UserError>(),
        Some(UserError::ClaimDeleted { .. })
    ));
    let deletions = read.deletions()?;
    assert_eq!(deletions.len(), 1);
    assert_eq!(deletions[0].0, last);
    assert_eq!(read.claim_count()?, 1);
    drop(read);
    // The last id is never given out again: it is cited in published work.
    let next = committed(store, |txn| {
        txn.insert_claim(&claim("Three.", "A", None), &[], NOW)
    })?;
    assert!(next > last && next > first, "{next} reuses an id");
    Ok(())
}

fn all_or_nothing(store: &mut dyn Store) -> Result<()> {
    {
        let txn = store.write()?;
        txn.insert_claim(&claim("Never saved.", "A", None), &[], NOW)?;
        // Dropped without a commit.
    }
    assert_eq!(store.read()?.claim_count()?, 0);
    Ok(())
}

fn search_and_matching(store: &mut dyn Store) -> Result<()> {
    let (migration, other) = committed(store, |txn| {
        let migration = txn.insert_claim(
            &claim(
                "Migration across the border has fallen dramatically this year.",
                "A",
                None,
            ),
            &[],
            NOW,
        )?;
        let other = txn.insert_claim(&claim("The budget doubled.", "B", None), &[], NOW)?;
        Ok((migration, other))
    })?;
    let read = store.read()?;
    let query = crate::search::fts_query("borders fallen", None)?;
    let hits = read.search(&query, &ClaimFilter::default(), 10)?;
    assert_eq!(
        hits.iter().map(|hit| hit.id).collect::<Vec<_>>(),
        vec![migration]
    );
    assert!(hits[0].snippet.contains(crate::search::MATCH_START));
    let found = read.matches(
        "This year, migration across the border fell dramatically.",
        "A",
        None,
    )?;
    assert_eq!(found.first().map(|found| found.id), Some(migration));
    assert!(found.iter().all(|found| found.id != other));
    assert!(
        read.matches(
            "Migration across the border has fallen dramatically this year.",
            "A",
            Some(migration)
        )?
        .is_empty()
    );
    drop(read);
    committed(store, |txn| txn.rebuild_search())?;
    assert_eq!(
        store
            .read()?
            .search(&query, &ClaimFilter::default(), 10)?
            .len(),
        1
    );
    Ok(())
}

fn speakers(store: &mut dyn Store) -> Result<()> {
    let (one, two) = committed(store, |txn| {
        let one = txn.insert_claim(&claim("One.", "Rubio", None), &[], NOW)?;
        let two = txn.insert_claim(&claim("Two.", "Marco Rubio", None), &[], NOW)?;
        txn.insert_appearance(
            two,
            &NewAppearance {
                speaker: "Rubio",
                said_on: None,
                source_url: None,
                context: None,
            },
            NOW,
        )?;
        Ok((one, two))
    })?;
    let read = store.read()?;
    let rubio = read.speaker(" RUBIO ")?.expect("found in any case");
    let marco = read.speaker("Marco Rubio")?.expect("found");
    assert!(read.speaker("Nobody")?.is_none());
    assert_eq!(read.claims_of_speaker(rubio.id)?, vec![one]);
    assert_eq!(read.times_said_by(rubio.id)?, 2, "a claim and a repeat");
    assert_eq!(read.speakers_with_claims()?.len(), 2);
    drop(read);
    committed(store, |txn| txn.rename_speaker(rubio.id, "M. Rubio"))?;
    assert_eq!(store.read()?.claim(one)?.speaker, "M. Rubio");
    committed(store, |txn| txn.merge_speakers(rubio.id, marco.id))?;
    let read = store.read()?;
    assert_eq!(read.claim(one)?.speaker, "Marco Rubio");
    assert_eq!(read.claims_of_speaker(marco.id)?, vec![one, two]);
    assert!(read.speaker("M. Rubio")?.is_none());
    assert_eq!(
        read.record(read.claim(two)?)?.appearances[0].speaker,
        "Marco Rubio"
    );
    Ok(())
}

fn scales(store: &mut dyn Store) -> Result<()> {
    let id = committed(store, |txn| {
        let id = txn.insert_claim(&claim("One.", "A", None), &[], NOW)?;
        txn.set_status(id, &status("misleading"))?;
        Ok(id)
    })?;
    let politifact = Scale::named_or_file("politifact")?;
    let missing = store.read()?.statuses_missing_from(&politifact)?;
    assert_eq!(missing, vec![(status("misleading"), 1)]);
    committed(store, |txn| {
        assert_eq!(txn.claims_with_status(&status("misleading"))?, vec![id]);
        txn.install_scale(
            &politifact,
            &[(status("misleading"), status("half-true"))],
            NOW,
        )
    })?;
    let read = store.read()?;
    assert_eq!(read.scale()?.name, "politifact");
    assert_eq!(read.claim(id)?.status.as_str(), "half-true");
    Ok(())
}

fn imported(text: &str, id: Option<i64>) -> ImportedClaim {
    ImportedClaim {
        verdict_by: None,
        verdict_at: None,
        speaker_kind: None,
        workflow: None,
        id,
        text: text.to_string(),
        speaker: "A".to_string(),
        speaker_role: None,
        said_on: Some("2025-01-01".to_string()),
        status: status("false"),
        note: None,
        context: None,
        source_url: None,
        tags: vec!["archive".to_string()],
        created_at: None,
        updated_at: None,
        evidence: Vec::new(),
        notes: Vec::new(),
        appearances: Vec::new(),
        history: None,
        warning: None,
    }
}

fn bulk_loads(store: &mut dyn Store) -> Result<()> {
    let created = ImportedChange {
        id: None,
        at: NOW.to_string(),
        actor: "maria".to_string(),
        field: HistoryField::Created,
        old_value: None,
        new_value: None,
        note: Some("imported from a.csv".to_string()),
    };
    committed(store, |txn| {
        let mut load = txn.bulk_load(Some(3))?;
        assert!(load.keeps_ids(), "an empty database keeps the file's ids");
        let first = imported("One.", Some(7));
        assert_eq!(load.duplicate_of(&first)?, None);
        let id = load.store(
            &first,
            Some(ClaimId(7)),
            std::slice::from_ref(&created),
            &[],
            NOW,
        )?;
        assert_eq!(id, ClaimId(7));
        let again = imported("one. ", Some(8));
        assert_eq!(load.duplicate_of(&again)?, Some(ClaimId(7)));
        assert!(load.taken_id(&imported("Other.", Some(7)))?.is_some());
        assert_eq!(load.new_speakers(), 1);
        load.finish()?;
        txn.refresh_statistics()
    })?;
    let read = store.read()?;
    let stored = read.claim(ClaimId(7))?;
    assert_eq!(
        (stored.status.as_str(), stored.tags.as_slice()),
        ("false", &["archive".to_string()][..])
    );
    assert_eq!(
        read.record(stored)?.history[0].note.as_deref(),
        Some("imported from a.csv")
    );
    assert_eq!(
        read.count_by_status(&ClaimFilter::default())?,
        vec![(status("false"), 1)]
    );
    drop(read);
    let next = committed(store, |txn| {
        let load = txn.bulk_load(None)?;
        assert!(!load.keeps_ids(), "a database with claims gives new ids");
        load.finish()?;
        txn.insert_claim(&claim("Two.", "A", None), &[], NOW)
    })?;
    assert!(next > ClaimId(7));
    Ok(())
}

fn the_workflow(store: &mut dyn Store) -> Result<()> {
    use crate::model::workflow::{Assignment, Proposal, Publication};
    let at: crate::model::Timestamp = NOW.parse().map_err(anyhow::Error::msg)?;
    let (one, two) = committed(store, |txn| {
        let one = txn.insert_claim(&claim("One.", "A", None), &[], NOW)?;
        let two = txn.insert_claim(&claim("Two.", "B", None), &[], NOW)?;
        txn.set_status(two, &status("false"))?;
        txn.set_assignment(
            one,
            Some(&Assignment {
                assignee: "Maria Lopez".into(),
                due_on: Some(day("2025-09-01")),
                assigned_by: "desk".into(),
                assigned_at: at,
            }),
        )?;
        txn.set_assignment(
            two,
            Some(&Assignment {
                assignee: "maria lopez".into(),
                due_on: None,
                assigned_by: "desk".into(),
                assigned_at: at,
            }),
        )?;
        txn.set_proposal(
            one,
            Some(&Proposal {
                status: status("true"),
                note: Some("why".into()),
                proposed_by: "maria".into(),
                proposed_at: at,
                approved_by: vec!["ahmed".into()],
            }),
        )?;
        txn.set_publication(
            two,
            Some(&Publication {
                status: status("false"),
                published_at: at,
                published_by: "desk".into(),
                url: Some("https://example.org/two".into()),
            }),
        )?;
        txn.set_setting("review.required", Some("1"))?;
        Ok((one, two))
    })?;
    let read = store.read()?;
    let workflow = read.workflow(one)?;
    assert_eq!(
        workflow.assignment.as_ref().map(|a| a.assignee.as_str()),
        Some("Maria Lopez")
    );
    assert_eq!(
        workflow.proposal.as_ref().map(|p| p.approved_by.clone()),
        Some(vec!["ahmed".to_string()])
    );
    assert!(workflow.publication.is_none());
    assert_eq!(
        read.workflow(two)?
            .publication
            .and_then(|p| p.url)
            .as_deref(),
        Some("https://example.org/two")
    );
    assert!(read.any_published()?);
    assert_eq!(read.setting("review.required")?.as_deref(), Some("1"));
    assert_eq!(read.setting("publisher.name")?, None);
    let loads = read.checker_loads(day("2025-09-04"))?;
    assert_eq!(loads.len(), 1, "one checker, whatever the case: {loads:?}");
    assert_eq!((loads[0].open, loads[0].overdue, loads[0].done), (1, 1, 1));
    let only = |filter: ClaimFilter| -> Result<Vec<ClaimId>> {
        Ok(read
            .list(&filter, SortOrder::Logged, None)?
            .iter()
            .map(|c| c.id)
            .collect())
    };
    assert_eq!(
        only(ClaimFilter {
            assignee: Some("MARIA  LOPEZ".into()),
            ..ClaimFilter::default()
        })?,
        vec![one, two]
    );
    assert_eq!(
        only(ClaimFilter {
            proposed: true,
            ..ClaimFilter::default()
        })?,
        vec![one]
    );
    assert_eq!(
        only(ClaimFilter {
            published: Some(false),
            ..ClaimFilter::default()
        })?,
        vec![one]
    );
    assert_eq!(
        only(ClaimFilter {
            due_before: Some(day("2025-09-02")),
            ..ClaimFilter::default()
        })?,
        vec![one]
    );
    assert_eq!(
        read.untouched_since(&status("false"), "2025-09-05T00:00:00Z")?,
        vec![two]
    );
    drop(read);
    committed(store, |txn| {
        txn.set_assignment(one, None)?;
        txn.set_proposal(one, None)?;
        txn.set_publication(two, None)?;
        txn.set_setting("review.required", None)
    })?;
    let read = store.read()?;
    assert_eq!(
        read.workflow(one)?,
        crate::model::workflow::Workflow::default()
    );
    assert!(!read.any_published()?);
    Ok(())
}

fn pages(store: &mut dyn Store) -> Result<()> {
    committed(store, |txn| {
        for (text, date) in [
            ("A.", "2025-01-01"),
            ("B.", "2025-01-02"),
            ("C.", "2025-01-03"),
        ] {
            txn.insert_claim(&claim(text, "S", Some(date)), &[], NOW)?;
        }
        Ok(())
    })?;
    let read = store.read()?;
    let texts = |ascending: bool, limit: Option<u64>, offset: u64| -> Result<Vec<String>> {
        Ok(read
            .page(
                &ClaimFilter::default(),
                SortOrder::Date,
                ascending,
                limit,
                offset,
            )?
            .into_iter()
            .map(|claim| claim.text)
            .collect())
    };
    assert_eq!(texts(false, Some(2), 0)?, ["C.", "B."]);
    assert_eq!(texts(false, Some(2), 2)?, ["A."]);
    assert_eq!(texts(true, None, 1)?, ["B.", "C."]);
    assert_eq!(read.speakers_by_surname("s")?, vec![("S".to_string(), 3)]);
    Ok(())
}

/// The SQLite engine, on a file in a temporary folder.
#[test]
fn sqlite_conforms() {
    run_all(&|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (store, _) = super::init(&super::Location::File(dir.path().join("claims.db")))
            .expect("a new database");
        (store, Box::new(dir))
    });
}

/// The PostgreSQL engine, on a new database per case on the server `CLAIMS_TEST_POSTGRES`
/// names (`postgres://USER@HOST:PORT/DATABASE`, a login that may create databases). Without
/// one, or when it cannot be reached, the case says it is skipped: `.ci/run` starts a server.
#[test]
fn postgres_conforms() {
    let Some(server) = super::postgres::testing::server() else {
        return;
    };
    run_all(&|| {
        let database = super::postgres::testing::TestDatabase::create(&server)
            .expect("a new database on the test server");
        let (store, _) =
            super::init(&super::Location::Postgres(database.url.clone())).expect("a schema");
        (store, Box::new(database))
    });
}
