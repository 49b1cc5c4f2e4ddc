//! `claims extract`'s engine: from the text of an article, a speech or a transcript to the
//! claims worth checking in it, each with who made it.
//!
//! It reads the text paragraph by paragraph, keeping track of who the text names (`people`).
//! Each quotation is attributed by the patterns news writing uses ("…,” Rubio said. / Rubio
//! said, “…” / said Rubio / according to …), to a name, a surname given earlier or a pronoun
//! for the last person of that gender (left unattributed when that is ambiguous); a quotation
//! with no attribution of its own goes on the speaker of the quotation before it in the same or
//! the previous paragraph. Reported speech ("Trump said all 11 were killed", "Trump’s
//! suggestion that …") gives claims too; the text's own statements are the publication's.
//! In a transcript, `SPEAKER:` turns name who speaks. Every candidate is scored (`score`).

pub mod people;
pub mod score;
pub mod sentences;

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use people::{Cast, Gender, bare, capitalised, titled_names};
use score::Feature;

/// A claim found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The claim, as said.
    pub text: String,
    /// Who made it; `None` when the text does not tell unambiguously.
    pub speaker: Option<String>,
    /// Their role, when the text gives one.
    pub role: Option<String>,
    /// How it was found: a quotation, reported speech, or the text's own statement.
    pub kind: Kind,
    /// The whole sentence it comes from.
    pub sentence: String,
    pub score: f64,
    pub features: Vec<Feature>,
}

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Quote,
    Reported,
    Statement,
    /// A turn of a transcript ("RUBIO: ...").
    Turn,
}

impl Kind {
    /// Its name in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Reported => "reported",
            Kind::Statement => "statement",
            Kind::Turn => "turn",
        }
    }
}

/// The verbs of attribution.
const SPEECH: &str = "said|says|say|told|tells|added|adds|stated|states|asked|argued|argues|\
                      insisted|insists|explained|wrote|writes|tweeted|posted|noted|declared|\
                      warned|claimed|claims|emphasized|stressed|announced|contended|replied|\
                      acknowledged|maintained";

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("the pattern is valid"))
}

/// `…,” Rubio said` / `…,” she said` / `…,” the minister told reporters`: who, right after.
fn after_quote() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        &format!(r"^[\s,]*(?P<who>[^,;:“”\x22]{{1,80}}?)\s+(?:{SPEECH})\b"),
    )
}

/// `…,” said Rubio`.
fn said_who() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        &format!(r"^[\s,]*(?:{SPEECH})\s+(?P<who>[^,;:“”\x22]{{1,80}}?)(?:[,;]|\.?\s*$)"),
    )
}

/// `Rubio said, “…` / `she said: “…`: who, right before.
fn before_quote() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        &format!(
            r"(?P<who>[^,.;:“”\x22]{{1,80}}?)\s+(?:{SPEECH})(?:\s+[\w’']+){{0,6}}\s*[,:]?\s*$"
        ),
    )
}

/// `according to Rubio`.
fn according_to() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"(?i:according to)\s+(?P<who>[^,.;:“”\x22]{1,80})")
}

/// `Trump said all 11 were killed.` / `Trump’s suggestion that she is afraid …`.
fn reported() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        &format!(
            r"^(?:[A-Z][^,]{{0,40}},\s+)?(?P<who>(?:[A-Z][\w’'.-]*\s+){{0,3}}[A-Z][\w’'.-]*|[Hh]e|[Ss]he)\s+(?:{SPEECH})(?:(?:\s+[^\s,]+){{0,4}}?\s+that)?\s+(?P<claim>[^“”\x22]{{12,}})$"
        ),
    )
}

fn suggestion() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?:’s|'s)\s+(?:suggestion|claim|assertion|allegation|accusation|argument|insistence|contention|statement)\s+that\s+(?P<claim>[^“”\x22]{12,})$",
    )
}

/// A transcript's turn: `RUBIO:` or `Marco Rubio:` at the start of a paragraph.
fn turn() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s+(?P<said>.+)$",
    )
}

