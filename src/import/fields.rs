//! From a record's raw values to a checked claim: which column holds which field (by header
//! name, by `--map`, or by number), and the same checks `claims add` makes, with the column named
//! in every message.

pub use crate::model::imported::{
    ImportedAppearance, ImportedChange, ImportedClaim, ImportedEvidence, ImportedNote,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{NaiveDate, SecondsFormat};
use serde::Deserialize;

use crate::model::workflow::Workflow;
use serde_json::{Map, Value};

use super::dates;
use super::source::Values;
use crate::input;
use crate::model::{MAX_ID, SpeakerKind, Status};
use crate::scale::{Leaning, Scale, slugify};

/// A field of a claim that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// What was said (required).
    Text,
    /// Who said it (required).
    Speaker,
    /// The role the speaker spoke in.
    SpeakerRole,
    /// Whether the speaker is a person or an organisation (`person`, `organization`, or
    /// schema.org's `@type`).
    SpeakerKind,
    /// When it was said.
    SaidOn,
    /// Its status: a verdict label, mapped through `--status-map` if need be.
    Status,
    /// The verdict's explanation.
    Note,
    /// Where or in what situation it was said.
    Context,
    /// Where it appeared.
    SourceUrl,
    /// Topics, separated by `--tag-separator`.
    Tags,
    /// Its id in the file, kept when the database is empty.
    Id,
    /// When it was logged.
    CreatedAt,
    /// When it last changed.
    UpdatedAt,
    /// Who reached the verdict (a review's author): the history's actor for it.
    VerdictBy,
    /// When the verdict was reached (a review's date).
    VerdictAt,
    /// A source: one or more URLs (the first gets the title and publisher).
    EvidenceUrl,
    /// The first source's title.
    EvidenceTitle,
    /// The first source's publisher.
    EvidencePublisher,
    /// More sources: URLs separated by spaces, commas or semicolons.
    Links,
    /// A numeric rating, read with the best and worst ratings when there is no label.
    RatingValue,
    BestRating,
    WorstRating,
}

impl Field {
    /// Every field, in the order `--help` lists them.
    pub const ALL: [Field; 22] = [
        Field::Text,
        Field::Speaker,
        Field::SpeakerRole,
        Field::SpeakerKind,
        Field::SaidOn,
        Field::Status,
        Field::Note,
        Field::Context,
        Field::SourceUrl,
        Field::Tags,
        Field::Id,
        Field::CreatedAt,
        Field::UpdatedAt,
        Field::VerdictBy,
        Field::VerdictAt,
        Field::EvidenceUrl,
        Field::EvidenceTitle,
        Field::EvidencePublisher,
        Field::Links,
        Field::RatingValue,
        Field::BestRating,
        Field::WorstRating,
    ];

    /// The field's name: the column header that needs no `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Speaker => "speaker",
            Field::SpeakerRole => "speaker_role",
            Field::SpeakerKind => "speaker_kind",
            Field::SaidOn => "said_on",
            Field::Status => "status",
            Field::Note => "note",
            Field::Context => "context",
            Field::SourceUrl => "source_url",
            Field::Tags => "tags",
            Field::Id => "id",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
            Field::VerdictBy => "verdict_by",
            Field::VerdictAt => "verdict_at",
            Field::EvidenceUrl => "evidence_url",
            Field::EvidenceTitle => "evidence_title",
            Field::EvidencePublisher => "evidence_publisher",
            Field::Links => "links",
            Field::RatingValue => "rating_value",
            Field::BestRating => "best_rating",
            Field::WorstRating => "worst_rating",
        }
    }

    /// Other headers read as this field without a `--map`.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::SpeakerRole => &["role", "job_title"],
            Field::SaidOn => &["date"],
            Field::SourceUrl => &["url"],
            Field::Tags => &["tag"],
            Field::Note => &["verdict_note"],
            Field::VerdictBy => &["reviewer"],
            _ => &[],
        }
    }

    /// The field a `--map` names, by its name or an alias.
    pub fn parse(name: &str) -> Option<Field> {
        let name = name.trim().to_lowercase();
        Field::ALL
            .into_iter()
            .find(|field| field.name() == name || field.aliases().contains(&name.as_str()))
    }

    /// The field names, for messages.
    pub fn names() -> String {
        Field::ALL.map(Field::name).join(", ")
    }

    /// Whether a JSON key is one `claims` reads without a `--map`: a field's name or alias, or
    /// what an export's record carries besides.
    pub fn is_ours(key: &str) -> bool {
        Field::ALL
            .iter()
            .any(|field| field.name() == key || field.aliases().contains(&key))
            || EXPORT_EXTRAS.contains(&key)
    }
}

