//! Importing claims in bulk: the rules of `add` (a claim already logged is a duplicate) and the
//! history each claim gets, over the store's fast bulk load.
//!
//! A deleted claim's record (from `claims deleted --format json`) comes back under its own id,
//! which ids never being given out again keeps free: published ClaimReview URLs are built from
//! ids and keep pointing at the same claim. Importing it a second time is refused.

use std::collections::HashMap;

use anyhow::Result;

use super::Transaction;
use super::claims::Edit;
use super::claims::already_logged;
use crate::db::BulkLoad;
use crate::matching::repeat_search::LikelyRepeats;
use crate::matching::repeat_worker::RepeatWorker;
use crate::model::imported::{ImportedChange, ImportedClaim, ImportedNote};
use crate::model::workflow::Workflow;
use crate::model::{Change, ClaimId, HistoryField, NewEvidence, SpeakerKind, Status, speaker_key};

/// Up to how many rows (as estimated from the file's size) an import looks for claims that say
/// the same in other words the way `claims add` does, a search of the database per row: fine
/// for a spreadsheet of a week's claims. A larger file (or one of unknown size) gives the
/// content words of every claim to a [`crate::matching::repeat_search::RepeatSearch`] instead,
/// which finds the same repeats at a cost that grows with the file rather than with the file
/// times the database, in a memory that does not grow at all.
const SIMILAR_ROWS: u64 = 1_000;

/// How an import treats what it reads.
pub struct ImportRules {
    /// Leave out rows that repeat a claim already logged, instead of importing them.
    pub skip_duplicates: bool,
    /// What the history says the claims were imported from.
    pub source_name: String,
    /// About how many records the file holds, when that can be told from its size.
    pub expected_rows: Option<u64>,
    /// `--update-by`: how a row finds the claim it updates; `None` adds every row.
    pub update_by: Option<UpdateKey>,
    /// Look for likely repeats (claims that say the same in other words) as well as exact
    /// ones. Off only for the benchmark, which measures what the looking costs.
    pub likely_repeats: bool,
    /// How many of the rows of a large file found to likely repeat a claim are named (the
    /// rest are counted).
    pub likely_named: usize,
}

/// How an import looks for claims that say the same in other words.
enum Repeats {
    /// It does not (exact repeats are still found).
    Off,
    /// A search of the database per row, as `claims add` does.
    Search,
    /// The search of every claim's content words, those logged before and the file's, on a
    /// thread of its own.
    Index(RepeatWorker),
}

/// What identifies the claim a row of a re-imported file stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKey {
    /// The claim's id in the file (a file `claims export` wrote).
    Id,
    /// Where the claim appeared.
    SourceUrl,
    /// A source the claim cites (a fact-check's own URL, in archives of reviews).
    EvidenceUrl,
    /// The same speaker saying the same words (as `claims add` tells a repeat).
    Text,
}

/// What re-importing a file did to the claims it already had.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// Claims a row changed (each change in the claim's history).
    pub changed: u64,
    /// Rows that matched a claim and said nothing new.
    pub unchanged: u64,
}

/// What became of one claim.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Stored, as this claim.
    Stored {
        id: ClaimId,
        /// The claim the same speaker already said these words in.
        duplicate_of: Option<ClaimId>,
        /// A claim that likely says the same in other words.
        likely_of: Option<ClaimId>,
        /// Whether the claim's id in the file was given up (the database held claims).
        id_dropped: bool,
        /// Whether it was a deleted claim, back under its own id.
        restored: bool,
    },
    /// Not stored: it repeats that claim, and the import skips duplicates.
    SkippedDuplicate { of: ClaimId },
    /// Not stored: it is that claim (`--update-by`), which is brought up to date once the
    /// new claims are in.
    Matched { of: ClaimId },
    /// Not stored, for this reason: a bad row.
    Refused(String),
}

