//! Tests of the sample file: written then read back, bad files, the design columns.

use super::*;

const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn design(seed: &str) -> Design {
    Design {
        seed: seed.into(),
        size: 2,
        strata: Some(By::District),
        frame_sha256: SHA.into(),
    }
}

#[test]
fn what_is_written_reads_back() {
    let drawn = [
        Drawn {
            center: 120345,
            station: 3,
            stratum: Some("7-3".into()),
            draw: 1,
        },
        Drawn {
            center: 9,
            station: 1,
            stratum: Some("2".into()),
            draw: 4,
        },
    ];
    for seed in ["8123", "dice, \"6\" ☃"] {
        let text = write(&design(seed), &drawn);
        assert!(text.starts_with(&format!("{HEADER}\n120345,3,7-3,1,")));
        let back = parse_bytes(text.as_bytes(), Path::new("s.csv")).unwrap();
        assert_eq!(
            back.rows
                .iter()
                .map(|r| r.drawn.clone())
                .collect::<Vec<_>>(),
            drawn
        );
        assert_eq!(back.rows[1].line, 3);
        assert_eq!(back.design, Some(design(seed)));
    }
    let text = write(&design("8123"), &drawn[..1]);
    assert_eq!(
        text,
        format!("{HEADER}\n120345,3,7-3,1,8123,2,district,{SHA}\n")
    );
}

#[test]
fn bad_files_name_the_line_and_the_fix() {
    let e = |t: &str| {
        parse_bytes(t.as_bytes(), Path::new("s.csv"))
            .unwrap_err()
            .to_string()
    };
    assert!(e("a,b\n1,2\n").contains("s.csv:1: the header must name"));
    assert!(e("center,station,stratum,draw\n1,2,,x\n").contains("s.csv:2: draw \"x\""));
    assert!(e("center,station,stratum,draw\n1,2,,1\n1,2,,2\n")
        .contains("s.csv:3: station 1-2 is listed twice (first on line 2)"));
    assert!(e("center,station,stratum,draw\n1,2,,1\n1,3,4,2\n")
        .contains("s.csv:3: stratum is given here and empty on line 2"));
    assert!(e("center,station,stratum,draw\n").contains("no station"));
    assert!(e("center,station,stratum,draw\n1,2,x,1\n").contains("s.csv:2: stratum \"x\" is not"));
    assert!(e("center,station,stratum,draw\n1,2,7-,1\n").contains("is not a stratum"));
    assert!(e("center,station,stratum,draw\n\u{661},2,,1\n").contains("center"));
    // A cell too many or too few is a typo, never a cell ignored.
    assert!(e("center,station,stratum,draw\n1,2,1\n").contains(
        "s.csv:2: \"1,2,1\" has 3 cells but the header \"center,station,stratum,draw\" has 4"
    ));
    assert!(
        e("center,station,stratum,draw\n1,2,,1,9\n").contains("s.csv:2: \"1,2,,1,9\" has 5 cells")
    );
    assert!(parse_bytes(b"\xff", Path::new("s.csv")).is_err());
}

#[test]
fn the_design_is_whole_the_same_on_every_row_and_sound() {
    let e = |t: &str| {
        parse_bytes(t.as_bytes(), Path::new("s.csv"))
            .unwrap_err()
            .to_string()
    };
    let row = |seed: &str, size: &str, by: &str, sha: &str| {
        format!("{HEADER}\n1,2,,1,{seed},{size},{by},{sha}\n")
    };
    let m = e("center,station,stratum,draw,seed,size\n1,2,,1,8,1\n");
    assert!(
        m.contains("s.csv:1: the header lacks the columns strata_by, frame_sha256"),
        "{m}"
    );
    let m = e(&format!("{HEADER}\n1,2,,1,8,2,,{SHA}\n1,3,,2,9,2,,{SHA}\n"));
    assert!(
        m.contains("s.csv:3: seed is \"9\" here and \"8\" on line 2"),
        "{m}"
    );
    let m = e(&row("\"12\u{200b}3\"", "1", "", SHA));
    assert!(
        m.contains("s.csv:2: seed \"12\\u{200b}3\" holds U+200B ZERO WIDTH SPACE at character 3"),
        "{m}"
    );
    assert!(
        m.contains("draw the sample again with `tally sample`"),
        "{m}"
    );
    let m = e(&row("\"12\n3\"", "1", "", SHA));
    assert!(m.contains("U+000A LINE FEED"), "{m}");
    assert!(e(&row("", "1", "", SHA)).contains("s.csv:2: seed is empty"));
    assert!(e(&row("8", "0", "", SHA)).contains("size \"0\" is not"));
    assert!(e(&row("8", "1", "county", SHA)).contains("strata_by \"county\""));
    assert!(e(&row("8", "1", "", "abc")).contains("frame_sha256 \"abc\" is not"));
    let old = parse_bytes(b"center,station,stratum,draw\n1,2,,1\n", Path::new("s.csv"));
    assert_eq!(old.unwrap().design, None);
}
