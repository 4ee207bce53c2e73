//! Curled paper flattened by its own text lines. Thermal tape curls across its width the
//! moment it leaves the printer; seen from above, its printed lines bow (the raised edges are
//! nearer the camera), more the further a line is from the middle of the photo, and the QR
//! code below them bends the same way. The lines are straight on paper, so their shape in the
//! photo is the paper's: each line is found across the strip (its centre in each of a row of
//! narrow slices), fitted with a parabola, and the parabolas' tilt and bow are fitted as
//! straight functions of the line's height. That surface (a cylinder seen in perspective is
//! such a surface, to the second order) tells for every point of flat paper where it is seen;
//! the whole strip, QR code included, is remapped to flat paper before any decoding.
//!
//! The model is Leptonica's dewarp model reduced to what a tape needs (textline centres →
//! vertical disparity, fitted as a low-order polynomial per column); Leptonica's own is
//! reachable only through unsafe C calls, which this crate forbids.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp_with, Interpolation};

use super::preprocess;

/// Slices the strip is cut into across its width to follow each line.
const SLICES: usize = 20;

/// A strip whose lines bow or tilt less than this many pixels at its edges is left as it is.
const STRAIGHT_PX: f32 = 2.5;

/// Where flat paper is seen: a point at height `y` and across-position `u` (−1 at the left
/// edge, 1 at the right) is seen at `y + (tilt + tilt_per_y·y)·u + (bow + bow_per_y·y)·u²`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    tilt: f32,
    tilt_per_y: f32,
    bow: f32,
    bow_per_y: f32,
}

impl Surface {
    /// How far the point at height `y` and across-position `u` is seen from where it lies.
    fn shift(&self, y: f32, u: f32) -> f32 {
        (self.tilt + self.tilt_per_y * y) * u + (self.bow + self.bow_per_y * y) * u * u
    }

    /// The largest shift over heights `0..=h`, at either edge.
    fn largest(&self, h: f32) -> f32 {
        [0.0, h]
            .iter()
            .flat_map(|&y| [-1.0, 1.0].map(|u| self.shift(y, u).abs()))
            .fold(0.0, f32::max)
    }
}

/// A line's centre across one slice: the slice, the centre's height, the run's height.
#[derive(Debug, Clone, Copy)]
struct Centre {
    y: f32,
    height: f32,
}

/// The centres of the text lines in each slice of the printed part of a binarised strip
/// (ink dark): runs of rows with ink, their ink-weighted middle.
fn centres(binary: &GrayImage, rows: u32) -> Vec<Vec<Centre>> {
    let w = binary.width();
    let slice_w = (w / SLICES as u32).max(1);
    (0..SLICES as u32)
        .map(|s| {
            let x0 = s * slice_w;
            let x1 = (x0 + slice_w).min(w);
            let ink: Vec<u32> = (0..rows)
                .map(|y| {
                    (x0..x1)
                        .filter(|&x| binary.get_pixel(x, y).0[0] < 128)
                        .count() as u32
                })
                .collect();
            // Dot-matrix print leaves rows between its dots: each row counts its neighbours'
            // ink too.
            let ink: Vec<u32> = (0..ink.len())
                .map(|y| {
                    ink[y.saturating_sub(2)..(y + 3).min(ink.len())]
                        .iter()
                        .sum::<u32>()
                        / 5
                })
                .collect();
            // A row belongs to a line when a few percent of the slice is ink there.
            let least = (slice_w / 25).max(1);
            let mut out = Vec::new();
            let mut y = 0usize;
            while y < ink.len() {
                if ink[y] < least {
                    y += 1;
                    continue;
                }
                let start = y;
                let (mut mass, mut moment) = (0.0f32, 0.0f32);
                while y < ink.len() && ink[y] >= least {
                    mass += ink[y] as f32;
                    moment += ink[y] as f32 * y as f32;
                    y += 1;
                }
                out.push(Centre {
                    y: moment / mass.max(1.0),
                    height: (y - start) as f32,
                });
            }
            out
        })
        .collect()
}

/// A text line followed across the slices: (slice, centre height) points.
type Track = Vec<(usize, f32)>;