/// Claims being imported, one transaction's worth.
pub struct Importer<'t> {
    tx: &'t Transaction<'t>,
    bulk: Box<dyn BulkLoad + 't>,
    rules: ImportRules,
    /// "imported from FILE", the note of every claim's first history entry.
    origin: String,
    repeats: Repeats,
    /// The deleted claims, and whether each is back (restored, in this import or before).
    deleted: HashMap<ClaimId, bool>,
    /// What the file says each speaker is (the first record that says wins), recorded once
    /// the claims are in, for the speakers the database does not know the kind of.
    kinds: HashMap<String, SpeakerKind>,
    /// With `--update-by`: the claims logged before, by the key's value.
    keys: HashMap<String, ClaimId>,
    /// The rows that matched a claim, applied at `finish`.
    updates: Vec<(ClaimId, ImportedClaim)>,
    /// Where the claims stored stood in the file's desk's workflow, recorded at `finish`.
    workflows: Vec<(ClaimId, Workflow)>,
    /// The database's scale, which the workflow's verdicts must be on.
    scale: crate::scale::Scale,
}

impl<'s> Transaction<'s> {
    /// Starts importing claims as `rules` say.
    pub fn importer(&self, rules: ImportRules) -> Result<Importer<'_>> {
        let bulk = self.txn.bulk_load(rules.expected_rows)?;
        let mut deleted = HashMap::new();
        for (id, _) in self.store().deletions()? {
            deleted.insert(id, self.store().claim(id).is_ok());
        }
        Ok(Importer {
            tx: self,
            bulk,
            origin: format!("imported from {}", rules.source_name),
            repeats: self.repeats(&rules)?,
            keys: match rules.update_by {
                Some(key @ (UpdateKey::SourceUrl | UpdateKey::EvidenceUrl)) => self.keys_of(key)?,
                _ => HashMap::new(),
            },
            rules,
            deleted,
            kinds: HashMap::new(),
            updates: Vec::new(),
            workflows: Vec::new(),
            scale: self.store().scale()?,
        })
    }

    /// How the import looks for likely repeats: for a large file, a search given the claims
    /// logged before, read once.
    fn repeats(&self, rules: &ImportRules) -> Result<Repeats> {
        if !rules.likely_repeats {
            return Ok(Repeats::Off);
        }
        if rules.expected_rows.is_some_and(|rows| rows <= SIMILAR_ROWS) {
            return Ok(Repeats::Search);
        }
        let mut worker = RepeatWorker::start(rules.likely_named)?;
        self.store().for_each_claim(
            &crate::filter::ClaimFilter::default(),
            crate::filter::SortOrder::Id,
            None,
            &mut |claim| worker.logged(claim.id, &claim.text, &claim.speaker),
        )?;
        Ok(Repeats::Index(worker))
    }

    /// The claims logged before by their URL (or each source's): the first claim wins.
    fn keys_of(&self, key: UpdateKey) -> Result<HashMap<String, ClaimId>> {
        let mut keys = HashMap::new();
        let all = crate::filter::ClaimFilter::default();
        if key == UpdateKey::SourceUrl {
            // The claims alone: their records' sources, notes and history are not needed.
            self.store().for_each_claim(
                &all,
                crate::filter::SortOrder::Logged,
                None,
                &mut |claim| {
                    if let Some(url) = claim.source_url {
                        keys.entry(url).or_insert(claim.id);
                    }
                    Ok(())
                },
            )?;
        } else {
            self.store().for_each_record(&all, &mut |record| {
                for evidence in record.evidence {
                    keys.entry(evidence.url).or_insert(record.claim.id);
                }
                Ok(())
            })?;
        }
        Ok(keys)
    }
}

