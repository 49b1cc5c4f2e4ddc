//! Rating scales: the verdicts a desk can reach, their labels, and where each one sits between
//! false and true. A database has one scale; `unverified` and `in-progress` are on every scale.
//!
//! Ratings are derived, never written by hand: the verdicts that sit on the true/false axis get
//! 1 (the most false) to N (the truest), in the order of their positions, so that ClaimReview's
//! `worstRating`, `bestRating` and `ratingValue` always agree with each other and with the labels.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

use crate::error::UserError;
use crate::input::{self, FileLimit};
use crate::model::Status;

/// One verdict of a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// What users type and every output writes: lower-case words joined by `-`.
    pub name: String,
    /// What readers see, e.g. in ClaimReview's `alternateName`.
    pub label: String,
    /// 1 for the most false verdict up to the truest; `None` off the true/false axis.
    pub rating: Option<i64>,
}

/// A verdict scale: its name and its verdicts in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub name: String,
    pub verdicts: Vec<Verdict>,
}

/// Where a status leans, for colouring: the colour is never the only signal, the name is shown too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaning {
    Unchecked,
    InProgress,
    True,
    Between,
    False,
    OffAxis,
}

/// The two statuses on every scale that are not verdicts, with their labels, in display order.
pub const OPEN_STATUSES: [(&str, &str); 2] = [
    (Status::UNVERIFIED, "Unverified"),
    (Status::IN_PROGRESS, "In progress"),
];

/// The names of the scales built into `claims`.
pub const BUILTIN: [&str; 4] = ["default", "politifact", "pinocchios", "fever"];

/// A built-in scale's verdicts: name, label, position (higher is truer; `None` off the axis).
fn builtin_verdicts(name: &str) -> Option<&'static [(&'static str, &'static str, Option<i64>)]> {
    Some(match name {
        "default" => &[
            ("true", "True", Some(5)),
            ("mostly-true", "Mostly true", Some(4)),
            ("half-true", "Half true", Some(3)),
            ("mostly-false", "Mostly false", Some(2)),
            ("false", "False", Some(1)),
            ("misleading", "Misleading", None),
            ("unproven", "Unproven", None),
        ],
        "politifact" => &[
            ("true", "True", Some(6)),
            ("mostly-true", "Mostly True", Some(5)),
            ("half-true", "Half True", Some(4)),
            ("mostly-false", "Mostly False", Some(3)),
            ("false", "False", Some(2)),
            ("pants-on-fire", "Pants on Fire", Some(1)),
        ],
        "pinocchios" => &[
            ("geppetto-checkmark", "Geppetto Checkmark", Some(5)),
            ("one-pinocchio", "One Pinocchio", Some(4)),
            ("two-pinocchios", "Two Pinocchios", Some(3)),
            ("three-pinocchios", "Three Pinocchios", Some(2)),
            ("four-pinocchios", "Four Pinocchios", Some(1)),
        ],
        "fever" => &[
            ("supported", "Supported", Some(2)),
            ("refuted", "Refuted", Some(1)),
            ("not-enough-info", "Not enough info", None),
        ],
        _ => return None,
    })
}

