//! Reading an input file record by record, whatever its shape: delimited text (CSV, TSV, with or
//! without a header, quote-aware or not), a JSON array, JSON lines, or a ClaimReview feed. The
//! file streams: one record is in memory at a time (a ClaimReview feed, which is small, is read
//! whole).

use std::io::{BufRead, BufReader, Read};

use anyhow::{Result, anyhow, bail};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::claimreview;
use crate::input::FileLimit;
use crate::output::csv::{CLAIM_COLUMNS, unneutralised};

/// The shape of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Comma-separated values, RFC 4180 (`claims export` writes it).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// A JSON array of objects (`claims export --format json` writes it).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// schema.org ClaimReview JSON-LD: one review, an array of them, an `@graph`, or a
    /// `DataFeed`.
    Claimreview,
    /// A spreadsheet: Excel's `.xlsx` (or `.xls`); its first sheet, its first row the header.
    Xlsx,
    /// An OpenDocument spreadsheet (`.ods`, LibreOffice's), read as `xlsx` is.
    Ods,
    /// A CSV of the ClaimsKG extractor (its 24 columns: `claimReview_claimReviewed`,
    /// `rating_alternateName`, ...), read as what each column means.
    Claimskg,
    /// A response of the Google Fact Check Tools API (`claims:search`): `{"claims": [...]}`,
    /// each with its `claimReview` list.
    Google,
}

impl InputFormat {
    /// The format a file name implies, if any.
    pub fn from_extension(path: &str) -> Option<InputFormat> {
        let lower = path.to_lowercase();
        let ext = lower.rsplit_once('.')?.1;
        Some(match ext {
            "csv" => InputFormat::Csv,
            "tsv" | "tab" => InputFormat::Tsv,
            "json" => InputFormat::Json,
            "jsonld" => InputFormat::Claimreview,
            "xlsx" | "xlsm" | "xls" => InputFormat::Xlsx,
            "ods" => InputFormat::Ods,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            _ => return None,
        })
    }
}

/// How delimited text is read.
#[derive(Debug, Clone, Copy)]
pub struct Delimited {
    pub delimiter: u8,
    pub has_header: bool,
    /// `false` reads `"` as an ordinary character (`--quoting none`), for files like LIAR's
    /// whose stray quotation marks would otherwise swallow the rows that follow.
    pub quoting: bool,
    /// Take off the `'` that `claims export` puts before a cell a spreadsheet would run as a
    /// formula (`--undo-formula-guard`). A file whose header is an export's gets it undone
    /// anyway; anyone else's `'Tis` keeps its apostrophe.
    pub undo_guard: bool,
}

/// Whether a header is the one `claims export` and `list --format csv` write.
fn is_export_header(names: &[String]) -> bool {
    names.len() >= CLAIM_COLUMNS.len()
        && names
            .iter()
            .zip(CLAIM_COLUMNS)
            .all(|(name, ours)| name == ours)
}

/// The values of one record.
#[derive(Debug)]
pub enum Values {
    /// A row of delimited text; the header, when there is one, names its columns.
    Columns(Vec<String>),
    /// A JSON object.
    Object(Map<String, Value>),
}

/// Where a record is in its file. Only shown when something is wrong with it, so it is kept as
/// a number rather than a message for every one of a million rows.
#[derive(Debug, Clone, Copy)]
pub enum Location {
    /// A line of a delimited or JSON-lines file (where the record starts).
    Line(u64),
    /// An element of a JSON array.
    Record(u64),
    /// A review of a ClaimReview feed.
    Review(u64),
    /// A row of a spreadsheet's sheet, numbered as the spreadsheet numbers it.
    Row(u64),
}

impl Location {
    /// The location as one number (its kind in the top two bits), for what keeps it for a
    /// while without knowing what it is.
    pub fn packed(self) -> u64 {
        let (kind, n) = match self {
            Location::Line(n) => (0, n),
            Location::Record(n) => (1, n),
            Location::Review(n) => (2, n),
            Location::Row(n) => (3, n),
        };
        (kind << 62) | (n & ((1 << 62) - 1))
    }