impl Importer<'_> {
    /// Whether the ids in the file are kept (the database held nothing).
    pub fn keeps_ids(&self) -> bool {
        self.bulk.keeps_ids()
    }

    /// Stores one claim, with what it carries and its history. `place` is where it is in its
    /// file, as the caller numbers it: [`Importer::finish`] gives it back with the rows that
    /// likely repeat a claim.
    pub fn load(&mut self, claim: &ImportedClaim, place: u64) -> Result<Loaded> {
        if let Some(problem) = claim.workflow.as_ref().and_then(|w| self.off_scale(w)) {
            return Ok(Loaded::Refused(problem));
        }
        let duplicate_of = self.bulk.duplicate_of(claim)?;
        if let Some(of) = self.matching(claim, duplicate_of)? {
            self.updates.push((of, claim.clone()));
            return Ok(Loaded::Matched { of });
        }
        if let (Some(of), true) = (duplicate_of, self.rules.skip_duplicates) {
            return Ok(Loaded::SkippedDuplicate { of });
        }
        if let Some(taken) = self.bulk.taken_id(claim)? {
            return Ok(Loaded::Refused(taken));
        }
        let keep_ids = self.bulk.keeps_ids();
        let file_id = claim.id.map(ClaimId);
        let restoring = match file_id.map(|id| (id, self.deleted.get(&id))) {
            Some((id, Some(true))) if !keep_ids => {
                return Ok(Loaded::Refused(format!(
                    "claim {id} was deleted and is back already (claim {id}): it is not \
                     imported twice"
                )));
            }
            Some((_, Some(false))) if !keep_ids => true,
            _ => false,
        };
        // Asked before the claim is stored, so it is not its own match.
        let likely_of = match (duplicate_of, &self.repeats) {
            (None, Repeats::Search) => {
                already_logged(self.tx.store(), &claim.text, &claim.speaker)?
                    .0
                    .map(|logged| logged.id())
            }
            // The search says at the end ([`Importer::finish`]).
            _ => None,
        };
        let (history, extra_notes) = self.history(claim, restoring);
        let id = self.bulk.store(
            claim,
            file_id.filter(|_| keep_ids || restoring),
            &history,
            &extra_notes,
            self.tx.now(),
        )?;
        if restoring {
            self.deleted.insert(id, true);
        }
        // A row that repeats another word for word adds nothing the search lacks.
        if let (Repeats::Index(worker), None) = (&mut self.repeats, duplicate_of) {
            worker.stored(id, place, &claim.text, &claim.speaker)?;
        }
        if let Some(kind) = claim.speaker_kind {
            self.kinds.entry(claim.speaker.clone()).or_insert(kind);
        }
        if let Some(workflow) = &claim.workflow {
            self.workflows.push((id, workflow.clone()));
        }
        Ok(Loaded::Stored {
            id,
            duplicate_of,
            likely_of,
            id_dropped: file_id.is_some() && !keep_ids && !restoring,
            restored: restoring,
        })
    }

    /// What is wrong with a file's workflow: a verdict proposed or published that is not on
    /// the database's scale.
    fn off_scale(&self, workflow: &Workflow) -> Option<String> {
        let proposed = workflow.proposal.as_ref().map(|p| ("proposed", &p.status));
        let published = workflow
            .publication
            .as_ref()
            .map(|p| ("published", &p.status));
        proposed
            .into_iter()
            .chain(published)
            .find(|(_, status)| self.scale.parse_status(status.as_str()).is_err())
            .map(|(what, status)| {
                format!(
                    "workflow: the verdict {what}, '{status}', is not on the {} scale",
                    self.scale.name
                )
            })
    }

    /// The claim logged before that a row stands for, by `--update-by`'s key.
    fn matching(
        &self,
        claim: &ImportedClaim,
        duplicate_of: Option<ClaimId>,
    ) -> Result<Option<ClaimId>> {
        let Some(key) = self.rules.update_by else {
            return Ok(None);
        };
        Ok(match key {
            UpdateKey::Text => duplicate_of,
            UpdateKey::Id => match claim.id.map(ClaimId) {
                Some(id) if self.tx.store().claim(id).is_ok() => Some(id),
                _ => None,
            },
            UpdateKey::SourceUrl => claim
                .source_url
                .as_ref()
                .and_then(|url| self.keys.get(url).copied()),
            UpdateKey::EvidenceUrl => claim
                .evidence
                .iter()
                .find_map(|evidence| self.keys.get(&evidence.url).copied()),
        })
    }

    /// The claim's history entries, and a note to add: the file's history (and where it came
    /// from), or a `created` entry (and the file's verdict) when it has none.
    fn history(
        &self,
        claim: &ImportedClaim,
        restoring: bool,
    ) -> (Vec<ImportedChange>, Vec<ImportedNote>) {
        let now = self.tx.now();
        let actor = &self.tx.actor;
        let entry =
            |field: HistoryField, old: Option<&str>, new: Option<&str>, note: Option<&str>| {
                ImportedChange {
                    id: None,
                    at: now.to_string(),
                    actor: actor.clone(),
                    field,
                    old_value: old.map(str::to_string),
                    new_value: new.map(str::to_string),
                    note: note.map(str::to_string),
                }
            };
        let mut notes = Vec::new();
        if let (None, Some(note), false) = (&claim.history, &claim.note, claim.status.is_verdict())
        {
            // An explanation without a verdict (a review that rates nothing) is kept as a note.
            notes.push(ImportedNote {
                id: None,
                text: note.clone(),
                author: actor.clone(),
                created_at: now.to_string(),
            });
        }
        let history = match &claim.history {
            // A deleted claim's history never left the database: it is the claim's again
            // (with the deletion in it), and only its coming back is added.
            _ if restoring => {
                let origin = format!(
                    "{}: the deleted claim {} is back under its own id",
                    self.origin,
                    claim.id.unwrap_or_default()
                );
                vec![entry(HistoryField::Imported, None, None, Some(&origin))]
            }
            Some(changes) => {
                let mut history: Vec<ImportedChange> = changes
                    .iter()
                    .map(|change| ImportedChange {
                        id: change.id,
                        at: change.at.clone(),
                        actor: change.actor.clone(),
                        field: change.field,
                        old_value: change.old_value.clone(),
                        new_value: change.new_value.clone(),
                        note: change.note.clone(),
                    })
                    .collect();
                if !self.bulk.keeps_ids() {
                    // The history came from another database, where this claim had another id
                    // (and sources recorded in it keep theirs).
                    let origin = match claim.id {
                        Some(old) => format!("{}, where it was claim {old}", self.origin),
                        None => self.origin.clone(),
                    };
                    history.push(entry(HistoryField::Imported, None, None, Some(&origin)));
                }
                history
            }
            None => {
                let mut history =
                    vec![entry(HistoryField::Created, None, None, Some(&self.origin))];
                if claim.status.as_str() != Status::UNVERIFIED {
                    // The verdict keeps the file's reviewer and date where it has them.
                    let mut verdict = entry(
                        HistoryField::Status,
                        Some(Status::UNVERIFIED),
                        Some(claim.status.as_str()),
                        claim.note.as_deref(),
                    );
                    if let Some(by) = &claim.verdict_by {
                        verdict.actor = by.clone();
                    }
                    if let Some(at) = &claim.verdict_at {
                        verdict.at = at.clone();
                    }
                    history.push(verdict);
                }
                history
            }
        };
        (history, notes)
    }

    /// How many speakers the import created.
    pub fn new_speakers(&self) -> u64 {
        self.bulk.new_speakers()
    }

    /// Completes the import's deferred work, then brings the claims that rows matched up to
    /// date (through the same operations as `claims edit`, `evidence add` and `status`, once
    /// the store counts and indexes as usual again); the transaction then commits it all.
    /// With it, the rows of a large file that likely repeat a claim: their search runs while
    /// the store builds its indexes.
    pub fn finish(mut self) -> Result<(Updated, LikelyRepeats)> {
        if let Repeats::Index(worker) = &mut self.repeats {
            worker.close();
        }
        self.bulk.finish()?;
        for (name, kind) in &self.kinds {
            if let Some(speaker) = self.tx.store().speaker(name)?
                && speaker.kind.is_none()
            {
                self.tx.txn.set_speaker_kind(speaker.id, *kind)?;
            }
        }
        for (id, workflow) in &self.workflows {
            if let Some(assignment) = &workflow.assignment {
                self.tx.txn.set_assignment(*id, Some(assignment))?;
            }
            if let Some(proposal) = &workflow.proposal {
                self.tx.txn.set_proposal(*id, Some(proposal))?;
            }
            if let Some(publication) = &workflow.publication {
                self.tx.txn.set_publication(*id, Some(publication))?;
            }
        }
        let mut updated = Updated::default();
        for (id, claim) in &self.updates {
            if self.tx.update_from_import(*id, claim)? {
                updated.changed += 1;
            } else {
                updated.unchanged += 1;
            }
        }
        self.tx.txn.refresh_statistics()?;
        let likely = match &mut self.repeats {
            Repeats::Index(worker) => worker.finish()?,
            _ => LikelyRepeats::default(),
        };
        Ok((updated, likely))
    }
}

