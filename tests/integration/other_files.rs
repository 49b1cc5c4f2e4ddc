//! Other desks' files: the shapes and quirks of real exports and feeds (see wild.rs for the
//! real files themselves), each behaviour on a small file written here.

use serde_json::json;

use crate::support::TestEnv;

fn write(env: &TestEnv, name: &str, contents: &str) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn an_export_imported_elsewhere_keeps_the_verdicts_why_date_and_reviewer() {
    let env = TestEnv::new();
    env.add("Crime is way down.", "Donald Trump", "2025-09-03");
    env.ok(&[
        "evidence",
        "add",
        "1",
        "https://example.org/stats",
        "--stance",
        "refutes",
    ]);
    env.ok(&[
        "status",
        "1",
        "false",
        "--note",
        "Police figures show a rise.",
        "--by",
        "maria",
    ]);
    let csv = env.ok(&["export"]);
    let maria = env.actor_for("maria");
    assert!(
        csv.lines().nth(1).unwrap().ends_with(&format!(
            ",Police figures show a rise.,2025-09-04T12:00:00Z,{maria}"
        )),
        "{csv}"
    );
    let other = TestEnv::new();
    let file = write(&other, "desk.csv", &csv);
    other
        .cmd()
        .env("CLAIMS_NOW", "2025-10-01T09:00:00Z")
        .args(["import", &file])
        .assert()
        .success();
    let show = other.ok(&["show", "1"]);
    assert!(
        show.contains(&format!(
            "false by {maria} on 2025-09-04T12:00:00Z: Police figures show a rise."
        )),
        "{show}"
    );
}

#[test]
fn a_mapping_that_no_record_has_is_an_error_and_nothing_is_imported() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "flat.json",
        r#"[{"text": "Crime is down.", "speaker": "Ana", "rating": "False"}]"#,
    );
    for (map, key) in [
        (
            "status=claimReview.0.textualRating",
            "claimReview.0.textualRating",
        ),
        ("source_url=nonexistent_field", "nonexistent_field"),
    ] {
        let error = env.fails_untouched(&["import", &file, "--map", map]);
        assert_eq!(
            error,
            format!(
                "error: --map {map}: no record has '{key}': check the spelling, and write a \
                 nested key as a path (claimReview.0.textualRating); nothing was imported"
            )
        );
    }
}

#[test]
fn keys_that_are_none_of_ours_are_named_in_a_warning() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "ours.json",
        r#"[{"text": "Crime is down.", "speaker": "Ana", "statsu": "false"},
            {"text": "Jobs are up.", "speaker": "Ana", "statsu": "true", "colour": "red"}]"#,
    );
    let out = env.ok(&["import", &file]);
    assert!(
        out.contains(
            "Warning: the records use claims' field names, but these keys are none of them and \
             were not read: 'statsu' (2 records), 'colour' (1 record)"
        ),
        "{out}"
    );
}

#[test]
fn nested_paths_and_a_top_level_object_holding_the_records() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "nested.json",
        r#"{"claims": [{"claim": {"text": "Crime is down.", "by": {"name": "Ana Ruiz"}},
                        "claimReview": [{"textualRating": "False", "url": "https://desk.example.org/1"}]}],
            "nextPageToken": "CAo"}"#,
    );
    env.ok(&[
        "import",
        &file,
        "--map",
        "text=claim.text",
        "--map",
        "speaker=claim.by.name",
        "--map",
        "status=claimReview.0.textualRating",
        "--map",
        "evidence_url=claimReview.0.url",
    ]);
    let claim = &env.export_json()[0];
    assert_eq!(claim["text"], "Crime is down.");
    assert_eq!(claim["speaker"], "Ana Ruiz");
    assert_eq!(claim["status"], "false");
    assert_eq!(claim["evidence"][0]["url"], "https://desk.example.org/1");
}

