//! How worth checking a sentence is, from 0 to 1, by features a person can read: each adds or
//! takes away a fixed amount from a base of 0.3, and `--explain` lists them.
//!
//! Up: numbers and quantities (+0.3), comparisons and superlatives (+0.25: "closest ... ever",
//! "fallen dramatically", "more than"), claims of cause (+0.1: "because", "led to"), of time
//! (+0.1: "all along", "in recent years", "since 2019"), named people, places and bodies
//! (+0.1). Down: questions (-0.4), schedules and procedure (-0.3: "will visit Ecuador on
//! Thursday", "met with"), promises and plans (-0.15: "will", "plans to"), opinions and
//! attitudes (-0.15: "we respect", "I think", "should"), very short sentences (-0.2).

/// A feature found in a sentence and what it adds to the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: &'static str,
    pub weight: f64,
}

/// The score every sentence starts from.
const BASE: f64 = 0.3;

const COMPARISONS: &[&str] = &[
    "more than",
    "less than",
    "fewer than",
    "most",
    "least",
    "ever",
    "never",
    "record",
    "dramatically",
    "sharply",
    "significantly",
    "doubled",
    "tripled",
    "halved",
    "highest",
    "lowest",
    "largest",
    "smallest",
    "biggest",
    "fastest",
    "worst",
    "best",
    "only",
    "every",
    "all",
    "nobody",
    "no one",
    "none",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "fallen",
    "fell",
    "risen",
    "rose",
    "dropped",
    "grew",
    "declined",
    "surged",
    "soared",
    "plunged",
    "than any",
    "compared",
];

const CAUSES: &[&str] = &[
    "because",
    "due to",
    "led to",
    "leads to",
    "caused",
    "causes",
    "result of",
    "resulted",
    "thanks to",
    "blame",
    "responsible for",
    "so that",
];

const TIMES: &[&str] = &[
    "all along",
    "in recent years",
    "since",
    "for the first time",
    "decade",
    "decades",
    "years ago",
    "every year",
    "last year",
    "this year",
    "in history",
    "always",
    "until now",
];

const PROCEDURE: &[&str] = &[
    "will visit",
    "met with",
    "meet with",
    "meeting with",
    "will meet",
    "spoke after",
    "on monday",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on friday",
    "on saturday",
    "on sunday",
    "will travel",
    "arrived",
    "is scheduled",
    "press conference",
    "told reporters",
    "said in a statement",
    "will hold",
    "held talks",
];

const PLANS: &[&str] = &[
    "will",
    "would",
    "plans to",
    "plan to",
    "going to",
    "intends to",
    "pledged",
    "promised",
    "vowed",
    "hopes to",
    "aims to",
];

const OPINIONS: &[&str] = &[
    "i think",
    "we think",
    "i believe",
    "we believe",
    "we respect",
    "should",
    "must",
    "hope",
    "it's fundamental",
    "it’s fundamental",
    "important",
    "we want",
    "i want",
    "feel",
    "wonderful",
    "terrible",
    "great",
];

/// The features of a sentence.
pub fn features(sentence: &str) -> Vec<Feature> {
    let lower = format!(" {} ", sentence.to_lowercase().replace(['’', '\''], "’"));
    let has = |phrase: &str| {
        let phrase = phrase.replace('\'', "’");
        lower.contains(&format!(" {phrase} "))
            || lower.contains(&format!(" {phrase},"))
            || lower.contains(&format!(" {phrase}."))
    };
    let mut found = Vec::new();
    let mut add = |name: &'static str, weight: f64| found.push(Feature { name, weight });
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let numeric = words
        .iter()
        .any(|word| word.chars().any(|ch| ch.is_ascii_digit()))
        || [
            "percent", "million", "billion", "thousand", "hundred", "half", "dozen", "%",
        ]
        .iter()
        .any(|word| has(word) || lower.contains(word));
    if numeric {
        add("a number or quantity", 0.3);
    }
    let superlative = words.iter().any(|word| {
        let w = word
            .trim_matches(|ch: char| !ch.is_alphanumeric())
            .to_lowercase();
        w.len() > 5
            && w.ends_with("est")
            && ![
                "interest", "request", "protest", "suggest", "harvest", "honest", "latest",
            ]
            .iter()
            .any(|not| w.ends_with(not))
    });
    // "more aggressively than", "safer than": a comparison whatever the adjective.
    let compared = words.windows(2).any(|pair| {
        let (first, second) = (pair[0].to_lowercase(), pair[1].to_lowercase());
        second.trim_matches(|ch: char| !ch.is_alphanumeric()) == "than"
            && (first.ends_with("er") || first.ends_with("ly"))
    });
    if superlative || compared || COMPARISONS.iter().any(|phrase| has(phrase)) {
        add("a comparison or superlative", 0.25);
    }
    if CAUSES.iter().any(|phrase| has(phrase)) {
        add("a claim of cause", 0.1);
    }
    let year = words.iter().any(|word| {
        let w = word.trim_matches(|ch: char| !ch.is_ascii_digit());
        w.len() == 4 && (w.starts_with("19") || w.starts_with("20"))
    });
    if year || TIMES.iter().any(|phrase| has(phrase)) {
        add("a claim about time", 0.1);
    }
    let named = words
        .iter()
        .skip(1)
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .count();
    if named > 0 {
        add("named people, places or bodies", 0.1);
    }
    if sentence
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with('?')
    {
        add("a question", -0.4);
    }
    if PROCEDURE.iter().any(|phrase| has(phrase)) {
        add("a schedule or procedure", -0.3);
    }
    if PLANS.iter().any(|phrase| has(phrase)) {
        add("a promise or plan", -0.15);
    }
    if OPINIONS.iter().any(|phrase| has(phrase)) {
        add("an opinion or attitude", -0.15);
    }
    if words.len() < 4 {
        add("very short", -0.2);
    }
    found
}

/// The score of a sentence with these features, from 0 to 1, to two decimals.
pub fn score(features: &[Feature]) -> f64 {
    let total = BASE + features.iter().map(|feature| feature.weight).sum::<f64>();
    (total.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(sentence: &str) -> f64 {
        score(&features(sentence))
    }

    #[test]
    fn checkable_claims_score_high_and_procedure_low() {
        assert!(
            of(
                "It’s the closest cooperation we’ve ever had, maybe between any country, but \
                definitely between the U.S. and Mexico"
            ) >= 0.6
        );
        assert!(of("All 11 were killed.") >= 0.5);
        assert!(of("Migration has fallen dramatically.") >= 0.5);
        assert!(of("Rubio will visit Ecuador on Thursday on his third trip.") < 0.3);
        assert!(of("Is this the closest cooperation ever?") < 0.5);
        assert!(of("We respect a lot the relationship.") < 0.4);
    }
}
