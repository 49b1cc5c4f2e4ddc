//! Likely repeats in an import too large to search the database row by row: the rows that say
//! what a claim logged before (or an earlier row) says in other words are reported, with their
//! lines and the claims they repeat, and the rows that only look alike are not.

use crate::support::TestEnv;

/// How many rows the file holds: well past the size up to which an import searches row by row.
const ROWS: usize = 1_500;

/// A made-up word for each number (five syllables, so none is a real word or another's stem).
fn nonce(mut n: usize) -> String {
    const SYLLABLES: [&str; 8] = ["ba", "ko", "ri", "mu", "te", "zo", "pi", "nu"];
    let mut word = String::new();
    for _ in 0..5 {
        word.push_str(SYLLABLES[n % 8]);
        n /= 8;
    }
    word
}

/// A row that shares no content word with any other.
fn filler(row: usize) -> String {
    let words: Vec<String> = (0..9).map(|i| nonce(row * 9 + i)).collect();
    format!(
        "The {} of {} rose in {}.",
        words[..3].join(" "),
        words[3..6].join(" "),
        words[6..].join(" ")
    )
}

#[test]
fn a_large_import_reports_claims_said_before_in_other_words() {
    let env = TestEnv::new();
    let cartels = env.add(
        "Mexico's government has delivered 55 cartel figures long wanted by U.S. authorities.",
        "Associated Press",
        "2025-09-03",
    );
    let troops = env.add(
        "Mexico has deployed 10,000 National Guard troops to its northern border to stop \
         fentanyl trafficking.",
        "Claudia Sheinbaum",
        "2025-09-03",
    );
    // Each row by its index in the file (line = index + 2, after the header).
    let mut rows: Vec<(String, String)> = (0..ROWS)
        .map(|row| (filler(row), "Desk Archive".to_string()))
        .collect();
    let crossings = 300;
    rows[crossings] = (
        "Illegal border crossings have fallen to the lowest level in the history of our country."
            .to_string(),
        "Donald Trump".to_string(),
    );
    let repeats = [
        (
            400,
            "Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. authorities.",
            "Marco Rubio",
        ),
        (
            900,
            "Trump said illegal crossings at the border have fallen to the lowest level in our \
             country's history.",
            "Donald Trump",
        ),
        (
            1_400,
            "To stop fentanyl trafficking, Mexico deployed ten thousand National Guard troops to \
             the northern border, Sheinbaum said.",
            "Claudia Sheinbaum",
        ),
    ];
    for (row, text, speaker) in repeats {
        rows[row] = (text.to_string(), speaker.to_string());
    }
    // Alike, but other claims: another number, and the same subject with the facts swapped.
    rows[1_200] = (
        "Mexico has delivered 29 cartel figures long wanted by U.S. authorities.".to_string(),
        "Associated Press".to_string(),
    );
    rows[1_300] = (
        "Illegal border crossings have risen to the highest level in the history of our country."
            .to_string(),
        "Donald Trump".to_string(),
    );
    let path = env.dir().join("archive.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(["text", "speaker"]).unwrap();
    for (text, speaker) in &rows {
        writer.write_record([text, speaker]).unwrap();
    }
    writer.flush().unwrap();

    let stdout = env.ok(&["import", path.to_str().unwrap()]);
    // The claims logged before are 1 and 2; the file's rows follow in order.
    let claim_of_row = |row: usize| row as i64 + 3;
    let expected = format!(
        "3 rows likely say what a claim already logged says, in other words (see `claims \
         similar`): line {} (claim {cartels}), line {} (claim {}), line {} (claim {troops}).",
        repeats[0].0 + 2,
        repeats[1].0 + 2,
        claim_of_row(crossings),
        repeats[2].0 + 2,
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(
        stdout.contains("Imported 1,500 claims from archive.csv."),
        "{stdout}"
    );
}

#[test]
fn a_large_import_from_standard_input_reports_them_too() {
    let env = TestEnv::new();
    let cartels = env.add(
        "Mexico's government has delivered 55 cartel figures long wanted by U.S. authorities.",
        "Associated Press",
        "2025-09-03",
    );
    let mut csv = String::from("text,speaker\n");
    for row in 0..ROWS {
        if row == 700 {
            csv.push_str(
                "\"Rubio said Mexico delivered fifty-five cartel figures long wanted by U.S. \
                 authorities.\",Marco Rubio\n",
            );
        } else {
            csv.push_str(&format!("{},Desk Archive\n", filler(row)));
        }
    }
    let stdout = env
        .cmd()
        .args(["import", "-", "--format", "csv"])
        .write_stdin(csv)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "likely say what a claim already logged says, in other words (see `claims \
             similar`): line 702 (claim {cartels})."
        )),
        "{stdout}"
    );
}

/// A large file: the rows by their index in it (line = index + 2), every one unlike the others.
fn archive(env: &TestEnv, rows: &[String]) -> String {
    let path = env.dir().join("archive.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(["text", "speaker"]).unwrap();
    for text in rows {
        writer.write_record([text, "Desk Archive"]).unwrap();
    }
    writer.flush().unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_large_import_counts_every_row_found_and_names_the_first_five_in_file_order() {
    let env = TestEnv::new();
    let mut rows: Vec<String> = (0..ROWS).map(filler).collect();
    // Eight rows that each say what a row 500 lines before says, in other words, spread
    // through the file so that they come from far apart in its temporary files.
    let repeated: Vec<usize> = (0..8).map(|n| 600 + n * 110).collect();
    for row in &repeated {
        let words: Vec<String> = (0..9).map(|i| nonce((row - 500) * 9 + i)).collect();
        rows[*row] = format!(
            "Officials said that in {} the {} of {} rose.",
            words[6..].join(" "),
            words[..3].join(" "),
            words[3..6].join(" ")
        );
    }
    let stdout = env.ok(&["import", &archive(&env, &rows)]);
    // The file's rows are claims 1, 2, ... in order.
    let named: Vec<String> = repeated[..5]
        .iter()
        .map(|row| format!("line {} (claim {})", row + 2, row - 500 + 1))
        .collect();
    let expected = format!(
        "8 rows likely say what a claim already logged says, in other words (see `claims \
         similar`): {}",
        named.join(", ")
    );
    assert!(stdout.contains(&format!("{expected}, …")), "{stdout}");
}

#[test]
fn a_large_import_where_no_temporary_file_can_be_made_says_so_and_writes_nothing() {
    let env = TestEnv::new();
    env.add(
        "Mexico's government has delivered 55 cartel figures long wanted by U.S. authorities.",
        "Associated Press",
        "2025-09-03",
    );
    let rows: Vec<String> = (0..ROWS).map(filler).collect();
    let path = archive(&env, &rows);
    let before = env.export_json();
    let missing = env.dir().join("no-such-folder");
    let mut import = env.cmd();
    import.env("TMPDIR", &missing).args(["import", &path]);
    let error = env.fails_with(import);
    assert!(
        error.contains(&format!(
            "the search for likely repeats could not use its temporary files in {}",
            missing.display()
        )) && error.contains(
            "nothing was imported: set TMPDIR to a directory with room, or import with \
             --exact-repeats-only"
        ),
        "{error}"
    );
    assert_eq!(
        before,
        env.export_json(),
        "the failed import changed the database"
    );
    // The way out it names works.
    let mut exact = env.cmd();
    exact
        .env("TMPDIR", &missing)
        .args(["import", &path, "--exact-repeats-only"]);
    assert!(
        env.ok_with(exact)
            .contains("Imported 1,500 claims from archive.csv.")
    );
}
