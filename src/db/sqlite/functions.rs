//! The SQL function `claims` adds to every connection: `claim_fingerprint`.

use anyhow::Result;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// Adds the function to a connection. Migrations use it too, so it is added before any.
pub fn register(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    // SQLite's own `lower()` and `LIKE` fold only ASCII letters, and the claims a desk checks
    // are full of "MÉXICO" and "PAGARÁ".
    conn.create_scalar_function("casefold", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<String>>(0)?
            .map(|text| text.to_lowercase()))
    })?;
    conn.create_scalar_function("claim_fingerprint", 2, flags, |ctx| {
        let speaker_key: String = ctx.get(0)?;
        let text: String = ctx.get(1)?;
        Ok(fingerprint(&speaker_key, &text))
    })?;
    Ok(())
}

/// Two claims are the same when one speaker said the same words, whatever the case or spacing:
/// a 64-bit FNV-1a hash of the speaker's key and the lower-cased words. It is stored, so it must
/// never change between versions (std's `DefaultHasher` may).
pub fn fingerprint(speaker_key: &str, text: &str) -> i64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    fn feed(hash: u64, byte: u8) -> u64 {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    }
    let mut hash = speaker_key.bytes().fold(OFFSET, feed);
    for word in text.split_whitespace() {
        hash = feed(hash, 0);
        if word.is_ascii() {
            // The same bytes `to_lowercase` would give, without making a string of them: this
            // runs for every claim an import stores.
            hash = word
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .fold(hash, feed);
        } else {
            hash = word.to_lowercase().bytes().fold(hash, feed);
        }
    }
    hash as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spacing_do_not_matter_but_words_and_speakers_do() {
        let base = fingerprint("marco rubio", "Migration has fallen.");
        assert_eq!(
            base,
            fingerprint("marco rubio", "  migration  HAS\nfallen. ")
        );
        assert_ne!(base, fingerprint("marco rubio", "Migration has risen."));
        assert_ne!(base, fingerprint("donald trump", "Migration has fallen."));
        assert_ne!(fingerprint("a", "bc"), fingerprint("a b", "c"));
        assert_eq!(
            fingerprint("x", "MÉXICO Pagará"),
            fingerprint("x", "méxico PAGARÁ")
        );
    }

    #[test]
    fn the_hash_is_stable_across_versions() {
        assert_eq!(fingerprint("", ""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(fingerprint("a", ""), 0xaf63_dc4c_8601_ec8c_u64 as i64);
    }
}
