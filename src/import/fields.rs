//! From a record's raw values to a checked claim: which column holds which field (by header
//! name, by `--map`, or by number), and the same checks `claims add` makes, with the column named
//! in every message.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::dates;
use super::source::Values;
use crate::input;
use crate::model::{Stance, Status};
use crate::scale::{Leaning, Scale};

/// A field of a claim that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Text,
    Speaker,
    Role,
    SaidOn,
    Status,
    Note,
    Context,
    SourceUrl,
    Tags,
    Id,
    CreatedAt,
    UpdatedAt,
}

impl Field {
    /// Every field, in the order `--help` lists them.
    pub const ALL: [Field; 12] = [
        Field::Text,
        Field::Speaker,
        Field::Role,
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
            Field::Role => "speaker_role",
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
            Field::Role => &["role", "job_title"],
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

/// What a `--map FIELD=COLUMN` names: a header or key, or a column number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Named(String),
    Number(usize),
}

impl ColumnRef {
    /// Reads the right-hand side of `--map`.
    pub fn parse(value: &str) -> ColumnRef {
        match value.trim().parse::<usize>() {
            Ok(number) if number > 0 => ColumnRef::Number(number),
            _ => ColumnRef::Named(value.trim().to_string()),
        }
    }
}

/// Which column or key holds each field.
#[derive(Debug)]
pub struct ColumnMap {
    places: HashMap<Field, Place>,
    /// The column names, for messages: the header, or `column N`.
    names: Vec<String>,
}

impl ColumnMap {
    /// The map for delimited text with this header (`None`: no header, columns by number).
    pub fn for_columns(
        header: Option<&[String]>,
        maps: &[(Field, ColumnRef)],
    ) -> Result<ColumnMap, String> {
        let names: Vec<String> = header.map(<[String]>::to_vec).unwrap_or_default();
        let find = |name: &str| {
            names
                .iter()
                .position(|column| column.trim().eq_ignore_ascii_case(name.trim()))
        };
        let mut places = HashMap::new();
        for (field, column) in maps {
            let index = match column {
                ColumnRef::Number(number) => number - 1,
                ColumnRef::Named(name) => find(name).ok_or_else(|| {
                    if header.is_none() {
                        format!(
                            "--map {}={name}: a file without a header names columns by number \
                             (--map {}=3)",
                            field.name(),
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
            if places.contains_key(&field) {
                continue;
            }
            let by_name = std::iter::once(field.name())
                .chain(field.aliases().iter().copied())
                .find_map(find);
            if let Some(index) = by_name {
                places.insert(field, Place::Index(index));
            }
        }
        let map = ColumnMap { places, names };
        map.require(header.is_some())?;
        Ok(map)
    }

    /// The map for JSON objects: keys named like the fields, or as `--map` says.
    pub fn for_objects(maps: &[(Field, ColumnRef)]) -> Result<ColumnMap, String> {
        let mut places = HashMap::new();
        for field in Field::ALL {
            places.insert(field, Place::Key(field.name().to_string()));
        }
        for (field, column) in maps {
            match column {
                ColumnRef::Named(key) => places.insert(*field, Place::Key(key.clone())),
                ColumnRef::Number(number) => {
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

    /// The value of a field in a record, trimmed; `None` when absent or empty.
    fn value(&self, values: &Values, field: Field, tag_separator: &str) -> Option<String> {
        let raw = match (self.places.get(&field)?, values) {
            (Place::Index(index), Values::Columns(columns)) => columns.get(*index)?.clone(),
            (Place::Key(key), Values::Object(object)) => match object.get(key)? {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(tag_separator),
                _ => return None,
            },
            _ => return None,
        };
        let trimmed = raw.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}');
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }
}

/// A claim read from a record and checked, ready to be stored.
#[derive(Debug)]
pub struct ImportedClaim {
    pub id: Option<i64>,
    pub text: String,
    pub speaker: String,
    pub role: Option<String>,
    pub said_on: Option<String>,
    pub status: Status,
    /// The verdict's explanation, recorded with the status in the history.
    pub note: Option<String>,
    pub context: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub evidence: Vec<ImportedEvidence>,
    pub notes: Vec<ImportedNote>,
    /// The claim's history as the file gives it (a `claims export --format json` file); `None`
    /// when the file has none, and the import writes the history itself.
    pub history: Option<Vec<ImportedChange>>,
    /// Something worth telling the user that does not stop the import.
    pub warning: Option<String>,
}

/// A source as an export file or a ClaimReview feed gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedEvidence {
    pub id: Option<i64>,
    #[serde(default)]
    pub claim_id: Option<i64>,
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<String>,
    #[serde(default)]
    pub stance: Stance,
    pub excerpt: Option<String>,
    pub note: Option<String>,
    pub created_at: Option<String>,
}

/// A working note as an export file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedNote {
    pub id: Option<i64>,
    pub text: String,
    pub author: String,
    pub created_at: String,
}

/// One change of the history as an export file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedChange {
    pub id: Option<i64>,
    pub at: String,
    pub actor: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
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
    /// `--status-map`: a label of another scale (as a slug) → a status of this one.
    pub status_map: &'a [(String, Status)],
    pub tag_separator: &'a str,
    pub today: NaiveDate,
}

impl Checks<'_> {
    /// Reads and checks one record.
    pub fn claim(&self, values: &Values) -> Result<ImportedClaim, FieldError> {
        let value = |field| self.map.value(values, field, self.tag_separator);
        let fail = |field: Field, problem: String| FieldError {
            column: self.map.column_name(field),
            problem,
        };
        let text_of = |field: Field, what: &'static str, limit: usize| {
            value(field)
                .map(|text| {
                    input::required_text(&text, what, limit)
                        .map_err(|err| fail(field, err.to_string()))
                })
                .transpose()
        };
        let text = text_of(Field::Text, "the claim text", input::MAX_CLAIM_CHARS)?
            .ok_or_else(|| fail(Field::Text, "the claim text is empty".to_string()))?;
        let speaker = text_of(Field::Speaker, "the speaker", input::MAX_NAME_CHARS)?
            .ok_or_else(|| fail(Field::Speaker, "the speaker is empty".to_string()))?;
        let said_on = value(Field::SaidOn)
            .map(|date| {
                self.date(&date)
                    .map_err(|problem| fail(Field::SaidOn, problem))
            })
            .transpose()?;
        let status = match value(Field::Status) {
            None => Status::new(Status::UNVERIFIED.to_string()),
            Some(label) => self
                .status(&label)
                .map_err(|problem| fail(Field::Status, problem))?,
        };
        let source_url = value(Field::SourceUrl)
            .map(|url| {
                input::web_url(&url, "the URL")
                    .map_err(|err| fail(Field::SourceUrl, err.to_string()))
            })
            .transpose()?;
        let tags = value(Field::Tags)
            .map(|joined| {
                joined
                    .split(self.tag_separator)
                    .filter(|tag| !tag.trim().is_empty())
                    .map(|tag| input::tag(tag).map_err(|err| fail(Field::Tags, err.to_string())))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        let id = value(Field::Id)
            .map(|id| match id.parse::<i64>() {
                Ok(id) if id > 0 => Ok(id),
                _ => Err(fail(
                    Field::Id,
                    format!("invalid id '{id}': expected a whole number above 0"),
                )),
            })
            .transpose()?;
        let stamp = |field: Field| {
            value(field)
                .map(|at| timestamp(&at).map_err(|problem| fail(field, problem)))
                .transpose()
        };
        let warning = self.rating_disagreement(values, &status);
        let mut extras = Extras::read(values).map_err(|problem| FieldError {
            column: "the record".to_string(),
            problem,
        })?;
        for item in &mut extras.evidence {
            let fail = |problem: String| FieldError {
                column: "field 'evidence'".to_string(),
                problem,
            };
            item.url = input::web_url(&item.url, "the evidence URL")
                .map_err(|err| fail(err.to_string()))?;
            if let Some(date) = &item.published_on {
                item.published_on = Some(self.date(date).map_err(fail)?);
            }
            if let Some(at) = &item.created_at {
                item.created_at = Some(timestamp(at).map_err(fail)?);
            }
        }
        Ok(ImportedClaim {
            id,
            text,
            speaker,
            role: text_of(Field::Role, "the speaker's role", input::MAX_NAME_CHARS)?,
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
            history: extras.history,
            warning,
        })
    }

    fn date(&self, value: &str) -> Result<String, String> {
        let date = dates::parse(value).ok_or_else(|| {
            format!(
                "invalid date '{value}': expected a date such as 2025-09-03, September 3, 2025 or \
                 Thursday, January 9th, 2020"
            )
        })?;
        if date > self.today {
            return Err(format!(
                "date '{value}' is in the future (today is {})",
                self.today
            ));
        }
        Ok(date.to_string())
    }

    /// A status through `--status-map` first, then by its name or label on the scale.
    fn status(&self, label: &str) -> Result<Status, String> {
        let slug = slug(label);
        if let Some((_, status)) = self.status_map.iter().find(|(from, _)| *from == slug) {
            return Ok(status.clone());
        }
        self.scale.parse_status(label).map_err(|_| {
            format!(
                "unknown status '{label}' on the {} scale: map it with --status-map '{label}=VERDICT' \
                 (the scale has {})",
                self.scale.name,
                self.scale.status_names().join(", ")
            )
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
    history: Option<Vec<ImportedChange>>,
}

impl Extras {
    fn read(values: &Values) -> Result<Extras, String> {
        let Values::Object(object) = values else {
            return Ok(Extras::default());
        };
        Ok(Extras {
            evidence: array(object, "evidence")?.unwrap_or_default(),
            notes: array(object, "notes")?.unwrap_or_default(),
            history: array(object, "history")?,
        })
    }
}

fn array<T: for<'de> Deserialize<'de>>(
    object: &Map<String, Value>,
    key: &str,
) -> Result<Option<Vec<T>>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|err| format!("invalid '{key}': {err}")),
    }
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

/// A label as a slug, the way statuses are compared: "Pants on Fire" → "pants-on-fire".
pub fn slug(label: &str) -> String {
    label
        .trim()
        .to_lowercase()
        .split(|ch: char| ch.is_whitespace() || ch == '_' || ch == '-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
