//! Where a photo's reading spends its time, stage by stage, on photos whose QR code is
//! smudged (the OCR path): decoding, the QR attempts that fail, the strip's preparation,
//! Tesseract, and the rest (second looks, parsing, the correction search the signature
//! judges). CPU of the reading thread, medians and p90 over the photos, one core.
//!
//! Usage: cargo run --release --example stage_times -- [--photos N] [--seed S] [--style mixed|phone]

use std::time::Duration;

use rand::SeedableRng as _;
use tally::photo::diag::{decode, map_photos, prepare, read_qr, recognise, thread_cpu};
use tally::photo::{read_photo, Options, PhotoStyle, StyleMix};
use tally::simulate::sample;

/// The stages timed, in order.
const STAGES: [&str; 6] = [
    "decode",
    "QR attempts (failing)",
    "prepare the strip",
    "Tesseract (the strip)",
    "the rest of the OCR reading",
    "whole reading (QR off)",
];

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = thread_cpu();
    let out = f();
    (out, thread_cpu().saturating_sub(start))
}

fn main() -> anyhow::Result<()> {
    let (mut photos, mut seed, mut mix) = (60usize, 2026u64, StyleMix::Mixed);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--photos" => photos = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--style" => {
                mix = match args.next().as_deref() {
                    Some("mixed") => StyleMix::Mixed,
                    Some("phone") => StyleMix::Phone,
                    other => anyhow::bail!("--style mixed|phone, not {other:?}"),
                }
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let set = sample::sample_set(seed, photos, 5);
    let keyring =
        tally::keyring::Keyring::parse(set.keyring_csv.as_bytes(), std::path::Path::new("k.csv"))?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let styles: Vec<PhotoStyle> = (0..photos).map(|_| mix.draw(&mut rng, true)).collect();
    let rows: Vec<[Duration; 6]> = map_photos(&set.tapes, &styles, seed, |_, _, bytes| {
        let (grey, t_decode) = timed(|| decode(&bytes).expect("decode"));
        let (_, t_qr) = timed(|| read_qr(&grey));
        let (strip, t_prepare) = timed(|| prepare(&grey));
        let (_, t_ocr) = timed(|| recognise(&strip));
        let no_qr = Options {
            qr: false,
            ..Options::default()
        };
        let (_, t_whole) = timed(|| read_photo(&bytes, Some(&keyring), &no_qr));
        let rest = t_whole.saturating_sub(t_decode + t_prepare + t_ocr);
        [t_decode, t_qr, t_prepare, t_ocr, rest, t_whole]
    });
    println!("{photos} photos, QR smudged, seed {seed}: CPU per photo, one core");
    println!("| stage | median | p90 |\n| --- | ---: | ---: |");
    for (k, name) in STAGES.iter().enumerate() {
        let mut v: Vec<Duration> = rows.iter().map(|r| r[k]).collect();
        v.sort();
        println!(
            "| {name} | {} ms | {} ms |",
            v[v.len() / 2].as_millis(),
            v[v.len() * 9 / 10].as_millis()
        );
    }
    Ok(())
}
