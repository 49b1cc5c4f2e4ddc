//! Attribution cues: the words around a quotation or a claim that say who said it — `“…,” Roe
//! said.`, `said Roe`, `Roe said, “…”`, `according to Roe`, `Access is a problem, Howell said.`,
//! `Roe told reporters that …` — found as a phrase naming the speaker (`speaker` resolves it).

use std::sync::OnceLock;

use regex::Regex;

/// The verbs of attribution, in every tense news uses (pattern 9).
pub const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "stated",
    "states",
    "asked",
    "asks",
    "argued",
    "argues",
    "insisted",
    "insists",
    "explained",
    "explains",
    "wrote",
    "writes",
    "tweeted",
    "tweets",
    "posted",
    "posts",
    "noted",
    "notes",
    "declared",
    "declares",
    "warned",
    "warns",
    "claimed",
    "claims",
    "emphasized",
    "emphasizes",
    "emphasised",
    "stressed",
    "stresses",
    "announced",
    "announces",
    "contended",
    "contends",
    "replied",
    "replies",
    "acknowledged",
    "acknowledges",
    "maintained",
    "maintains",
    "admitted",
    "admits",
    "testified",
    "testifies",
    "suggested",
    "suggests",
    "urged",
    "urges",
    "confessed",
    "confesses",
    "remarked",
    "remarks",
    "commented",
    "comments",
    "reminded",
    "reminds",
    "reiterated",
    "reiterates",
    "reiterate",
    "recalled",
    "recalls",
    "observed",
    "observes",
    "conceded",
    "concedes",
    "continued",
    "answered",
    "answers",
    "responded",
    "responds",
    "reported",
    "reports",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "predicted",
    "predicts",
    "estimated",
    "estimates",
    "cautioned",
    "cautions",
    "described",
    "describes",
    "indicated",
    "indicates",
    "agreed",
    "agrees",
    "believes",
    "believed",
    "thinks",
    "complained",
    "complains",
    "recounted",
    "quipped",
    "boasted",
    "vowed",
    "promised",
    "pledged",
    "assured",
    "assures",
    "concluded",
    "concludes",
    "revealed",
    "reveals",
    "disclosed",
    "mentioned",
    "mentions",
];

/// Verbs of two words: "pointed out", "went on".
const PHRASAL: &[&str] = &["pointed out", "points out", "went on", "goes on"];

/// Whether a word (lowercase, without punctuation) is a verb of attribution.
pub fn is_verb(word: &str) -> bool {
    VERBS.contains(&word)
}

fn regex(cell: &'static OnceLock<Regex>, pattern: impl FnOnce() -> String) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&pattern()).expect("the pattern is valid"))
}

fn verbs() -> String {
    let mut all: Vec<&str> = PHRASAL.to_vec();
    all.extend(VERBS);
    all.join("|")
}

/// After a quotation, `, Roe said` / `, Jim Doe, chief economist at Big Bank, said` / `, she
/// added`: the phrase before the verb (pattern 5: the apposition goes with it).
pub fn after_quote_subject(after: &str) -> Option<String> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let re = regex(&CELL, || {
        format!(
            r"^[\s,]*(?P<who>[^;:“”\x22]{{1,90}}?)\s+(?:(?:also|then|later|again|further)\s+)?(?:{})\b",
            verbs()
        )
    });
    Some(re.captures(after)?["who"].trim().to_string())
}

/// After a quotation, `, said Roe` / `, said oil worker Jim Doe with the Rail Union` /
/// `, reminded Pagonis.`: the words after the verb up to the end of the name.
pub fn after_quote_inverted(after: &str) -> Option<String> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let re = regex(&CELL, || {
        format!(r"^[\s,]*(?:{})\s+(?P<who>[^;:“”\x22]{{1,90}})", verbs())
    });
    let rest = &re.captures(after)?["who"];
    Some(name_phrase(rest))
}

/// Before a quotation, `Roe said, “` / `she said: “` / `Roe stated “` / `Roe told reporters,
/// “`: the phrase before the verb, from the start of its clause (pattern 8: "Later, during the
/// debate, Roe said").
pub fn before_quote_subject(before: &str) -> Option<String> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let re = regex(&CELL, || {
        format!(
            r"(?P<who>[^;:“”\x22]{{1,120}}?)\s+(?:(?:also|then|later|again|further)\s+)?(?:{})(?:\s+[\w’'.]+){{0,6}}?\s*(?:that\s+)?[,:]?\s*$",
            verbs()
        )
    });
    let who = re.captures(before)?["who"].trim().to_string();
    Some(who)
}

