//! News prose cut into paragraphs and sentences: a full stop ends a sentence unless it belongs
//! to an abbreviation ("U.S.", "Dr.", "Gen.", "Sept."), an initial ("J. K. Rowling"), a number
//! ("3.5") or sits inside a quotation that goes on; a headline (a short line with no final
//! punctuation) is its own paragraph, and bylines and separators are left out.

/// A paragraph: a line of text, and whether it reads as a headline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub headline: bool,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "u.s", "u.k", "u.n", "e.u", "d.c", "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt",
    "capt", "gov", "sen", "rep", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc",
    "e.g", "i.e", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt",
    "ft", "a.m", "p.m", "pres", "gens", "adm", "sens", "reps", "approx", "dept", "univ", "assn",
    "spc", "pfc", "cpl", "maj", "brig", "cmdr", "adm", "m.d", "ph.d", "d.o", "esq",
];

/// The paragraphs of a text: its non-empty lines, without separators ("___") and bylines
/// ("... contributed to this report.").
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .filter(|line| line.chars().any(char::is_alphanumeric))
        .filter(|line| !is_byline(line))
        .map(|line| Paragraph {
            text: line.to_string(),
            headline: is_headline(line),
        })
        .collect()
}

fn is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.contains("contributed to this report")
        || lower.starts_with("by ") && line.split_whitespace().count() <= 8
        || lower.starts_with("copyright")
}

/// A short line that does not end like a sentence: a headline or a subheading.
fn is_headline(line: &str) -> bool {
    let ends_like_a_sentence = line
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':']);
    !ends_like_a_sentence && line.split_whitespace().count() <= 16
}

/// The sentences of a paragraph. Quotation marks are followed so that a quotation of several
/// sentences is cut only where it ends.
pub fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut index = 0;
    while index < chars.len() {
        let ch = chars[index];
        match ch {
            '“' => in_quote = true,
            '”' => in_quote = false,
            '"' => in_quote = !in_quote,
            _ => {}
        }
        if matches!(ch, '.' | '!' | '?') && !in_quote && ends_sentence(&chars, index) {
            // The sentence takes its closing quotes and brackets with it.
            let mut end = index + 1;
            while end < chars.len() && matches!(chars[end], '"' | '”' | '’' | '\'' | ')') {
                end += 1;
            }
            push_sentence(&mut out, &chars[start..end]);
            start = end;
            index = end;
            continue;
        }
        index += 1;
    }
    push_sentence(&mut out, &chars[start..]);
    out
}

fn push_sentence(out: &mut Vec<String>, chars: &[char]) {
    let text: String = chars.iter().collect::<String>().trim().to_string();
    if text.chars().any(char::is_alphanumeric) {
        out.push(text);
    }
}

/// Whether the mark at `index` ends a sentence: it is followed by a space and a capital (or a
/// quote, or the end), and it does not close an abbreviation, an initial or a number.
fn ends_sentence(chars: &[char], index: usize) -> bool {
    // Read on without copying the rest of the paragraph: a copy at every full stop made long
    // paragraphs quadratic.
    let mut next = chars[index + 1..]
        .iter()
        .skip_while(|ch| matches!(ch, '"' | '”' | '’' | '\'' | ')'));
    let Some(&after) = next.next() else {
        return true;
    };
    if !after.is_whitespace() {
        return false; // "3.5", "U.S.-Mexico", "e.g.,"
    }
    let following = next.find(|ch| !ch.is_whitespace());
    if let Some(following) = following
        && following.is_lowercase()
    {
        return false; // "... the U.S. and Mexico"
    }
    if chars[index] != '.' {
        return true;
    }
    let word: String = chars[..index]
        .iter()
        .rev()
        .take_while(|ch| !ch.is_whitespace() && !matches!(ch, '(' | '"' | '“'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.trim_start_matches(['(', '"', '“']).to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "U.S." may end a sentence: "... to the U.S. The talks ..." is rare next to "the U.S.
        // Secretary"; a capital after it is read as going on.
        return false;
    }
    // "H.R. 436", "S. 1234": a bill's number after its chamber's abbreviation goes on with the
    // sentence (U.S. congressional releases and news name bills so).
    let bare = word.trim_start_matches(['(', '"', '“']);
    if following.is_some_and(|ch| ch.is_ascii_digit())
        && bare.len() <= 6
        && bare.chars().all(|ch| ch.is_ascii_uppercase() || ch == '.')
    {
        return false;
    }
    // An initial: one capital letter ("J. K. Rowling").
    let letters: Vec<char> = lower.chars().collect();
    !(letters.len() == 1 && letters[0].is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "U.S. Secretary of State Marco Rubio met Gen. Smith in Washington. Growth was 3.5 \
                 percent. J. K. Rowling said so."
            ),
            [
                "U.S. Secretary of State Marco Rubio met Gen. Smith in Washington.",
                "Growth was 3.5 percent.",
                "J. K. Rowling said so."
            ]
        );
    }

    #[test]
    fn a_bill_number_does_not_end_a_sentence() {
        assert_eq!(
            sentences("The House passed H.R. 436 today. It goes to the Senate."),
            ["The House passed H.R. 436 today.", "It goes to the Senate."]
        );
        // A degree after a name is not the end of the sentence.
        assert_eq!(
            sentences("Representative Jane Roe, M.D. (TN-04) issued a statement."),
            ["Representative Jane Roe, M.D. (TN-04) issued a statement."]
        );
    }

    #[test]
    fn a_quotation_of_several_sentences_stays_whole() {
        assert_eq!(
            sentences("“We respect the relationship. It is not true,” she said. Then she left."),
            [
                "“We respect the relationship. It is not true,” she said.",
                "Then she left."
            ]
        );
    }

    #[test]
    fn headlines_and_bylines() {
        let text = "Gunboat diplomacy\nThe meeting came a day after.\n___\nAssociated Press \
                    writers María Verza contributed to this report.";
        let found = paragraphs(text);
        assert_eq!(found.len(), 2);
        assert!(found[0].headline);
        assert!(!found[1].headline);
    }
}
