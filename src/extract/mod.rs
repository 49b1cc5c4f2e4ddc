//! `claims extract`'s engine: from the text of an article, a speech or a transcript to the
//! claims worth checking in it, each with who made it.
//!
//! A pipeline, one module a step: `sentences` cuts paragraphs and sentences; `quotes` finds the
//! quotation spans in each; `cues` finds the words that attribute a quotation or a claim ("…,”
//! Rubio said.", "said Rubio", "Rubio said, “…”", "according to …", "Access is a problem,
//! Howell said."); `people` keeps the cast the text introduces (names, roles, genders,
//! organisations) and `names` the first names that tell a gender; `speaker` resolves a cue's
//! phrase to one of the cast (a name, a surname, a pronoun, "the secretary") or to nobody when
//! the text does not say; `score` rates how checkable each candidate is.
//!
//! This module runs them over the text: a quotation with no cue of its own continues the last
//! speaker (pattern 1 of issue 13), reported speech gives claims too, the text's own
//! statements are the publication's, and in a transcript `SPEAKER:` turns (and the paragraphs
//! that follow them) are the speaker's.

pub mod cues;
pub mod names;
pub mod people;
pub mod quotes;
pub mod score;
pub mod sentences;
pub mod speaker;

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use people::{Cast, Gender, bare, capitalised, titled_names};
use quotes::Quotation;
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
    /// How worth checking it is, from 0 to 1.
    pub score: f64,
    /// What the score is made of (`--explain`).
    pub features: Vec<Feature>,
}

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words in quotation marks.
    Quote,
    /// "Roe said the plan failed."
    Reported,
    /// The text's own statement.
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

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("the pattern is valid"))
}

/// `Trump’s suggestion that she is afraid …`.
fn suggestion() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?:’s|'s)\s+(?:suggestion|claim|assertion|allegation|accusation|argument|insistence|contention|statement)\s+that\s+(?P<claim>[^“”\x22]{12,})$",
    )
}

/// A transcript's turn: `RUBIO:`, `MR KIRBY:` or `Marco Rubio:` at the start of a paragraph.
fn turn() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s+(?P<said>.+)$",
    )
}

/// `Jane Roe issued the following statement:`: who speaks in the quotations that follow.
fn statement_intro() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^(?P<who>.{3,200}?)\s+(?:today\s+|has\s+|have\s+)?(?:issued|made|released|gave|provided|delivered|offered)\s+(?:today\s+)?(?:the\s+following|this|a)\s+(?:statement|comments|remarks)",
    )
}

/// `From Bahai, she spoke to VOA’s reporter Joe De Capua:`: a paragraph that hands the word to
/// someone whose quotation follows in the next paragraph.
fn colon_intro() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^(?P<who>[^“”\x22]{1,120}?)\s+(?:spoke|speaks|said|says|told|tells|explained|explains|added|wrote|writes|declared)\b[^“”\x22]*:$",
    )
}

/// Labels that open a line with a colon but name no speaker (pattern 10: `FED TALK:`,
/// `ANALYST'S VIEWPOINT:`, `Watch:`).
const SECTION_WORDS: &[&str] = &[
    "talk",
    "viewpoint",
    "watch",
    "note",
    "editor's",
    "editor’s",
    "update",
    "related",
    "read",
    "more",
    "presenter",
    "presenters",
    "source",
    "sources",
    "photo",
    "video",
    "listen",
    "advertisement",
    "transcript",
    "contact",
    "subject",
    "date",
    "location",
    "caption",
    "also",
    "see",
    "breaking",
    "news",
    "live",
    "opinion",
    "analysis",
    "correction",
    "view",
];

/// Labels of a turn that is someone's, but no one named: `Q:`, `STAFF:`.
const ANONYMOUS_TURNS: &[&str] = &[
    "q",
    "question",
    "staff",
    "moderator",
    "participant",
    "audience",
    "reporter",
    "operator",
];