impl Transaction<'_> {
    /// Brings a claim up to date with a row that stands for it: what the row says that the
    /// claim lacks or says otherwise is changed, each change in the history; what the row
    /// leaves empty stays (a file that is silent about a field does not clear it), and so do
    /// tags and sources it does not list. Whether anything changed.
    pub fn update_from_import(&self, id: ClaimId, row: &ImportedClaim) -> Result<bool> {
        let claim = self.store().claim(id)?;
        let said_on = claim.said_on.map(|day| day.to_string());
        let differs = |new: &Option<String>, old: Option<&str>| {
            new.as_deref()
                .filter(|new| Some(*new) != old)
                .map(str::to_string)
        };
        let edit = Edit {
            text: (row.text != claim.text).then(|| row.text.clone()),
            speaker: (speaker_key(&row.speaker) != speaker_key(&claim.speaker))
                .then(|| row.speaker.clone()),
            said_on: differs(&row.said_on, said_on.as_deref()),
            context: differs(&row.context, claim.context.as_deref()).map(Some),
            speaker_role: differs(&row.speaker_role, claim.speaker_role.as_deref()).map(Some),
            source_url: differs(&row.source_url, claim.source_url.as_deref()).map(Some),
            tags: row
                .tags
                .iter()
                .filter(|tag| !claim.tags.contains(tag))
                .cloned()
                .collect(),
            untags: Vec::new(),
        };
        let mut changed = !self.edit_claim(id, &edit)?.is_empty();
        let cited: Vec<String> = self
            .store()
            .evidence_of(id)?
            .into_iter()
            .map(|evidence| evidence.url)
            .collect();
        for source in row
            .evidence
            .iter()
            .filter(|source| !cited.contains(&source.url))
        {
            let published_on = source.published_on.as_deref().and_then(crate::dates::parse);
            self.attach_evidence(
                id,
                &NewEvidence {
                    url: &source.url,
                    title: source.title.as_deref(),
                    publisher: source.publisher.as_deref(),
                    published_on,
                    stance: source.stance,
                    excerpt: source.excerpt.as_deref(),
                    note: source.note.as_deref(),
                },
            )?;
            changed = true;
        }
        // A file's verdict is someone's check, recorded as it is (as a new claim's would be),
        // by the file's reviewer where it names one.
        if row.status != claim.status && row.status.as_str() != Status::UNVERIFIED {
            self.txn.set_status(id, &row.status)?;
            self.record_by(
                id,
                row.verdict_by.as_deref().unwrap_or(&self.actor),
                &Change {
                    field: HistoryField::Status,
                    old_value: Some(claim.status.as_str()),
                    new_value: Some(row.status.as_str()),
                    note: row.note.as_deref(),
                },
            )?;
            self.touch(id)?;
            changed = true;
        }
        Ok(changed)
    }
}
