//! `claims import` of CSV and TSV: `source::read_delimited` on arbitrary bytes, the column map
//! from the header and `--map`s (`ColumnMap::for_columns`), and every row through the field
//! checks (`Checks::claim`).
//!
//! Input: one config byte, then (when bit 3 is set) a line of `--map`s separated by `|`
//! (`text=3|speaker=5`), then the file.
//! Config bits: 0 TSV, 1 `--no-header`, 2 `--quoting none`, 3 a `--map` line follows,
//! 4–5 the scale, 6 `--tag-separator ,`, 7 stop at the first bad row.

#![no_main]

mod common;

use anyhow::anyhow;
use claims::import::fields::ColumnMap;
use claims::import::source::{Delimited, read_delimited};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((config, setup, maps, file)) = common::read_input(data) else {
        return;
    };
    let shape = Delimited {
        delimiter: if config & 0x01 == 0 { b',' } else { b'\t' },
        has_header: config & 0x02 == 0,
        quoting: config & 0x04 == 0,
    };
    let _ = read_delimited(
        file,
        shape,
        |header, width| {
            ColumnMap::for_columns(header.as_deref(), width, &maps)
                .map_err(|problem| anyhow!(problem))
        },
        |item, map| setup.handle(item, map),
    );
});
