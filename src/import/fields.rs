//! From a record's raw values to a checked claim: which column holds which field (by header
//! name, by `--map`, or by number), and the same checks `claims add` makes, with the column named
//! in every message.

pub use crate::model::imported::{
    ImportedAppearance, ImportedChange, ImportedClaim, ImportedEvidence, ImportedNote,
};
use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::dates;
use super::source::Values;
use crate::input;
use crate::model::{MAX_ID, Status};
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
}

impl Field {
    /// Every field, in the order `--help` lists them.
    pub const ALL: [Field; 12] = [
        Field::Text,
        Field::Speaker,
        Field::SpeakerRole,
        Field::SaidOn,
        Field::Status,
        Field::Note,
        Field::Context,
        Field::SourceUrl,
        Field::Tags,
        Field::Id,
        Field::CreatedAt,
        Field::UpdatedAt,
    ];

    /// The field's name: the column header that needs no `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Speaker => "speaker",
            Field::SpeakerRole => "speaker_role",
            Field::SaidOn => "said_on",
            Field::Status => "status",
            Field::Note => "note",
            Field::Context => "context",
            Field::SourceUrl => "source_url",
            Field::Tags => "tags",
            Field::Id => "id",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
        }
    }

    /// Other headers read as this field without a `--map`.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::SpeakerRole => &["role", "job_title"],
            Field::SaidOn => &["date"],
            Field::SourceUrl => &["url"],
            Field::Tags => &["tag"],
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
}

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
}

impl ColumnMap {
    /// The map for delimited text of `width` columns with this header (`None`: columns by
    /// number only).
    pub fn for_columns(
        header: Option<&[String]>,
        width: usize,
        maps: &[Mapping],
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
        let map = ColumnMap { places, names };
        map.require(header.is_some())?;
        Ok(map)
    }

    /// The map for JSON objects: keys named like the fields, or as `--map` says.
    pub fn for_objects(maps: &[Mapping]) -> Result<ColumnMap, String> {
        let mut places = HashMap::new();
        for field in Field::ALL {
            places.insert(field, Place::Key(field.name().to_string()));
        }
        for (field, column) in maps {
            match column {
                None => places.remove(field),
                Some(ColumnRef::Named(key)) => places.insert(*field, Place::Key(key.clone())),
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
        })
    }

    fn require(&self, has_header: bool) -> Result<(), String> {
        for field in [Field::Text, Field::Speaker] {
            if !self.places.contains_key(&field) {
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
            (Some(Place::Key(key)), Values::Object(object)) => match object.get(key) {
                None | Some(Value::Null) => None,
                Some(Value::String(text)) => Some(Cow::Borrowed(text.as_str())),
                Some(Value::Number(number)) => Some(Cow::Owned(number.to_string())),
                Some(other) => {
                    return Err(format!("the value is {}, expected text", json_kind(other)));
                }
            },
            _ => None,
        };
        Ok(raw.and_then(|raw| {
            let trimmed = raw.trim();
            match (trimmed.is_empty(), trimmed.contains('\r')) {
                (true, _) => None,
                (false, true) => Some(trimmed.replace("\r\n", "\n")),
                (false, false) => Some(trimmed.to_string()),
            }
        }))
    }

    /// The tags of a record: a JSON array as it is, else a text split at `separator`.
    fn tags(&self, values: &Values, separator: &str) -> Result<Vec<String>, String> {
        if let (Some(Place::Key(key)), Values::Object(object)) =
            (self.places.get(&Field::Tags), values)
            && let Some(Value::Array(items)) = object.get(key)
        {
            return items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("the list holds {}, expected text", json_kind(item)))
                })
                .collect();
        }
        Ok(self
            .value(values, Field::Tags)?
            .map(|joined| {
                joined
                    .split(separator)
                    .filter(|tag| !tag.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default())
    }
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
        let status = match value(Field::Status)? {
            None => Status::new(Status::UNVERIFIED.to_string()),
            Some(label) => self.status(&label).map_err(fail(Field::Status))?,
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
        let extras = self.extras(values).map_err(|(key, problem)| FieldError {
            column: format!("field '{key}'"),
            problem,
        })?;
        Ok(ImportedClaim {
            id,
            warning: self.rating_disagreement(values, &status),
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
        Ok(Extras {
            evidence,
            notes,
            appearances,
            history,
        })
    }

    /// A ClaimReview's numbers that contradict its label (schema.org's own example rates "True"
    /// 1 out of 6): the label wins, and the user hears about it.
    fn rating_disagreement(&self, values: &Values, status: &Status) -> Option<String> {
        let Values::Object(object) = values else {
            return None;
        };
        let number = |key: &str| object.get(key)?.as_str()?.parse::<f64>().ok();
        let value = number("rating_value")?;
        let best = number("best_rating").unwrap_or(5.0);
        let worst = number("worst_rating").unwrap_or(1.0);
        if best == worst {
            return None;
        }
        let truth = (value - worst) / (best - worst);
        let contradicts = match self.scale.leaning(status) {
            Leaning::True => truth <= 0.4,
            Leaning::False => truth >= 0.75,
            _ => false,
        };
        contradicts.then(|| {
            format!(
                "its rating is named '{}' but rated {value} of {best} (worst {worst}); imported as \
                 {status}, by its name",
                object.get("status").and_then(Value::as_str).unwrap_or("")
            )
        })
    }
}

/// What a JSON record may carry besides the claim's own fields.
#[derive(Debug, Default)]
struct Extras {
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
pub fn timestamp(value: &str) -> Result<String, String> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|time| {
            time.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        })
        .map_err(|_| {
            format!("invalid timestamp '{value}': expected RFC 3339, e.g. 2025-09-03T14:00:00Z")
        })
}
