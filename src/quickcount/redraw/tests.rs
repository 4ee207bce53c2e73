//! Tests of the redraw: the first station that differs, a seed for a shell.

use super::*;
use crate::quickcount::SampleRow;

fn d(center: u32, stratum: &str, draw: u64) -> Drawn {
    Drawn {
        center,
        station: 1,
        stratum: Some(stratum.into()),
        draw,
    }
}

fn rows(drawn: &[Drawn]) -> Vec<SampleRow> {
    drawn
        .iter()
        .enumerate()
        .map(|(i, d)| SampleRow {
            drawn: d.clone(),
            line: i + 2,
        })
        .collect()
}

#[test]
fn the_first_station_that_differs_and_what_it_should_be() {
    let expected = [d(1, "1", 1), d(2, "1", 2), d(3, "2", 1), d(4, "2", 3)];
    assert_eq!(compare(&rows(&expected), &expected), Ok(()));
    // In another order: the same sample.
    let mut shuffled = expected.clone();
    shuffled.reverse();
    assert_eq!(compare(&rows(&shuffled), &expected), Ok(()));
    // Station 3 swapped for 9 of its stratum, same draw.
    let swapped = [d(1, "1", 1), d(2, "1", 2), d(9, "2", 1), d(4, "2", 3)];
    assert_eq!(
        compare(&rows(&swapped), &expected),
        Err(Difference::Row(2, Some(2)))
    );
    // Its draw changed too: the first station not listed.
    let swapped = [d(1, "1", 1), d(2, "1", 2), d(9, "2", 2), d(4, "2", 3)];
    assert_eq!(
        compare(&rows(&swapped), &expected),
        Err(Difference::Row(2, Some(2)))
    );
    // Every second row dropped.
    let dropped = [d(1, "1", 1), d(3, "2", 1)];
    assert_eq!(
        compare(&rows(&dropped), &expected),
        Err(Difference::Missing(1))
    );
    // One row too many.
    let more = [
        d(1, "1", 1),
        d(2, "1", 2),
        d(3, "2", 1),
        d(4, "2", 3),
        d(5, "2", 4),
    ];
    assert_eq!(
        compare(&rows(&more), &expected),
        Err(Difference::Row(4, None))
    );
}

#[test]
fn a_seed_for_a_shell() {
    assert_eq!(
        shell("3546311556112163624615351222"),
        "3546311556112163624615351222"
    );
    assert_eq!(shell("dice 6 ☃"), "'dice 6 ☃'");
    assert_eq!(shell("it's"), r"'it'\''s'");
    assert_eq!(shell(""), "''");
}
