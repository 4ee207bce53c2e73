//! The photo around the strip: a wooden table, the strip turned and seen at a slant, uneven
//! light and a shadow, focus blur and sensor noise.

use image::{GrayImage, Rgb, RgbImage};
use imageproc::geometric_transformations::Projection;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::PhotoStyle;

/// Bilinear sample of the strip at (x, y), or `None` outside it.
fn sample(strip: &GrayImage, x: f32, y: f32) -> Option<f32> {
    let (w, h) = strip.dimensions();
    if x < 0.0 || y < 0.0 || x > (w - 1) as f32 || y > (h - 1) as f32 {
        return None;
    }
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |x, y| f32::from(strip.get_pixel(x, y).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
    let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
    Some(top * (1.0 - fy) + bottom * fy)
}

/// The corners seen by a camera tilted by `(about x, about y)` degrees, `distance` pixels
/// above the centre `(cx, cy)`: a pinhole's keystone.
fn tilted(
    corners: [(f32, f32); 4],
    (cx, cy): (f32, f32),
    tilt: (f32, f32),
    distance: f32,
) -> [(f32, f32); 4] {
    let (sa, ca) = tilt.0.to_radians().sin_cos();
    let (sb, cb) = tilt.1.to_radians().sin_cos();
    corners.map(|(x, y)| {
        let (x, y) = (x - cx, y - cy);
        // About the horizontal axis, then the vertical one.
        let (y1, z1) = (y * ca, y * sa);
        let (x2, z2) = (x * cb + z1 * sb, -x * sb + z1 * cb);
        let k = distance / (distance + z2);
        (cx + x2 * k, cy + y1 * k)
    })
}

/// Where the strip's corners land in the photo, and the photo's size.
fn placement(
    strip: &GrayImage,
    style: &PhotoStyle,
    rng: &mut ChaCha8Rng,
) -> ([(f32, f32); 4], (u32, u32)) {
    let (w, h) = (strip.width() as f32, strip.height() as f32);
    let (pw, ph) = ((w * 1.5).round(), (h * 1.18).round());
    let (cx, cy) = (pw / 2.0 + rng.gen_range(-0.04..0.04) * w, ph / 2.0);
    let (sin, cos) = style.rotation_deg.to_radians().sin_cos();
    let j = style.perspective * w;
    let corners = [
        (-w / 2.0, -h / 2.0),
        (w / 2.0, -h / 2.0),
        (w / 2.0, h / 2.0),
        (-w / 2.0, h / 2.0),
    ];
    let mut out = [(0.0, 0.0); 4];
    for (o, (x, y)) in out.iter_mut().zip(corners) {
        let (dx, dy) = (rng.gen_range(-1.0..=1.0) * j, rng.gen_range(-1.0..=1.0) * j);
        *o = (cx + x * cos - y * sin + dx, cy + x * sin + y * cos + dy);
    }
    if style.tilt_deg == (0.0, 0.0) {
        return (out, (pw as u32, ph as u32));
    }
    // A tilted camera: the photo grows to hold the tape with the same margins.
    let out = tilted(out, (cx, cy), style.tilt_deg, 1.5 * w.max(h));
    let (min_x, max_x) = out
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_y, max_y) = out
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (mx, my) = (0.25 * w, 0.09 * h);
    let shifted = out.map(|(x, y)| (x - min_x + mx, y - min_y + my));
    let size = (
        (max_x - min_x + 2.0 * mx) as u32,
        (max_y - min_y + 2.0 * my) as u32,
    );
    (shifted, size)
}

/// Paper curling off the table across its width: where a point seen at strip coordinates
/// `(x, y)` lies on the paper, and how much the paper there faces the camera (1 flat), or
/// `None` past the curled edge. `curl` is the edges' angle as a fraction of a quarter turn.
fn uncurl(x: f32, y: f32, (w, h): (f32, f32), curl: f32) -> Option<(f32, f32, f32)> {
    let theta_max = curl * std::f32::consts::FRAC_PI_2;
    let r = (w / 2.0) / theta_max;
    let xs = x - w / 2.0;
    if xs.abs() > r * theta_max.sin() {
        return None;
    }
    let theta = (xs / r).asin();
    // The raised edges are nearer the camera (1.5 tape lengths away): seen larger, so the
    // printed lines bow.
    let raised = r * (1.0 - theta.cos());
    let distance = 1.5 * w.max(h);
    let lift = distance / (distance - raised);
    Some((
        w / 2.0 + r * theta,
        h / 2.0 + (y - h / 2.0) / lift,
        theta.cos(),
    ))
}

