//! The QR path alone, on the wide mix: renders unsmudged photos drawn from
//! `PhotoStyle::mixed`, reads each one's QR code with tally's reader (and with `zbarimg`
//! when `--zbar` is given, as an independent decoder), and tells how many were read exactly,
//! by the axes of the style, with the time per photo. For tuning the QR reader quickly;
//! `photo_bench` measures the whole reading.
//!
//! `--smudged` renders every QR code smudged instead: what a failing QR path costs before
//! the OCR starts. Times are each photo's CPU on its thread.
//!
//! Usage: cargo run --release --example qr_probe -- [--photos N] [--seed S] [--zbar] [--misses] [--keep DIR] [--smudged]

use std::collections::BTreeMap;

use rand::SeedableRng as _;
use tally::photo::diag::{decode, flat_strip, map_photos, read_qr_traced, thread_cpu};
use tally::photo::PhotoStyle;
use tally::simulate::sample;
use tally::tape::{qr_text, Signature};

fn zbar(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("p.jpg");
    std::fs::write(&path, bytes).ok()?;
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&path)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

fn bucket(style: &PhotoStyle) -> Vec<(String, String)> {
    let px = style.char_px * 0.6;
    let band = |v: f32, step: f32| {
        let lo = (v / step).floor() * step;
        format!("{lo:.1}-{:.1}", lo + step)
    };
    vec![
        ("px/char".into(), band(px, 2.0)),
        ("font".into(), style.font.name().into()),
        ("curl".into(), band(style.curl, 0.1)),
        ("glare".into(), band(style.glare, 0.3)),
        ("motion".into(), band(style.motion_blur_px, 2.0)),
        ("blur".into(), band(style.blur_sigma, 0.6)),
        ("cut".into(), band(style.cut_edge, 0.03)),
        (
            "tilt".into(),
            band(style.tilt_deg.0.abs().max(style.tilt_deg.1.abs()), 4.0),
        ),
        ("jpeg".into(), band(f32::from(style.jpeg_quality), 20.0)),
    ]
}

fn main() -> anyhow::Result<()> {
    let mut photos = 200usize;
    let mut seed = 2026u64;
    let mut with_zbar = false;
    let mut misses = false;
    let mut keep: Option<std::path::PathBuf> = None;
    let mut smudged = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--photos" => photos = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--zbar" => with_zbar = true,
            "--misses" => misses = true,
            "--keep" => keep = args.next().map(Into::into),
            "--smudged" => smudged = true,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let set = sample::sample_set(seed, photos, 5);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let styles: Vec<PhotoStyle> = (0..photos)
        .map(|_| PhotoStyle::mixed(&mut rng, smudged))
        .collect();
    let rows: Vec<(bool, Option<bool>, f64, Option<usize>)> =
        map_photos(&set.tapes, &styles, seed, |i, tape, bytes| {
            if let Some(dir) = &keep {
                std::fs::create_dir_all(dir).expect("keep dir");
                std::fs::write(dir.join(format!("qr-{i:04}.jpg")), &bytes).expect("keep");
            }
            let Signature::Present(sig) = &tape.signature else {
                panic!("sample tapes are signed")
            };
            let truth = qr_text(&tape.payload, sig);
            let grey = decode(&bytes).expect("decode");
            let t = thread_cpu();
            let strip = std::cell::OnceCell::new();
            let read = read_qr_traced(&grey, &|| strip.get_or_init(|| flat_strip(&grey)));
            let attempt = read.as_ref().map(|r| r.2);
            let ours = read.is_some_and(|(t, _, _)| t.trim_end() == truth.trim_end());
            let ms = thread_cpu().saturating_sub(t).as_secs_f64() * 1000.0;
            let theirs = with_zbar.then(|| zbar(&bytes).is_some_and(|t| t == truth.trim_end()));
            (ours, theirs, ms, attempt)
        });
    let ours = rows.iter().filter(|r| r.0).count();
    println!("tally reads {ours}/{photos} QR codes exactly");
    if with_zbar {
        let z = rows.iter().filter(|r| r.1 == Some(true)).count();
        let zbar_only = rows.iter().filter(|r| r.1 == Some(true) && !r.0).count();
        println!("zbarimg reads {z}/{photos}; {zbar_only} of them tally does not");
    }
    let mut ms: Vec<f64> = rows.iter().map(|r| r.2).collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "QR time per photo (CPU, one core): median {:.0} ms, p90 {:.0} ms",
        ms[ms.len() / 2],
        ms[ms.len() * 9 / 10]
    );
    let mut attempts: BTreeMap<usize, usize> = BTreeMap::new();
    for r in &rows {
        if let Some(a) = r.3 {
            *attempts.entry(a).or_default() += 1;
        }
    }
    println!("read at attempt (0: the photo as it is): {attempts:?}");
    let mut by: BTreeMap<(String, String), (usize, usize, usize)> = BTreeMap::new();
    for (style, r) in styles.iter().zip(&rows) {
        for key in bucket(style) {
            let e = by.entry(key).or_default();
            e.0 += 1;
            e.1 += usize::from(r.0);
            e.2 += usize::from(r.1 == Some(true));
        }
    }
    let mut last = String::new();
    for ((axis, band), (n, t, z)) in &by {
        if *axis != last {
            println!("{axis}:");
            last.clone_from(axis);
        }
        let zs = if with_zbar {
            format!("  zbar {z}/{n}")
        } else {
            String::new()
        };
        println!("  {band:>10}  tally {t}/{n}{zs}");
    }
    if misses {
        for (i, (style, r)) in styles.iter().zip(&rows).enumerate() {
            if !r.0 {
                println!("miss {i}: {}", style.describe());
            }
        }
    }
    Ok(())
}