    /// The location [`Location::packed`] made this number of.
    pub fn unpacked(packed: u64) -> Location {
        let n = packed & ((1 << 62) - 1);
        match packed >> 62 {
            0 => Location::Line(n),
            1 => Location::Record(n),
            2 => Location::Review(n),
            _ => Location::Row(n),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Record(n) => write!(f, "record {n}"),
            Location::Review(n) => write!(f, "review {n}"),
            Location::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// One record of the input, before its values are checked.
#[derive(Debug)]
pub struct Record {
    /// Where it is in the file, for messages.
    pub location: Location,
    pub values: Values,
}

/// A record that could not even be read (bad UTF-8): it can still be skipped.
#[derive(Debug)]
pub struct Unreadable {
    pub location: Location,
    pub problem: String,
    /// The record as it was, as far as it can be shown, for the rejects file.
    pub raw: String,
}

/// What the reader hands on: a record, or one it could not read.
pub type Item = std::result::Result<Record, Unreadable>;

/// Reads delimited text. `start` gets the header (when the file has one) and the number of
/// columns, and returns what `visit` needs to read rows (the column map); then each row goes
/// to `visit`. A row of another width than the first is unreadable: it is a short row, or an
/// unclosed quote that ran on over the rows after it. (csv-core drops a byte-order mark.)
pub fn read_delimited<T>(
    input: impl Read,
    shape: Delimited,
    start: impl FnOnce(Option<Vec<String>>, usize) -> Result<T>,
    mut visit: impl FnMut(Item, &T) -> Result<()>,
) -> Result<()> {
    // csv counts a record that follows a CRLF from the line before (it starts at the `\n`):
    // in a file whose first line ends in CRLF, every record after the first is a line further on.
    let mut input = BufReader::with_capacity(1 << 16, input);
    let crlf = {
        let buffer = input.fill_buf()?;
        buffer
            .iter()
            .position(|byte| *byte == b'\n')
            .is_some_and(|at| at > 0 && buffer[at - 1] == b'\r')
    };
    let mut first_record = true;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(shape.delimiter)
        .has_headers(false)
        .quoting(shape.quoting)
        .flexible(true)
        .from_reader(input);
    let delimiter = char::from(shape.delimiter).to_string();
    let mut record = csv::ByteRecord::new();
    let mut state: Option<(T, usize)> = None;
    let mut start = Some(start);
    let mut names: Vec<String> = Vec::new();
    let mut undo_guard = shape.undo_guard;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|err| match err.position() {
                Some(position) => anyhow!("line {}: {err}", position.line()),
                // A failed read (`LineLimit`'s, or the disk's) says where itself.
                None => anyhow!("{err}"),
            })?;
        if !more {
            return Ok(());
        }
        let line = record.position().map_or(0, |p| p.line())
            + u64::from(crlf && !std::mem::take(&mut first_record));
        let decoded: std::result::Result<Vec<String>, usize> = record
            .iter()
            .enumerate()
            .map(|(index, field)| {
                // A cell that `export` neutralised for spreadsheets gets its value back.
                std::str::from_utf8(field)
                    .map(|value| match undo_guard {
                        true => unneutralised(value).to_string(),
                        false => value.to_string(),
                    })
                    .map_err(|_| index)
            })
            .collect();
        if let Some(start) = start.take() {
            let width = record.len();
            if shape.has_header {
                names = decoded.map_err(|index| {
                    anyhow!(
                        "line {line}: column {} of the header is not UTF-8 text: save the file \
                         as UTF-8",
                        index + 1
                    )
                })?;
                undo_guard |= is_export_header(&names);
                state = Some((start(Some(names.clone()), width)?, width));
                continue;
            }
            state = Some((start(None, width)?, width));
        }
        let (map, width) = state.as_ref().expect("the first row started the reading");
        let location = Location::Line(line);
        let raw = || {
            record
                .iter()
                .map(String::from_utf8_lossy)
                .collect::<Vec<_>>()
                .join(&delimiter)
        };
        let item = match decoded {
            Ok(columns) if columns.len() != *width => Err(Unreadable {
                location,
                problem: format!(
                    "the row has {} where the file has {width}: a value may have lost a quote, \
                     so rows ran together (try --quoting none), or the row is short",
                    match columns.len() {
                        1 => "1 column".to_string(),
                        n => format!("{n} columns"),
                    }
                ),
                raw: raw(),
            }),
            Ok(columns) => Ok(Record {
                location,
                values: Values::Columns(columns),
            }),
            Err(index) => Err(Unreadable {
                location,
                problem: format!(
                    "{} is not UTF-8 text: save the file as UTF-8",
                    names
                        .get(index)
                        .map_or(format!("column {}", index + 1), |name| format!(
                            "column '{name}'"
                        ))
                ),
                raw: raw(),
            }),
        };
        visit(item, map)?;
    }
}

/// Reads one JSON object per line; blank lines are skipped.
pub fn read_json_lines(input: impl Read, mut visit: impl FnMut(Item) -> Result<()>) -> Result<()> {
    let mut reader = BufReader::new(input);
    let mut buffer = Vec::new();
    let mut line = 0u64;
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer)? == 0 {
            return Ok(());
        }
        line += 1;
        let location = Location::Line(line);
        let Ok(text) = std::str::from_utf8(&buffer) else {
            visit(Err(Unreadable {
                location,
                problem: "the line is not UTF-8 text".to_string(),
                raw: String::from_utf8_lossy(&buffer).trim_end().to_string(),
            }))?;
            continue;
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let item = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => Ok(Record {
                location,
                values: Values::Object(object),
            }),
            Ok(_) => Err(Unreadable {
                location,
                problem: "the line is not a JSON object".to_string(),
                raw: text.to_string(),
            }),
            Err(err) => Err(Unreadable {
                location,
                problem: format!("invalid JSON: {err}"),
                raw: text.to_string(),
            }),
        };
        visit(item)?;
    }
}