/// The claims of `text`. The text's own statements are attributed to `publisher` (else to the
/// agency of a dateline such as "MEXICO CITY (AP) —").
pub fn extract(text: &str, publisher: Option<&str>) -> Vec<Candidate> {
    let paragraphs = sentences::paragraphs(text);
    // The dateline opens the first paragraph of prose (after any headline).
    let first_prose = paragraphs.iter().position(|p| !p.headline);
    let publisher = publisher
        .map(str::to_string)
        .or_else(|| first_prose.and_then(|first| dateline_agency(&paragraphs[first].text)));
    let mut cast = Cast::default();
    let mut found: Vec<Candidate> = Vec::new();
    // The texts found so far: a claim said twice is one candidate.
    let mut seen: HashSet<String> = HashSet::new();
    // A transcript has several `SPEAKER:` turns; one "Note: …" line does not make one.
    let transcript = paragraphs
        .iter()
        .filter(|p| is_transcript_turn(&p.text))
        .count()
        >= 2;
    // The speaker of the last quotation, for quotations that go on without attribution.
    let mut last_quoted: Option<usize> = None;
    // Quotations of a paragraph that ended inside them, waiting for the attribution that may
    // come in the next paragraph (indexes into `found`).
    let mut waiting: Vec<usize> = Vec::new();
    for (number, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.headline {
            continue;
        }
        let paragraph = &sentences::Paragraph {
            text: if Some(number) == first_prose {
                without_dateline(&paragraph.text).to_string()
            } else {
                paragraph.text.clone()
            },
            headline: false,
        };
        if transcript && let Some(caps) = turn().captures(&paragraph.text) {
            let who = title_case(&caps["who"]);
            let index = cast
                .find(&who)
                .unwrap_or_else(|| cast.introduce(&who, None));
            for sentence in sentences::sentences(&caps["said"]) {
                push(
                    &mut found,
                    &mut seen,
                    &cast,
                    Some(index),
                    &sentence,
                    &sentence,
                    Kind::Turn,
                );
            }
            continue;
        }
        let mut quoted_here: Option<usize> = None;
        let paragraph_start = found.len();
        let opens_with_quote = paragraph.text.starts_with(['“', '"']);
        for sentence in sentences::sentences(&paragraph.text) {
            for (role, name) in titled_names(&sentence) {
                cast.introduce(&name, Some(&role));
            }
            let quotes = quotations(&sentence);
            if quotes.is_empty() {
                mention_known(&mut cast, &sentence);
                if let Some((who, claim)) = reported_speech(&sentence) {
                    let speaker =
                        resolve(&mut cast, &who).or_else(|| organisation(&mut cast, &who));
                    if speaker.is_some() {
                        push(
                            &mut found,
                            &mut seen,
                            &cast,
                            speaker,
                            &claim,
                            &sentence,
                            Kind::Reported,
                        );
                        continue;
                    }
                }
                let speaker = publisher.as_deref().map(|name| cast.introduce(name, None));
                push(
                    &mut found,
                    &mut seen,
                    &cast,
                    speaker,
                    &sentence,
                    &sentence,
                    Kind::Statement,
                );
                continue;
            }
            for quote in &quotes {
                let before = &sentence[..quote.start];
                let after = &sentence[quote.end..];
                let who = after_quote()
                    .captures(after)
                    .or_else(|| said_who().captures(after))
                    .or_else(|| before_quote().captures(before))
                    .or_else(|| according_to().captures(&sentence))
                    .map(|caps| caps["who"].trim().to_string());
                let attributed = who.as_deref().and_then(|who| resolve(&mut cast, who));
                let speaker = attributed.or(quoted_here).or_else(|| {
                    // A paragraph that opens with a quotation and names no one goes on with the
                    // speaker of the paragraph before.
                    (opens_with_quote && quoted_here.is_none())
                        .then_some(last_quoted)
                        .flatten()
                });
                if let Some(index) = speaker {
                    cast.mention(index);
                }
                quoted_here = speaker.or(quoted_here);
                let text = clean_quote(&sentence[quote.inner.clone()]);
                push(
                    &mut found,
                    &mut seen,
                    &cast,
                    speaker,
                    &text,
                    &sentence,
                    Kind::Quote,
                );
            }
            mention_known(&mut cast, &sentence);
        }
        // A paragraph that ends inside a quotation goes on in the next one, where the
        // attribution often comes: its unattributed quotations wait for it.
        let continues = ends_inside_quote(&paragraph.text);
        if quoted_here.is_some() {
            last_quoted = quoted_here;
            for index in waiting.drain(..) {
                attribute(&mut found[index], &cast, quoted_here);
            }
        } else if !opens_with_quote {
            last_quoted = None;
            waiting.clear();
        }
        if continues && quoted_here.is_none() {
            waiting.extend(
                found
                    .iter()
                    .enumerate()
                    .skip(paragraph_start)
                    .filter(|(_, c)| c.kind == Kind::Quote && c.speaker.is_none())
                    .map(|(index, _)| index),
            );
        } else if !continues {
            waiting.clear();
        }
    }
    found
}