/// Honorifics and titles that open a turn's label: `MR KIRBY`, `SEC. HAGEL`.
const LABEL_TITLES: &[&str] = &[
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "dr",
    "dr.",
    "sec",
    "sec.",
    "secretary",
    "gen",
    "gen.",
    "general",
    "adm",
    "adm.",
    "admiral",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "gov",
    "gov.",
    "president",
    "col",
    "col.",
    "lt",
    "lt.",
    "amb",
    "amb.",
    "ambassador",
];

/// A paragraph's turn label, when it reads as a speaker's (up to three capitalised words, none
/// a section word, before a colon early in the line).
fn turn_label(paragraph: &str) -> Option<String> {
    let caps = turn().captures(paragraph)?;
    let who = caps["who"].to_string();
    let words: Vec<&str> = who.split_whitespace().collect();
    let person_like = words.len() <= 3
        && words.iter().all(|w| capitalised(w))
        && !who.ends_with('.')
        && words
            .iter()
            .all(|w| !SECTION_WORDS.contains(&w.to_lowercase().as_str()))
        && paragraph.find(':').is_some_and(|colon| colon < 40);
    person_like.then_some(who)
}

/// Who a turn's label names: the person the cast knows by that surname, else the label's name
/// in title case; nobody for `Q:`.
fn turn_speaker(cast: &mut Cast, label: &str) -> Option<usize> {
    if ANONYMOUS_TURNS.contains(&label.to_lowercase().as_str()) {
        return None;
    }
    let words: Vec<&str> = label
        .split_whitespace()
        .skip_while(|w| LABEL_TITLES.contains(&w.to_lowercase().as_str()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let name = title_case(&words.join(" "));
    Some(
        cast.find(&name)
            .unwrap_or_else(|| cast.introduce(&name, None)),
    )
}

/// Whether a text is a transcript: two turns or more, or one whose label is the surname of a
/// person the text named before it ("Presenter: … Donald H. Rumsfeld" … "Rumsfeld: …").
fn is_transcript(paragraphs: &[sentences::Paragraph]) -> bool {
    let mut turns = 0;
    for (number, paragraph) in paragraphs.iter().enumerate() {
        let Some(label) = turn_label(&paragraph.text) else {
            continue;
        };
        turns += 1;
        let name = title_case(&label);
        let surname = name.split_whitespace().last().unwrap_or("");
        let named_before = paragraphs[..number].iter().any(|p| {
            p.text
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|pair| capitalised(pair[0]) && bare(pair[1]) == surname)
        });
        if turns >= 2 || (named_before && surname.len() > 2) {
            return true;
        }
    }
    false
}

/// The people and bodies a sentence introduces: titled names ("U.S. Secretary of State Marco
/// Rubio"), names that open with a known first name ("James Jeffrey"), and the gender that
/// "Ms."/"Mr." give (pattern 2).
fn introduce_names(cast: &mut Cast, sentence: &str) {
    for (role, name) in titled_names(sentence) {
        cast.introduce(&name, Some(&role));
    }
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut index = 0;
    while index < words.len() {
        let word = bare(words[index]);
        let honorific = match word.trim_end_matches('.') {
            "Ms" | "Mrs" => Some(Gender::Female),
            "Mr" => Some(Gender::Male),
            _ => None,
        };
        if honorific.is_some() || names::is_first_name(word) && capitalised(word) {
            let start = index + usize::from(honorific.is_some());
            let mut end = start;
            while end < words.len()
                && end - start < 4
                && !(end > start && people::is_aside(words[end]))
                && (capitalised(bare(words[end])) || people::is_particle(bare(words[end])))
            {
                let ends = words[end].ends_with([',', ';', ':']);
                end += 1;
                if ends {
                    break;
                }
            }
            let name: Vec<&str> = words[start..end]
                .iter()
                .map(|w| bare(w).trim_end_matches('.'))
                .collect();
            let known = cast
                .find(&name.join(" "))
                .or_else(|| name.last().and_then(|surname| cast.find(surname)));
            let index_of = if name.len() >= 2 || (honorific.is_some() && !name.is_empty()) {
                Some(known.unwrap_or_else(|| cast.introduce(&name.join(" "), None)))
            } else {
                known
            };
            if let (Some(person), Some(gender)) = (index_of, honorific) {
                cast.learn_gender(person, gender);
            }
            index = end.max(index + 1);
            continue;
        }
        index += 1;
    }
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
    let transcript = is_transcript(&paragraphs);
    // In a transcript, whose turn it is: paragraphs without a label go on with it.
    let mut turn_of: Option<Option<usize>> = None;
    // The speaker of the last quotation or reported claim, for quotations that go on without
    // attribution (pattern 1).
    let mut last_speaker: Option<usize> = None;
    // Quotations of a paragraph that ended inside them, waiting for the attribution that may
    // come in the next paragraph (indexes into `found`).
    let mut waiting: Vec<usize> = Vec::new();
    // Who made the statement a release introduces ("Jane Roe issued the following
    // statement"): its quotations with no cue of their own are hers, even after a paragraph of
    // background in between.
    let mut statement_of: Option<usize> = None;
    // Whether the paragraph before ended inside a quotation.
    let mut inside_quote = false;
    // Who speaks a statement given without quotation marks after its intro ("Congressman
    // Carson released today the following statement …:" and his words, unquoted).
    let mut unquoted_statement: Option<usize> = None;
    for (number, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.headline {
            // A headline says nothing itself, but the names in it are the article's cast.
            introduce_names(&mut cast, &paragraph.text);
            continue;
        }
        let text = if Some(number) == first_prose {
            without_dateline(&paragraph.text).to_string()
        } else {
            paragraph.text.clone()
        };
        // A quotation of several paragraphs whose later paragraphs do not open with a mark
        // again: the paragraph is inside it until its closing mark.
        let text = if inside_quote
            && !transcript
            && !text.starts_with(['“', '"'])
            && goes_on_quoted(&text, &paragraphs[number + 1..])
        {
            format!("“{text}")
        } else {
            text
        };
        inside_quote = quotes::ends_inside(&text);
        if transcript {
            // A labelled turn, or a paragraph that goes on with the last one.
            let turn_text = match (turn_label(&text), turn().captures(&text)) {
                (Some(label), Some(caps)) => {
                    turn_of = Some(turn_speaker(&mut cast, &label));
                    Some(caps["said"].to_string())
                }
                _ => turn_of.is_some().then(|| text.clone()),
            };
            if let (Some(said), Some(speaker)) = (turn_text, turn_of) {
                for sentence in sentences::sentences(&said) {
                    push(
                        &mut found,
                        &mut seen,
                        &cast,
                        speaker,
                        &sentence,
                        &sentence,
                        Kind::Turn,
                    );
                }
                continue;
            }
        }
        let paragraph_start = found.len();
        let opens_with_quote = text.starts_with(['“', '"']);
        // A quotation continues the speaker before only if no one else is named first in its
        // paragraph ("unless another speaker intervenes").
        let mut continued = if opens_with_quote {
            last_speaker.or(statement_of)
        } else {
            None
        };
        let mut quoted_here: Option<usize> = None;
        let mut spoke_here: Option<usize> = None;
        // A cue in this paragraph gave a quotation to someone the text does not identify: the
        // quotations after it go on with that unnamed speaker, not with anyone before.
        let mut unnamed_here = false;
        for sentence in sentences::sentences(&text) {
            introduce_names(&mut cast, &sentence);
            let quotes = quotes::quotations(&sentence);
            if quotes.is_empty() {
                let (speaker, kind, claim) = match reported_speech(&mut cast, &sentence) {
                    Some((speaker, claim)) => (speaker, Kind::Reported, claim),
                    None => (
                        publisher.as_deref().map(|name| cast.introduce(name, None)),
                        Kind::Statement,
                        sentence.clone(),
                    ),
                };
                if kind == Kind::Reported && speaker.is_some() {
                    spoke_here = speaker;
                } else if mentions_someone_else(&cast, &sentence, continued) {
                    continued = None;
                }
                push(
                    &mut found, &mut seen, &cast, speaker, &claim, &sentence, kind,
                );
                mention_known(&mut cast, &sentence);
                continue;
            }
            let mut previous_end = 0;
            for (position, quote) in quotes.iter().enumerate() {
                let before = &sentence[previous_end..quote.start];
                let next_start = quotes.get(position + 1).map_or(sentence.len(), |q| q.start);
                let after = &sentence[quote.end..next_start];
                previous_end = quote.end;
                let next_quote = quotes.get(position + 1).is_some();
                let speaker =
                    match quote_cue(&mut cast, &sentence, before, after, quote, next_quote) {
                        Cue::Named(index) => Some(index),
                        // A cue that names no one the text identifies ("a spokesman said") leaves
                        // the quotation unattributed: it does not go on with the speaker before.
                        Cue::Unnamed => {
                            unnamed_here = true;
                            quoted_here = None;
                            None
                        }
                        Cue::Absent if unnamed_here => None,
                        Cue::Absent => quoted_here.or(spoke_here).or(continued),
                    };
                if let Some(index) = speaker {
                    cast.mention(index);
                }
                quoted_here = speaker.or(quoted_here);
                let claim = quotes::clean(&sentence[quote.inner.clone()]);
                push(
                    &mut found,
                    &mut seen,
                    &cast,
                    speaker,
                    &claim,
                    &sentence,
                    Kind::Quote,
                );
            }
            mention_known(&mut cast, &sentence);
        }
        // The paragraphs after `Jane Roe issued the following statement:` with no quotation
        // marks are her statement, until one names her as narration does ("Rep. Roe has long
        // …") or quotes someone.
        if let Some(speaker) = unquoted_statement {
            let surname = cast
                .person(speaker)
                .name
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_string();
            let names_her = text.split_whitespace().any(|word| bare(word) == surname);
            if text.contains(['“', '”', '"']) || names_her {
                unquoted_statement = None;
            } else {
                for candidate in &mut found[paragraph_start..] {
                    if candidate.kind == Kind::Statement {
                        let person = cast.person(speaker);
                        candidate.speaker = Some(person.name.clone());
                        candidate.role = person.role.clone();
                    }
                }
            }
        }
        // `Jane Roe issued the following statement:` speaks the quotations after it.
        if let Some(speaker) = intro_speaker(&mut cast, &text) {
            last_speaker = Some(speaker);
            statement_of = Some(speaker);
            unquoted_statement = text.trim_end().ends_with(':').then_some(speaker);
            waiting.clear();
            continue;
        }
        // A paragraph that ends inside a quotation goes on in the next one, where the
        // attribution often comes: its unattributed quotations wait for it.
        let continues = quotes::ends_inside(&text);
        if let Some(speaker) = quoted_here.or(spoke_here) {
            last_speaker = Some(speaker);
            for index in waiting.drain(..) {
                attribute(&mut found[index], &cast, Some(speaker));
            }
        } else if !opens_with_quote || unnamed_here {
            last_speaker = None;
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

/// Who a paragraph hands the word to for the quotations after it: the maker of the statement
/// it introduces ("Congressman Bob Goodlatte released a statement today regarding …",
/// "Amodei released the following statement:"), or the subject of a last sentence that ends
/// with a colon after a verb of speaking ("From Bahai, she spoke to VOA’s reporter Joe De
/// Capua:").
fn intro_speaker(cast: &mut Cast, text: &str) -> Option<usize> {
    let sentences = sentences::sentences(text);
    for sentence in sentences.iter().rev() {
        if let Some(caps) = statement_intro().captures(sentence)
            && let Some(index) = speaker::resolve(cast, &caps["who"])
                .or_else(|| speaker::lone_name(cast, &caps["who"]))
        {
            return Some(index);
        }
    }
    let last = sentences.last()?;
    let caps = colon_intro().captures(last.trim_end())?;
    speaker::resolve(cast, &caps["who"]).or_else(|| speaker::lone_name(cast, &caps["who"]))
}

/// Whether a paragraph that does not open with a quotation mark, after one that ended inside a
/// quotation, is still inside it: its first mark closes the quotation, or it has no mark and a
/// paragraph after it closes it. (A quotation left open by mistake does not swallow the
/// paragraphs after it.)
fn goes_on_quoted(text: &str, after: &[sentences::Paragraph]) -> bool {
    // The first mark of a paragraph: `Some(true)` when it closes a quotation.
    let first_mark = |text: &str| {
        let trimmed = text.trim_end();
        text.char_indices().find_map(|(at, ch)| match ch {
            '”' => Some(true),
            '“' => Some(false),
            // A straight mark closes only at the end of the paragraph.
            '"' => Some(at + 1 == trimmed.len()),
            _ => None,
        })
    };
    match first_mark(text) {
        Some(closes) => closes,
        None => after
            .iter()
            .filter(|p| !p.headline)
            .find_map(|p| first_mark(&p.text))
            .unwrap_or(false),
    }
}

fn is_pronoun(phrase: &str) -> bool {
    matches!(
        phrase.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it"
    )
}

/// What a quotation's own cue says of its speaker.
enum Cue {
    /// It names someone of the cast.
    Named(usize),
    /// It attributes the quotation to someone the text does not identify.
    Unnamed,
    /// The quotation has no cue of its own.
    Absent,
}

/// Whether a sentence names a person of the cast other than `speaker`: then a quotation after
/// it does not simply continue the speaker before.
fn mentions_someone_else(cast: &Cast, sentence: &str, speaker: Option<usize>) -> bool {
    let Some(speaker) = speaker else {
        return false;
    };
    sentence.split_whitespace().any(|word| {
        let word = bare(word);
        capitalised(word)
            && cast
                .find(word)
                .is_some_and(|index| index != speaker && !cast.person(index).organisation)
    })
}

/// The speaker a quotation's own cue names: right after it (`”, Roe said` / `”, said Roe`),
/// right before it (`Roe said, “`), or `according to …` in its sentence.
fn quote_cue(
    cast: &mut Cast,
    sentence: &str,
    before: &str,
    after: &str,
    quote: &Quotation,
    next_quote: bool,
) -> Cue {
    let mut unnamed = false;
    // `“… Americans?” Director Clapper answered “No, Sir.”`: a cue between two quotations,
    // after one that ended its sentence, hands the word to the next one.
    let inner = sentence[quote.inner.clone()].trim_end();
    let hands_on = next_quote
        && inner.ends_with(['.', '?', '!'])
        && after
            .trim()
            .trim_end_matches([',', ':'])
            .rsplit(' ')
            .next()
            .is_some_and(|word| cues::is_verb(&word.to_lowercase()));
    if !hands_on {
        for who in [
            cues::after_quote_subject(after),
            cues::after_quote_inverted(after),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(index) =
                speaker::resolve(cast, &who).or_else(|| speaker::lone_name(cast, &who))
            {
                return Cue::Named(index);
            }
            // "he said" with no one of that gender in sight still means someone just named.
            unnamed |= !is_pronoun(&who);
        }
    }
    if let Some(who) = cues::before_quote_subject(before) {
        if let Some(index) = speaker::resolve(cast, &who).or_else(|| speaker::lone_name(cast, &who))
        {
            return Cue::Named(index);
        }
        unnamed |= !is_pronoun(&who);
    }
    if let Some((_, who)) = cues::according_to(sentence) {
        return speaker::resolve(cast, &who).map_or(Cue::Unnamed, Cue::Named);
    }
    if unnamed { Cue::Unnamed } else { Cue::Absent }
}

/// Who made a claim in reported speech, and the claim: "Trump said all 11 were killed",
/// "Access is a major problem, Howell said." (pattern 7), "Trump’s suggestion that …",
/// "According to Holloway, the state lost 40,000 jobs"; a partial quotation inside is part of
/// the claim (pattern 6). `None` when the sentence names no speaker the text identifies.
fn reported_speech(cast: &mut Cast, sentence: &str) -> Option<(Option<usize>, String)> {
    if let Some(caps) = suggestion().captures(sentence)
        && let Some(index) = speaker::resolve(cast, &caps["who"])
    {
        return Some((Some(index), caps["claim"].trim().to_string()));
    }
    // Attributed speech whose speaker the text does not identify ("a spokesman said", "police
    // say") is still reported speech: a claim someone made, left unattributed (pattern 10).
    // The speaker a text cannot tell is not guessed, but the claim is still someone's.
    if quotes_unbalanced(sentence) {
        return None;
    }
    let after = cues::post_attribution(sentence);
    for (who, claim) in &after {
        if let Some(index) = speaker::resolve(cast, who) {
            return Some((Some(index), claim.clone()));
        }
    }
    if let Some((_, claim)) = after.into_iter().next() {
        return Some((None, claim));
    }
    if let Some((who, claim)) = cues::reported(sentence) {
        return Some((speaker::resolve(cast, &who), claim));
    }
    let (range, who) = cues::according_to(sentence)?;
    let rest = if range.start == 0 {
        sentence[range.end..].trim_start_matches([',', ' '])
    } else {
        sentence[..range.start].trim_end_matches([',', ' '])
    };
    let mut claim = rest.to_string();
    if let Some(first) = claim.get(..1) {
        claim.replace_range(..1, &first.to_uppercase());
    }
    // "according to the city" names no one; "according to the state utility board" a body.
    let index = speaker::resolve(cast, &who).or_else(|| speaker::body(cast, &who));
    Some((index, claim))
}

/// Whether a sentence's quotation marks do not pair up: what is quoted, and so what is claimed,
/// cannot be told (the sentence stays the text's own).
fn quotes_unbalanced(sentence: &str) -> bool {
    let straight = sentence.matches('"').count();
    let (open, close) = (sentence.matches('“').count(), sentence.matches('”').count());
    straight % 2 == 1 || open != close
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
    let mut features = score::features(text);
    // A desk checks what public figures say first: a claim someone named made outranks the
    // publication's narration of the same checkability (issue 13, "Ranking").
    if kind != Kind::Statement && speaker.is_some() {
        features.push(Feature {
            name: "said by a named person or body",
            weight: 0.1,
        });
    }
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
    fn a_quotation_without_a_cue_continues_the_last_speaker() {
        // Pattern 1: a second quoted sentence, and a paragraph that is only a quotation.
        let text = "“The plan failed in every district,” said Jane Roe, the council’s chair. “It cost $3 million.”\n\
                    “We will try again next year with a new budget.”";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "It cost"), Some("Jane Roe"));
        assert_eq!(speaker_of(&found, "try again"), Some("Jane Roe"));
    }

    #[test]
    fn pronouns_go_to_the_last_person_of_their_gender() {
        // Pattern 2: a man named in between does not take "she".
        let text = "Ms. Kim Lee met Tom Reyes on Monday.\n\
                    “Costs doubled in the last two years,” she said.";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "Costs doubled"), Some("Kim Lee"));
    }

    #[test]
    fn surnames_roles_and_unnamed_sources() {
        let text = "U.S. State Department official James Jeffrey spoke on Monday.\n\
                    “The shipments are continuing every week,” Jeffrey said.\n\
                    Access is a major problem for rural clinics, Jeffrey said.\n\
                    The detainees refused food at several meals, a spokesman for the task force said.\n\
                    Later, during the debate, Jeffrey said the response had been “amazing.”";
        let found = extract(text, None);
        assert_eq!(
            speaker_of(&found, "shipments are continuing"),
            Some("James Jeffrey")
        );
        assert_eq!(
            speaker_of(&found, "Access is a major problem"),
            Some("James Jeffrey")
        );
        assert_eq!(
            speaker_of(&found, "refused food"),
            None,
            "an unnamed spokesman"
        );
        assert_eq!(speaker_of(&found, "amazing"), Some("James Jeffrey"));
    }

    #[test]
    fn statements_a_release_introduces() {
        // A release's statement intro speaks the quotations after it, even past a paragraph of
        // background, and a statement given without quotation marks is the maker's too.
        let text = "Congresswoman Jane Roe (D-CA) issued the following statement today as police \
                    investigated the fire.\n\
                    The fire broke out on Monday night in the district office.\n\
                    “This type of violence cannot be tolerated in any district.”\n\
                    Congressman Reyes released today the following statement:\n\
                    House leaders have made a mockery of the rules of this chamber.\n\
                    Rep. Reyes has served in the House since 2009 and chairs its ethics panel.";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "cannot be tolerated"), Some("Jane Roe"));
        assert_eq!(speaker_of(&found, "made a mockery"), Some("Reyes"));
        assert_eq!(speaker_of(&found, "has served in the House"), None);
    }

    #[test]
    fn cues_that_name_no_one_and_cues_that_hand_on() {
        // An unnamed speaker's quotation does not go on with the speaker before; a cue between
        // two quotations after a question belongs to the answer (an exchange quoted in an op-ed).
        let text = "“We will cut the deficit in half by 2030,” said Jane Roe.\n\
                    “The plan has no money behind it at all,” a spokesman for the party said. \
                    “It will fail.”\n\
                    Sen. Tom Reyes asked Director Ann Cole, “Does the agency collect any data at \
                    all on millions of Americans?” Cole answered “No, not in any way at all.”";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "cut the deficit"), Some("Jane Roe"));
        assert_eq!(speaker_of(&found, "no money behind it"), None);
        assert_eq!(speaker_of(&found, "It will fail"), None);
        assert_eq!(speaker_of(&found, "collect any data"), Some("Tom Reyes"));
        assert_eq!(speaker_of(&found, "not in any way"), Some("Ann Cole"));
    }

    #[test]
    fn a_quotation_over_paragraphs_without_marks_again() {
        // Releases often open a quotation once and close it paragraphs later.
        let text = "Congressman Tom Reyes released the following statement on the shooting.\n\
                    “I am deeply troubled by the events that took place today at the center.\n\
                    Thank you to the first responders who acted immediately to protect everyone.\n\
                    Our thoughts go out to the injured and to the whole community.”";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "first responders"), Some("Tom Reyes"));
        assert_eq!(
            found
                .iter()
                .find(|c| c.text.contains("first responders"))
                .map(|c| c.kind),
            Some(Kind::Quote)
        );
        assert_eq!(speaker_of(&found, "thoughts go out"), Some("Tom Reyes"));
    }

    #[test]
    fn a_surname_alone_next_to_a_quotation() {
        // A release may give only the surname: `“…,” said Amodei.`
        let text = "A student from Reno won the art competition this year.\n\
                    “We have some talented young artists in the district,” said Amodei.";
        let found = extract(text, None);
        assert_eq!(speaker_of(&found, "talented young artists"), Some("Amodei"));
    }

    #[test]
    fn section_labels_are_not_turns() {
        // Pattern 10: "FED TALK:" and "Watch:" name no one.
        let text = "FED TALK: Rates rose 2 percent last year.\nWatch: The market fell 3 percent.";
        let found = extract(text, None);
        assert!(found.iter().all(|c| c.kind != Kind::Turn), "{found:#?}");
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
