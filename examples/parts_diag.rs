//! Why part-photos fail to join or verify: for each tape of `photo_bench --choices C --parts P`
//! (same seed, phone style), whether the joined text parses, how many lines differ from the
//! truth, and whether the reading verifies. Usage: parts_diag [--photos N] [--seed S]
//! [--choices C] [--parts P] [--only I,J]

use rand::SeedableRng as _;
use rayon::prelude::*;
use tally::keyring::Keyring;
use tally::photo::diag::{decode, read_text};
use tally::photo::{read_parts, Options, PhotoStyle};
use tally::simulate::sample;

fn main() -> anyhow::Result<()> {
    let (mut photos, mut seed, mut choices, mut parts) = (20usize, 7u64, 40usize, 3usize);
    let mut only: Option<Vec<usize>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--photos" => photos = v.parse()?,
            "--seed" => seed = v.parse()?,
            "--choices" => choices = v.parse()?,
            "--parts" => parts = v.parse()?,
            "--only" => only = Some(v.split(',').filter_map(|s| s.parse().ok()).collect()),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let set = sample::sample_set(seed, photos, choices);
    let keyring = Keyring::parse(set.keyring_csv.as_bytes(), std::path::Path::new("k.csv"))?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let styles: Vec<PhotoStyle> = (0..photos)
        .map(|i| PhotoStyle::phone(&mut rng, i % 4 == 3))
        .collect();
    let ocr_only = Options {
        qr: false,
        cross_check: false,
    };
    let rows: Vec<String> = (0..photos)
        .into_par_iter()
        .filter(|i| only.as_ref().is_none_or(|o| o.contains(i)))
        .map(|i| {
            let tape = &set.tapes[i];
            let bytes = tally::photo::render_parts(tape, &styles[i], seed ^ i as u64, parts).unwrap();
            let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
            let per_part: Vec<usize> = bytes
                .iter()
                .map(|b| read_text(&decode(b).unwrap()).map_or(0, |r| r.lines.len()))
                .collect();
            let truth = tape.to_text();
            if std::env::var_os("PARTS_DIAG_LINES").is_some() {
                for (k, b) in bytes.iter().enumerate() {
                    if let Ok(r) = read_text(&decode(b).unwrap()) {
                        for l in &r.lines {
                            eprintln!("{i} part {k}: {}", l.text);
                        }
                    }
                }
            }
            match read_parts(&refs, Some(&keyring), &ocr_only) {
                Err(e) => format!("{i}: error {e} (lines per part {per_part:?})"),
                Ok(r) => {
                    let ok = r.tape.payload == tape.payload;
                    let text = r.ocr_text.unwrap_or_default();
                    let wrong: Vec<String> = text
                        .lines()
                        .filter(|l| !truth.lines().any(|t| t.split_whitespace().eq(l.split_whitespace())))
                        .map(String::from)
                        .collect();
                    format!("{i}: {:?} right={ok} lines {} (truth {}) per part {per_part:?} not in truth {}: {:?}",
                        r.method, text.lines().count(), truth.lines().count(), wrong.len(), wrong.iter().take(4).collect::<Vec<_>>())
                }
            }
        })
        .collect();
    for r in rows {
        println!("{r}");
    }
    Ok(())
}