/// Whether a paragraph ends with a quotation still open.
fn ends_inside_quote(paragraph: &str) -> bool {
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

/// Gives a waiting quotation the speaker found later.
fn attribute(candidate: &mut Candidate, cast: &Cast, speaker: Option<usize>) {
    if candidate.speaker.is_none()
        && let Some(index) = speaker
    {
        let person = cast.person(index);
        candidate.speaker = Some(person.name.clone());
        candidate.role = person.role.clone();
    }
}

/// A paragraph that looks like a transcript's turn: up to three capitalised words and a colon
/// at the start of the line.
fn is_transcript_turn(paragraph: &str) -> bool {
    turn().captures(paragraph).is_some_and(|caps| {
        let who = &caps["who"];
        who.split_whitespace().count() <= 3
            && who.split_whitespace().all(capitalised)
            && !who.ends_with('.')
    }) && paragraph.find(':').is_some_and(|colon| colon < 40)
}

/// "RUBIO" → "Rubio"; names already in mixed case stay as they are.
fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_string() + &chars.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A first paragraph without its dateline ("MEXICO CITY (AP) — ").
fn without_dateline(first: &str) -> &str {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let dateline = regex(&CELL, r"^[A-Z][A-Z .,'’-]+(?:\([A-Za-z]+\))?\s*[—–-]+\s*");
    match dateline.find(first) {
        Some(found) if found.end() < first.len() => &first[found.end()..],
        _ => first,
    }
}

/// The agency of a dateline: "MEXICO CITY (AP) —" → "Associated Press".
fn dateline_agency(first: &str) -> Option<String> {
    let start = first.find('(')?;
    let end = first[start..].find(')')? + start;
    if start > 60 {
        return None;
    }
    Some(match &first[start + 1..end] {
        "AP" => "Associated Press".to_string(),
        "Reuters" => "Reuters".to_string(),
        "AFP" => "Agence France-Presse".to_string(),
        _ => return None,
    })
}

/// Where a quotation is in a sentence: the whole span with its marks, and its inside.
#[derive(Debug, Clone)]
struct Quotation {
    start: usize,
    end: usize,
    inner: std::ops::Range<usize>,
}

/// The quotations of a sentence, curly or straight; one left open runs to the end. Quotes of
/// three words or fewer ("nonintervention") are words quoted, not statements, and are left out.
fn quotations(sentence: &str) -> Vec<Quotation> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (index, ch) in sentence.char_indices() {
        match (ch, open) {
            ('“', _) => open = Some(index),
            ('"', None) => open = Some(index),
            ('”' | '"', Some(start)) => {
                found.push(Quotation {
                    start,
                    end: index + ch.len_utf8(),
                    inner: start + sentence[start..].chars().next().map_or(1, char::len_utf8)
                        ..index,
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
            inner: start + sentence[start..].chars().next().map_or(1, char::len_utf8)
                ..sentence.len(),
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
fn clean_quote(inner: &str) -> String {
    inner
        .trim()
        .trim_end_matches(',')
        .trim_end_matches(['”', '"'])
        .trim()
        .to_string()
}

/// Who made a claim in reported speech, and the claim: "Trump said all 11 were killed",
/// "Trump’s suggestion that …", "According to Holloway, the state lost 40,000 jobs".
fn reported_speech(sentence: &str) -> Option<(String, String)> {
    if let Some(caps) = suggestion()
        .captures(sentence)
        .or_else(|| reported().captures(sentence))
    {
        return Some((caps["who"].to_string(), caps["claim"].trim().to_string()));
    }
    let caps = according_to().captures(sentence)?;
    let whole = caps.get(0).expect("the whole match");
    let rest = if whole.start() == 0 {
        sentence[whole.end()..].trim_start_matches([',', ' '])
    } else {
        sentence[..whole.start()].trim_end_matches([',', ' '])
    };
    let mut claim = rest.to_string();
    if let Some(first) = claim.get(..1) {
        claim.replace_range(..1, &first.to_uppercase());
    }
    Some((caps["who"].trim().to_string(), claim))
}

/// Who the words before or after a quotation name: a name (introduced if new), a surname given
/// before, "he" or "she"; `None` when it is someone the text does not name or it is ambiguous.
fn resolve(cast: &mut Cast, who: &str) -> Option<usize> {
    let who = who.trim();
    match who.to_lowercase().as_str() {
        "she" | "her" => return cast.pronoun(Gender::Female),
        "he" | "him" => return cast.pronoun(Gender::Male),
        "they" | "it" | "i" | "we" | "you" => return None,
        _ => {}
    }
    let words: Vec<&str> = who.split_whitespace().map(bare).collect();
    // A title and a name ("Mexico Foreign Affairs Secretary Ramón de la Fuente"), a name, or a
    // surname: the longest run at the end that the cast knows, else a new name of capitals.
    for start in 0..words.len() {
        let tail = words[start..].join(" ");
        if let Some(index) = cast.find(&tail) {
            cast.mention(index);
            return Some(index);
        }
    }
    let mut name: Vec<&str> = Vec::new();
    for word in words.iter().rev() {
        if capitalised(word) || (!name.is_empty() && people::is_particle(word)) {
            name.insert(0, word);
        } else {
            break;
        }
    }
    let capitals = name.iter().filter(|word| capitalised(word)).count();
    if (2..=4).contains(&capitals) && name.len() == words.len() {
        return Some(cast.introduce(&name.join(" "), None));
    }
    None
}

/// A body named as a source ("according to the state utility board"): its name as a speaker
/// ("State utility board"), when it reads like one (no pronoun, a few words).
fn organisation(cast: &mut Cast, who: &str) -> Option<usize> {
    let name = who
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    let words = name.split_whitespace().count();
    let pronoun = ["he", "she", "they", "it", "its", "his", "her", "their"]
        .contains(&name.to_lowercase().as_str());
    if pronoun || !(1..=6).contains(&words) || name.starts_with(|c: char| !c.is_alphabetic()) {
        return None;
    }
    let mut name = name.to_string();
    if let Some(first) = name.get(..1) {
        name.replace_range(..1, &first.to_uppercase());
    }
    Some(cast.introduce(&name, None))
}

/// Notes the people a sentence names, in order, for the pronouns that follow.
fn mention_known(cast: &mut Cast, sentence: &str) {
    for word in sentence.split_whitespace() {
        let word = bare(word);
        if capitalised(word)
            && let Some(index) = cast.find(word)
        {
            cast.mention(index);
        }
    }
}

fn push(
    found: &mut Vec<Candidate>,
    seen: &mut HashSet<String>,
    cast: &Cast,
    speaker: Option<usize>,
    text: &str,
    sentence: &str,
    kind: Kind,
) {
    let text = text.trim();
    if text.is_empty() || !seen.insert(text.to_string()) {
        return;
    }
    let features = score::features(text);
    let person = speaker.map(|index| cast.person(index));
    found.push(Candidate {
        text: text.to_string(),
        speaker: person.map(|p| p.name.clone()),
        role: person.and_then(|p| p.role.clone()),
        kind,
        sentence: sentence.to_string(),
        score: score::score(&features),
        features,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker_of<'a>(found: &'a [Candidate], fragment: &str) -> Option<&'a str> {
        found
            .iter()
            .find(|c| c.text.contains(fragment))
            .unwrap_or_else(|| panic!("no candidate with {fragment:?}: {found:#?}"))
            .speaker
            .as_deref()
    }

    #[test]
    fn attribution_styles() {
        let text = "WASHINGTON (AP) — Sen. Jane Holloway said on Monday that the bill would cost \
                    $3 billion.\n\
                    “We have cut the deficit by half in two years,” Holloway said. “Nobody did \
                    more.”\n\
                    “Crime has fallen 20 percent since 2020,” said Gov. Tom Reyes.\n\
                    Reyes told reporters, “The border has never been safer than it is today.”\n\
                    According to Holloway, the state lost 40,000 jobs last year.\n\
                    “Prices doubled in the last three years, and families notice it,” she said.";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "cut the deficit"), Some("Jane Holloway"));
        assert_eq!(speaker_of(&found, "Nobody did more"), Some("Jane Holloway"));
        assert_eq!(speaker_of(&found, "Crime has fallen"), Some("Tom Reyes"));
        assert_eq!(speaker_of(&found, "never been safer"), Some("Tom Reyes"));
        assert_eq!(speaker_of(&found, "Prices doubled"), Some("Jane Holloway"));
        let holloway = found
            .iter()
            .find(|c| c.text.contains("cut the deficit"))
            .unwrap();
        assert_eq!(holloway.role.as_deref(), Some("Sen."));
    }
}
