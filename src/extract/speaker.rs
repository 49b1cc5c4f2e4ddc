//! From the phrase a cue names to a speaker of the cast: a name (introduced if new, its title
//! kept as its role), a surname given before, a pronoun, a description ("the secretary", "the
//! agency") or an organisation; nobody when the phrase names no one the text identifies ("a
//! senior defense official", "police", "Gregory Meeks and Michael McCaul" together).

use super::names;
use super::people::{Cast, Gender, bare, capitalised, is_particle, is_title, without_asides};

/// Heads of a phrase that stand for unnamed people: never a speaker (pattern 10).
const UNNAMED: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "sources",
    "experts",
    "expert",
    "police",
    "witnesses",
    "analysts",
    "critics",
    "residents",
    "authorities",
    "people",
    "aides",
    "aide",
    "staffer",
    "staffers",
    "observers",
    "diplomats",
    "diplomat",
    "researchers",
    "scientists",
    "leaders",
    "lawmakers",
    "officers",
    "members",
    "journalists",
    "reporters",
    "workers",
    "man",
    "woman",
    "government",
    "statement",
    "report",
    "lawsuit",
    "documents",
    "media",
    "someone",
    "others",
    "many",
    "some",
    "both",
    "pair",
    "women",
    "men",
    "group",
    "officer",
    "leader",
    "chief",
];

/// Words that make a capitalised run an organisation ("the Defense Department").
const BODIES: &[&str] = &[
    "department",
    "agency",
    "service",
    "ministry",
    "commission",
    "committee",
    "office",
    "command",
    "council",
    "union",
    "institute",
    "bank",
    "corp.",
    "inc.",
    "company",
    "university",
    "court",
    "board",
    "administration",
    "organization",
    "organisation",
    "congress",
    "pentagon",
    "association",
    "foundation",
    "bureau",
    "house",
    "parliament",
    "senate",
    "army",
    "navy",
    "corps",
    "guard",
    "party",
    "fund",
    "commission",
    "center",
    "centre",
];

/// Words that can stand before a speaker without being part of the name (pattern 8): "Later,
/// during the debate, Roe", "Roe also".
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "further",
    "previously",
    "earlier",
    "still",
    "however",
    "but",
    "and",
    "yet",
    "now",
    "has",
    "have",
    "had",
    "was",
    "is",
    "today",
    "yesterday",
    "tonight",
    "recently",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "here",
    "publicly",
    "repeatedly",
    "once",
];

/// Who `phrase` names, or `None`.
pub fn resolve(cast: &mut Cast, phrase: &str) -> Option<usize> {
    // "Rep. Trey Gowdy (R-SC)": the party and state in brackets are not part of who it is.
    let phrase = without_asides(phrase);
    let phrase = phrase.replace(['—', '–'], ", ");
    let phrase = phrase
        .trim()
        .trim_matches(|ch: char| matches!(ch, ',' | ' '));
    // "Later, during the debate, Roe": the clause nearest the verb. An apposition after the
    // name ("Jim Doe, chief economist at Big Bank,") is its role, not a speaker.
    let clauses: Vec<&str> = phrase
        .split(", ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // An apposition is a role, not a speaker: "chairman of the committee", "a Republican".
    let clauses: Vec<&str> = if clauses.len() > 1 {
        clauses
            .iter()
            .copied()
            .filter(|clause| {
                let mut words = clause.split_whitespace();
                let first = words.next().unwrap_or("");
                let second = words.next().unwrap_or("");
                // "Chairman of the committee" is a role; "Representative Eliot Engel" a name.
                let role = is_title(first) && !capitalised(second);
                // "Maxine Waters, Ranking Member of the House Financial Services Committee": a
                // post in a body, after the name, is the name's role, not another speaker.
                let post_in_body = clause.contains(" of ")
                    && !names::is_first_name(first)
                    && clause
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| BODIES.contains(&bare(w).to_lowercase().as_str()));
                capitalised(first) && !role && !post_in_body
                    || matches!(first, "he" | "she" | "it" | "they")
            })
            .collect()
    } else {
        clauses
    };
    if clauses.is_empty() {
        return None;
    }
    if clauses.len() > 1 {
        if let Some(last) = clauses.last()
            && let Some(index) = resolve_clause(cast, last, false)
        {
            return Some(index);
        }
        // The name first, its role after: "Jim Doe, chief economist at Big Bank"; else any
        // clause, nearest the verb first ("Bronx, NY—Representative Eliot L. Engel, Chairman
        // of …").
        if let Some(index) = clauses
            .first()
            .and_then(|first| resolve_clause(cast, first, false))
        {
            return Some(index);
        }
        return clauses[1..clauses.len() - 1]
            .iter()
            .rev()
            .find_map(|clause| resolve_clause(cast, clause, false));
    }
    resolve_clause(
        cast,
        clauses[0],
        clauses.len() == 1 && !phrase.contains(", "),
    )
}