/// `according to Roe` / `according to the state utility board`: the source.
pub fn according_to(sentence: &str) -> Option<(std::ops::Range<usize>, String)> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let re = regex(&CELL, || {
        r"(?i:according to)\s+(?P<who>[^,.;:“”\x22]{1,80})".to_string()
    });
    let caps = re.captures(sentence)?;
    let whole = caps.get(0).expect("the whole match");
    Some((whole.range(), caps["who"].trim().to_string()))
}

/// Reported speech in a sentence: the first verb of attribution outside quotations with a
/// phrase before it, and the claim after it (skipping "that" and a short object such as
/// "reporters" or "Iranian viewers": `Roe told reporters that …`).
pub fn reported(sentence: &str) -> Option<(String, String)> {
    let outside = outside_quotes(sentence);
    let words = word_spans(sentence);
    for (index, (start, end)) in words.iter().enumerate() {
        let word = sentence[*start..*end]
            .trim_matches(|ch: char| !ch.is_alphanumeric())
            .to_lowercase();
        if !is_verb(&word) || !outside[*start] || index == 0 {
            continue;
        }
        let subject = sentence[..*start].trim();
        if subject.ends_with(['“', '"', ',']) && subject.contains(['“', '"']) {
            continue; // "…,” Roe said: a quotation's cue, handled with the quotation
        }
        // A subject is a name or a short description; a long clause before the verb ("What
        // had been advertised … Mexico and the U.S. have said") is narration, not a cue.
        let nearest = subject.rsplit(", ").next().unwrap_or(subject);
        if nearest.split_whitespace().count() > 8 {
            continue;
        }
        let rest = sentence[*end..].trim_start();
        let claim = claim_after_verb(rest);
        if claim.split_whitespace().count() >= 3 {
            return Some((subject.to_string(), claim));
        }
    }
    None
}

/// Attribution after unquoted content (pattern 7): `Access is a major problem, Howell said.` /
/// `…, said J.D. Crouch II, assistant defense secretary.` / `…, Gen. Jim Doe, chief of staff,
/// remarked in an interview.` — for each of the last three commas, nearest the end first, the
/// claim before it and the phrase naming who. The cue must close the sentence: a clause after
/// it ("…, says she does not want to …") is not an attribution.
pub fn post_attribution(sentence: &str) -> Vec<(String, String)> {
    let body = sentence.trim_end_matches(['.', '!', ' ']);
    let outside = outside_quotes(body);
    let mut found = Vec::new();
    let commas: Vec<usize> = body.match_indices(", ").map(|(at, _)| at).collect();
    for &at in commas.iter().rev().take(3) {
        if !outside[at] {
            continue;
        }
        let claim = body[..at].trim();
        let tail = &body[at..];
        if claim.split_whitespace().count() < 4 || tail.contains(" that ") {
            continue;
        }
        let who = after_quote_subject(tail)
            .filter(|who| who.split_whitespace().count() <= 14)
            .filter(|who| !ends_in_clause(tail, who))
            .or_else(|| {
                after_quote_inverted(tail).filter(|who| who.chars().any(char::is_uppercase))
            });
        if let Some(who) = who {
            found.push((who, claim.to_string()));
        }
    }
    found
}

/// Whether what follows the verb after `who` is a clause of its own (a verb's object with a
/// subject: "says she does not want"), not an adjunct ("said in Baghdad today").
fn ends_in_clause(tail: &str, who: &str) -> bool {
    let Some(at) = tail.find(who) else {
        return true;
    };
    let rest: Vec<&str> = tail[at + who.len()..].split_whitespace().skip(1).collect();
    rest.first().is_some_and(|word| {
        matches!(
            *word,
            "he" | "she" | "they" | "it" | "we" | "i" | "the" | "a" | "an"
        )
    }) && rest.len() > 3
}

/// The claim after a reporting verb: past "that", or past up to four words ending in "that".
fn claim_after_verb(rest: &str) -> String {
    let words: Vec<&str> = rest.split_whitespace().collect();
    if let Some(that) = words.iter().take(6).position(|word| *word == "that") {
        return words[that + 1..].join(" ");
    }
    rest.trim_start_matches([',', ' ']).to_string()
}