/// What a record of `claims export --format json` holds besides the fields: read as it is
/// (the sources, notes, history and repeats) or counted (left alone on import).
const EXPORT_EXTRAS: [&str; 7] = [
    "workflow",
    "evidence",
    "notes",
    "history",
    "appearances",
    "evidence_count",
    "times_said",
];

/// Where a field's value is: a column by position (0-based) or a JSON key.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Index(usize),
    Key(String),
}

/// What a `--map FIELD=COLUMN` names: a header or key, or a column number (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Named(String),
    Number(usize),
}

impl ColumnRef {
    /// Reads the right-hand side of `--map`: `None` when empty (the field is not read at all).
    pub fn parse(value: &str) -> Result<Option<ColumnRef>, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        Ok(Some(match value.parse::<usize>() {
            Ok(0) => return Err("columns are numbered from 1".to_string()),
            Ok(number) => ColumnRef::Number(number),
            Err(_) => ColumnRef::Named(value.to_string()),
        }))
    }
}

/// One `--map`: a field, and where to read it (`None`: nowhere, even if a header matches).
pub type Mapping = (Field, Option<ColumnRef>);

/// Which column or key holds each field.
#[derive(Debug)]
pub struct ColumnMap {
    places: HashMap<Field, Place>,
    /// The header, for messages.
    names: Vec<String>,
    /// `--set`: the value of a field where a record gives none (for tags: added to each).
    constants: HashMap<Field, String>,
    /// The fields a `--map` names a JSON key or path for, and whether some record has it.
    mapped_keys: RefCell<Vec<(Field, bool)>>,
}

impl ColumnMap {
    /// The map for delimited text of `width` columns with this header (`None`: columns by
    /// number only).
    pub fn for_columns(
        header: Option<&[String]>,
        width: usize,
        maps: &[Mapping],
        constants: &[(Field, String)],
    ) -> Result<ColumnMap, String> {
        let names: Vec<String> = header.map(<[String]>::to_vec).unwrap_or_default();
        // A header is matched ignoring case and the spaces around it (`Text`, ` text `), so
        // two columns that differ only so both name the field, as much as `text,text` does:
        // reading one and quietly dropping the other would lose half of what the file says,
        // so each is an error naming both columns. Columns nothing reads may share a name
        // (a spreadsheet's trailing columns often all have an empty header).
        let find = |name: &str| -> Result<Option<usize>, String> {
            let mut matching = names
                .iter()
                .enumerate()
                .filter(|(_, column)| column.trim().eq_ignore_ascii_case(name.trim()));
            let Some((first, first_name)) = matching.next() else {
                return Ok(None);
            };
            let Some((second, second_name)) = matching.next() else {
                return Ok(Some(first));
            };
            let (first, second) = (first + 1, second + 1);
            let columns = if first_name == second_name {
                format!("columns {first} and {second}")
            } else {
                format!(
                    "column {first} '{first_name}' and column {second} '{second_name}', as case \
                     and spaces do not count"
                )
            };
            Err(format!(
                "the header names column '{}' twice ({columns}): rename or remove one, so that \
                 it is clear which to read",
                name.trim()
            ))
        };
        let mut places = HashMap::new();
        for (field, column) in maps {
            let index = match column {
                None => continue,
                Some(ColumnRef::Number(number)) if *number > width => {
                    return Err(format!(
                        "--map {}={number}: the file has {width} columns",
                        field.name()
                    ));
                }
                Some(ColumnRef::Number(number)) => number - 1,
                Some(ColumnRef::Named(name)) => find(name)?.ok_or_else(|| {
                    if header.is_none() {
                        format!(
                            "--map {0}={name}: a file without a header names columns by number \
                             (--map {0}=3)",
                            field.name()
                        )
                    } else {
                        format!(
                            "--map {}={name}: the file has no column '{name}' (its columns: {})",
                            field.name(),
                            names.join(", ")
                        )
                    }
                })?,
            };
            places.insert(*field, Place::Index(index));
        }
        for field in Field::ALL {
            if maps.iter().any(|(mapped, _)| *mapped == field) {
                continue;
            }
            let by_name = std::iter::once(field.name())
                .chain(field.aliases().iter().copied())
                .map(find)
                .find_map(Result::transpose)
                .transpose()?;
            if let Some(index) = by_name {
                places.insert(field, Place::Index(index));
            }
        }
        let map = ColumnMap {
            places,
            names,
            constants: constants.iter().cloned().collect(),
            mapped_keys: RefCell::new(Vec::new()),
        };
        map.require(header.is_some())?;
        Ok(map)
    }