fn resolve_clause(cast: &mut Cast, clause: &str, whole: bool) -> Option<usize> {
    let mut words: Vec<&str> = clause.split_whitespace().map(bare).collect();
    while let Some(last) = words.last()
        && ADVERBS.contains(&last.to_lowercase().as_str())
    {
        words.pop();
    }
    while let Some(first) = words.first()
        && ADVERBS.contains(&first.to_lowercase().as_str())
    {
        words.remove(0);
    }
    // "the National Weather Service in Honolulu", "Roe at a news conference": the place is not
    // the name.
    if let Some(cut) = (1..words.len()).find(|&i| {
        matches!(
            words[i],
            "in" | "at" | "from" | "on" | "during" | "after" | "before"
        ) && capitalised(words[i - 1])
    }) {
        words.truncate(cut);
    }
    if words.is_empty() || words.len() > 10 {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match lower.as_slice() {
        [one] if one == "she" => return cast.pronoun(Gender::Female),
        [one] if one == "he" => return cast.pronoun(Gender::Male),
        [one] if one == "it" || one == "they" => return cast.organisation_pronoun(),
        [one] if matches!(one.as_str(), "i" | "we" | "you" | "who" | "which") => return None,
        _ => {}
    }
    // Two speakers at once are not one speaker.
    if lower.iter().any(|w| w == "and" || w == "or") {
        return None;
    }
    // A subject with a verb or a clause in it is not a name ("the report that …").
    if lower
        .iter()
        .any(|w| matches!(w.as_str(), "that" | "who" | "which" | "when" | "if"))
    {
        return None;
    }
    // The name: the run of capitalised words at the end, after any title ("VOA Director
    // Danforth W. Austin", "oil worker Jim Doe", "Mr. Reilly").
    let mut start = words.len();
    while start > 0
        && (capitalised(words[start - 1]) || (start < words.len() && is_particle(words[start - 1])))
    {
        start -= 1;
    }
    // "the Defense Department": a body, by its name.
    let run = &words[start..];
    let is_body = |w: &&str| BODIES.contains(&w.to_lowercase().as_str());
    if !run.is_empty() && run.iter().any(is_body) && !is_title(run[run.len() - 1]) {
        let name = run.join(" ");
        return Some(
            cast.find(&name)
                .unwrap_or_else(|| cast.introduce_organisation(&name)),
        );
    }
    // Title words at the start of the run belong to the role, not the name.
    let mut name_start = start;
    for (offset, word) in run.iter().enumerate() {
        if is_title(word)
            || matches!(
                word.to_lowercase().as_str(),
                "mr." | "ms." | "mrs." | "mr" | "ms" | "mrs"
            )
        {
            name_start = start + offset + 1;
        }
    }
    let mut name: Vec<&str> = words[name_start..].to_vec();
    // The sentence's full stop after a short surname ("said Jane Roe.") is not the name's; an
    // initial's or "Jr."'s is.
    if let Some(last) = name.last_mut() {
        let core = last.trim_end_matches('.');
        if core.len() >= 3 && !core.contains('.') {
            *last = core;
        }
    }
    let honorific = words[..name_start].iter().rev().find_map(|w| {
        match w.to_lowercase().trim_end_matches('.') {
            "ms" | "mrs" => Some(Gender::Female),
            "mr" => Some(Gender::Male),
            _ => None,
        }
    });
    if !name.is_empty() {
        let joined = name.join(" ");
        // "a spokesman for Joint Task Force-160": the name is whom the unnamed speaker works
        // for, not the speaker.
        if start > 0
            && matches!(
                lower[start - 1].as_str(),
                "for" | "of" | "at" | "with" | "from" | "by"
            )
        {
            return None;
        }
        if let Some(index) = cast.find(&joined) {
            cast.mention(index);
            if let Some(gender) = honorific {
                cast.learn_gender(index, gender);
            }
            return Some(index);
        }
        let capitals = name.iter().filter(|w| capitalised(w)).count();
        let role_words = &words[..name_start];
        // A new person: two to four capitalised words, all of the clause unless a title or a
        // role says who they are ("U.S. State Department official James Jeffrey").
        let person_like = (2..=4).contains(&capitals)
            && (names::is_first_name(name[0]) || name_start > start || (whole && start == 0));
        if person_like
            && !name
                .iter()
                .any(|w| BODIES.contains(&w.to_lowercase().as_str()))
        {
            let role = (!role_words.is_empty()).then(|| role_words.join(" "));
            let role = role.filter(|r| r.chars().next().is_some_and(char::is_uppercase));
            let index = cast.introduce(&joined, role.as_deref());
            if let Some(gender) = honorific {
                cast.learn_gender(index, gender);
            }
            return Some(index);
        }
        return None;
    }
    // No name: a description, resolved to whom the text introduced with that role (pattern 4).
    let head = lower.last()?;
    if UNNAMED.contains(&head.as_str()) {
        return None;
    }
    if matches!(
        lower.first().map(String::as_str),
        Some("the" | "this" | "that")
    ) {
        return cast.described(head);
    }
    None
}

/// Words that can stand alone, capitalised, where a cue's speaker goes without naming anyone.
const NOT_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "this",
    "that",
    "there",
    "here",
    "who",
    "which",
    "what",
    "one",
    "everyone",
    "nobody",
    "none",
];

