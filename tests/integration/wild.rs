//! Other people's real files (`../shared/data/wild/`, described in its README) imported with
//! the commands the README documents, one each. Every record with claim text must land with
//! its exact text, speaker, date and verdict, checked against the source file read here on
//! its own (the csv crate, serde_json, and a line reader for the Snopes dumps that are not
//! valid JSON), not through `claims`' import code. Skipped where the folder is not present.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

use crate::support::TestEnv;

/// What one record of a source file must become.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    text: String,
    speaker: String,
    said_on: Option<String>,
    status: String,
}

fn wild(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/wild")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data/wild/{name} is not here");
        None
    }
}

/// A value as `claims` keeps it: without the spaces around it, with plain line ends.
fn kept(value: &str) -> String {
    value.trim().replace("\r\n", "\n")
}

/// A date as the test reads it: ISO, an RFC 3339 moment's day, or `9 October 2020`.
fn day(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d %B %Y"))
        .unwrap_or_else(|_| panic!("the test cannot read the date {value:?}"));
    Some(parsed.to_string())
}

/// A label as the scale's verdict: the mapping the command passes, else the label's slug.
fn verdict(label: &str, map: &[(&str, &str)]) -> String {
    let slug = |text: &str| {
        text.trim()
            .to_lowercase()
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    map.iter()
        .find(|(from, _)| slug(from) == slug(label))
        .map_or_else(|| slug(label), |(_, to)| to.to_string())
}

fn status_maps(map: &[(&str, &str)]) -> Vec<String> {
    map.iter()
        .flat_map(|(from, to)| ["--status-map".to_string(), format!("{from}={to}")])
        .collect()
}

/// Imports `file` with `args` into a new database (on `scale`) and checks every claim.
fn imports_exactly(file: &Path, scale: &str, args: &[String], expected: &[Expected]) {
    let env = TestEnv::new();
    if scale != "default" {
        env.ok(&["scale", "use", scale]);
    }
    let mut command = vec!["import".to_string(), file.to_str().unwrap().to_string()];
    command.extend(args.iter().cloned());
    // The test clock stands in 2025; these files run to 2026.
    let output = env
        .cmd()
        .env("CLAIMS_NOW", "2026-12-01T12:00:00Z")
        .args(&command)
        .assert()
        .success()
        .get_output()
        .clone();
    let summary = String::from_utf8(output.stdout).unwrap();
    let claims = env.export_json();
    let claims = claims.as_array().unwrap();
    assert_eq!(
        claims.len(),
        expected.len(),
        "{}: {summary}",
        file.display()
    );
    for (claim, want) in claims.iter().zip(expected) {
        let got = Expected {
            text: claim["text"].as_str().unwrap().to_string(),
            speaker: claim["speaker"].as_str().unwrap().to_string(),
            said_on: claim["said_on"].as_str().map(str::to_string),
            status: claim["status"].as_str().unwrap().to_string(),
        };
        // A speaker is one person however a file capitalises the name: the claim is filed
        // under the first spelling ("Multiple sources" and "Multiple Sources").
        let same = Expected {
            speaker: want.speaker.clone(),
            ..got.clone()
        };
        assert!(
            got.speaker.to_lowercase() == want.speaker.to_lowercase(),
            "{}: claim {}: speaker {:?}, expected {:?}",
            file.display(),
            claim["id"],
            got.speaker,
            want.speaker
        );
        assert_eq!(&same, want, "{} (claim {})", file.display(), claim["id"]);
    }
}

fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            header
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn a_politifact_scrape_imports_with_its_labels_mapped() {
    let Some(file) = wild("abhishek_politifact_data.csv") else {
        return;
    };
    let map = [
        ("Pants Fire", "pants-on-fire"),
        ("Barely True", "mostly-false"),
        ("Full Flop", "unverified"),
        ("Half Flip", "unverified"),
        ("No Flip", "unverified"),
    ];
    let expected: Vec<Expected> = csv_rows(&file)
        .iter()
        .filter(|row| !row["statement"].trim().is_empty())
        .map(|row| Expected {
            text: kept(&row["statement"]),
            speaker: kept(&row["source"]),
            said_on: day(&row["date"]),
            status: verdict(&row["label"], &map),
        })
        .collect();
    let mut args: Vec<String> = [
        "--map",
        "text=statement",
        "--map",
        "speaker=source",
        "--map",
        "verdict_by=author",
        "--map",
        "status=label",
    ]
    .map(String::from)
    .to_vec();
    args.extend(status_maps(&map));
    imports_exactly(&file, "politifact", &args, &expected);
}

/// The `--status-map` a command passes: a file's label, and the verdict it becomes.
type LabelMap<'a> = &'a [(&'a str, &'a str)];

/// The ClaimsKG samples, each with its site's labels mapped.
#[test]
fn every_claimskg_sample_imports_with_one_command() {
    let sites: [(&str, &str, LabelMap); 5] = [
        ("politifact", "politifact", &[]),
        (
            "snopes",
            "default",
            &[
                ("Mixture", "half-true"),
                ("Legend", "unproven"),
                ("Miscaptioned", "misleading"),
                ("Correct Attribution", "true"),
                ("Originated as Satire", "misleading"),
            ],
        ),
        (
            "fullfact",
            "default",
            &[("Mixture", "half-true"), ("Other", "unverified")],
        ),
        (
            "afpfactcheck",
            "default",
            &[
                ("Missing context", "misleading"),
                ("Altered image", "false"),
            ],
        ),
        (
            "truthorfiction",
            "default",
            &[
                ("Unknown", "unproven"),
                ("Decontextualized", "misleading"),
                ("Not True", "false"),
                ("Misattributed", "false"),
                ("Mixed", "half-true"),
            ],
        ),
    ];
    for (site, scale, map) in sites {
        let Some(file) = wild(&format!("claimskg_{site}.csv")) else {
            continue;
        };
        let expected: Vec<Expected> = csv_rows(&file)
            .iter()
            .filter(|row| !row["claimReview_claimReviewed"].trim().is_empty())
            .map(|row| {
                // The author is the claimant unless the row links the writer's staff page.
                let author = kept(&row["creativeWork_author_name"]);
                let speaker =
                    if row["claimReview_author_url"].trim().is_empty() && !author.is_empty() {
                        author
                    } else {
                        "Unknown".to_string()
                    };
                Expected {
                    text: kept(&row["claimReview_claimReviewed"]),
                    speaker,
                    said_on: day(&row["creativeWork_datePublished"]),
                    status: verdict(&row["rating_alternateName"], map),
                }
            })
            .collect();
        let mut args: Vec<String> = ["--format", "claimskg", "--set", "speaker=Unknown"]
            .map(String::from)
            .to_vec();
        args.extend(status_maps(map));
        imports_exactly(&file, scale, &args, &expected);
    }
}

#[test]
fn real_claimreview_objects_import_with_their_dates_and_reviewers() {
    let map = [
        ("Falso", "false"),
        ("Mixto", "half-true"),
        ("Not really, charts say", "false"),
    ];
    for name in ["crc_cr1.json", "crc_cr2.json", "crc_cr3.json"] {
        let Some(file) = wild(name) else {
            continue;
        };
        let review: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let item = &review["itemReviewed"];
        let expected = vec![Expected {
            text: kept(review["claimReviewed"].as_str().unwrap()),
            speaker: kept(item["author"]["name"].as_str().unwrap()),
            said_on: item["datePublished"].as_str().and_then(day),
            status: verdict(
                review["reviewRating"]["alternateName"].as_str().unwrap(),
                &map,
            ),
        }];
        let mut args: Vec<String> = ["--format", "claimreview"].map(String::from).to_vec();
        args.extend(status_maps(&map));
        imports_exactly(&file, "default", &args, &expected);
    }
    // The verdict is the review's: its author and its date, not the importer's and today.
    let Some(file) = wild("crc_cr1.json") else {
        return;
    };
    let env = TestEnv::new();
    env.ok(&[
        "import",
        file.to_str().unwrap(),
        "--format",
        "claimreview",
        "--status-map",
        "Falso=false",
    ]);
    let claim = &env.export_json()[0];
    let decision = claim["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["field"] == "status")
        .unwrap();
    assert_eq!(decision["actor"], "Factual");
    assert_eq!(decision["at"], "2020-10-07T20:05:00Z");
    let show = env.ok(&["show", "1"]);
    assert!(show.contains("false by Factual on 2020-10-07"), "{show}");
}

#[test]
fn a_google_fact_check_response_imports_as_a_named_format() {
    let Some(file) = wild("google_factcheck_api_response.json") else {
        return;
    };
    let map = [("Pants on Fire", "false")];
    let response: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let expected: Vec<Expected> = response["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| Expected {
            text: kept(claim["text"].as_str().unwrap()),
            speaker: kept(claim["claimant"].as_str().unwrap()),
            said_on: claim["claimDate"].as_str().and_then(day),
            status: verdict(
                claim["claimReview"][0]["textualRating"].as_str().unwrap(),
                &map,
            ),
        })
        .collect();
    let mut args: Vec<String> = ["--format", "google"].map(String::from).to_vec();
    args.extend(status_maps(&map));
    imports_exactly(&file, "default", &args, &expected);
}

/// The Snopes dumps are not valid JSON (quotation marks inside strings are not escaped), so
/// the test reads them line by line: each record's values are `"key": "value",` lines.
fn snopes_records(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut records = Vec::new();
    let mut record = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('}') {
            records.push(std::mem::take(&mut record));
            continue;
        }
        let Some((key, value)) = line.split_once("\": \"") else {
            continue;
        };
        let key = key.trim_start_matches('"');
        let value = value.trim_end_matches(',');
        let value = value.strip_suffix('"').unwrap_or(value);
        record.insert(key.to_string(), json_string(value));
    }
    records
}

