use super::*;

fn load_text(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Published, PublishedError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    load(&path, options)
}

const LONG: &str = "Governorate,District,Polling Center,Station No,Registered,Voters,Ballots,Invalid,Valid,Candidate No,Votes
12,3,120345,3,512,301,301,7,294,101,45
12,3,120345,3,512,301,301,7,294,102,12
12,3,120345,3,512,301,301,7,294,103,0
12,3,120345,3,512,301,301,7,294,117,151
12,3,120345,3,512,301,301,7,294,230,86
";

#[test]
fn long_layout_with_totals() {
    let p = load_text("r.csv", LONG.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(p.layout, Layout::Long);
    assert_eq!(p.rows, 5);
    let s = &p.stations[&(120345, 3)];
    assert_eq!(
        s.totals,
        [Some(512), Some(301), Some(301), Some(7), Some(294)]
    );
    assert_eq!(s.choices.iter().map(|c| c.votes).sum::<u32>(), 294);
    assert_eq!(s.line, 2);
    assert!(s.conflicts.is_empty() && p.rejected.is_empty());
}

#[test]
fn arabic_wide_in_cp1256_and_with_eastern_digits() {
    let text = "رقم المركز;رقم المحطة;الأصوات الصحيحة;101;102;117\n120345;3;208;45;12;151\n120346;1;1.234;1.000;;234\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable);
    let p = load_text("r.csv", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(
        (p.layout, p.encoding.as_str()),
        (Layout::Wide, "windows-1256")
    );
    let eastern = text.replace("120345;3;208;45;12;151", "١٢٠٣٤٥;٣;٢٠٨;٤٥;١٢;١٥١");
    let q = load_text("r.csv", eastern.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(q.stations[&(120345, 3)], p.stations[&(120345, 3)]);
    assert_eq!(p.stations[&(120345, 3)].choices.len(), 3);
    let s = &p.stations[&(120346, 1)];
    assert_eq!(s.total(Field::Valid), Some(1234));
    assert_eq!(
        s.choices,
        [
            Choice {
                code: 101,
                votes: 1000
            },
            Choice {
                code: 117,
                votes: 234
            }
        ],
        "an empty cell is not on the ballot"
    );
}

#[test]
fn bad_rows_are_rejected_with_their_line_and_conflicts_kept() {
    let text = format!("{LONG}12,3,120345,3,512,301,301,7,294,117,150\n12,3,120345,4,512,abc,301,7,294,101,1\n12,3,120345,5\n12,3,120345,6,1,1,1,0,1,101,1,,\n");
    let p = load_text("r.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    let s = &p.stations[&(120345, 3)];
    assert_eq!(s.conflicts.len(), 1);
    assert_eq!(
        (
            s.conflicts[0].what.as_str(),
            s.conflicts[0].first,
            s.conflicts[0].value,
            s.conflicts[0].line
        ),
        ("votes of choice 117", 151, 150, 7)
    );
    assert_eq!(p.rejected.len(), 2, "{:?}", p.rejected);
    assert_eq!(p.rejected[0].line, 8);
    assert!(p.rejected[0].reason.contains("voters") && p.rejected[0].reason.contains("\"abc\""));
    assert!(p.rejected[1].reason.contains("4 cells"));
    assert!(
        p.stations.contains_key(&(120345, 6)),
        "trailing empty cells are fine"
    );
}

#[test]
fn unknown_layout_lists_headers_and_the_fix() {
    let err = load_text("r.csv", b"a,b,c\n1,2,3\n", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"a\", \"b\", \"c\"") && err.contains("--map center="),
        "{err}"
    );
    let err = load_text("r.csv", b"", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty"), "{err}");
    let err = load_text("r.xlsx", b"PK\x03\x04garbage", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a readable spreadsheet"), "{err}");
}

#[test]
fn utf16_with_bom() {
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(LONG.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let p = load_text("r.csv", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!((p.encoding.as_str(), p.stations.len()), ("UTF-16LE", 1));
}

/// The long shape of a published-then-audited release: one combined station code, a choice
/// code inside a longer value, an audit status that leaves rows out, and a vote cell `NA`.
#[test]
fn a_layout_splits_codes_skips_rows_and_names_what_it_left_out() {
    let layout = LayoutFile::parse(
        r#"
[columns]
votes = "votes"
[station_code]
column = "ps_code"
pattern = '^(?<center>\d+)-(?<station>\d+)$'
[choice_code]
column = "candidate_code"
pattern = '^(?<choice>\d+)_'
[[skip]]
column = "post_audit_status"
equals = "Invalidated"
"#,
    )
    .unwrap();
    let text = "\"ps_code\",\"post_audit_status\",\"candidate_code\",\"votes\"
\"0101001-01\",\"Validated\",\"100_1_1\",41
\"0101001-01\",\"Validated\",\"101_1_1\",7
\"0101001-02\",\"Invalidated\",\"100_1_1\",90
\"0101001-03\",\"Recounted\",\"100_1_1\",NA
\"0101001-x4\",\"Validated\",\"100_1_1\",3
";
    let options = ImportOptions {
        layout: Some(layout),
        ..ImportOptions::default()
    };
    let p = load_text("r.csv", text.as_bytes(), &options).unwrap();
    assert_eq!(p.layout, Layout::Long);
    assert_eq!(p.stations.len(), 1);
    let s = &p.stations[&(101001, 1)];
    assert_eq!(
        s.choices,
        [
            Choice {
                code: 100,
                votes: 41
            },
            Choice {
                code: 101,
                votes: 7
            }
        ]
    );
    assert_eq!(p.skipped.len(), 1);
    assert_eq!(p.skipped[0].line, 4);
    assert!(p.skipped[0]
        .reason
        .contains("post_audit_status is \"Invalidated\""));
    let reasons: Vec<(usize, &str)> = p
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].0 == 5 && reasons[0].1.contains("NA"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].0 == 6 && reasons[1].1.contains("does not match"),
        "{reasons:?}"
    );
    // A layout naming a column the file lacks says which and lists the columns.
    let wrong = LayoutFile::parse(
        "[station_code]\ncolumn = \"code\"\npattern = '(?<center>\\d+)-(?<station>\\d+)'",
    )
    .unwrap();
    let options = ImportOptions {
        layout: Some(wrong),
        ..ImportOptions::default()
    };
    let err = load_text("r.csv", text.as_bytes(), &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no column is called \"code\"") && err.contains("ps_code"),
        "{err}"
    );
}

#[test]
fn entirely_empty_rows_are_counted_not_read() {
    let text = "center,station,choice,votes\n1,1,5,10\n,,,\n , ,,\n1,2,5,11\n";
    let p = load_text("r.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((p.rows, p.stations.len(), p.empty_rows), (2, 2, 2));
    assert!(p.rejected.is_empty());
}
