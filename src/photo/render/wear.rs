//! What the camera does after the light: shake (motion blur) and a frame that cuts the tape's
//! edge off.

use image::{Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Camera shake: each pixel the mean of the photo along a line of `length` pixels at a random
/// angle.
pub(super) fn motion_blur(photo: &RgbImage, length: f32, rng: &mut ChaCha8Rng) -> RgbImage {
    let angle: f32 = rng.gen_range(0.0..std::f32::consts::PI);
    let (dx, dy) = (angle.cos(), angle.sin());
    let steps = length.round().max(1.0) as i32;
    let offsets: Vec<(i64, i64)> = (0..=steps)
        .map(|i| {
            let t = i as f32 - steps as f32 / 2.0;
            ((t * dx).round() as i64, (t * dy).round() as i64)
        })
        .collect();
    let (w, h) = photo.dimensions();
    RgbImage::from_fn(w, h, |x, y| {
        let mut sum = [0u32; 3];
        for &(ox, oy) in &offsets {
            let sx = (i64::from(x) + ox).clamp(0, i64::from(w) - 1) as u32;
            let sy = (i64::from(y) + oy).clamp(0, i64::from(h) - 1) as u32;
            let p = photo.get_pixel(sx, sy).0;
            for (s, v) in sum.iter_mut().zip(p) {
                *s += u32::from(v);
            }
        }
        let n = offsets.len() as u32;
        Rgb(sum.map(|s| (s / n) as u8))
    })
}

/// The frame ends inside the tape: everything left of `x` (or right of it, with `right`) is
/// outside the picture.
pub(super) fn cut(photo: &RgbImage, x: f32, right: bool) -> RgbImage {
    let (w, h) = photo.dimensions();
    let x = (x.round().max(0.0) as u32).min(w.saturating_sub(1));
    if right {
        image::imageops::crop_imm(photo, 0, 0, x.max(1), h).to_image()
    } else {
        image::imageops::crop_imm(photo, x, 0, w - x, h).to_image()
    }
}