#[test]
fn set_gives_a_constant_and_delimiter_reads_semicolon_files() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "europe.csv",
        "text;date;speaker\r\nCrime is down.;2025-09-01;\r\nJobs are up.;2025-09-02;Ana\r\n",
    );
    let out = env.ok(&[
        "import",
        &file,
        "--delimiter",
        ";",
        "--set",
        "speaker=Desk staff",
        "--set",
        "tags=archive",
    ]);
    assert!(out.starts_with("Imported 2 claims"), "{out}");
    let claims = env.export_json();
    assert_eq!(claims[0]["speaker"], "Desk staff");
    assert_eq!(claims[1]["speaker"], "Ana");
    assert_eq!(claims[0]["tags"], json!(["archive"]));
    assert_eq!(claims[0]["said_on"], "2025-09-01");
    assert_eq!(
        env.fails(&["import", &file, "--delimiter", ";;"]),
        "error: invalid --delimiter ';;': expected one character, such as ';' or '|', or tab"
    );
    assert_eq!(
        env.fails(&["import", &file, "--set", "speeker=X"]),
        format!(
            "error: unknown field 'speeker' in --set speeker=X: expected one of {}",
            "text, speaker, speaker_role, speaker_kind, said_on, status, note, context, source_url, tags, id, \
             created_at, updated_at, verdict_by, verdict_at, evidence_url, evidence_title, \
             evidence_publisher, links, rating_value, best_rating, worst_rating"
        )
    );
}

#[test]
fn line_numbers_in_crlf_files_are_the_lines_an_editor_shows() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "windows.csv",
        "text,speaker,said_on\r\nA claim.,Ana,2025-09-01\r\n\"Two\r\nlines.\",Bo,2025-09-01\r\nBad.,Cy,2025-02-30\r\n",
    );
    assert!(
        env.fails_untouched(&["import", &file])
            .starts_with("error: line 5, column 'said_on': invalid date '2025-02-30'"),
    );
}

/// A review rated only by numbers, on an inverted scale (1 is best), as AFP publishes them.
const NUMERIC_ONLY: &str = r#"{"@context": "https://schema.org", "@type": "ClaimReview",
  "url": "https://factual.example.org/1", "datePublished": "2019-01-23T14:22:00+0100",
  "author": {"@type": "Organization", "name": "Factual"},
  "claimReviewed": "Vaccines contain microchips.",
  "reviewRating": {"@type": "Rating", "ratingValue": "5", "bestRating": "1", "worstRating": "5"},
  "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A blog"},
                   "datePublished": "2019-01-20 08:00"}}"#;

#[test]
fn a_numeric_rating_without_a_label_takes_its_place_on_the_scale_and_says_so() {
    let env = TestEnv::new();
    let file = write(&env, "review.json", NUMERIC_ONLY);
    let out = env.ok(&["import", &file, "--format", "claimreview"]);
    assert!(
        out.contains(
            "Warning: review 1: no verdict label: rated 5 on a scale from 5 (worst) to 1 (best), \
             so imported as false, the same place on the default scale"
        ),
        "{out}"
    );
    let claim = &env.export_json()[0];
    assert_eq!(claim["status"], "false");
    assert_eq!(claim["said_on"], "2019-01-20");
    let decision = &claim["history"][1];
    assert_eq!(decision["at"], "2019-01-23T13:22:00Z");
    assert_eq!(decision["actor"], "Factual");
}

#[test]
fn a_data_feed_of_reviews_imports_as_claimreview() {
    let env = TestEnv::new();
    let review: serde_json::Value = serde_json::from_str(NUMERIC_ONLY).unwrap();
    let feed = json!({"@context": "https://schema.org", "@type": "DataFeed",
                      "dataFeedElement": [{"@type": "DataFeedItem", "item": [review]}]});
    let file = write(&env, "feed.json", &feed.to_string());
    env.ok(&["import", &file, "--format", "claimreview"]);
    assert_eq!(env.export_json()[0]["text"], "Vaccines contain microchips.");
    // Read as plain JSON, the feed says what it is.
    assert_eq!(
        env.fails(&["import", &file]),
        "error: the file is schema.org ClaimReview: import it with --format claimreview"
    );
}