    /// The map for JSON objects: keys named like the fields, or as `--map` says.
    ///
    /// A `--map` may name a path into nested objects and lists (`claimReview.0.url`); a key
    /// that holds dots itself is found as it is first.
    pub fn for_objects(
        maps: &[Mapping],
        constants: &[(Field, String)],
    ) -> Result<ColumnMap, String> {
        let mut places = HashMap::new();
        for field in Field::ALL {
            places.insert(field, Place::Key(field.name().to_string()));
        }
        let mut mapped_keys = Vec::new();
        for (field, column) in maps {
            match column {
                None => places.remove(field),
                Some(ColumnRef::Named(key)) => {
                    mapped_keys.push((*field, false));
                    places.insert(*field, Place::Key(key.clone()))
                }
                Some(ColumnRef::Number(number)) => {
                    return Err(format!(
                        "--map {}={number}: JSON fields are named, not numbered",
                        field.name()
                    ));
                }
            };
        }
        Ok(ColumnMap {
            places,
            names: Vec::new(),
            constants: constants.iter().cloned().collect(),
            mapped_keys: RefCell::new(mapped_keys),
        })
    }

    /// A `--map` whose key or path no record had: the mapping is wrong (a misspelling, a path
    /// into the wrong list), and every claim would have lost that field without a word.
    pub fn unused_mapping(&self) -> Option<String> {
        let mapped = self.mapped_keys.borrow();
        let (field, _) = mapped.iter().find(|(_, seen)| !seen)?;
        let Some(Place::Key(key)) = self.places.get(field) else {
            return None;
        };
        Some(format!(
            "--map {}={key}: no record has '{key}': check the spelling, and write a nested key \
             as a path (claimReview.0.textualRating)",
            field.name()
        ))
    }

    fn require(&self, has_header: bool) -> Result<(), String> {
        for field in [Field::Text, Field::Speaker] {
            if !self.places.contains_key(&field) && !self.constants.contains_key(&field) {
                let hint = if has_header {
                    format!("(its columns: {})", self.names.join(", "))
                } else {
                    "(by number, as the file has no header)".to_string()
                };
                return Err(format!(
                    "the file has no '{0}' column: name it with --map {0}=COLUMN {hint}",
                    field.name()
                ));
            }
        }
        Ok(())
    }

    /// How a message names the column of a field.
    fn column_name(&self, field: Field) -> String {
        match self.places.get(&field) {
            Some(Place::Index(index)) => match self.names.get(*index) {
                Some(name) => format!("column '{name}'"),
                None => format!("column {}", index + 1),
            },
            Some(Place::Key(key)) => format!("field '{key}'"),
            None => format!("field '{}'", field.name()),
        }
    }