/// A JSON string's text, its escapes read, and the quotes that stand unescaped taken as text.
fn json_string(raw: &str) -> String {
    let mut escaped = String::new();
    let mut backslash = false;
    for ch in raw.chars() {
        if ch == '"' && !backslash {
            escaped.push('\\');
        }
        escaped.push(ch);
        backslash = ch == '\\' && !backslash;
    }
    serde_json::from_str(&format!("\"{escaped}\"")).unwrap()
}

#[test]
fn snopes_dumps_that_are_not_valid_json_import_every_claim() {
    for name in ["snopes_true.json", "snopes_false.json"] {
        let Some(file) = wild(name) else {
            continue;
        };
        let speaker = "Unknown (Snopes does not say)";
        let records = snopes_records(&file);
        let expected: Vec<Expected> = records
            .iter()
            .filter(|record| !record["statement"].trim().is_empty())
            .map(|record| Expected {
                text: kept(&record["statement"]),
                speaker: speaker.to_string(),
                said_on: day(&record["date_posted"]),
                status: record["evaluation"].clone(),
            })
            .collect();
        let rejects =
            std::env::temp_dir().join(format!("claims-wild-{}-{name}.csv", std::process::id()));
        let args: Vec<String> = [
            "--repair-quotes",
            "--map",
            "text=statement",
            "--map",
            "said_on=date_posted",
            "--map",
            "status=evaluation",
            "--map",
            "verdict_by=author",
            "--map",
            "source_url=",
            "--map",
            "evidence_url=url",
            "--map",
            "evidence_title=title",
            "--set",
            &format!("speaker={speaker}"),
            "--skip-bad",
            rejects.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec();
        imports_exactly(&file, "default", &args, &expected);
        // The rejects are exactly the records without a statement.
        let rejected = std::fs::read_to_string(&rejects).unwrap();
        let _ = std::fs::remove_file(&rejects);
        assert_eq!(
            rejected.lines().count() - 1,
            records.len() - expected.len(),
            "{name}"
        );
    }
}