#[test]
fn skip_bad_that_imports_nothing_fails_and_writes_no_rejects_when_none_are_bad() {
    let env = TestEnv::new();
    let bad = write(&env, "bad.csv", "text,speaker\n,Ana\n,Bo\n");
    let rejects = env.dir().join("rejects.csv");
    let output = env
        .run(&["import", &bad, "--skip-bad", rejects.to_str().unwrap()])
        .failure()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: no row of bad.csv could be imported (2 bad): nothing was imported and no \
         rejects file was written; fix the rows listed above\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Every row of bad.csv is bad:\n  line 2: column 'text': the claim text is empty\n  \
         line 3: column 'text': the claim text is empty\n"
    );
    assert!(
        !rejects.exists(),
        "a rejects file was written for an import that saved nothing"
    );
    assert_eq!(env.export_json(), json!([]));

    let good = write(&env, "good.csv", "text,speaker\nCrime is down.,Ana\n");
    let out = env.ok(&["import", &good, "--skip-bad", rejects.to_str().unwrap()]);
    assert!(out.contains("0 bad rows"), "{out}");
    assert!(!rejects.exists(), "an empty rejects file was written");
}

#[test]
fn a_dry_run_lists_every_label_and_what_it_becomes() {
    let env = TestEnv::new();
    let file = write(
        &env,
        "labels.csv",
        "text,speaker,status\nA.,Ana,False\nB.,Ana,Legend\nC.,Ana,false\nD.,Ana,Miscaptioned\n",
    );
    let out = env.ok(&["import", &file, "--dry-run", "--skip-bad", "r.csv"]);
    assert!(
        out.contains(
            "Verdict labels in the file:\n       2  False -> false\n       1  Legend -> ? (not on \
             the scale: map it with --status-map)\n       1  Miscaptioned -> ? (not on the \
             scale: map it with --status-map)\n"
        ),
        "{out}"
    );
    let error = env.fails_untouched(&["import", &file]);
    assert!(
        error.contains(
            "2 verdict labels of the file are not on the default scale: nothing was imported; \
             the file's labels: 'False' ×2 (first at line 2) → false, 'Legend' ×1 (first at line \
             3) → ?, 'Miscaptioned' ×1 (first at line 5) → ?; add --status-map 'Legend=VERDICT' \
             --status-map 'Miscaptioned=VERDICT'"
        ),
        "{error}"
    );
}

#[test]
fn an_excel_workbook_imports_from_its_first_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let env = TestEnv::new();
    let path = env.dir().join("desk.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for (column, name) in ["text", "speaker", "said_on", "status", "times"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    sheet
        .write_string(1, 0, "'Tis the season of cuts.")
        .unwrap();
    sheet.write_string(1, 1, "Ana Ruiz").unwrap();
    sheet
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2025, 9, 3).unwrap(), &day)
        .unwrap();
    sheet.write_string(1, 3, "False").unwrap();
    sheet.write_number(1, 4, 3.0).unwrap();
    sheet.write_string(3, 0, "Jobs are up.").unwrap();
    sheet.write_string(3, 1, "Bo").unwrap();
    sheet.write_string(3, 2, "2025-02-30").unwrap();
    workbook.save(&path).unwrap();
    let file = path.to_str().unwrap();
    // The empty row 3 is skipped; a bad value names its row as the spreadsheet numbers it.
    assert!(
        env.fails_untouched(&["import", file])
            .starts_with("error: row 4, column 'said_on': invalid date '2025-02-30'"),
    );
    let rejects = env.dir().join("rejects.csv");
    env.ok(&["import", file, "--skip-bad", rejects.to_str().unwrap()]);
    let claim = &env.export_json()[0];
    assert_eq!(claim["text"], "'Tis the season of cuts.");
    assert_eq!(claim["speaker"], "Ana Ruiz");
    assert_eq!(claim["said_on"], "2025-09-03");
    assert_eq!(claim["status"], "false");
}