    /// The text of a field in a record, trimmed, with Windows line ends made plain; `None`
    /// when absent or empty, an error when a JSON value is not text.
    fn value(&self, values: &Values, field: Field) -> Result<Option<String>, String> {
        let raw: Option<Cow<'_, str>> = match (self.places.get(&field), values) {
            (Some(Place::Index(index)), Values::Columns(columns)) => {
                columns.get(*index).map(|text| Cow::Borrowed(text.as_str()))
            }
            (Some(Place::Key(key)), Values::Object(object)) => {
                match self.lookup(object, field, key) {
                    None | Some(Value::Null) => None,
                    Some(Value::String(text)) => Some(Cow::Borrowed(text.as_str())),
                    Some(Value::Number(number)) => Some(Cow::Owned(number.to_string())),
                    Some(other) => {
                        return Err(format!("the value is {}, expected text", json_kind(other)));
                    }
                }
            }
            _ => None,
        };
        let cleaned = |raw: &str| {
            let trimmed = raw.trim();
            match (trimmed.is_empty(), trimmed.contains('\r')) {
                (true, _) => None,
                (false, true) => Some(trimmed.replace("\r\n", "\n")),
                (false, false) => Some(trimmed.to_string()),
            }
        };
        Ok(raw.as_deref().and_then(cleaned).or_else(|| {
            // `--set` fills what the record leaves empty (tags add up instead: see `tags`).
            (field != Field::Tags)
                .then(|| self.constants.get(&field).cloned())
                .flatten()
        }))
    }

    /// A key of a record, or a path through its nested objects and lists; notes that a
    /// record has it, for `unused_mapping`.
    fn lookup<'v>(
        &self,
        object: &'v Map<String, Value>,
        field: Field,
        key: &str,
    ) -> Option<&'v Value> {
        let found = object.get(key).or_else(|| {
            let mut parts = key.split('.');
            let first = object.get(parts.next()?)?;
            parts.try_fold(first, |value, part| match value {
                Value::Object(inner) => inner.get(part),
                Value::Array(items) => items.get(part.parse::<usize>().ok()?),
                _ => None,
            })
        });
        if found.is_some() {
            let mut mapped = self.mapped_keys.borrow_mut();
            if let Some(entry) = mapped
                .iter_mut()
                .find(|(mapped, seen)| *mapped == field && !seen)
            {
                entry.1 = true;
            }
        }
        found
    }

    /// The tags of a record: a JSON array as it is, else a text split at `separator`; and
    /// those of `--set tags=...`.
    fn tags(&self, values: &Values, separator: &str) -> Result<Vec<String>, String> {
        let mut tags: Vec<String> = match (self.places.get(&Field::Tags), values) {
            (Some(Place::Key(key)), Values::Object(object))
                if matches!(self.lookup(object, Field::Tags, key), Some(Value::Array(_))) =>
            {
                let Some(Value::Array(items)) = self.lookup(object, Field::Tags, key) else {
                    unreachable!("matched just above");
                };
                items
                    .iter()
                    .map(|item| {
                        item.as_str().map(str::to_string).ok_or_else(|| {
                            format!("the list holds {}, expected text", json_kind(item))
                        })
                    })
                    .collect::<Result<_, _>>()?
            }
            _ => self
                .value(values, Field::Tags)?
                .map(|joined| split_list(&joined, separator))
                .unwrap_or_default(),
        };
        if let Some(constant) = self.constants.get(&Field::Tags) {
            tags.extend(split_list(constant, separator));
        }
        Ok(tags)
    }
}