/// Reads a JSON array of objects one element at a time, so a million-claim export never sits
/// in memory whole. A file that is one object instead is read whole: the records are the
/// list it holds (`{"claims": [...]}`, a `DataFeed`'s `dataFeedElement`), or the object is
/// one record. With `repair_quotes`, a file whose strings hold unescaped quotation marks is
/// read whole and repaired first; the count of values repaired is returned.
pub fn read_json_array(
    input: impl Read,
    repair_quotes: bool,
    mut visit: impl FnMut(Item) -> Result<()>,
) -> Result<u64> {
    let mut input = std::io::BufReader::new(SkipBom::new(input));
    let first = loop {
        let buffer = input.fill_buf()?;
        match buffer.iter().position(|byte| !byte.is_ascii_whitespace()) {
            Some(at) => break Some(buffer[at]),
            None if buffer.is_empty() => break None,
            None => {
                let len = buffer.len();
                input.consume(len);
            }
        }
    };
    if first == Some(b'{') || repair_quotes {
        let text = crate::input::read_text(input, "the JSON file", CLAIMREVIEW_LIMIT)?;
        let (text, repaired) = match repair_quotes {
            true => super::repair::unescaped_quotes(&text),
            false => (text, 0),
        };
        let document: Value = serde_json::from_str(&text).map_err(|err| invalid_json(&err))?;
        for (index, value) in records_in(document)?.into_iter().enumerate() {
            visit(element(index as u64 + 1, value)?)?;
        }
        return Ok(repaired);
    }
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    let mut elements = Elements {
        visit,
        failure: None,
    };
    let outcome = (&mut deserializer).deserialize_seq(&mut elements);
    if let Some(failure) = elements.failure {
        return Err(failure);
    }
    outcome.map_err(|err| match err.classify() {
        // A failed read (a folder, the disk) is not the JSON's fault: the error says what it is.
        serde_json::error::Category::Io => anyhow::Error::new(std::io::Error::from(err)),
        serde_json::error::Category::Data => anyhow!(
            "the JSON is not an array of claims ({err}): wrap a single claim in [ ], pass \
             --format jsonl for one claim per line, or --format claimreview for a ClaimReview feed"
        ),
        _ => invalid_json(&err),
    })?;
    deserializer
        .end()
        .map_err(|err| anyhow!("unexpected text after the JSON array: {err}"))?;
    Ok(0)
}

/// A JSON syntax error, with the way past the commonest one in scraped files.
fn invalid_json(err: &serde_json::Error) -> anyhow::Error {
    if err.classify() != serde_json::error::Category::Syntax {
        return anyhow!("invalid JSON: {err}");
    }
    anyhow!(
        "invalid JSON: {err}: if the file's strings hold quotation marks that are not escaped \
         (\"said \"no\" twice\"), pass --repair-quotes to read them as text"
    )
}

