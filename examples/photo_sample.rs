//! Renders sample tape photos, a quarter with a smudged QR code, for `make demo`: a look at
//! what `tally simulate --photos` will make. Writes OUT/photos/tape-NNNN.jpg, the devices'
//! keyring OUT/photo-keyring.csv, and each tape's text OUT/photo-truth/tape-NNNN.txt.
//! Usage: photo_sample OUT_DIR [COUNT] [SEED]  (PREVIEW=1 also writes half-size PNGs)
use rand::SeedableRng as _;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "demo".into()));
    let count: usize = args.next().map_or(Ok(24), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    let (photos, truth) = (out.join("photos"), out.join("photo-truth"));
    std::fs::create_dir_all(&photos)?;
    std::fs::create_dir_all(&truth)?;
    let set = tally::photo::sample::sample_set(seed, count, 5);
    std::fs::write(out.join("photo-keyring.csv"), &set.keyring_csv)?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    for (i, tape) in set.tapes.iter().enumerate() {
        let style = tally::photo::PhotoStyle::phone(&mut rng, i % 4 == 3);
        let jpeg = tally::photo::render_photo(tape, &style, seed + i as u64)?;
        std::fs::write(photos.join(format!("tape-{i:04}.jpg")), &jpeg)?;
        std::fs::write(truth.join(format!("tape-{i:04}.txt")), tape.to_text())?;
        if std::env::var_os("PREVIEW").is_some() {
            let img = image::load_from_memory(&jpeg)?;
            img.resize(
                img.width() / 2,
                img.height() / 2,
                image::imageops::FilterType::Triangle,
            )
            .save(truth.join(format!("tape-{i:04}.preview.png")))?;
        }
    }
    Ok(())
}
