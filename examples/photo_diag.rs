//! Classifies the photos that OCR and correction alone do not recover: for each, whether the
//! text parsed, which payload fields were misread, and per signature line the symbols
//! misread (substituted, lost, extra) and the rank of the true line among the line's
//! candidates. Photos are those `photo_bench --keep DIR` wrote (same seed and count).
//!
//! Usage: photo_diag --dir DIR [--photos N] [--seed S] [--only I,J,...]

use rayon::prelude::*;
use tally::keyring::Keyring;
use tally::photo::diag::{
    self, cheapest, join, line_readings, payload_candidates, read_text, sig_line_candidates, Doubt,
    RHalf,
};
use tally::photo::{read_photo, Options};
use tally::simulate::sample;
use tally::tape::{Signature, Tape};
use tally::verify::verify_tape;

fn clean(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// Edit script from `a` (read) to `b` (truth): `x>y` substitutions, `+y` lost, `-x` extra.
fn script(a: &[char], b: &[char]) -> Vec<String> {
    let (n, m) = (a.len(), b.len());
    let d = diag::edit_table(n, m, |i, j| a[i] != b[j]);
    let (mut i, mut j, mut out) = (n, m, Vec::new());
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            if a[i - 1] != b[j - 1] {
                out.push(format!("{}>{}@{}", a[i - 1], b[j - 1], j - 1));
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            out.push(format!("-{}@{}", a[i - 1], j));
            i -= 1;
        } else {
            out.push(format!("+{}@{}", b[j - 1], j - 1));
            j -= 1;
        }
    }
    out.reverse();
    out
}

fn field_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.starts_with("SIG") && !l.starts_with("--"))
        .collect()
}

fn diagnose(bytes: &[u8], truth: &Tape, keyring: &Keyring) -> Option<String> {
    let options = Options {
        qr: false,
        cross_check: false,
    };
    if let Ok(r) = read_photo(bytes, Some(keyring), &options) {
        if verify_tape(&r.tape, Some(keyring)).status.figures_signed() {
            assert!(r.tape.payload == truth.payload, "verified a wrong figure");
            return None;
        }
    }
    let img = diag::decode(bytes).ok()?;
    let ocr = read_text(&img).ok()?;
    let mut out = String::new();
    if let Err(e) = &ocr.tape {
        out.push_str(&format!("  PARSE: {e}\n"));
    }
    // Payload fields: normalised lines that differ from the truth's.
    let truth_text = truth.to_text();
    let truth_lines = field_lines(&truth_text);
    let read_lines = field_lines(&ocr.text);
    for l in &read_lines {
        if !truth_lines.contains(l) {
            out.push_str(&format!("  read: {l}\n"));
        }
    }
    for l in &truth_lines {
        if !read_lines.contains(l) {
            out.push_str(&format!("  true: {l}\n"));
        }
    }
    let Signature::Present(sig) = truth.signature else {
        return Some(out);
    };
    for n in 1..=4 {
        let label = format!("SIG{n}");
        let chunk: [u8; 16] = sig[(n - 1) * 16..n * 16].try_into().expect("16 bytes");
        let true_body: String = truth_text
            .lines()
            .find(|l| l.starts_with(&label))
            .map(|l| l[label.len()..].to_string())
            .unwrap_or_default();
        let Some(line) = ocr.lines.iter().find(|l| l.text.starts_with(&label)) else {
            out.push_str(&format!("  {label}: line lost\n"));
            continue;
        };
        let body: Vec<Doubt> = line.doubts.iter().skip(label.len()).cloned().collect();
        let read_body: String = body.iter().map(|d| d.ch).collect();
        let ops = script(&clean(&read_body), &clean(&true_body));
        if ops.is_empty() {
            continue;
        }
        let second = line
            .second
            .as_deref()
            .and_then(|s| s.split_once(' '))
            .map(|(_, b)| b);
        let cands = sig_line_candidates(&body, second);
        let rank = cands
            .iter()
            .position(|c| *c == chunk)
            .map_or("absent".to_string(), |r| {
                format!("rank {r}/{}", cands.len())
            });
        if std::env::var_os("RAW").is_some() {
            out.push_str(&format!("  raw {:?} / {:?}\n", line.text, line.second));
        }
        let second_ops = second.map(|s| script(&clean(s), &clean(&true_body)));
        out.push_str(&format!(
            "  {label}: {} | {rank} | second {:?}\n",
            ops.join(" "),
            second_ops.map(|o| o.join(" "))
        ));
    }
    if let Ok(Some(again)) = ocr.counts_again(diag::FIGURE_SCALES) {
        for (a, b) in again.iter().zip(&ocr.lines) {
            if a.text != b.text {
                out.push_str(&format!("  again: {} (was {})\n", a.text, b.text));
            }
        }
    }
    if let Some(per_line) = line_readings(&ocr.lines) {
        // Where the true halves rank in the search by halves.
        let half = |a: usize, accept: &dyn Fn(&[usize]) -> bool| {
            let truth = &sig[a * 16..a * 16 + 32];
            let ranks = cheapest(&[&per_line[a], &per_line[a + 1]], 100_000, accept);
            ranks
                .iter()
                .position(|r| join(&per_line[a][r[0]].1, &per_line[a + 1][r[1]].1) == truth)
                .map_or(format!("absent of {}", ranks.len()), |k| {
                    format!("rank {k}/{}", ranks.len())
                })
        };
        let r_ok =
            |r: &[usize]| RHalf::new(join(&per_line[0][r[0]].1, &per_line[1][r[1]].1)).is_some();
        out.push_str(&format!(
            "  halves: R {} | S {}\n",
            half(0, &r_ok),
            half(2, &|_| true)
        ));
    }
    {
        let cands = payload_candidates(&ocr.lines, keyring);
        let rank = cands
            .iter()
            .position(|t| Tape::parse(t).is_ok_and(|t| t.payload == truth.payload));
        out.push_str(&format!(
            "  payload: {}\n",
            rank.map_or("absent".to_string(), |r| format!(
                "rank {r}/{}",
                cands.len()
            ))
        ));
    }
    Some(out)
}

fn main() -> anyhow::Result<()> {
    let (mut photos, mut seed, mut dir, mut only) = (240usize, 2025u64, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--photos" => photos = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--dir" => dir = args.next(),
            "--only" => {
                only = Some(
                    args.next()
                        .unwrap_or_default()
                        .split(',')
                        .map(str::parse)
                        .collect::<Result<Vec<usize>, _>>()?,
                )
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let dir = std::path::PathBuf::from(dir.ok_or_else(|| anyhow::anyhow!("--dir DIR"))?);
    let set = sample::sample_set(seed, photos, 5);
    let keyring = Keyring::parse(
        set.keyring_csv.as_bytes(),
        std::path::Path::new("keyring.csv"),
    )?;
    let ids: Vec<usize> = only.unwrap_or_else(|| (0..photos).collect());
    let found: Vec<(usize, String)> = ids
        .par_iter()
        .filter_map(|&i| {
            let bytes = std::fs::read(dir.join(format!("tape-{i:04}.jpg"))).ok()?;
            diagnose(&bytes, &set.tapes[i], &keyring).map(|d| (i, d))
        })
        .collect();
    for (i, d) in &found {
        println!("--- photo {i}\n{d}");
    }
    println!("{} of {} not recovered", found.len(), ids.len());
    Ok(())
}
