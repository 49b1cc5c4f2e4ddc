//! The CSV that `list --format csv` and `export` write: RFC 4180 through the `csv` crate, one
//! header row, columns in a fixed, documented order.

use std::io::Write;

use anyhow::Result;

use crate::model::Claim;

/// The columns, in order. Changing them breaks the spreadsheets and scripts that read exports.
pub const CLAIM_COLUMNS: [&str; 12] = [
    "id",
    "text",
    "speaker",
    "said_on",
    "status",
    "context",
    "source_url",
    "tags",
    "evidence_count",
    "created_at",
    "updated_at",
    "speaker_role",
];

/// Writes claims as CSV rows under the header.
pub struct ClaimCsvWriter<W: Write> {
    writer: ::csv::Writer<W>,
}

impl<W: Write> ClaimCsvWriter<W> {
    /// Starts the file with its header row (written even when no claim follows).
    pub fn new(out: W) -> Result<Self> {
        let mut writer = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        writer.write_record(CLAIM_COLUMNS)?;
        Ok(ClaimCsvWriter { writer })
    }

    /// Writes one claim. Tags are joined with `;`; an unknown date or an absent field is empty.
    pub fn write(&mut self, claim: &Claim) -> Result<()> {
        self.writer.write_record([
            claim.id.to_string().as_str(),
            &claim.text,
            &claim.speaker,
            claim.said_on.as_deref().unwrap_or(""),
            claim.status.as_str(),
            claim.context.as_deref().unwrap_or(""),
            claim.source_url.as_deref().unwrap_or(""),
            &claim.tags.join(";"),
            &claim.evidence_count.to_string(),
            &claim.created_at,
            &claim.updated_at,
            claim.speaker_role.as_deref().unwrap_or(""),
        ])?;
        Ok(())
    }

    /// Flushes the rows and hands back the underlying writer.
    pub fn finish(self) -> Result<W> {
        self.writer
            .into_inner()
            .map_err(|err| anyhow::Error::new(err.into_error()))
    }
}
