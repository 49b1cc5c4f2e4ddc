//! `claims import` of JSON: `read_json_lines`, `read_json_array` and `read_claimreview` (with
//! `claimreview::reviews_in` / `to_claim_fields`) on arbitrary bytes, every record through the
//! field checks (`Checks::claim`, with the evidence, notes, appearances and history an export
//! carries).
//!
//! Input: one config byte, then (when bit 3 is set) a line of `--map`s separated by `|`
//! (`text=statement|tags=`), then the file.
//! Config bits: 0–1 the format (0 JSON lines, 1 JSON array, 2 ClaimReview, 3 JSON array),
//! 3 a `--map` line follows, 4–5 the scale, 6 `--tag-separator ,`, 7 stop at the first bad
//! record.

#![no_main]

mod common;

use claims::import::fields::ColumnMap;
use claims::import::source::{read_claimreview, read_json_array, read_json_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((config, setup, maps, file)) = common::read_input(data) else {
        return;
    };
    // `ColumnMap::for_objects` refuses a numbered `--map`: so does `claims import`.
    let Ok(map) = ColumnMap::for_objects(&maps) else {
        return;
    };
    let visit = |item| setup.handle(item, &map);
    let _ = match config & 0x03 {
        0 => read_json_lines(file, visit),
        2 => read_claimreview(file, visit),
        _ => read_json_array(file, visit),
    };
});
