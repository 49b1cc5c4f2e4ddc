//! JSON arrays written one element at a time, so that exporting a million claims never holds
//! them all in memory. Each element is one compact line: `[`, then `{...},` lines, then `]`.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

/// Writes a JSON array element by element.
pub struct JsonArrayWriter<W: Write> {
    out: W,
    empty: bool,
}

impl<W: Write> JsonArrayWriter<W> {
    /// Opens the array.
    pub fn new(mut out: W) -> Result<Self> {
        out.write_all(b"[")?;
        Ok(JsonArrayWriter { out, empty: true })
    }

    /// Appends one element.
    pub fn write(&mut self, value: &impl Serialize) -> Result<()> {
        self.out
            .write_all(if self.empty { b"\n" } else { b",\n" })?;
        self.empty = false;
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }

    /// Closes the array and hands back the underlying writer.
    pub fn finish(mut self) -> Result<W> {
        self.out
            .write_all(if self.empty { b"]\n" } else { b"\n]\n" })?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_arrays() {
        let empty = JsonArrayWriter::new(Vec::new()).unwrap().finish().unwrap();
        assert_eq!(
            serde_json::from_slice::<Vec<i32>>(&empty).unwrap(),
            Vec::<i32>::new()
        );
        let mut writer = JsonArrayWriter::new(Vec::new()).unwrap();
        writer.write(&1).unwrap();
        writer.write(&2).unwrap();
        let bytes = writer.finish().unwrap();
        assert_eq!(
            serde_json::from_slice::<Vec<i32>>(&bytes).unwrap(),
            vec![1, 2]
        );
    }
}
