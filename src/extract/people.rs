//! Who is who in an article: names introduced with their role ("U.S. Secretary of State Marco
//! Rubio"), and the later mentions that stand for them ("Rubio", "de la Fuente", "she").

use std::collections::HashMap;

/// A person the text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name as first given in full ("Marco Rubio", "State Department").
    pub name: String,
    /// The title given before the name on first mention, if any.
    pub role: Option<String>,
    /// What the text's pronouns can say of them.
    pub gender: Gender,
    /// A body ("the agency", "it", "they"), not a person ("she", "he").
    pub organisation: bool,
}

/// What the text's pronouns can tell of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// "she".
    Female,
    /// "he".
    Male,
    /// Nothing known.
    Unknown,
}

/// The words that make a title of office when they end a run of capitalised words.
const TITLES: &[&str] = &[
    "president",
    "secretary",
    "minister",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "mayor",
    "ambassador",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "rep.",
    "general",
    "gen.",
    "commissioner",
    "speaker",
    "leader",
    "judge",
    "justice",
    "king",
    "queen",
    "pope",
    "prosecutor",
    "sheriff",
    "attorney",
    "administrator",
    "adviser",
    "advisor",
    "officer",
    "candidate",
    "dr.",
    "prof.",
    "premier",
    "chancellor",
    "envoy",
    "lawmaker",
    "congressman",
    "congresswoman",
    "councilman",
    "councilwoman",
    "lt.",
    "col.",
    "adm.",
    "spc.",
    "pfc.",
    "cpl.",
    "maj.",
    "brig.",
    "cmdr.",
    "sgt.",
    "capt.",
    "undersecretary",
    "commander",
    "coach",
    "economist",
    "analyst",
    "correspondent",
    "executive",
];

/// Words that join the parts of a name or a title without a capital.
const PARTICLES: &[&str] = &[
    "de", "la", "del", "van", "von", "da", "di", "le", "bin", "al", "dos",
];

/// Everyone the text has named so far, and the order they were last mentioned in.
#[derive(Debug, Default)]
pub struct Cast {
    people: Vec<Person>,
    /// The last word of each name ("rubio") and its particle form ("de la fuente"): index.
    by_surname: HashMap<String, usize>,
    /// Indexes into `people`, the most recently mentioned last.
    recent: Vec<usize>,
}

impl Cast {
    /// The person with this full name, adding them (with `role`) on first mention.
    pub fn introduce(&mut self, name: &str, role: Option<&str>) -> usize {
        if let Some(index) = self.find(name) {
            if self.people[index].role.is_none() {
                self.people[index].role = role.map(str::to_string);
            }
            self.mention(index);
            return index;
        }
        let first = name.split_whitespace().next().unwrap_or("");
        self.people.push(Person {
            name: name.to_string(),
            role: role.map(str::to_string),
            gender: super::names::gender(first),
            organisation: false,
        });
        let index = self.people.len() - 1;
        for key in surname_keys(name) {
            self.by_surname.entry(key).or_insert(index);
        }
        self.mention(index);
        index
    }

    /// Who a name in the text is: the full name, or a surname given before.
    pub fn find(&self, name: &str) -> Option<usize> {
        let lower = name.to_lowercase();
        self.people
            .iter()
            .position(|person| person.name.to_lowercase() == lower)
            .or_else(|| self.by_surname.get(&lower).copied())
    }

    /// Records that the person was mentioned now (for pronouns).
    pub fn mention(&mut self, index: usize) {
        self.recent.retain(|i| *i != index);
        self.recent.push(index);
    }

    /// Who "she" or "he" is: the last mentioned person of that gender; else, if only one person
    /// of unknown gender was mentioned, that one; else nobody (left unresolved, not guessed).
    pub fn pronoun(&self, gender: Gender) -> Option<usize> {
        let last_of = self
            .recent
            .iter()
            .rev()
            .find(|i| self.people[**i].gender == gender && !self.people[**i].organisation);
        if let Some(index) = last_of {
            return Some(*index);
        }
        let unknown: Vec<&usize> = self
            .recent
            .iter()
            .filter(|i| {
                self.people[**i].gender == Gender::Unknown && !self.people[**i].organisation
            })
            .collect();
        match unknown.as_slice() {
            [only] => Some(**only),
            _ => None,
        }
    }