/// A name phrase at the start of `text`: up to a comma, a full stop or a lowercase word after
/// the name ("Roe in an interview" → "Roe"; "oil worker Jim Doe with the union" → "oil worker
/// Jim Doe").
pub fn name_phrase(text: &str) -> String {
    let mut taken: Vec<&str> = Vec::new();
    let mut seen_capital = false;
    for word in text.split_whitespace() {
        let bare = word.trim_end_matches([',', '.', ';', ')']);
        // "FEMA Region 8 Administrator Lee dePalo": a number inside a title does not end it.
        let capital =
            super::people::capitalised(bare) || bare.starts_with(|c: char| c.is_ascii_digit());
        if seen_capital && !capital && !super::people::is_particle(bare) && bare != "of" {
            break;
        }
        // "of" joins a title ("Secretary of State Colin Powell") only before a capital.
        taken.push(word);
        seen_capital |= capital;
        if word.ends_with([',', ';']) || (word.ends_with('.') && !is_abbreviation(word)) {
            break;
        }
        if taken.len() >= 8 {
            break;
        }
    }
    let phrase = taken.join(" ");
    let phrase = phrase
        .trim_end_matches([',', ';', ')'])
        .trim_end_matches(" of")
        .trim();
    // The sentence's full stop is not part of the name ("Powell."), an initial's is ("Jr.").
    let last = phrase.rsplit(' ').next().unwrap_or("");
    if last.len() > 4 && !last.trim_end_matches('.').contains('.') {
        return phrase.trim_end_matches('.').to_string();
    }
    phrase.to_string()
}

/// "Jr.", "Gen.", "U.S.", "F.": a full stop that does not end the phrase.
fn is_abbreviation(word: &str) -> bool {
    let core = word.trim_end_matches('.');
    core.len() <= 3 && core.chars().next().is_some_and(char::is_uppercase)
        || core.contains('.')
        || super::people::is_title(word)
}

/// For each byte, whether it is outside quotation marks.
fn outside_quotes(text: &str) -> Vec<bool> {
    let mut outside = vec![true; text.len() + 1];
    let mut open = false;
    for (index, ch) in text.char_indices() {
        let was = open;
        match ch {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            _ => {}
        }
        let inside = open || was;
        outside[index..index + ch.len_utf8()].fill(!inside);
    }
    outside
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (index, ch) in text.char_indices() {
        match (ch.is_whitespace(), start) {
            (true, Some(from)) => {
                spans.push((from, index));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(from) = start {
        spans.push((from, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_after_a_quotation() {
        assert_eq!(
            after_quote_subject(", Jeffrey said.").as_deref(),
            Some("Jeffrey")
        );
        assert_eq!(after_quote_subject(" she added.").as_deref(), Some("she"));
        assert_eq!(
            after_quote_subject(", Jim Doe, chief economist at Big Bank, said.").as_deref(),
            Some("Jim Doe, chief economist at Big Bank,")
        );
        assert_eq!(
            after_quote_inverted(", said oil worker Jim Doe with the Rail Union.").as_deref(),
            Some("oil worker Jim Doe")
        );
        assert_eq!(
            after_quote_inverted(", said Secretary of State Colin Powell.").as_deref(),
            Some("Secretary of State Colin Powell")
        );
        assert_eq!(
            after_quote_inverted(" reminded Pagonis.").as_deref(),
            Some("Pagonis")
        );
    }

    #[test]
    fn cues_before_a_quotation_and_in_reported_speech() {
        assert_eq!(
            before_quote_subject("Later, during the debate, Roe said, ").as_deref(),
            Some("Later, during the debate, Roe")
        );
        let (who, claim) = reported("Jeffrey told Iranian viewers that Iran is arming them.")
            .expect("reported speech");
        assert_eq!(
            (who.as_str(), claim.as_str()),
            ("Jeffrey", "Iran is arming them.")
        );
        let (who, claim) = post_attribution("Access is a major problem, Howell said.")
            .into_iter()
            .next()
            .expect("attribution after the content");
        assert_eq!(
            (who.as_str(), claim.as_str()),
            ("Howell", "Access is a major problem")
        );
    }
}