/// A scale as a file describes it (TOML or JSON).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleFile {
    name: String,
    /// Which end of the positions is the truest: `highest` (the default) or `lowest`.
    #[serde(default)]
    best: BestEnd,
    verdicts: Vec<VerdictFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum BestEnd {
    #[default]
    Highest,
    Lowest,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerdictFile {
    name: String,
    label: Option<String>,
    /// `rating` is what `claims scale show --format json` writes, so its output reads back.
    #[serde(alias = "rating")]
    position: Option<i64>,
}

impl Scale {
    /// The scale new databases get.
    pub fn default_scale() -> Scale {
        Scale::builtin("default").expect("the default scale is built in")
    }

    /// A built-in scale by name.
    pub fn builtin(name: &str) -> Option<Scale> {
        let verdicts = builtin_verdicts(name)?
            .iter()
            .map(|(name, label, position)| (name.to_string(), label.to_string(), *position))
            .collect();
        Some(Scale::from_positions(name, verdicts, true).expect("built-in scales are valid"))
    }

    /// A built-in scale's name, or the path of a TOML or JSON file describing one.
    pub fn named_or_file(value: &str) -> Result<Scale> {
        if let Some(scale) = Scale::builtin(value) {
            return Ok(scale);
        }
        let path = Path::new(value);
        if path.exists() {
            return Scale::from_file(path);
        }
        let looks_like_a_file = value.contains(['.', '/', std::path::MAIN_SEPARATOR]);
        if looks_like_a_file {
            bail!("scale file '{value}' does not exist: check the path");
        }
        Err(UserError::UnknownScale {
            value: value.to_string(),
            builtin: BUILTIN.join(", "),
        }
        .into())
    }

    /// Reads a scale file: TOML, or JSON when the name ends in `.json`.
    pub fn from_file(path: &Path) -> Result<Scale> {
        let text = input::read_text_file(path, SCALE_FILE)?;
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        let file: ScaleFile = if is_json {
            serde_json::from_str(&text).map_err(|err| anyhow::anyhow!("{err}"))
        } else {
            toml::from_str(&text).map_err(|err| anyhow::anyhow!("{}", err.message()))
        }
        .with_context(|| {
            format!(
                "invalid scale file '{}' (expected name, optional best, and [[verdicts]] with \
                 name, label, position)",
                path.display()
            )
        })?;
        let verdicts = file
            .verdicts
            .into_iter()
            .map(|v| {
                let label = v.label.unwrap_or_else(|| v.name.clone());
                (v.name, label, v.position)
            })
            .collect();
        Scale::from_positions(&file.name, verdicts, matches!(file.best, BestEnd::Highest))
            .with_context(|| format!("invalid scale file '{}'", path.display()))
    }

    /// Builds a scale from verdicts with free-form positions, turning the positions into ratings
    /// from 1 (most false) up; equal positions share a rating.
    fn from_positions(
        name: &str,
        verdicts: Vec<(String, String, Option<i64>)>,
        highest_is_best: bool,
    ) -> Result<Scale> {
        let name = name.trim();
        within_limit(name, "the scale's name")?;
        if !is_slug(name) {
            bail!("scale name '{name}' must be lower-case words joined by '-'");
        }
        if verdicts.is_empty() {
            bail!("a scale needs at least one verdict");
        }
        let mut seen = HashSet::new();
        let mut labels = HashSet::new();
        let names: HashSet<&str> = verdicts
            .iter()
            .map(|(name, _, _)| name.as_str())
            .chain([Status::UNVERIFIED, Status::IN_PROGRESS])
            .collect();
        for (verdict, label, _) in &verdicts {
            within_limit(verdict, "a verdict's name")?;
            within_limit(label.trim(), &format!("the label of '{verdict}'"))?;
            if !is_slug(verdict) {
                bail!("verdict name '{verdict}' must be lower-case words joined by '-'");
            }
            if verdict == Status::UNVERIFIED || verdict == Status::IN_PROGRESS {
                bail!("'{verdict}' is on every scale already: leave it out of the file");
            }
            if !seen.insert(verdict.as_str()) {
                bail!("verdict '{verdict}' appears twice");
            }
            if label.trim().is_empty() {
                bail!("verdict '{verdict}' has an empty label");
            }
            // A status is typed by its name or its label: each must point at one verdict only.
            let label_slug = slugify(label);
            if !labels.insert(label_slug.clone())
                || (label_slug != *verdict && names.contains(label_slug.as_str()))
            {
                bail!("the label '{label}' of '{verdict}' is another verdict's name or label");
            }
        }
        let mut positions: Vec<i64> = verdicts.iter().filter_map(|v| v.2).collect();
        positions.sort_unstable();
        positions.dedup();
        if !highest_is_best {
            positions.reverse();
        }
        let rating = |position: i64| {
            let index = positions
                .iter()
                .position(|p| *p == position)
                .expect("every position was collected");
            index as i64 + 1
        };
        Ok(Scale {
            name: name.to_string(),
            verdicts: verdicts
                .into_iter()
                .map(|(name, label, position)| Verdict {
                    name,
                    label: label.trim().to_string(),
                    rating: position.map(rating),
                })
                .collect(),
        })
    }

    /// The best rating on the scale (the worst is always 1); `None` when no verdict has one.
    pub fn best_rating(&self) -> Option<i64> {
        self.verdicts.iter().filter_map(|v| v.rating).max()
    }

    /// Every status of this scale in display order: unverified, in-progress, then the verdicts.
    pub fn status_names(&self) -> Vec<&str> {
        OPEN_STATUSES
            .iter()
            .map(|(name, _)| *name)
            .chain(self.verdicts.iter().map(|v| v.name.as_str()))
            .collect()
    }

    /// What readers see for a status: its label, or its name when the scale lacks it.
    pub fn label<'a>(&'a self, status: &'a Status) -> &'a str {
        OPEN_STATUSES
            .iter()
            .find(|(name, _)| *name == status.as_str())
            .map(|(_, label)| *label)
            .or_else(|| self.verdict(status).map(|v| v.label.as_str()))
            .unwrap_or(status.as_str())
    }

    /// The verdict with this name.
    pub fn verdict(&self, status: &Status) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.name == status.as_str())
    }

    /// Reads a status as a user typed it: its name or its label, in any case, with spaces or
    /// underscores for hyphens ("Pants on Fire" is `pants-on-fire`).
    pub fn parse_status(&self, value: &str) -> Result<Status, UserError> {
        let wanted = slugify(value);
        self.spellings()
            .find(|(spelling, _)| *spelling == wanted)
            .map(|(_, status)| status)
            .ok_or_else(|| UserError::UnknownStatus {
                value: value.to_string(),
                scale: self.name.clone(),
                names: self.status_names().join(", "),
            })
    }

    /// Every way to type each status, as a slug: its name, and its label. Labels come second, so
    /// that a name always wins (scale files cannot make them clash anyway).
    pub fn spellings(&self) -> impl Iterator<Item = (String, Status)> + '_ {
        let names = self
            .status_names()
            .into_iter()
            .map(|name| (name.to_string(), Status::new(name.to_string())));
        let open_labels = OPEN_STATUSES
            .iter()
            .map(|(name, label)| (slugify(label), Status::new(name.to_string())));
        let labels = self
            .verdicts
            .iter()
            .map(|v| (slugify(&v.label), Status::new(v.name.clone())));
        names
            .chain(open_labels)
            .chain(labels)
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Whether a claim with this status, made `times` times, is bottomless: rated false and
    /// repeated at least `BOTTOMLESS_TIMES` times.
    pub fn is_bottomless(&self, status: &Status, times: i64) -> bool {
        times >= crate::model::BOTTOMLESS_TIMES && self.leaning(status) == Leaning::False
    }

    /// Where a status leans: the top quarter of ratings is true, up to 40% is false.
    pub fn leaning(&self, status: &Status) -> Leaning {
        match status.as_str() {
            Status::UNVERIFIED => return Leaning::Unchecked,
            Status::IN_PROGRESS => return Leaning::InProgress,
            _ => {}
        }
        let (Some(rating), Some(best)) = (
            self.verdict(status).and_then(|v| v.rating),
            self.best_rating(),
        ) else {
            return Leaning::OffAxis;
        };
        let truth = if best > 1 {
            (rating - 1) as f64 / (best - 1) as f64
        } else {
            1.0
        };
        if truth >= 0.75 {
            Leaning::True
        } else if truth <= 0.4 {
            Leaning::False
        } else {
            Leaning::Between
        }
    }
}

