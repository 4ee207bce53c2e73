//! Writes the prepared strips of mixed photos with a smudged QR code, and each tape's printed
//! text, for OCR experiments outside tally: `DIR/NNNN.png`, `DIR/NNNN.txt`, `DIR/NNNN.style`.
//!
//! Usage: strip_dump --dir DIR [--photos N] [--seed S]

use rand::SeedableRng as _;
use tally::photo::PhotoStyle;
use tally::simulate::sample;

fn main() -> anyhow::Result<()> {
    let (mut photos, mut seed, mut dir) = (60usize, 5u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--photos" => photos = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--dir" => dir = args.next(),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let dir = std::path::PathBuf::from(dir.ok_or_else(|| anyhow::anyhow!("--dir DIR"))?);
    std::fs::create_dir_all(&dir)?;
    let set = sample::sample_set(seed, photos, 5);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let styles: Vec<PhotoStyle> = (0..photos)
        .map(|_| PhotoStyle::mixed(&mut rng, true))
        .collect();
    tally::photo::diag::map_photos(&set.tapes, &styles, seed, |i, tape, bytes| {
        let img = tally::photo::diag::decode(&bytes).expect("decode");
        let strip = tally::photo::diag::prepare(&img);
        strip.save(dir.join(format!("{i:04}.png"))).expect("save");
        std::fs::write(dir.join(format!("{i:04}.txt")), tape.to_text()).expect("write");
        std::fs::write(dir.join(format!("{i:04}.style")), styles[i].describe()).expect("write");
    });
    Ok(())
}