/// The speaker of a quotation's own cue that names one capitalised word the text has not
/// introduced: `“…,” said Amodei.` when the release names him only so (or only with a district
/// in brackets the name did not survive). A surname, or an acronym's body (`“…,” FEMA said.`);
/// never a day, a month or a pronoun. Only for a quotation's cue, where the word is the subject
/// of the verb next to the quotation ("Washington said" in reported speech stays unresolved).
pub fn lone_name(cast: &mut Cast, phrase: &str) -> Option<usize> {
    let phrase = without_asides(phrase);
    // "said Representative DesJarlais", "said Chairman Issa": a title before the surname.
    let words: Vec<&str> = phrase
        .split_whitespace()
        .map(bare)
        .filter(|w| !ADVERBS.contains(&w.to_lowercase().as_str()))
        .skip_while(|w| {
            is_title(w)
                || matches!(
                    w.to_lowercase().as_str(),
                    "mr." | "ms." | "mrs." | "mr" | "ms" | "mrs"
                )
        })
        .collect();
    let [word] = words.as_slice() else {
        return None;
    };
    let word = word.trim_end_matches('.');
    let lower = word.to_lowercase();
    if word.chars().count() < 3
        || !capitalised(word)
        || !word
            .chars()
            .all(|ch| ch.is_alphabetic() || matches!(ch, '-' | '’' | '\''))
        || NOT_NAMES.contains(&lower.as_str())
        || UNNAMED.contains(&lower.as_str())
        || is_title(word)
    {
        return None;
    }
    if let Some(index) = cast.find(word) {
        return Some(index);
    }
    if word.chars().all(|ch| ch.is_uppercase()) {
        return Some(cast.introduce_organisation(word));
    }
    Some(cast.introduce(word, None))
}