/// The records of a JSON document: the array itself, the list an object holds, or the
/// object as one record.
fn records_in(document: Value) -> Result<Vec<Value>> {
    let mut object = match document {
        Value::Array(items) => return Ok(items),
        Value::Object(object) => object,
        _ => bail!("the JSON holds no claim objects: expected an array of them"),
    };
    if claimreview::is_claim_review(&Value::Object(object.clone()))
        || object.get("@type").and_then(Value::as_str) == Some("DataFeed")
    {
        bail!("the file is schema.org ClaimReview: import it with --format claimreview");
    }
    for key in [
        "claims",
        "dataFeedElement",
        "data",
        "items",
        "records",
        "results",
    ] {
        if let Some(Value::Array(_)) = object.get(key) {
            let Some(Value::Array(items)) = object.remove(key) else {
                unreachable!("matched just above");
            };
            return Ok(items);
        }
    }
    let lists: Vec<&String> = object
        .iter()
        .filter(|(_, value)| {
            matches!(value, Value::Array(items) if items.first().is_some_and(Value::is_object))
        })
        .map(|(key, _)| key)
        .collect();
    match lists.as_slice() {
        [] => Ok(vec![Value::Object(object)]),
        [key] => {
            let key = (*key).clone();
            match object.remove(&key) {
                Some(Value::Array(items)) => Ok(items),
                _ => unreachable!("a list, as filtered"),
            }
        }
        several => bail!(
            "the JSON object holds several lists of records ({}): import one with --format \
             json after taking it out, e.g. with jq '.{}'",
            several
                .iter()
                .map(|key| key.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            several[0]
        ),
    }
}

/// One element of a list of records, as the reader hands it on.
fn element(index: u64, value: Value) -> Result<Item> {
    let location = Location::Record(index);
    if claimreview::is_claim_review(&value) {
        bail!("{location} is a schema.org ClaimReview: import the file with --format claimreview");
    }
    Ok(match value {
        Value::Object(object) => Ok(Record {
            location,
            values: Values::Object(object),
        }),
        other => Err(Unreadable {
            location,
            problem: "not a JSON object".to_string(),
            raw: other.to_string(),
        }),
    })
}

/// A row of a ClaimsKG CSV as the fields `claims import` reads. `creativeWork_author_name` is
/// the claim's author by the schema, but the scrapers of sites whose writers have staff pages
/// (`claimReview_author_url`) put the writer there: then it is the verdict's author, and the
/// speaker is left for `--set speaker=...`.
pub fn claimskg_fields(header: &[String], columns: &[String]) -> Map<String, Value> {
    let cell = |name: &str| {
        header
            .iter()
            .position(|column| column == name)
            .and_then(|index| columns.get(index))
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    };
    let mut fields = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            fields.insert(key.to_string(), Value::String(value.to_string()));
        }
    };
    put("text", cell("claimReview_claimReviewed"));
    put("status", cell("rating_alternateName"));
    put("rating_value", cell("rating_ratingValue"));
    put("best_rating", cell("rating_bestRating"));
    put("worst_rating", cell("rating_worstRating"));
    put("said_on", cell("creativeWork_datePublished"));
    let author = cell("creativeWork_author_name");
    if cell("claimReview_author_url").is_some() {
        put("verdict_by", author);
    } else {
        put("speaker", author);
        put("verdict_by", cell("claimReview_author_name"));
    }
    put("verdict_at", cell("claimReview_datePublished"));
    put("evidence_url", cell("claimReview_url"));
    put("evidence_title", cell("extra_title"));
    put("evidence_publisher", cell("claimReview_author_name"));
    put("links", cell("extra_refered_links"));
    put("tags", cell("extra_tags"));
    fields
}

/// Whether a header is a ClaimsKG extractor's.
pub fn is_claimskg_header(header: &[String]) -> bool {
    [
        "claimReview_claimReviewed",
        "rating_alternateName",
        "claimReview_url",
    ]
    .iter()
    .all(|name| header.iter().any(|column| column == name))
}

/// Reads a Google Fact Check Tools API response and hands on each claim as our fields.
pub fn read_google_factcheck(
    input: impl Read,
    mut visit: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    let text = crate::input::read_text(input, "the Fact Check Tools response", CLAIMREVIEW_LIMIT)?;
    let document: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|err| invalid_json(&err))?;
    let claims = match document {
        Value::Object(mut object) => match object.remove("claims") {
            Some(Value::Array(claims)) => claims,
            _ => bail!(
                "the file is not a Fact Check Tools response: it has no \"claims\" list (a \
                 response with no matches has none: there is nothing to import)"
            ),
        },
        Value::Array(claims) => claims,
        _ => bail!("the file is not a Fact Check Tools response: expected {{\"claims\": [...]}}"),
    };
    for (index, claim) in claims.into_iter().enumerate() {
        let location = Location::Record(index as u64 + 1);
        visit(Ok(Record {
            location,
            values: Values::Object(claimreview::google_claim_fields(&claim)),
        }))?;
    }
    Ok(())
}