/// A minimal OpenDocument spreadsheet, as LibreOffice would save one sheet of strings.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut cells = String::new();
    for row in rows {
        cells.push_str("<table:table-row>");
        for cell in *row {
            cells.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
            ));
        }
        cells.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Claims\">{cells}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_opendocument_spreadsheet_imports_too() {
    let env = TestEnv::new();
    let path = env.dir().join("desk.ods");
    std::fs::write(
        &path,
        ods(&[
            &["statement", "who", "when", "rating"],
            &[
                "Crime is down.",
                "Ana Ruiz",
                "September 3, 2025",
                "Mostly False",
            ],
        ]),
    )
    .unwrap();
    env.ok(&[
        "import",
        path.to_str().unwrap(),
        "--map",
        "text=statement",
        "--map",
        "speaker=who",
        "--map",
        "said_on=when",
        "--map",
        "status=rating",
    ]);
    let claim = &env.export_json()[0];
    assert_eq!(claim["text"], "Crime is down.");
    assert_eq!(claim["said_on"], "2025-09-03");
    assert_eq!(claim["status"], "mostly-false");
    // A file that is not a spreadsheet says so.
    let fake = env.dir().join("fake.xlsx");
    std::fs::write(&fake, "text,speaker\n").unwrap();
    assert!(
        env.fails(&["import", fake.to_str().unwrap()])
            .starts_with("error: 'fake.xlsx' is not a spreadsheet calamine can read"),
    );
}

/// `export --format claimreview` of every verdict, as JSON.
fn claimreview_export(env: &TestEnv) -> serde_json::Value {
    let out = env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Desk",
        "--publisher-url",
        "https://desk.example.org/",
        "--review-url",
        "https://desk.example.org/claims/{id}",
    ]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_speaker_that_is_an_organisation_is_written_as_one() {
    let env = TestEnv::new();
    // An organisation, as a feed's author @type says.
    let feed = json!([{
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://other.example.org/1", "datePublished": "2025-08-02",
        "author": {"@type": "Organization", "name": "Other Desk"},
        "claimReviewed": "Prices fell 10% last month.",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim",
                         "author": {"@type": "NewsMediaOrganization", "name": "Associated Press"}}
    }]);
    let file = write(&env, "feed.json", &feed.to_string());
    env.ok(&["import", &file, "--format", "claimreview"]);
    env.add("Crime is way down.", "Donald Trump", "2025-09-03");
    env.ok(&["evidence", "add", "2", "https://example.org/stats"]);
    env.ok(&["status", "2", "false"]);
    let reviews = claimreview_export(&env);
    assert_eq!(
        reviews[0]["itemReviewed"]["author"]["@type"],
        "Organization"
    );
    assert_eq!(
        reviews[0]["itemReviewed"]["author"]["name"],
        "Associated Press"
    );
    assert_eq!(reviews[1]["itemReviewed"]["author"]["@type"], "Person");
    assert!(
        env.ok(&["speaker", "Associated Press"])
            .starts_with("Associated Press (organization)\n")
    );

    // Said by hand, and undone by hand.
    env.add("Jobs are up.", "Ministry of Labour", "2025-09-03");
    assert_eq!(
        env.ok(&["speaker", "kind", "ministry of labour", "organisation"]),
        "Ministry of Labour is an organization.\n"
    );
    assert_eq!(
        env.ok(&["speaker", "kind", "Ministry of Labour", "organization"]),
        "Ministry of Labour is an organization already: nothing changed.\n"
    );
    assert_eq!(
        env.ok(&["speaker", "kind", "Associated Press", "person"]),
        "Associated Press is a person.\n"
    );
    assert_eq!(
        claimreview_export(&env)[0]["itemReviewed"]["author"]["@type"],
        "Person"
    );
    assert_eq!(
        env.fails_untouched(&["speaker", "kind", "Nobody Known", "person"]),
        "error: no speaker named 'Nobody Known': `claims speakers` lists them"
    );
}