/// The items of a list written as one text, without empty ones.
fn split_list(joined: &str, separator: &str) -> Vec<String> {
    joined
        .split(separator)
        .filter(|item| !item.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A problem with one value of a record: which column, and what is wrong.
#[derive(Debug)]
pub struct FieldError {
    pub column: String,
    pub problem: String,
    /// The verdict label the scale lacks, when that is the problem.
    pub unknown_label: Option<String>,
}

/// What the checks need besides the record.
pub struct Checks<'a> {
    pub map: &'a ColumnMap,
    pub scale: &'a Scale,
    /// Every way to write a status (as a slug): the scale's names and labels, and the labels
    /// of `--status-map`, which win.
    pub statuses: &'a HashMap<String, Status>,
    pub tag_separator: &'a str,
    pub today: NaiveDate,
}

impl Checks<'_> {
    /// Reads and checks one record.
    pub fn claim(&self, values: &Values) -> Result<ImportedClaim, FieldError> {
        let fail = |field: Field| {
            move |problem: String| FieldError {
                column: self.map.column_name(field),
                problem,
                unknown_label: None,
            }
        };
        let value = |field: Field| {
            self.map
                .value(values, field)
                .map_err(|kind| fail(field)(kind))
        };
        let text_of = |field: Field, what: &'static str, limit: usize| {
            value(field)?
                .map(|text| {
                    input::required_text(&text, what, limit)
                        .map_err(|err| fail(field)(err.to_string()))
                })
                .transpose()
        };
        let text = text_of(Field::Text, "the claim text", input::MAX_CLAIM_CHARS)?
            .ok_or_else(|| fail(Field::Text)("the claim text is empty".to_string()))?;
        let speaker = text_of(Field::Speaker, "the speaker", input::MAX_NAME_CHARS)?
            .ok_or_else(|| fail(Field::Speaker)("the speaker is empty".to_string()))?;
        let said_on = value(Field::SaidOn)?
            .map(|date| self.date(&date, "said_on").map_err(fail(Field::SaidOn)))
            .transpose()?;
        let (status, derived) = match value(Field::Status)? {
            Some(label) => (
                self.status(&label).map_err(|problem| FieldError {
                    unknown_label: Some(label.clone()),
                    ..fail(Field::Status)(problem)
                })?,
                None,
            ),
            None => match self.rating(values).map_err(fail(Field::RatingValue))? {
                Some(rating) => match self.status_at(rating) {
                    Some((status, why)) => (status, Some(why)),
                    None => (Status::new(Status::UNVERIFIED.to_string()), None),
                },
                None => (Status::new(Status::UNVERIFIED.to_string()), None),
            },
        };
        let source_url = value(Field::SourceUrl)?
            .map(|url| {
                input::web_url(&url, "the URL")
                    .map_err(|err| fail(Field::SourceUrl)(err.to_string()))
            })
            .transpose()?;
        let tags = self
            .map
            .tags(values, self.tag_separator)
            .map_err(fail(Field::Tags))?
            .iter()
            .map(|tag| input::tag(tag).map_err(|err| fail(Field::Tags)(err.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        input::tag_count(tags.iter().collect::<std::collections::BTreeSet<_>>().len())
            .map_err(|err| fail(Field::Tags)(err.to_string()))?;
        let id = value(Field::Id)?
            .map(|id| match id.parse::<i64>() {
                Ok(id) if id > 0 => imported_id(id, "claim").map_err(fail(Field::Id)),
                Err(err) if *err.kind() == std::num::IntErrorKind::PosOverflow => {
                    Err(fail(Field::Id)(too_large(&id, "claim")))
                }
                _ => Err(fail(Field::Id)(format!(
                    "invalid id '{id}': expected a whole number above 0"
                ))),
            })
            .transpose()?;
        let stamp = |field: Field| {
            value(field)?
                .map(|at| timestamp(&at).map_err(fail(field)))
                .transpose()
        };
        let mut extras = self.extras(values).map_err(|(key, problem)| FieldError {
            column: format!("field '{key}'"),
            problem,
            unknown_label: None,
        })?;
        let mut warnings: Vec<String> = derived.into_iter().collect();
        if let Some(urls) = value(Field::EvidenceUrl)? {
            let mut urls = url_list(&urls).into_iter();
            let first = urls.next().map(|url| {
                input::web_url(&url, "the evidence URL")
                    .map_err(|err| fail(Field::EvidenceUrl)(err.to_string()))
            });
            if let Some(first) = first.transpose()? {
                extras.evidence.push(ImportedEvidence::cited(
                    first,
                    text_of(Field::EvidenceTitle, "the title", input::MAX_NAME_CHARS)?,
                    text_of(
                        Field::EvidencePublisher,
                        "the publisher",
                        input::MAX_NAME_CHARS,
                    )?,
                ));
            }
            for url in urls {
                let url = input::web_url(&url, "the evidence URL")
                    .map_err(|err| fail(Field::EvidenceUrl)(err.to_string()))?;
                extras
                    .evidence
                    .push(ImportedEvidence::cited(url, None, None));
            }
        }
        // Scraped lists of links are often cut short ("https://a.org/x,https"): such a link is
        // left out, and the user hears which.
        let mut broken = Vec::new();
        for url in value(Field::Links)?
            .as_deref()
            .map(url_list)
            .unwrap_or_default()
        {
            match input::web_url(&url, "the link") {
                Ok(url) if !extras.evidence.iter().any(|item| item.url == url) => {
                    extras
                        .evidence
                        .push(ImportedEvidence::cited(url, None, None));
                }
                Ok(_) => {}
                Err(_) => broken.push(url),
            }
        }
        if !broken.is_empty() {
            warnings.push(format!(
                "{} not a web address, left out: {}",
                match broken.len() {
                    1 => "1 link in links is".to_string(),
                    n => format!("{n} links in links are"),
                },
                broken.join(", ")
            ));
        }
        if let Some(disagreement) = self.rating_disagreement(values, &status) {
            warnings.push(disagreement);
        }
        let speaker_kind = value(Field::SpeakerKind)?
            .map(|kind| {
                SpeakerKind::parse(&kind).ok_or_else(|| {
                    fail(Field::SpeakerKind)(format!(
                        "invalid speaker kind '{kind}': expected person or organization"
                    ))
                })
            })
            .transpose()?;
        let verdict_at = value(Field::VerdictAt)?
            .map(|at| timestamp(&at).map_err(fail(Field::VerdictAt)))
            .transpose()?;
        Ok(ImportedClaim {
            id,
            warning: (!warnings.is_empty()).then(|| warnings.join("; ")),
            verdict_by: text_of(Field::VerdictBy, "the reviewer", input::MAX_NAME_CHARS)?,
            verdict_at,
            speaker_kind,
            workflow: extras.workflow,
            text,
            speaker,
            speaker_role: text_of(
                Field::SpeakerRole,
                "the speaker's role",
                input::MAX_NAME_CHARS,
            )?,
            said_on,
            status,
            note: text_of(Field::Note, "the note", input::MAX_LONG_TEXT_CHARS)?,
            context: text_of(Field::Context, "the context", input::MAX_LONG_TEXT_CHARS)?,
            source_url,
            tags,
            created_at: stamp(Field::CreatedAt)?,
            updated_at: stamp(Field::UpdatedAt)?,
            evidence: extras.evidence,
            notes: extras.notes,
            appearances: extras.appearances,
            history: extras.history,
        })
    }

    /// A date in one of the common forms, not after today.
    fn date(&self, value: &str, what: &'static str) -> Result<String, String> {
        let date = dates::parse(value).ok_or_else(|| {
            format!(
                "invalid date '{value}': expected a date such as 2025-09-03, September 3, 2025 or \
                 Thursday, January 9th, 2020"
            )
        })?;
        input::not_after_today(date, value, what, self.today)
            .map(|date| date.to_string())
            .map_err(|err| err.to_string())
    }

    /// A status by `--status-map`, or by its name or label on the scale.
    fn status(&self, label: &str) -> Result<Status, String> {
        // Most files spell statuses as slugs already: no need to make one.
        if let Some(status) = self
            .statuses
            .get(label)
            .or_else(|| self.statuses.get(&slugify(label)))
        {
            return Ok(status.clone());
        }
        Err(format!(
            "unknown status '{label}' on the {} scale: map it with --status-map \
             '{label}=VERDICT' (the scale has {})",
            self.scale.name,
            self.scale.status_names().join(", ")
        ))
    }

    /// The sources, notes and history a JSON record carries, each checked as the commands that
    /// make them would; an error names the key.
    fn extras(&self, values: &Values) -> Result<Extras, (&'static str, String)> {
        let Values::Object(object) = values else {
            return Ok(Extras::default());
        };
        let mut evidence: Vec<ImportedEvidence> = array(object, "evidence")?.unwrap_or_default();
        for item in &mut evidence {
            let fail = |problem: String| ("evidence", problem);
            item.url =
                input::web_url(&item.url, "the evidence URL").map_err(|e| fail(e.to_string()))?;
            item.title = optional(&item.title, "the title", input::MAX_NAME_CHARS).map_err(fail)?;
            item.publisher =
                optional(&item.publisher, "the publisher", input::MAX_NAME_CHARS).map_err(fail)?;
            item.excerpt =
                optional(&item.excerpt, "the excerpt", input::MAX_LONG_TEXT_CHARS).map_err(fail)?;
            item.note =
                optional(&item.note, "the note", input::MAX_LONG_TEXT_CHARS).map_err(fail)?;
            if let Some(date) = &item.published_on {
                item.published_on = Some(self.date(date, "published_on").map_err(fail)?);
            }
            if let Some(at) = &item.created_at {
                item.created_at = Some(timestamp(at).map_err(fail)?);
            }
        }
        let mut notes: Vec<ImportedNote> = array(object, "notes")?.unwrap_or_default();
        for note in &mut notes {
            let fail = |problem: String| ("notes", problem);
            note.text =
                required(&note.text, "the note", input::MAX_LONG_TEXT_CHARS).map_err(fail)?;
            note.author =
                required(&note.author, "the author", input::MAX_NAME_CHARS).map_err(fail)?;
            note.created_at = timestamp(&note.created_at).map_err(fail)?;
        }
        let mut appearances: Vec<ImportedAppearance> =
            array(object, "appearances")?.unwrap_or_default();
        for appearance in &mut appearances {
            let fail = |problem: String| ("appearances", problem);
            appearance.speaker =
                required(&appearance.speaker, "the speaker", input::MAX_NAME_CHARS)
                    .map_err(fail)?;
            if let Some(date) = &appearance.said_on {
                appearance.said_on = Some(self.date(date, "said_on").map_err(fail)?);
            }
            if let Some(url) = &appearance.source_url {
                appearance.source_url =
                    Some(input::web_url(url, "the URL").map_err(|e| fail(e.to_string()))?);
            }
            appearance.created_at = timestamp(&appearance.created_at).map_err(fail)?;
        }
        let mut history: Option<Vec<ImportedChange>> = array(object, "history")?;
        for change in history.iter_mut().flatten() {
            let fail = |problem: String| ("history", problem);
            change.at = timestamp(&change.at).map_err(fail)?;
            change.actor =
                required(&change.actor, "the actor", input::MAX_NAME_CHARS).map_err(fail)?;
        }
        checked_ids(evidence.iter().map(|e| e.id), "source").map_err(|p| ("evidence", p))?;
        checked_ids(notes.iter().map(|n| n.id), "note").map_err(|p| ("notes", p))?;
        checked_ids(appearances.iter().map(|a| a.id), "repeat").map_err(|p| ("appearances", p))?;
        checked_ids(history.iter().flatten().map(|h| h.id), "history entry")
            .map_err(|p| ("history", p))?;
        let workflow: Option<Workflow> = match object.get("workflow") {
            None | Some(Value::Null) => None,
            Some(value) => Some(serde_json::from_value(value.clone()).map_err(|err| {
                (
                    "workflow",
                    format!("not a workflow as `claims export` writes it: {err}"),
                )
            })?),
        };
        Ok(Extras {
            workflow,
            evidence,
            notes,
            appearances,
            history,
        })
    }

    /// The record's numeric rating as a place from 0 (worst) to 1 (best), with how the
    /// file wrote it; `None` without one, or when best and worst are the same (a rating that
    /// rates nothing, as PolitiFact's -1 of -1).
    fn rating(&self, values: &Values) -> Result<Option<Rating>, String> {
        let number = |field: Field| -> Result<Option<f64>, String> {
            self.map
                .value(values, field)?
                .map(|text| {
                    text.parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| format!("invalid rating '{text}': expected a number"))
                })
                .transpose()
        };
        let Some(value) = number(Field::RatingValue)? else {
            return Ok(None);
        };
        let best = number(Field::BestRating)?.unwrap_or(5.0);
        let worst = number(Field::WorstRating)?.unwrap_or(1.0);
        if best == worst {
            return Ok(None);
        }
        Ok(Some(Rating {
            place: ((value - worst) / (best - worst)).clamp(0.0, 1.0),
            value,
            best,
            worst,
        }))
    }

    /// The verdict at a rating's place on this database's scale, and the warning that says
    /// so: a review rated 5 where 1 is best is as false as this scale goes.
    fn status_at(&self, rating: Rating) -> Option<(Status, String)> {
        let best = self.scale.best_rating()?;
        let wanted = 1.0 + rating.place * (best - 1) as f64;
        let verdict = self
            .scale
            .verdicts
            .iter()
            .filter_map(|verdict| Some((verdict, verdict.rating?)))
            .min_by(|(_, a), (_, b)| {
                (*a as f64 - wanted)
                    .abs()
                    .total_cmp(&(*b as f64 - wanted).abs())
            })?
            .0;
        Some((
            Status::new(verdict.name.clone()),
            format!(
                "no verdict label: rated {} on a scale from {} (worst) to {} (best), so imported \
                 as {}, the same place on the {} scale",
                rating.value, rating.worst, rating.best, verdict.name, self.scale.name
            ),
        ))
    }

    /// A review's numbers that contradict its label (schema.org's own example rates "True"
    /// 1 out of 6): the label wins, and the user hears about it.
    fn rating_disagreement(&self, values: &Values, status: &Status) -> Option<String> {
        let rating = self.rating(values).ok()??;
        let contradicts = match self.scale.leaning(status) {
            Leaning::True => rating.place <= 0.4,
            Leaning::False => rating.place >= 0.75,
            _ => false,
        };
        let label = self.map.value(values, Field::Status).ok().flatten();
        (contradicts && label.is_some()).then(|| {
            format!(
                "its rating is named '{}' but rated {} of {} (worst {}); imported as {status}, \
                 by its name",
                label.unwrap_or_default(),
                rating.value,
                rating.best,
                rating.worst
            )
        })
    }

    /// The verdict label of a record, as written.
    pub fn label(&self, values: &Values) -> Option<String> {
        self.map.value(values, Field::Status).ok().flatten()
    }
}

/// A numeric rating, and its place between the worst (0) and the best (1).
#[derive(Debug, Clone, Copy)]
struct Rating {
    place: f64,
    value: f64,
    best: f64,
    worst: f64,
}

/// URLs written in one value: separated by spaces, commas or semicolons, or as a list
/// (`['https://a.org', 'https://b.org']`).
fn url_list(value: &str) -> Vec<String> {
    value
        .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == ';')
        .map(|part| part.trim_matches(|ch: char| "[]'\"".contains(ch)))
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a JSON record may carry besides the claim's own fields.
#[derive(Debug, Default)]
struct Extras {
    workflow: Option<Workflow>,
    evidence: Vec<ImportedEvidence>,
    notes: Vec<ImportedNote>,
    appearances: Vec<ImportedAppearance>,
    history: Option<Vec<ImportedChange>>,
}

fn array<T: for<'de> Deserialize<'de>>(
    object: &Map<String, Value>,
    key: &'static str,
) -> Result<Option<Vec<T>>, (&'static str, String)> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|err| (key, err.to_string())),
    }
}

