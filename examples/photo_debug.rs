//! Shows each step of reading a photo: QR, the prepared strip (written beside the photo as
//! .strip.png) and timings. Usage: photo_debug PHOTO...
fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let t = std::time::Instant::now();
        let img = tally::photo::diag::decode(&bytes)?;
        let t_decode = t.elapsed();
        let qr = tally::photo::diag::read_qr(&img);
        let t_qr = t.elapsed();
        let strip = tally::photo::diag::prepare(&img);
        let t_prep = t.elapsed();
        strip.save(format!("{path}.strip.png"))?;
        let w = strip.width();
        image::imageops::crop_imm(&strip, w * 26 / 44, 0, w - w * 26 / 44, strip.height())
            .to_image()
            .save(format!("{path}.right.png"))?;
        if std::env::var_os("PREVIEW").is_some() {
            image::imageops::resize(
                &img,
                img.width() / 2,
                img.height() / 2,
                image::imageops::FilterType::Triangle,
            )
            .save(format!("{path}.preview.png"))?;
            println!("corners {:?}", tally::photo::diag::locate(&img));
        }
        let t = std::time::Instant::now();
        let lines = tally::photo::diag::recognise(&strip)?;
        println!("ocr {:?}", t.elapsed());
        let raw: Vec<String> = lines.iter().map(|l| l.text()).collect();
        for l in &raw {
            println!("  | {l}");
        }
        let (text, _) = tally::photo::diag::normalise(&raw);
        println!("{text}");
        if let Err(e) = tally::tape::Tape::parse(&text) {
            println!("PARSE: {e}");
        }
        if let Ok(k) = std::env::var("KEYRING") {
            let keyring = tally::keyring::Keyring::load(std::path::Path::new(&k), None, None)?;
            let options = tally::photo::Options {
                qr: false,
                cross_check: false,
            };
            match tally::photo::read_photo(&bytes, Some(&keyring), &options) {
                Ok(r) => println!(
                    "OCR alone: {:?} {:?}",
                    r.method,
                    tally::verify::verify_tape(&r.tape, Some(&keyring)).status
                ),
                Err(e) => println!("OCR alone: {e}"),
            }
        }
        println!(
            "{path}: decode {t_decode:?} qr {:?} ({}) prepare {:?}",
            t_qr - t_decode,
            if qr.is_some() { "read" } else { "none" },
            t_prep - t_qr
        );
    }
    Ok(())
}