    /// The body with this name, adding it on first mention (pattern 4: "the agency said").
    pub fn introduce_organisation(&mut self, name: &str) -> usize {
        let index = self.introduce(name, None);
        let body = &mut self.people[index];
        body.organisation = true;
        body.gender = Gender::Unknown;
        index
    }

    /// Learns a person's gender from the text itself ("Ms. Roe", "Roe … she said"): it wins over
    /// the first-name list.
    pub fn learn_gender(&mut self, index: usize, gender: Gender) {
        if !self.people[index].organisation && gender != Gender::Unknown {
            self.people[index].gender = gender;
        }
    }

    /// Who a description stands for (pattern 4): "the secretary" is the person most recently
    /// mentioned whose role has that word ("Agriculture Secretary"); "the department" the body
    /// whose name has it. Nobody when none was introduced so.
    pub fn described(&self, head: &str) -> Option<usize> {
        let head = head.to_lowercase();
        let has = |text: &str| {
            text.split_whitespace()
                .any(|word| bare(word).trim_end_matches('.').to_lowercase() == head)
        };
        self.recent.iter().rev().copied().find(|index| {
            let person = &self.people[*index];
            if person.organisation {
                has(&person.name)
            } else {
                person.role.as_deref().is_some_and(has)
            }
        })
    }

    /// Who "it" or "they" is: the body mentioned last, if any.
    pub fn organisation_pronoun(&self) -> Option<usize> {
        self.recent
            .iter()
            .rev()
            .copied()
            .find(|index| self.people[*index].organisation)
    }

    /// A person by index.
    pub fn person(&self, index: usize) -> &Person {
        &self.people[index]
    }
}

/// The keys a later mention may use: the last word ("rubio"), and from the first particle on
/// ("de la fuente").
fn surname_keys(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut keys = Vec::new();
    if let Some(last) = words.last()
        && words.len() > 1
    {
        keys.push(last.to_lowercase());
    }
    if let Some(start) = words
        .iter()
        .position(|word| PARTICLES.contains(&word.to_lowercase().as_str()))
        && start > 0
    {
        keys.push(words[start..].join(" ").to_lowercase());
    }
    keys
}

/// Whether a word starts with a capital letter (or is an initial or an abbreviation like
/// "U.S.").
pub fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => true,
        // "dePalo", "deBlasio": a surname with a lowercase particle glued on.
        Some(first) if first.is_lowercase() => {
            word.len() > 4 && chars.take(3).any(char::is_uppercase)
        }
        _ => false,
    }
}

/// Whether a word is a title of office.
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word.to_lowercase().as_str())
}

/// Whether a word joins the parts of a name.
pub fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

/// A word without its possessive and surrounding punctuation: "Rubio’s," → "Rubio".
pub fn bare(word: &str) -> &str {
    let word = word.trim_matches(|ch: char| {
        matches!(
            ch,
            ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')' | '—' | '–'
        )
    });
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    word.trim_end_matches(['’', '\''])
}

/// Titled names in a sentence: ("U.S. Secretary of State", "Marco Rubio") for "U.S. Secretary
/// of State Marco Rubio’s visit". A title is a run of capitalised words (joined by "of", "the",
/// "for", "and") that has a title word in it; the name is the two to four capitalised words (and
/// particles) right after it.
pub fn titled_names(sentence: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < words.len() {
        // A run of capitalised words and joiners.
        let start = index;
        let mut end = index;
        let mut titled_at = None;
        while end < words.len() {
            // An aside in brackets ends a title or a name: "Rep. Jane Roe (D-Calif.)" is Jane
            // Roe, "(D-Calif.)" her party and state.
            if end > start && is_aside(words[end]) {
                break;
            }
            let word = bare(words[end]);
            // Joiners inside a title ("Secretary of State") or a name ("Ramón de la Fuente"),
            // when a capitalised word follows them.
            let joiner = end > start
                && (matches!(word, "of" | "the" | "for" | "and") || is_particle(word))
                && words[end + 1..]
                    .iter()
                    .map(|w| bare(w))
                    .find(|w| !is_particle(w))
                    .is_some_and(capitalised);
            if !(capitalised(word) || joiner) {
                break;
            }
            if is_title(word) {
                titled_at = Some(end);
            }
            // A title stops at punctuation: "Secretary of State," ends it.
            if words[end].ends_with([',', ';', ':', '.']) && !is_abbreviation(words[end]) {
                end += 1;
                break;
            }
            end += 1;
        }
        if let Some(title_end) = titled_at {
            // The title is everything up to the title word and its "of ..." complement; the
            // name follows. With "Secretary of State Marco Rubio", the complement is "of State".
            let mut name_start = title_end + 1;
            // "of" only belongs to the title when it is inside the run ("Secretary of:" ends
            // the run before it).
            if name_start < end && bare(words[name_start]) == "of" {
                name_start += 1;
                while name_start < end
                    && capitalised(bare(words[name_start]))
                    && name_start + 2 < end
                {
                    name_start += 1;
                }
            }
            let name_words: Vec<&str> = words[name_start..end.min(name_start + 5)]
                .iter()
                .take_while(|w| !is_aside(w))
                .map(|w| bare(w).trim_end_matches('.'))
                .take_while(|w| capitalised(w) || is_particle(w))
                .collect();
            let capitals = name_words.iter().filter(|w| capitalised(w)).count();
            if (2..=4).contains(&capitals) && capitalised(name_words[name_words.len() - 1]) {
                let title: Vec<&str> = words[start..name_start].iter().map(|w| bare(w)).collect();
                let title = title.join(" ");
                let title = title.trim_start_matches("The ").trim_start_matches("the ");
                found.push((title.to_string(), name_words.join(" ")));
            }
        }
        index = end.max(index + 1);
    }
    found
}