/// Links the slices' centres into lines: from every centre not yet taken, outwards in both
/// directions, each step taking the nearest centre within a third of the line height of where
/// the line was heading.
fn tracks(centres: &[Vec<Centre>], line_h: f32) -> Vec<Track> {
    let mut taken: Vec<Vec<bool>> = centres.iter().map(|c| vec![false; c.len()]).collect();
    let mut order: Vec<usize> = (0..centres.len()).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(centres[s].len()), s.abs_diff(SLICES / 2)));
    let mut out = Vec::new();
    for s0 in order {
        for i0 in 0..centres[s0].len() {
            if taken[s0][i0] {
                continue;
            }
            taken[s0][i0] = true;
            let mut track = vec![(s0, centres[s0][i0].y)];
            for dir in [1isize, -1] {
                let (mut s, mut y, mut slope) = (s0 as isize, centres[s0][i0].y, 0.0f32);
                let mut gap = 0;
                loop {
                    s += dir;
                    if s < 0 || s >= centres.len() as isize || gap > 3 {
                        break;
                    }
                    let su = s as usize;
                    let expect = y + slope * (gap + 1) as f32 * dir as f32;
                    let near = centres[su]
                        .iter()
                        .enumerate()
                        .filter(|(j, c)| {
                            !taken[su][*j]
                                && (c.y - expect).abs() < line_h / 3.0
                                && c.height < line_h * 2.0
                        })
                        .min_by(|a, b| (a.1.y - expect).abs().total_cmp(&(b.1.y - expect).abs()));
                    match near {
                        Some((j, c)) => {
                            taken[su][j] = true;
                            slope = (c.y - y) / (gap + 1) as f32 * dir as f32;
                            y = c.y;
                            gap = 0;
                            track.push((su, c.y));
                        }
                        None => gap += 1,
                    }
                }
            }
            track.sort_by_key(|p| p.0);
            out.push(track);
        }
    }
    out
}