/// The most of a ClaimReview feed that `import` reads. A feed is read whole, as its reviews may
/// sit anywhere in one JSON document (an array, an `@graph`, a page's markup); 256 MiB holds
/// well over a hundred thousand reviews, more than any publisher's feed, and still fits in
/// memory with the document it parses into.
pub const CLAIMREVIEW_LIMIT: FileLimit = FileLimit {
    bytes: 256 << 20,
    what: "a ClaimReview feed",
    fix: "split it into smaller feeds",
};

/// Reads a ClaimReview feed and hands on each review as the claim fields it describes.
pub fn read_claimreview(input: impl Read, visit: impl FnMut(Item) -> Result<()>) -> Result<()> {
    read_named_claimreview(input, "the ClaimReview feed", visit)
}

/// `read_claimreview` of the feed `name` (for messages).
pub fn read_named_claimreview(
    input: impl Read,
    name: &str,
    mut visit: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    let text = crate::input::read_text(input, name, CLAIMREVIEW_LIMIT)?;
    let document: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|err| anyhow!("invalid JSON: {err}"))?;
    let reviews = claimreview::reviews_in(document)?;
    if reviews.is_empty() {
        bail!("the file holds no ClaimReview object (an object with \"@type\": \"ClaimReview\")");
    }
    for (index, review) in reviews.into_iter().enumerate() {
        let location = Location::Review(index as u64 + 1);
        let item = match claimreview::to_claim_fields(&review) {
            Ok(object) => Ok(Record {
                location,
                values: Values::Object(object),
            }),
            Err(problem) => Err(Unreadable {
                location,
                problem,
                raw: review.to_string(),
            }),
        };
        visit(item)?;
    }
    Ok(())
}

/// Hands each element of a JSON array to the visitor as it is parsed.
struct Elements<F> {
    visit: F,
    /// An error of the visitor itself (a bad row that stops the import, a database error),
    /// kept whole: serde can only carry a message.
    failure: Option<anyhow::Error>,
}

impl<'de, F: FnMut(Item) -> Result<()>> Visitor<'de> for &mut Elements<F> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an array of claim objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut index = 0u64;
        while let Some(value) = seq.next_element::<Value>()? {
            index += 1;
            let item = match element(index, value) {
                Ok(item) => item,
                Err(err) => {
                    self.failure = Some(err);
                    return Err(serde::de::Error::custom("stopped"));
                }
            };
            if let Err(err) = (self.visit)(item) {
                self.failure = Some(err);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// A reader that drops a UTF-8 byte-order mark at the start of the input.
struct SkipBom<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: Read> SkipBom<R> {
    fn new(inner: R) -> Self {
        SkipBom {
            inner,
            checked: false,
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut start = [0u8; 3];
            let mut filled = 0;
            while filled < 3 {
                let n = self.inner.read(&mut start[filled..])?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            if start[..filled] != [0xef, 0xbb, 0xbf] {
                self.pending = start[..filled].to_vec();
            }
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// The longest line an import reads from a CSV, TSV or JSON Lines file. A claim's row, even
/// with a long context, is far shorter; a longer line is a file of another kind (or a runaway
/// generator), and reading it whole could take all the memory there is.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// A reader that fails once a line runs past `MAX_LINE_BYTES` without a line break.
pub struct LineLimit<R> {
    inner: R,
    run: usize,
    line: u64,
}

impl<R> LineLimit<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        LineLimit {
            inner,
            run: 0,
            line: 1,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        match read.iter().rposition(|&byte| byte == b'\n') {
            Some(last) => {
                self.line += read.iter().filter(|&&byte| byte == b'\n').count() as u64;
                self.run = n - last - 1;
            }
            None => self.run += n,
        }
        if self.run > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "line {} is longer than {} MiB: check that the file is CSV, TSV or JSON \
                     Lines (one record per line)",
                    self.line,
                    MAX_LINE_BYTES >> 20
                ),
            ));
        }
        Ok(n)
    }
}