#[test]
fn a_file_imported_again_with_update_by_updates_its_claims_instead_of_adding_them() {
    let env = TestEnv::new();
    env.add("Crime is way down.", "Donald Trump", "2025-09-03");
    env.add(
        "Migration has fallen dramatically.",
        "Keir Starmer",
        "2025-09-04",
    );
    let csv = env.ok(&["export"]);
    // The other desk reached a verdict on the first claim and cites a source for it.
    let (header, rows) = crate::support::parse_csv(&csv);
    let status = header.iter().position(|name| name == "status").unwrap();
    let mut edited = header.join(",") + ",evidence_url\n";
    for (at, row) in rows.iter().enumerate() {
        let mut row = row.clone();
        let mut url = String::new();
        if at == 0 {
            row[status] = "false".into();
            url = "https://example.org/police-figures".into();
        }
        let cells: Vec<String> = row.iter().map(|cell| format!("\"{cell}\"")).collect();
        edited.push_str(&format!("{},{url}\n", cells.join(",")));
    }
    let file = write(&env, "again.csv", &edited);

    let plain = env.ok(&["import", &file, "--dry-run"]);
    assert!(
        plain.contains("Every row of the file is logged already: to update those claims instead of adding them again, import with --update-by"),
        "{plain}"
    );

    let out = env.ok(&["import", &file, "--update-by", "id"]);
    assert!(
        out.contains("2 rows stand for a claim logged before: 1 claim updated, 1 unchanged."),
        "{out}"
    );
    let list = env.ok(&["list", "--format", "csv"]);
    assert_eq!(list.lines().count(), 3, "no claim was added: {list}");
    let show = env.ok(&["show", "1"]);
    assert!(
        show.contains("https://example.org/police-figures"),
        "{show}"
    );
    assert!(show.contains("status   ┆ unverified ┆ false"), "{show}");

    // By the source it cites, the first row is that claim, unchanged now; the second cites
    // none, so it is a new claim (reported as a repeat of the second).
    let by_source = env.ok(&["import", &file, "--update-by", "evidence_url"]);
    assert!(
        by_source
            .contains("1 row stands for a claim logged before: 0 claims updated, 1 unchanged."),
        "{by_source}"
    );
    assert_eq!(env.ok(&["list", "--format", "csv"]).lines().count(), 4);
    let by_text = env.ok(&["import", &file, "--update-by", "text"]);
    assert!(
        by_text.contains("2 rows stand for a claim logged before: 0 claims updated, 2 unchanged."),
        "{by_text}"
    );
    assert_eq!(env.ok(&["list", "--format", "csv"]).lines().count(), 4);
}

#[test]
fn update_by_and_skip_duplicates_cannot_be_given_together() {
    let env = TestEnv::new();
    let file = write(&env, "f.csv", "text,speaker\nA claim.,Someone\n");
    let output = env
        .cmd()
        .args(["import", &file, "--update-by", "text", "--skip-duplicates"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("cannot be used with '--skip-duplicates'"),
        "{err}"
    );
    assert_eq!(env.ok(&["list", "--format", "csv"]).lines().count(), 1);
}

#[test]
fn update_by_source_url_finds_the_claim_by_where_it_appeared() {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "Crime is way down.",
        "--speaker",
        "Donald Trump",
        "--date",
        "2025-09-03",
        "--url",
        "https://example.org/speech",
    ]);
    // Another desk's file: the same claim, reworded, by where it appeared; and a new one.
    let file = write(
        &env,
        "theirs.csv",
        "text,speaker,source_url,context\n\
         Crime is way way down.,Donald Trump,https://example.org/speech,Rally in Ohio\n\
         Taxes fell.,Someone,https://example.org/other,\n",
    );
    let out = env.ok(&["import", &file, "--update-by", "source_url"]);
    assert!(
        out.contains("1 row stands for a claim logged before: 1 claim updated, 0 unchanged."),
        "{out}"
    );
    let claims = env.export_json();
    assert_eq!(
        claims.as_array().unwrap().len(),
        2,
        "one added, one updated"
    );
    assert_eq!(claims[0]["text"], "Crime is way way down.");
    assert_eq!(claims[0]["context"], "Rally in Ohio");
}
