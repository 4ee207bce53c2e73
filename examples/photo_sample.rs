//! Renders sample tape photos into a folder, with their keyring: a look at what
//! `tally simulate --photos` will make. Usage: photo_sample OUT_DIR [COUNT] [SEED]
use rand::SeedableRng as _;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "photos".into()));
    let count: usize = args.next().map_or(Ok(4), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    std::fs::create_dir_all(&out)?;
    let set = tally::photo::sample::sample_set(seed, count, 5);
    std::fs::write(out.join("keyring.csv"), &set.keyring_csv)?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    for (i, tape) in set.tapes.iter().enumerate() {
        let style = tally::photo::PhotoStyle::phone(&mut rng, i % 4 == 3);
        let jpeg = tally::photo::render_photo(tape, &style, seed + i as u64)?;
        std::fs::write(out.join(format!("tape-{i:04}.jpg")), &jpeg)?;
        if std::env::var_os("PREVIEW").is_some() {
            let img = image::load_from_memory(&jpeg)?;
            img.resize(
                img.width() / 2,
                img.height() / 2,
                image::imageops::FilterType::Triangle,
            )
            .save(out.join(format!("tape-{i:04}.preview.png")))?;
        }
        std::fs::write(out.join(format!("tape-{i:04}.truth.txt")), tape.to_text())?;
    }
    Ok(())
}
