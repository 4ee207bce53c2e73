//! Curled tapes flattened by their text lines: renders mixed photos with paper curl, and for
//! each tells the surface its lines gave (`dewarp`), and whether the strip was remapped;
//! `--keep DIR` writes each strip before and after (`NNNN-a.png`, `NNNN-b.png`).
//!
//! Usage: cargo run --release --example dewarp_probe -- [--photos N] [--seed S] [--keep DIR]

use rand::SeedableRng as _;
use tally::photo::diag::{
    curl_surface, decode, flatten_curl, flatten_light, map_photos, read_qr_traced, straighten,
};
use tally::photo::PhotoStyle;
use tally::simulate::sample;

fn main() -> anyhow::Result<()> {
    let (mut photos, mut seed, mut keep) = (40usize, 5u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--photos" => photos = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--keep" => keep = args.next().map(std::path::PathBuf::from),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir)?;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut styles = Vec::new();
    while styles.len() < photos {
        let s = PhotoStyle::mixed(&mut rng, false);
        if s.curl > 0.2 {
            styles.push(s);
        }
    }
    let set = sample::sample_set(seed, photos, 5);
    let rows = map_photos(&set.tapes, &styles, seed, |i, _, bytes| {
        let img = decode(&bytes).expect("decode");
        let strip = flatten_light(&straighten(&img));
        let surface = curl_surface(&strip);
        let flat = flatten_curl(&strip);
        if let Some(dir) = &keep {
            strip.save(dir.join(format!("{i:04}-a.png"))).ok();
            if let Some(f) = &flat {
                f.save(dir.join(format!("{i:04}-b.png"))).ok();
            }
        }
        // The QR code read on the strip as it was, and on the strip flattened.
        let before = read_qr_traced(&img, &|| &strip).is_some();
        let after = flat
            .as_ref()
            .map_or(before, |f| read_qr_traced(&img, &|| f).is_some());
        (surface, flat.is_some(), before, after)
    });
    let (mut remapped, mut before, mut after) = (0, 0, 0);
    for (i, ((surface, flat, b, a), style)) in rows.iter().zip(&styles).enumerate() {
        remapped += usize::from(*flat);
        before += usize::from(*b);
        after += usize::from(*a);
        println!("{i:4} remapped {flat} qr {b} -> {a} {surface:?} style {style:?}");
    }
    println!("remapped {remapped} of {photos} curled photos; QR codes read {before} on the strip as it was, {after} flattened");
    Ok(())
}