/// The most a scale file can hold. A scale is a few lines; the limit keeps a wrong path (a log,
/// a device such as `/dev/zero`) from being read on and on.
const SCALE_FILE: FileLimit = FileLimit {
    bytes: 1 << 20,
    what: "a scale file",
    fix: "check that it is the right file",
};

/// The longest verdict name, label or scale name, in characters. Each is shown in every
/// table's status column and typed at `claims status`: a few words. The limit keeps a file
/// gone wrong from turning every listing into pages of one label.
pub const MAX_VERDICT_CHARS: usize = 200;

/// Checks that a name or label of a scale is within `MAX_VERDICT_CHARS`; the message shows
/// only the start of a longer one.
fn within_limit(value: &str, what: &str) -> Result<()> {
    let len = value.chars().count();
    if len > MAX_VERDICT_CHARS {
        bail!(
            "{what} ('{}') is {len} characters long, over the limit of {MAX_VERDICT_CHARS}: \
             shorten it",
            crate::output::table::shortened(value, 30)
        );
    }
    Ok(())
}

/// Lower-case words joined by single hyphens.
fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A status or label as a slug, the way statuses are compared: "Pants on Fire" → "pants-on-fire".
pub fn slugify(value: &str) -> String {
    value
        .trim()
        .to_lowercase()
        .split(|ch: char| ch.is_whitespace() || ch == '_' || ch == '-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_scales_are_valid_and_rated_from_one() {
        for name in BUILTIN {
            let scale = Scale::builtin(name).unwrap();
            let ratings: HashSet<i64> = scale.verdicts.iter().filter_map(|v| v.rating).collect();
            let best = scale.best_rating().unwrap();
            assert_eq!(ratings, (1..=best).collect(), "{name}");
        }
    }

    #[test]
    fn statuses_parse_by_name_or_label_in_any_case() {
        let scale = Scale::builtin("politifact").unwrap();
        for typed in [
            "pants-on-fire",
            "Pants on Fire",
            "PANTS_ON_FIRE",
            " pants on fire ",
        ] {
            assert_eq!(scale.parse_status(typed).unwrap().as_str(), "pants-on-fire");
        }
        assert_eq!(
            scale.parse_status("In progress").unwrap().as_str(),
            "in-progress"
        );
        let err = scale.parse_status("misleading").unwrap_err().to_string();
        assert!(err.contains("politifact"), "{err}");
    }

    #[test]
    fn inverted_positions_give_ratings_from_the_false_end() {
        let scale = Scale::from_positions(
            "stars",
            vec![
                ("accurate".into(), "Accurate".into(), Some(0)),
                ("shaky".into(), "Shaky".into(), Some(10)),
                ("wrong".into(), "Wrong".into(), Some(20)),
                ("satire".into(), "Satire".into(), None),
            ],
            false,
        )
        .unwrap();
        let ratings: Vec<Option<i64>> = scale.verdicts.iter().map(|v| v.rating).collect();
        assert_eq!(ratings, [Some(3), Some(2), Some(1), None]);
        assert_eq!(
            scale.leaning(&Status::new("accurate".into())),
            Leaning::True
        );
        assert_eq!(scale.leaning(&Status::new("wrong".into())), Leaning::False);
        assert_eq!(
            scale.leaning(&Status::new("satire".into())),
            Leaning::OffAxis
        );
    }

    #[test]
    fn labels_may_not_stand_for_two_verdicts() {
        let two = |a: (&str, &str), b: (&str, &str)| {
            Scale::from_positions(
                "x",
                vec![
                    (a.0.to_string(), a.1.to_string(), Some(2)),
                    (b.0.to_string(), b.1.to_string(), Some(1)),
                ],
                true,
            )
        };
        assert!(two(("right", "False"), ("wrong", "False")).is_err());
        assert!(two(("true", "Unverified"), ("false", "False")).is_err());
        assert!(two(("true", "False"), ("false", "True")).is_err());
        assert!(two(("true", "True"), ("false", "False")).is_ok());
    }

    #[test]
    fn bad_scales_are_refused() {
        let one = |name: &str| vec![(name.to_string(), "X".to_string(), Some(1))];
        assert!(Scale::from_positions("x", one("Bad Name"), true).is_err());
        assert!(Scale::from_positions("x", one("unverified"), true).is_err());
        assert!(Scale::from_positions("Bad", one("ok"), true).is_err());
        assert!(Scale::from_positions("x", vec![], true).is_err());
    }
}
