//! From a photo to a clean page for OCR: locate the strip of paper (the largest bright
//! region), undo rotation and slant by mapping its four corners to an upright rectangle,
//! flatten uneven light by dividing by the paper's own brightness, binarise, and cut the QR
//! code off the bottom so that only the printed lines reach the OCR engine.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};

/// Width the strip is brought to: about 17 pixels a column over 44 columns, the size at which
/// Tesseract reads a monospace receipt best for its cost.
pub const STRIP_WIDTH: u32 = 1000;

/// Side of the reduced image the strip is located on.
const LOCATE_SIDE: u32 = 600;

/// The strip's four corners (top-left, top-right, bottom-right, bottom-left) in photo
/// pixels, or `None` when no paper-like region stands out.
pub fn locate(photo: &GrayImage) -> Option<[(f32, f32); 4]> {
    let (w, h) = photo.dimensions();
    let k = (LOCATE_SIDE as f32 / w.max(h) as f32).min(1.0);
    let small = image::imageops::resize(
        photo,
        ((w as f32 * k) as u32).max(8),
        ((h as f32 * k) as u32).max(8),
        image::imageops::FilterType::Triangle,
    );
    // Otsu splits table from paper; the paper in shadow is darker than its mean, so cut
    // nearer the table's side of the split.
    let otsu = imageproc::contrast::otsu_level(&small);
    let (mut lo, mut hi) = ((0u64, 0u64), (0u64, 0u64));
    for p in small.pixels() {
        let v = u64::from(p.0[0]);
        let side = if v > u64::from(otsu) {
            &mut hi
        } else {
            &mut lo
        };
        *side = (side.0 + v, side.1 + 1);
    }
    let mean = |(sum, n): (u64, u64)| sum as f32 / n.max(1) as f32;
    let level = (mean(lo) + 0.3 * (mean(hi) - mean(lo))) as u8;
    let mask =
        imageproc::contrast::threshold(&small, level, imageproc::contrast::ThresholdType::Binary);
    // Close the dark print inside the paper so that the strip is one region.
    let mask = imageproc::morphology::close(&mask, imageproc::distance_transform::Norm::LInf, 4);
    let labels = imageproc::region_labelling::connected_components(
        &mask,
        imageproc::region_labelling::Connectivity::Eight,
        Luma([0u8]),
    );
    let mut areas = std::collections::HashMap::<u32, u32>::new();
    for p in labels.pixels() {
        if p.0[0] != 0 {
            *areas.entry(p.0[0]).or_default() += 1;
        }
    }
    let (&label, &area) = areas.iter().max_by_key(|(l, a)| (**a, u32::MAX - **l))?;
    let total = small.width() * small.height();
    if area < total / 20 || area > total * 97 / 100 {
        return None;
    }
    // Extreme points along the diagonals: the corners of a roughly upright quadrilateral.
    let mut best = [(f32::MIN, (0.0, 0.0)); 4];
    for (x, y, p) in labels.enumerate_pixels() {
        if p.0[0] != label {
            continue;
        }
        let (fx, fy) = (x as f32, y as f32);
        let scores = [-fx - fy, fx - fy, fx + fy, fy - fx];
        for (b, s) in best.iter_mut().zip(scores) {
            if s > b.0 {
                *b = (s, (fx, fy));
            }
        }
    }
    // Push each corner a little outwards from the centre: a cut margin is harmless, cut
    // print is not.
    let (cx, cy) = best
        .iter()
        .fold((0.0, 0.0), |a, (_, p)| (a.0 + p.0 / 4.0, a.1 + p.1 / 4.0));
    Some(best.map(|(_, (x, y))| {
        let (x, y) = (cx + (x - cx) * 1.02, cy + (y - cy) * 1.01);
        ((x + 0.5) / k, (y + 0.5) / k)
    }))
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The strip cut out of the photo, upright and square-on, `STRIP_WIDTH` wide. A photo in
/// which no strip stands out is taken whole (a photo cropped to the tape).
pub fn straighten(photo: &GrayImage) -> GrayImage {
    let (w, h) = (photo.width() as f32, photo.height() as f32);
    let corners = locate(photo).unwrap_or([(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]);
    let [tl, tr, br, bl] = corners;
    let sw = (dist(tl, tr) + dist(bl, br)) / 2.0;
    let sh = (dist(tl, bl) + dist(tr, br)) / 2.0;
    let scale = STRIP_WIDTH as f32 / sw.max(1.0);
    let out_h = ((sh * scale).round() as u32).clamp(16, STRIP_WIDTH * 12);
    let target = [
        (0.0, 0.0),
        (STRIP_WIDTH as f32, 0.0),
        (STRIP_WIDTH as f32, out_h as f32),
        (0.0, out_h as f32),
    ];
    let Some(projection) = Projection::from_control_points(corners, target) else {
        return image::imageops::resize(
            photo,
            STRIP_WIDTH,
            out_h,
            image::imageops::FilterType::Triangle,
        );
    };
    // Only the strip's own pixels are computed. White beyond the photo's edge: a tape cut by
    // the frame keeps a light margin there, as its QR code's quiet zone and the OCR's page
    // edge want.
    let mut strip = GrayImage::new(STRIP_WIDTH, out_h);
    warp_into(
        photo,
        &projection,
        Interpolation::Bilinear,
        Luma([255]),
        &mut strip,
    );
    strip
}

/// Evens out the light: each pixel divided by the local paper brightness (a wide maximum,
/// then smoothed), so shadows and gradients vanish and ink stays dark.
pub fn flatten_light(strip: &GrayImage) -> GrayImage {
    // The paper's brightness varies slowly: estimate it at a quarter of the size.
    let (w, h) = strip.dimensions();
    let (sw, sh) = ((w / 4).max(1), (h / 4).max(1));
    let small = image::imageops::resize(strip, sw, sh, image::imageops::FilterType::Triangle);
    let paper =
        imageproc::morphology::grayscale_dilate(&small, &imageproc::morphology::Mask::square(5));
    let paper = imageproc::filter::gaussian_blur_f32(&paper, 3.0);
    let paper = image::imageops::resize(&paper, w, h, image::imageops::FilterType::Triangle);
    let mut out = strip.clone();
    for (o, p) in out.pixels_mut().zip(paper.pixels()) {
        let bg = f32::from(p.0[0]).max(24.0);
        o.0[0] = (f32::from(o.0[0]) / bg * 255.0).min(255.0) as u8;
    }
    out
}

/// Black ink on white paper: Otsu's threshold on the flattened strip.
pub fn binarise(flat: &GrayImage) -> GrayImage {
    let level = imageproc::contrast::otsu_level(flat).max(90);
    imageproc::contrast::threshold(flat, level, imageproc::contrast::ThresholdType::Binary)
}

/// The height of the rows above the QR code: the first tall band whose rows are mostly ink
/// is the code.
pub fn rows_above_qr(binary: &GrayImage) -> u32 {
    let (w, h) = binary.dimensions();
    let dark: Vec<f32> = (0..h)
        .map(|y| {
            (0..w)
                .filter(|&x| binary.get_pixel(x, y).0[0] < 128)
                .count() as f32
                / w as f32
        })
        .collect();
    let band = (STRIP_WIDTH / 12) as usize;
    let mut run = 0;
    for (y, d) in dark.iter().enumerate() {
        run = if *d > 0.22 { run + 1 } else { 0 };
        if run >= band {
            let cut = (y + 1 - run).saturating_sub(4) as u32;
            if cut > STRIP_WIDTH / 4 {
                return cut;
            }
        }
    }
    h
}

/// The whole preparation: straighten, flatten the light, and cut off the QR code (found on
/// the binarised strip). The OCR engine gets the flattened grey levels, not the binarised
/// strip: on faded, blurred print Tesseract's own thresholding of clean grey reads far more
/// signature symbols right (measured on rendered photos).
pub fn prepare(photo: &GrayImage) -> GrayImage {
    text_part(&flat_strip(photo))
}

/// The strip cut out of the photo, straightened, evenly lit and, when its text lines bow
/// (curled paper), remapped to flat paper by them (`dewarp`): what both the QR code's second
/// attempts and the OCR work on, made once per photo.
pub fn flat_strip(photo: &GrayImage) -> GrayImage {
    let strip = flatten_light(&straighten(photo));
    super::dewarp::flatten(&strip).unwrap_or(strip)
}

/// The printed text of a [`flat_strip`]: the QR code cut off (found on the binarised strip).
pub fn text_part(flat: &GrayImage) -> GrayImage {
    let rows = rows_above_qr(&binarise(flat));
    image::imageops::crop_imm(flat, 0, 0, flat.width(), rows).to_image()
}