/// Whether a word opens an aside in brackets ("(R-S.C.)", "(AL-04)", "(NATO)"): what follows a
/// name in brackets — a party and district, an acronym — is not part of the name.
pub fn is_aside(word: &str) -> bool {
    word.starts_with('(')
}

/// A phrase without its asides in brackets: "Sen. Ron Wyden (D-OR)" → "Sen. Ron Wyden".
pub fn without_asides(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    let mut depth = 0usize;
    for ch in phrase.chars() {
        match ch {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_abbreviation(word: &str) -> bool {
    let lower = bare(word).to_lowercase();
    lower.contains('.') && lower.len() <= 5 || TITLES.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_names() {
        assert_eq!(
            titled_names(
                "Mexico and the United States agreed during U.S. Secretary of State Marco \
                 Rubio’s visit to keep collaborating"
            ),
            [(
                "U.S. Secretary of State".to_string(),
                "Marco Rubio".to_string()
            )]
        );
        assert_eq!(
            titled_names("Mexico Foreign Affairs Secretary Ramón de la Fuente said, “It’s"),
            [(
                "Mexico Foreign Affairs Secretary".to_string(),
                "Ramón de la Fuente".to_string()
            )]
        );
        assert_eq!(
            titled_names("after meeting with Mexican President Claudia Sheinbaum to stress"),
            [(
                "Mexican President".to_string(),
                "Claudia Sheinbaum".to_string()
            )]
        );
        assert_eq!(
            titled_names("a day after President Donald Trump dramatically stepped up"),
            [("President".to_string(), "Donald Trump".to_string())]
        );
        // A party and district in brackets after the name are not the name (the usual form of
        // U.S. congressional releases and news).
        assert_eq!(
            titled_names("Congressman Mark Amodei (NV-2) today voted"),
            [("Congressman".to_string(), "Mark Amodei".to_string())]
        );
        assert_eq!(without_asides("Sen. Ron Wyden (D-OR)"), "Sen. Ron Wyden");
        // Found by fuzzing: a title whose "of" ends the text once panicked.
        assert!(titled_names("Secretary of:").is_empty());
        assert!(titled_names("the Secretary of").is_empty());
    }

    #[test]
    fn later_mentions_and_pronouns() {
        let mut cast = Cast::default();
        let rubio = cast.introduce("Marco Rubio", Some("U.S. Secretary of State"));
        let fuente = cast.introduce("Ramón de la Fuente", None);
        let sheinbaum = cast.introduce("Claudia Sheinbaum", None);
        assert_eq!(cast.find("Rubio"), Some(rubio));
        assert_eq!(cast.find("de la Fuente"), Some(fuente));
        assert_eq!(cast.pronoun(Gender::Female), Some(sheinbaum));
        assert_eq!(cast.pronoun(Gender::Male), Some(fuente));
        let mut strangers = Cast::default();
        strangers.introduce("Alex Morgan", None);
        strangers.introduce("Sam Lee", None);
        assert_eq!(
            strangers.pronoun(Gender::Female),
            None,
            "ambiguous: not guessed"
        );
    }
}
