//! JSON as scrapers sometimes write it: pretty-printed, one value a line, with quotation marks
//! inside strings left unescaped (`"statement": "He said "no" twice",`). A JSON parser stops
//! at the first; read line by line, the value's own quotes are the first after the key's colon
//! and the last before the line's end, so those between them can only be text.

use std::borrow::Cow;

/// `text` with every unescaped `"` inside a one-line string value escaped, and how many
/// values needed it. Lines of any other shape are left as they are.
pub fn unescaped_quotes(text: &str) -> (String, u64) {
    let mut repaired = 0;
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let fixed = line_repaired(line);
        if let Cow::Owned(_) = fixed {
            repaired += 1;
        }
        out.push_str(&fixed);
    }
    (out, repaired)
}

/// One line, repaired if it is a string value (`"key": "..."` or a list's `"..."`) whose text
/// holds unescaped quotation marks.
fn line_repaired(line: &str) -> Cow<'_, str> {
    let body_end = line.trim_end().len();
    let body = &line[..body_end];
    let body = body.strip_suffix(',').unwrap_or(body);
    if body.len() < 2 || !body.ends_with('"') {
        return Cow::Borrowed(line);
    }
    // A line that reads as JSON already (`"a": "x", "b": "y"`) is left as it is.
    let whole = body.trim_start();
    let parses = |open: char, close: char| {
        serde_json::from_str::<serde_json::Value>(&format!("{open}{whole}{close}")).is_ok()
    };
    if parses('{', '}') || parses('[', ']') {
        return Cow::Borrowed(line);
    }
    let indent = body.len() - body.trim_start().len();
    let Some(value_start) = value_start(&body[indent..]).map(|at| at + indent) else {
        return Cow::Borrowed(line);
    };
    let value_end = body.len() - 1;
    if value_end < value_start {
        return Cow::Borrowed(line);
    }
    let value = &body[value_start..value_end];
    let mut fixed = String::with_capacity(value.len() + 8);
    let mut escaped = false;
    let mut changed = false;
    for ch in value.chars() {
        match ch {
            '"' if !escaped => {
                fixed.push_str("\\\"");
                changed = true;
            }
            _ => fixed.push(ch),
        }
        escaped = ch == '\\' && !escaped;
    }
    if !changed {
        return Cow::Borrowed(line);
    }
    Cow::Owned(format!(
        "{}{fixed}{}",
        &line[..value_start],
        &line[value_end..]
    ))
}

/// Where a line's string value begins (just after its opening quote): after `"key":` and
/// its quote, or after the quote of a list's element.
fn value_start(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    // The key: up to its closing quote, which a colon follows.
    let mut at = 1;
    let mut escaped = false;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => break,
            _ => escaped = false,
        }
        at += 1;
    }
    let after_key = rest[at + 1..].trim_start();
    match after_key.strip_prefix(':') {
        Some(value) => {
            let value = value.trim_start();
            value.starts_with('"').then(|| rest.len() - value.len() + 1)
        }
        // No colon: the whole line is one string, a list's element.
        None => Some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_inside_values_are_escaped_and_the_rest_is_left_alone() {
        let broken = "[\n    {\n        \"statement\": \"Trump said \"no\" twice\",\n        \
                      \"ok\": \"fine \\\"quoted\\\"\",\n        \"n\": 3,\n        \
                      \"last\": \"a \"b\"\"\n    }\n]\n";
        let (fixed, count) = unescaped_quotes(broken);
        assert_eq!(count, 2);
        let value: serde_json::Value = serde_json::from_str(&fixed).expect("repaired JSON");
        assert_eq!(value[0]["statement"], "Trump said \"no\" twice");
        assert_eq!(value[0]["ok"], "fine \"quoted\"");
        assert_eq!(value[0]["last"], "a \"b\"");
        assert_eq!(value[0]["n"], 3);
    }

    #[test]
    fn valid_json_is_unchanged() {
        let valid =
            "[{\"a\": \"x\", \"b\": \"y\"}]\n{\n  \"k\": \"v\",\n  \"a\": \"x\", \"b\": \"y\"\n}\n";
        assert_eq!(unescaped_quotes(valid), (valid.to_string(), 0));
    }
}
