//! The figures of the report's front page, gathered while the claim pages are written: counts
//! by status, by speaker and status, by month, and the most repeated claims.

use std::collections::{BTreeMap, HashMap};

use crate::model::ClaimRecord;

/// How many claims the "most repeated" chart shows.
pub const TOP_REPEATED: usize = 10;

/// One of the most repeated claims.
#[derive(Debug, Clone)]
pub struct Repeated {
    pub id: i64,
    pub text: String,
    pub times: i64,
}

/// A speaker's name, claims, and claims by status.
pub type SpeakerRecord<'a> = (&'a str, u64, &'a HashMap<String, u64>);

/// Everything the front page counts.
#[derive(Debug, Default)]
pub struct Summary {
    pub claims: u64,
    /// Claims by status name.
    pub by_status: HashMap<String, u64>,
    /// Claims by speaker name, then status name.
    pub by_speaker: HashMap<String, HashMap<String, u64>>,
    /// By month (`YYYY-MM`): claims made (by the date they were said), and verdicts reached.
    pub months: BTreeMap<String, Month>,
    /// Claims whose date is unknown, left out of the months.
    pub undated: u64,
    /// The most repeated claims, most repeated first (only claims made more than once).
    pub repeated: Vec<Repeated>,
}

/// One month's work.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// Claims made that month.
    pub logged: u64,
    pub checked: u64,
}

impl Summary {
    /// Counts one claim in.
    pub fn add(&mut self, record: &ClaimRecord) {
        let claim = &record.claim;
        self.claims += 1;
        *self
            .by_status
            .entry(claim.status.as_str().to_string())
            .or_default() += 1;
        let speaker = match self.by_speaker.get_mut(&claim.speaker) {
            Some(speaker) => speaker,
            None => self.by_speaker.entry(claim.speaker.clone()).or_default(),
        };
        *speaker
            .entry(claim.status.as_str().to_string())
            .or_default() += 1;
        let month = |moment: &crate::model::Timestamp| moment.at().format("%Y-%m").to_string();
        // By the month the claim was made, not the day it was logged: an archive imported in
        // one go spans its years.
        match claim.said_on {
            Some(day) => {
                self.months
                    .entry(day.format("%Y-%m").to_string())
                    .or_default()
                    .logged += 1;
            }
            None => self.undated += 1,
        }
        if let Some(entry) = record.verdict_decision() {
            self.months.entry(month(&entry.at)).or_default().checked += 1;
        }
        if claim.times_said > 1 {
            self.note_repeated(claim.id.0, &claim.text, claim.times_said);
        }
    }

    fn note_repeated(&mut self, id: i64, text: &str, times: i64) {
        let full = self.repeated.len() >= TOP_REPEATED;
        if full && self.repeated.last().is_some_and(|last| last.times >= times) {
            return;
        }
        self.repeated.push(Repeated {
            id,
            text: text.to_string(),
            times,
        });
        // Most repeated first; among equals, the first logged.
        self.repeated
            .sort_by(|a, b| b.times.cmp(&a.times).then(a.id.cmp(&b.id)));
        self.repeated.truncate(TOP_REPEATED);
    }

    /// Speakers with the most claims first (then by name), with their counts by status.
    pub fn speakers_by_claims(&self) -> Vec<SpeakerRecord<'_>> {
        let mut speakers: Vec<_> = self
            .by_speaker
            .iter()
            .map(|(name, counts)| (name.as_str(), counts.values().sum::<u64>(), counts))
            .collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        speakers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_repeated_are_kept_in_order() {
        let mut summary = Summary::default();
        for (id, times) in [(1, 2), (2, 9), (3, 2), (4, 5)]
            .into_iter()
            .chain((5..30).map(|id| (id, 3)))
        {
            summary.note_repeated(id, "text", times);
        }
        let kept: Vec<(i64, i64)> = summary.repeated.iter().map(|r| (r.id, r.times)).collect();
        assert_eq!(kept.len(), TOP_REPEATED);
        assert_eq!(&kept[..3], &[(2, 9), (4, 5), (5, 3)]);
        assert!(kept.iter().all(|(_, times)| *times >= 3));
    }
}