fn required(value: &str, what: &'static str, limit: usize) -> Result<String, String> {
    input::required_text(value, what, limit).map_err(|err| err.to_string())
}

fn optional(
    value: &Option<String>,
    what: &'static str,
    limit: usize,
) -> Result<Option<String>, String> {
    input::optional_text(value.as_deref(), what, limit).map_err(|err| err.to_string())
}

/// An id a file gives, if it leaves room: below `MAX_ID`, the largest id there can be, so that
/// the database can still give the next claim (or source, note...) an id. An id at the limit
/// would leave a database where every later `add` fails.
fn imported_id(id: i64, what: &str) -> Result<i64, String> {
    if id >= MAX_ID {
        return Err(too_large(&id.to_string(), what));
    }
    Ok(id)
}

/// Why an id is too large, with the limit and the way around it.
fn too_large(id: &str, what: &str) -> String {
    let leave_out = if what == "claim" {
        "leave the claims' ids out (--map id=) to have new ones given"
    } else {
        "leave the id out to have a new one given"
    };
    format!(
        "{what} id {id} leaves no room for new ones: ids in a file must be below {MAX_ID} \
         (2^53 - 1, the largest whole number a JSON reader keeps exactly); {leave_out}"
    )
}

/// Checks the ids of what a JSON record carries: above 0, and room left above them.
fn checked_ids(ids: impl Iterator<Item = Option<i64>>, what: &str) -> Result<(), String> {
    for id in ids.flatten() {
        if id <= 0 {
            return Err(format!(
                "invalid {what} id {id}: expected a whole number above 0"
            ));
        }
        imported_id(id, what)?;
    }
    Ok(())
}

/// An RFC 3339 timestamp, stored as `claims` writes them (UTC, to the second).
/// Other feeds' forms are read too (`2017-03-01 20:30:17 UTC`; a moment without a zone is UTC).
pub fn timestamp(value: &str) -> Result<String, String> {
    dates::moment(value)
        .map(|time| time.to_rfc3339_opts(SecondsFormat::Secs, true))
        .ok_or_else(|| {
            format!("invalid timestamp '{value}': expected RFC 3339, e.g. 2025-09-03T14:00:00Z")
        })
}