/// Least squares of `y = c0 + c1·u + c2·u²` through `points` (u, y), or `None` when they do
/// not fix a parabola.
fn parabola(points: &[(f32, f32)]) -> Option<[f32; 3]> {
    // Normal equations, solved by Cramer's rule (3 × 3).
    let mut s = [0f64; 5];
    let mut t = [0f64; 3];
    for &(u, y) in points {
        let (u, y) = (f64::from(u), f64::from(y));
        let mut p = 1.0;
        for (k, sk) in s.iter_mut().enumerate() {
            *sk += p;
            if k < 3 {
                t[k] += p * y;
            }
            p *= u;
        }
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    if d.abs() < 1e-9 {
        return None;
    }
    let mut c = [0f32; 3];
    for (k, ck) in c.iter_mut().enumerate() {
        let mut mk = m;
        for (row, tk) in mk.iter_mut().zip(t) {
            row[k] = tk;
        }
        *ck = (det(mk) / d) as f32;
    }
    Some(c)
}

/// Weighted least squares of `v = a + b·y` through `points` (y, v, weight).
fn straight(points: &[(f32, f32, f32)]) -> Option<(f32, f32)> {
    let (mut sw, mut sy, mut sv, mut syy, mut syv) = (0f64, 0f64, 0f64, 0f64, 0f64);
    for &(y, v, w) in points {
        let (y, v, w) = (f64::from(y), f64::from(v), f64::from(w));
        sw += w;
        sy += w * y;
        sv += w * v;
        syy += w * y * y;
        syv += w * y * v;
    }
    let d = sw * syy - sy * sy;
    if sw <= 0.0 || d.abs() < 1e-9 {
        return None;
    }
    let b = (sw * syv - sy * sv) / d;
    Some((((sv - b * sy) / sw) as f32, b as f32))
}

/// Coefficient `k` of the lines' parabolas as a straight function of their heights: fitted,
/// then fitted again without the lines far off the first fit (a track that slid from one
/// line to the next).
fn robust(fitted: &[([f32; 3], f32)], k: usize) -> Option<(f32, f32)> {
    let points: Vec<_> = fitted.iter().map(|(c, w)| (c[0], c[k], *w)).collect();
    let (a, b) = straight(&points)?;
    let off = |p: &(f32, f32, f32)| (p.1 - a - b * p.0).abs();
    let mut offs: Vec<f32> = points.iter().map(off).collect();
    offs.sort_by(f32::total_cmp);
    let limit = (offs[offs.len() / 2] * 3.0).max(2.0);
    let kept: Vec<_> = points.iter().copied().filter(|p| off(p) <= limit).collect();
    if kept.len() < 3 {
        return None;
    }
    straight(&kept)
}

/// The surface the strip's text lines lie on, or `None` when too few lines are found across
/// enough of the strip to tell.
pub fn surface(flat: &GrayImage) -> Option<Surface> {
    let binary = preprocess::binarise(flat);
    let rows = preprocess::rows_above_qr(&binary);
    let centres = centres(&binary, rows);
    let mut heights: Vec<f32> = centres.iter().flatten().map(|c| c.height).collect();
    if heights.len() < SLICES {
        return None;
    }
    heights.sort_by(f32::total_cmp);
    let line_h = heights[heights.len() / 2].max(4.0);
    let half = flat.width() as f32 / 2.0;
    let slice_w = (flat.width() / SLICES as u32).max(1) as f32;
    let mut fitted = Vec::new();
    for track in tracks(&centres, line_h) {
        // A line seen over less than half the strip says little of its bow.
        if track.len() < SLICES / 2 {
            continue;
        }
        let points: Vec<(f32, f32)> = track
            .iter()
            .map(|&(s, y)| (((s as f32 + 0.5) * slice_w - half) / half, y))
            .collect();
        let Some(c) = parabola(&points) else {
            continue;
        };
        let residual = points
            .iter()
            .map(|&(u, y)| (y - c[0] - c[1] * u - c[2] * u * u).powi(2))
            .sum::<f32>()
            / points.len() as f32;
        // A track that jumped between lines does not fit a parabola.
        if residual.sqrt() > line_h / 6.0 {
            continue;
        }
        fitted.push((c, points.len() as f32));
    }
    if fitted.len() < 3 {
        return None;
    }
    let (tilt, tilt_per_y) = robust(&fitted, 1)?;
    let (bow, bow_per_y) = robust(&fitted, 2)?;
    Some(Surface {
        tilt,
        tilt_per_y,
        bow,
        bow_per_y,
    })
}

/// The strip remapped to flat paper, or `None` when its lines are straight already (or
/// cannot be followed): a strip `preprocess::flat_strip` made, straightened and evenly lit.
pub fn flatten(flat: &GrayImage) -> Option<GrayImage> {
    let surface = surface(flat)?;
    let (w, h) = (flat.width() as f32, flat.height() as f32);
    let largest = surface.largest(h);
    // Straight enough already; or a shift no curl makes (a fit gone wrong).
    if largest < STRAIGHT_PX || largest > w * 0.25 {
        return None;
    }
    let half = w / 2.0;
    Some(warp_with(
        flat,
        move |x, y| {
            let u = (x - half) / half;
            (x, y + surface.shift(y, u))
        },
        Interpolation::Bilinear,
        Luma([255]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A strip of straight dark lines, bowed by `bow` pixels at the edges, more below.
    fn lines(bow_at: impl Fn(f32) -> f32) -> GrayImage {
        let (w, h) = (1000u32, 900u32);
        GrayImage::from_fn(w, h, |x, y| {
            let u = (x as f32 - 500.0) / 500.0;
            let flat_y = y as f32 - bow_at(y as f32) * u * u;
            // Dark bands 20 px high every 50 px, words broken every 90 px.
            let ink = flat_y.rem_euclid(50.0) < 20.0 && (x % 90) < 70 && flat_y > 10.0;
            Luma([if ink { 20 } else { 240 }])
        })
    }

    /// A photo of curled tape (drawn by `examples/dewarp_probe --seed 10`, its 38th) whose QR
    /// code no attempt on the strip as photographed reads, neither decoder nor any of the
    /// curls the QR reader unrolls, is read once the strip is flattened by its lines.
    #[test]
    fn a_curled_qr_code_no_decoder_reads_is_read_once_flattened() {
        use crate::photo::image::{decode::decode, qr};
        use crate::photo::{render_photo, PhotoStyle, PrintFont};
        use crate::tape::{qr_text, Signature};
        let tape = crate::simulate::sample::sample_set(10, 100, 5)
            .tapes
            .remove(38);
        let style = PhotoStyle {
            char_px: 31.834648,
            rotation_deg: -6.7856765,
            perspective: 0.0052225506,
            light_gradient: 0.21107548,
            shadow: 0.0,
            blur_sigma: 1.0810145,
            noise: 2.068482,
            jpeg_quality: 63,
            fade: 0.4186985,
            smudge_qr: false,
            font: PrintFont::Mono,
            tilt_deg: (-7.9698143, -4.466861),
            curl: 0.27771187,
            glare: 0.0,
            motion_blur_px: 0.0,
            streaks: 0.02132012,
            cut_edge: 0.0,
        };
        let img = decode(&render_photo(&tape, &style, 10 ^ 38).unwrap()).unwrap();
        let as_photographed = preprocess::flatten_light(&preprocess::straighten(&img));
        assert_eq!(
            qr::read_qr_with(&img, &|| &as_photographed),
            None,
            "no decoder reads the code on the curled strip"
        );
        assert!(
            flatten(&as_photographed).is_some(),
            "the strip is flattened"
        );
        let Signature::Present(sig) = &tape.signature else {
            panic!("sample tapes are signed")
        };
        let (text, _) = qr::read_qr(&img).expect("read once flattened");
        assert_eq!(text.trim_end(), qr_text(&tape.payload, sig).trim_end());
    }

    #[test]
    fn straight_lines_are_left_alone() {
        assert_eq!(flatten(&lines(|_| 0.0)), None);
    }

    #[test]
    fn bowed_lines_are_straightened() {
        let bowed = lines(|y| 4.0 + y * 0.03);
        let s = surface(&bowed).expect("lines followed");
        // At the bottom the lines bow 4 + 27 = 31 px at the edges.
        let at_bottom = s.shift(900.0, 1.0);
        assert!((at_bottom - 31.0).abs() < 3.0, "{s:?}: {at_bottom}");
        let flat = flatten(&bowed).expect("flattened");
        let again = surface(&flat).expect("lines followed");
        assert!(again.largest(900.0) < 3.0, "{again:?}");
    }
}