/// A body described without a name ("the state utility board", "the transit authority"):
/// itself as a speaker, when the description ends with a word for a body; never a lone "city".
pub fn body(cast: &mut Cast, phrase: &str) -> Option<usize> {
    let words: Vec<&str> = phrase
        .split_whitespace()
        .skip_while(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
        .collect();
    let last = words.last()?.to_lowercase();
    let bodies = [
        "board",
        "authority",
        "commission",
        "department",
        "agency",
        "ministry",
        "office",
        "council",
        "court",
    ];
    if words.len() < 2 || words.len() > 6 || !bodies.contains(&last.as_str()) {
        return None;
    }
    let mut name = words.join(" ");
    if let Some(first) = name.get(..1) {
        name.replace_range(..1, &first.to_uppercase());
    }
    Some(
        cast.find(&name)
            .unwrap_or_else(|| cast.introduce_organisation(&name)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_titles_and_appositions() {
        let mut cast = Cast::default();
        let jeffrey = resolve(&mut cast, "U.S. State Department official James Jeffrey")
            .expect("a name after a role");
        assert_eq!(cast.person(jeffrey).name, "James Jeffrey");
        assert_eq!(resolve(&mut cast, "Jeffrey"), Some(jeffrey));
        let doe = resolve(&mut cast, "Jim Doe, chief economist at Big Bank,").expect("apposition");
        assert_eq!(cast.person(doe).name, "Jim Doe");
        let austin = resolve(&mut cast, "VOA Director Danforth W. Austin").expect("titled");
        assert_eq!(cast.person(austin).name, "Danforth W. Austin");
        assert_eq!(cast.person(austin).role.as_deref(), Some("VOA Director"));
        assert_eq!(
            resolve(&mut cast, "Later, during the debate, Jeffrey"),
            Some(jeffrey)
        );
        assert_eq!(resolve(&mut cast, "Jeffrey also"), Some(jeffrey));
    }

    #[test]
    fn a_lone_surname_next_to_a_quotation() {
        let mut cast = Cast::default();
        let amodei = lone_name(&mut cast, "Amodei").expect("a surname");
        assert_eq!(cast.person(amodei).name, "Amodei");
        assert_eq!(lone_name(&mut cast, "Amodei"), Some(amodei));
        let fema = lone_name(&mut cast, "FEMA").expect("an acronym's body");
        assert!(cast.person(fema).organisation);
        let issa = lone_name(&mut cast, "Chairman Issa").expect("a titled surname");
        assert_eq!(cast.person(issa).name, "Issa");
        assert_eq!(lone_name(&mut cast, "Tuesday"), None);
        assert_eq!(lone_name(&mut cast, "March"), None);
        assert_eq!(lone_name(&mut cast, "Officials"), None);
        assert_eq!(lone_name(&mut cast, "the mayor"), None);
    }

    #[test]
    fn descriptions_and_unnamed_people() {
        let mut cast = Cast::default();
        let vilsack = cast.introduce("Tom Vilsack", Some("Agriculture Secretary"));
        assert_eq!(resolve(&mut cast, "the Secretary"), Some(vilsack));
        assert_eq!(
            resolve(&mut cast, "the mayor"),
            None,
            "no mayor was introduced"
        );
        assert_eq!(resolve(&mut cast, "a senior defense official"), None);
        assert_eq!(resolve(&mut cast, "Police"), None);
        assert_eq!(resolve(&mut cast, "Gregory Meeks and Michael McCaul"), None);
        // A post in a body after the name is its role (a House release's "Ranking Member of
        // the … Committee").
        let waters = resolve(
            &mut cast,
            "Congresswoman Maxine Waters (CA-43), Ranking Member of the House Financial Services Committee,",
        )
        .expect("the name before its post");
        assert_eq!(cast.person(waters).name, "Maxine Waters");
        let department = resolve(&mut cast, "the Defense Department").expect("a body");
        assert!(cast.person(department).organisation);
        assert_eq!(resolve(&mut cast, "the department"), Some(department));
        assert_eq!(resolve(&mut cast, "it"), Some(department));
    }
}
