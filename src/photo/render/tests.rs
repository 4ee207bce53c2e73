use super::*;
use crate::simulate::sample::sample_set;
use crate::tape::{qr_text, Signature};

fn tape() -> Tape {
    sample_set(11, 1, 5).tapes.remove(0)
}

/// The photo as the reader sees it, and its QR code's text if read.
fn qr_of(img: &image::RgbImage) -> Option<String> {
    crate::photo::image::qr::read_qr(&image::DynamicImage::ImageRgb8(img.clone()).to_luma8())
        .map(|(text, _)| text)
}

#[test]
fn each_axis_changes_the_photo_and_keeps_it_a_photo() {
    let tape = tape();
    let clean = render_image(&tape, &PhotoStyle::clean(), 1).unwrap();
    let axes: Vec<(&str, PhotoStyle)> = vec![
        (
            "bold",
            PhotoStyle {
                font: PrintFont::Bold,
                ..PhotoStyle::clean()
            },
        ),
        (
            "condensed",
            PhotoStyle {
                font: PrintFont::Condensed,
                ..PhotoStyle::clean()
            },
        ),
        (
            "dots",
            PhotoStyle {
                font: PrintFont::Dots,
                ..PhotoStyle::clean()
            },
        ),
        (
            "tilt",
            PhotoStyle {
                tilt_deg: (10.0, -8.0),
                ..PhotoStyle::clean()
            },
        ),
        (
            "curl",
            PhotoStyle {
                curl: 0.35,
                ..PhotoStyle::clean()
            },
        ),
        (
            "glare",
            PhotoStyle {
                glare: 0.8,
                ..PhotoStyle::clean()
            },
        ),
        (
            "motion",
            PhotoStyle {
                motion_blur_px: 4.0,
                ..PhotoStyle::clean()
            },
        ),
        (
            "streaks",
            PhotoStyle {
                streaks: 0.02,
                ..PhotoStyle::clean()
            },
        ),
        (
            "cut",
            PhotoStyle {
                cut_edge: 0.03,
                ..PhotoStyle::clean()
            },
        ),
    ];
    for (name, style) in axes {
        let img = render_image(&tape, &style, 1).unwrap();
        assert!(img != clean, "{name} changes nothing");
        assert!(
            img.width() > 200 && img.height() > 400,
            "{name}: {:?}",
            img.dimensions()
        );
        // The same tape, style and seed: the same picture.
        assert!(
            render_image(&tape, &style, 1).unwrap() == img,
            "{name} is not deterministic"
        );
    }
}

#[test]
fn a_cut_edge_narrows_the_picture_and_tilt_keeps_the_tape_in_it() {
    let tape = tape();
    let clean = render_image(&tape, &PhotoStyle::clean(), 1).unwrap();
    let cut = PhotoStyle {
        cut_edge: 0.05,
        ..PhotoStyle::clean()
    };
    assert!(render_image(&tape, &cut, 1).unwrap().width() < clean.width());
    // A tilted camera's photo still holds the whole tape: its QR code reads.
    let tilted = PhotoStyle {
        tilt_deg: (12.0, 12.0),
        ..PhotoStyle::clean()
    };
    let Signature::Present(sig) = &tape.signature else {
        panic!("the sample tape is signed")
    };
    let expected = qr_text(&tape.payload, sig);
    let read = qr_of(&render_image(&tape, &tilted, 1).unwrap());
    assert_eq!(
        read.as_deref().map(str::trim_end),
        Some(expected.trim_end()),
        "the QR code of a tilted photo reads"
    );
}

#[test]
fn the_typeface_leaves_the_qr_code_alone() {
    let tape = tape();
    for font in PrintFont::ALL {
        let style = PhotoStyle {
            font,
            ..PhotoStyle::clean()
        };
        assert!(
            qr_of(&render_image(&tape, &style, 2).unwrap()).is_some(),
            "{}",
            font.name()
        );
    }
}

#[test]
fn mixed_styles_cover_every_axis() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let styles: Vec<PhotoStyle> = (0..400)
        .map(|i| PhotoStyle::mixed(&mut rng, i % 4 == 0))
        .collect();
    for font in PrintFont::ALL {
        assert!(styles.iter().any(|s| s.font == font), "{}", font.name());
    }
    // Down to 10 pixels per character (a cell is 0.6 of the type's size), not below.
    let small = styles.iter().filter(|s| s.char_px * 0.6 < 12.0).count();
    assert!(small > 40, "low resolutions: {small}");
    assert!(styles.iter().all(|s| s.char_px * 0.6 >= 10.0));
    for (name, on) in [
        ("curl", styles.iter().filter(|s| s.curl > 0.0).count()),
        ("glare", styles.iter().filter(|s| s.glare > 0.0).count()),
        (
            "motion",
            styles.iter().filter(|s| s.motion_blur_px > 0.0).count(),
        ),
        ("streaks", styles.iter().filter(|s| s.streaks > 0.0).count()),
        ("cut", styles.iter().filter(|s| s.cut_edge > 0.0).count()),
        (
            "tilt",
            styles
                .iter()
                .filter(|s| s.tilt_deg.0.abs() > 8.0 && s.tilt_deg.1.abs() > 8.0)
                .count(),
        ),
        (
            "jpeg 40s",
            styles.iter().filter(|s| s.jpeg_quality < 50).count(),
        ),
    ] {
        assert!(on > 20 && on < 380, "{name}: {on} of 400");
    }
    assert!(
        styles[3].describe().starts_with("font="),
        "{}",
        styles[3].describe()
    );
}