/// The table's colour at a point: warm wood with grain along x.
fn table(x: u32, y: u32, grain: &[f32]) -> [f32; 3] {
    let g = grain[y as usize % grain.len()] + 0.04 * ((x as f32) * 0.013 + y as f32 * 0.002).sin();
    [118.0 * g, 82.0 * g, 52.0 * g]
}

/// Takes the photo of a strip.
pub(super) fn photograph(strip: &GrayImage, style: &PhotoStyle, rng: &mut ChaCha8Rng) -> RgbImage {
    let (w, h) = (strip.width() as f32, strip.height() as f32);
    let (corners, (pw, ph)) = placement(strip, style, rng);
    let to_photo =
        Projection::from_control_points([(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)], corners)
            .unwrap_or_else(|| Projection::translate(0.0, 0.0));
    let to_strip = to_photo.invert();
    let grain: Vec<f32> = (0..97).map(|_| rng.gen_range(0.85..1.1)).collect();
    let light_angle: f32 = rng.gen_range(0.0..std::f32::consts::TAU);
    let (lx, ly) = (light_angle.cos(), light_angle.sin());
    let shadow_at: f32 = rng.gen_range(0.2..0.8);
    let shadow_slope: f32 = rng.gen_range(-0.6..0.6);
    let tint = [1.0, rng.gen_range(0.95..1.0), rng.gen_range(0.86..0.97)];
    // A glare spot somewhere over the tape (drawn only when there is one, so that other
    // photos stay as they were).
    let glare = (style.glare > 0.0).then(|| {
        let (u, v) = (rng.gen_range(0.2..0.8), rng.gen_range(0.1..0.9));
        let radius = rng.gen_range(0.08..0.2) * pw.max(ph) as f32;
        let at = to_photo * (u * w, v * h);
        (at, radius)
    });
    let mut photo = RgbImage::new(pw, ph);
    for (x, y, px) in photo.enumerate_pixels_mut() {
        let (u, v) = (x as f32 / pw as f32 - 0.5, y as f32 / ph as f32 - 0.5);
        let mut light =
            1.0 - style.light_gradient * 0.5 * (1.0 + (u * lx + v * ly) * 2.0).clamp(0.0, 2.0);
        let vignette = 1.0 - 0.25 * (u * u + v * v);
        if style.shadow > 0.0 {
            // A soft-edged shadow: a hand or the phone a little above the tape.
            let t = ((v + shadow_slope * u - (shadow_at - 0.5)) / 0.06).clamp(-1.0, 1.0);
            light *= 1.0 - style.shadow * (0.5 + 0.5 * t);
        }
        let (sx, sy) = to_strip * (x as f32 + 0.5, y as f32 + 0.5);
        let seen = if style.curl > 0.0 {
            uncurl(sx, sy, (w, h), style.curl)
                .and_then(|(px, py, facing)| Some(sample(strip, px, py)? * (0.72 + 0.28 * facing)))
        } else {
            sample(strip, sx, sy)
        };
        let base = match seen {
            Some(g) => [g, g, g],
            None => table(x, y, &grain),
        };
        let k = light.max(0.05) * vignette;
        let wash = glare.map_or(0.0, |((gx, gy), r)| {
            let d2 = (x as f32 - gx).powi(2) + (y as f32 - gy).powi(2);
            style.glare * (-d2 / (2.0 * r * r)).exp()
        });
        *px = Rgb(std::array::from_fn(|i| {
            let v = base[i] * tint[i] * k;
            (v + (255.0 - v) * wash).clamp(0.0, 255.0) as u8
        }));
    }
    if style.blur_sigma > 0.05 {
        photo = imageproc::filter::gaussian_blur_f32(&photo, style.blur_sigma);
    }
    if style.motion_blur_px > 0.0 {
        photo = super::wear::motion_blur(&photo, style.motion_blur_px, rng);
    }
    if style.noise > 0.0 {
        imageproc::noise::gaussian_noise_mut(&mut photo, 0.0, f64::from(style.noise), rng.gen());
    }
    if style.cut_edge > 0.0 {
        let right = rng.gen_bool(0.5);
        let edge = if right {
            (1.0 - style.cut_edge) * w
        } else {
            style.cut_edge * w
        };
        let (x, _) = to_photo * (edge, h / 2.0);
        photo = super::wear::cut(&photo, x, right);
    }
    photo
}
