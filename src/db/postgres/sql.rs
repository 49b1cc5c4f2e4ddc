//! Building a statement and its parameters together, and reading the columns `claims` stores as
//! text (dates, timestamps) back into its types. PostgreSQL numbers its parameters (`$1`), so a
//! statement whose conditions depend on a filter is written through a [`Query`], which hands
//! out the next number as it takes the value: the text is only ever fixed fragments.

use anyhow::{Context as _, Result};
use postgres::Row;
use postgres::types::ToSql;

/// One bound value.
pub type Param = Box<dyn ToSql + Sync + Send>;

/// A statement's text and its parameters, in order.
#[derive(Default)]
pub struct Query {
    pub sql: String,
    pub params: Vec<Param>,
}

impl Query {
    /// Takes a value and returns the placeholder that names it (`$3`).
    pub fn arg(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    /// The parameters as the client takes them.
    pub fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|param| &**param as &(dyn ToSql + Sync))
            .collect()
    }
}

/// A text column holding a YYYY-MM-DD date, or NULL.
pub fn date(row: &Row, index: usize) -> Result<Option<chrono::NaiveDate>> {
    row.get::<_, Option<String>>(index)
        .map(|text| {
            text.parse()
                .with_context(|| format!("stored date '{text}' is not YYYY-MM-DD"))
        })
        .transpose()
}

/// A text column holding an RFC 3339 timestamp.
pub fn timestamp(row: &Row, index: usize) -> Result<crate::model::Timestamp> {
    let text: String = row.get(index);
    text.parse()
        .map_err(|err: String| anyhow::anyhow!("stored timestamp '{text}': {err}"))
}

/// A date as stored: its YYYY-MM-DD text.
pub fn day(date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(|date| date.to_string())
}
