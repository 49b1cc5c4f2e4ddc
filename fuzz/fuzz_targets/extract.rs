//! `claims extract`: `extract::extract(text, publisher)` on arbitrary UTF-8.
//!
//! Input: the text; or, when it holds a NUL byte, the publisher (`--publisher`) before the
//! first NUL and the text after it.

#![no_main]

use claims::extract::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(all) = std::str::from_utf8(data) else {
        return;
    };
    let (publisher, text) = match all.split_once('\0') {
        Some((publisher, text)) => (Some(publisher), text),
        None => (None, all),
    };
    let candidates = extract(text, publisher);
    let _ = format!("{candidates:?}");
});
