//! Quotation spans in a sentence: where each quotation is, curly or straight, and its words as a
//! claim.

/// Where a quotation is in a sentence: the whole span with its marks, and its inside.
#[derive(Debug, Clone)]
pub struct Quotation {
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset just past the closing mark (or the sentence's end).
    pub end: usize,
    /// The words inside the marks.
    pub inner: std::ops::Range<usize>,
}

/// The quotations of a sentence, curly or straight; one left open runs to the end. Quotes of
/// three words or fewer ("nonintervention") are words quoted, not statements, and are left out:
/// the sentence around them is reported speech (pattern 6).
pub fn quotations(sentence: &str) -> Vec<Quotation> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    let inner_start =
        |start: usize| start + sentence[start..].chars().next().map_or(1, char::len_utf8);
    for (index, ch) in sentence.char_indices() {
        match (ch, open) {
            ('“', _) => open = Some(index),
            ('"', None) => open = Some(index),
            ('”' | '"', Some(start)) => {
                found.push(Quotation {
                    start,
                    end: index + ch.len_utf8(),
                    inner: inner_start(start)..index,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        found.push(Quotation {
            start,
            end: sentence.len(),
            inner: inner_start(start)..sentence.len(),
        });
    }
    // A sentence that is all quotation counts whatever its length ("Nobody did more.").
    let whole = |quote: &Quotation| {
        sentence[..quote.start].trim().is_empty() && sentence[quote.end..].trim().is_empty()
    };
    found.retain(|quote| {
        whole(quote) || sentence[quote.inner.clone()].split_whitespace().count() > 3
    });
    found
}

/// A quotation's words as a claim: no trailing comma, whole sentences end with their mark.
pub fn clean(inner: &str) -> String {
    inner
        .trim()
        .trim_end_matches(',')
        .trim_end_matches(['”', '"'])
        .trim()
        .to_string()
}

/// Whether a paragraph ends with a quotation still open (it goes on in the next paragraph).
pub fn ends_inside(paragraph: &str) -> bool {
    let mut open = false;
    for ch in paragraph.chars() {
        match ch {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            _ => {}
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_partial_quotes() {
        let sentence = "“We will win,” Roe said, calling it “a very big day for all of us.”";
        let found = quotations(sentence);
        assert_eq!(found.len(), 1, "“We will win” is three words: {found:?}");
        assert_eq!(
            clean(&sentence[found[0].inner.clone()]),
            "a very big day for all of us."
        );
        assert!(ends_inside("“It goes on."));
        assert!(!ends_inside("“It ends,” she said."));
    }
}
