//! The thermal strip itself, flat and square-on: the printed text of the tape in a monospace
//! font and its QR code below, with faded print and an optional smudge over the QR code.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use image::{GrayImage, Luma};
use imageproc::drawing::{draw_filled_ellipse_mut, draw_text_mut};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rxing::{BarcodeFormat, EncodeHints, Writer as _};

use super::{PhotoStyle, PrintFont, RenderError};
use crate::tape::{print_tape, qr_text, Signature, Tape};

/// DejaVu Sans Mono (free licence in `assets/fonts/DejaVu-LICENSE.txt`).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");
/// DejaVu Sans Mono Bold (the same licence).
const FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono-Bold.ttf");

/// How much narrower a condensed printer font is.
const CONDENSED: f32 = 0.78;

/// Paper and ink grey levels.
const PAPER: u8 = 246;
const INK: u8 = 28;

/// Columns of margin on either side of the 40 printed columns.
const MARGIN_COLS: f32 = 2.0;

/// The light margin a QR code needs on each side, in modules (ISO/IEC 18004).
const QUIET_MODULES: u32 = 4;

/// The QR code's modules (`true` = dark), quiet zone excluded. An unsigned tape's QR code
/// holds its payload alone.
fn qr_modules(tape: &Tape) -> Result<Vec<Vec<bool>>, RenderError> {
    let text = match &tape.signature {
        Signature::Present(sig) => qr_text(&tape.payload, sig),
        _ => tape.payload.to_text(),
    };
    let hints = EncodeHints {
        ErrorCorrection: Some("M".into()),
        Margin: Some("0".into()),
        ..Default::default()
    };
    let matrix = rxing::qrcode::QRCodeWriter
        .encode_with_hints(&text, &BarcodeFormat::QR_CODE, 0, 0, &hints)
        .map_err(|e| RenderError::Qr(e.to_string()))?;
    Ok((0..matrix.height())
        .map(|y| (0..matrix.width()).map(|x| matrix.get(x, y)).collect())
        .collect())
}

/// The strip's width and the QR code's module size, in pixels, for a code of `modules` and
/// a typeface `advance` pixels a character (its width `squeeze`d). The code's size does not
/// depend on the typeface; a code of many modules is printed smaller, so that the quiet zone
/// the standard asks for (four modules each side) stays on the paper, as a printer fitting it
/// to its paper does.
fn qr_size(modules: usize, advance: f32, squeeze: f32) -> (u32, u32) {
    let width = ((40.0 + 2.0 * MARGIN_COLS) * advance).ceil() as u32;
    let fits = width / (modules as u32 + 2 * QUIET_MODULES);
    let module_px = ((advance / squeeze * 0.42).round() as u32).min(fits).max(2);
    (width, module_px)
}

/// The light paper beside the QR code of `signed` printed in `style`, each side, as a share
/// of the tape's width: a frame cutting the tape deeper than this cuts the code.
pub(super) fn qr_margin(signed: &Tape, style: &PhotoStyle) -> Result<f32, RenderError> {
    let (_, _, squeeze, advance) = typeface(style)?;
    let modules = qr_modules(signed)?.len();
    let (width, module_px) = qr_size(modules, advance, squeeze);
    let qr_px = (modules as u32 * module_px).min(width);
    Ok((width - qr_px) as f32 / 2.0 / width as f32)
}

/// The height of a printed line, in pixels.
pub(super) fn line_height(style: &PhotoStyle) -> f32 {
    (style.char_px * 1.22).ceil()
}

/// The style's typeface: the font, its scale, how much it is squeezed across and its
/// advance per character in pixels.
fn typeface(style: &PhotoStyle) -> Result<(FontRef<'static>, PxScale, f32, f32), RenderError> {
    let bytes = if style.font == PrintFont::Bold {
        FONT_BOLD
    } else {
        FONT
    };
    let font = FontRef::try_from_slice(bytes).map_err(|_| RenderError::Font)?;
    let squeeze = if style.font == PrintFont::Condensed {
        CONDENSED
    } else {
        1.0
    };
    let scale = PxScale {
        x: style.char_px * squeeze,
        y: style.char_px,
    };
    let advance = font.as_scaled(scale).h_advance(font.glyph_id('0'));
    Ok((font, scale, squeeze, advance))
}

/// Draws the strip: the printed text lines, then the QR code, faded and smudged as the style
/// says.
pub(super) fn draw_strip(
    tape: &Tape,
    signed: &Tape,
    style: &PhotoStyle,
    rng: &mut ChaCha8Rng,
) -> Result<GrayImage, RenderError> {
    let (font, scale, squeeze, advance) = typeface(style)?;
    let line_h = line_height(style);
    let text = print_tape(tape);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 160 {
        return Err(RenderError::TooLong(lines.len()));
    }
    let modules = qr_modules(signed)?;
    let (width, module_px) = qr_size(modules.len(), advance, squeeze);
    let qr_px = modules.len() as u32 * module_px;
    let text_top = (line_h * 1.5) as u32;
    let qr_top = text_top + (lines.len() as f32 * line_h) as u32 + line_h as u32;
    let height = qr_top + qr_px + (line_h * 2.0) as u32;
    let mut strip = GrayImage::from_pixel(width, height, Luma([PAPER]));
    let left = (MARGIN_COLS * advance) as i32;
    for (i, line) in lines.iter().enumerate() {
        let y = text_top as i32 + (i as f32 * line_h) as i32;
        // Draw character by character on the monospace grid, each with its own ink level.
        for (col, ch) in line.chars().enumerate() {
            if ch == ' ' {
                continue;
            }
            let ink = INK.saturating_add(rng.gen_range(0..12));
            let x = left + (col as f32 * advance).round() as i32;
            draw_text_mut(
                &mut strip,
                Luma([ink]),
                x,
                y,
                scale,
                &font,
                ch.encode_utf8(&mut [0; 4]),
            );
        }
    }
    if style.font == PrintFont::Dots {
        // About five dots to a character's width, seven to its height.
        dotify(&mut strip, text_top, qr_top, advance / 5.5);
    }
    let qr_left = (width - qr_px.min(width)) / 2;
    for (my, row) in modules.iter().enumerate() {
        for (mx, &dark) in row.iter().enumerate() {
            if !dark {
                continue;
            }
            for dy in 0..module_px {
                for dx in 0..module_px {
                    let (x, y) = (
                        qr_left + mx as u32 * module_px + dx,
                        qr_top + my as u32 * module_px + dy,
                    );
                    if x < width && y < height {
                        strip.put_pixel(x, y, Luma([INK]));
                    }
                }
            }
        }
    }
    fade(&mut strip, style.fade, rng);
    streak(&mut strip, style.streaks, rng);
    if style.smudge_qr {
        smudge(&mut strip, (qr_left, qr_top, qr_px), rng);
    }
    Ok(strip)
}

/// Redraws the printed text between rows `top` and `bottom` as round dots on a grid of `pitch`
/// pixels, as a dot-matrix head prints it: a dot wherever a cell holds enough ink.
fn dotify(strip: &mut GrayImage, top: u32, bottom: u32, pitch: f32) {
    let pitch = pitch.max(1.0);
    let w = strip.width();
    let bottom = bottom.min(strip.height());
    let ink_of = |v: u8| f32::from(PAPER.saturating_sub(v)) / f32::from(PAPER - INK);
    let mut dots = Vec::new();
    let (cols, rows) = (
        (w as f32 / pitch) as u32,
        (bottom.saturating_sub(top) as f32 / pitch) as u32,
    );
    for r in 0..rows {
        for c in 0..cols {
            let (x0, y0) = ((c as f32 * pitch) as u32, top + (r as f32 * pitch) as u32);
            let (x1, y1) = (
                (((c + 1) as f32 * pitch) as u32).clamp(x0 + 1, w),
                (top + ((r + 1) as f32 * pitch) as u32).clamp(y0 + 1, bottom),
            );
            let mut ink = 0.0;
            for y in y0..y1 {
                for x in x0..x1 {
                    ink += ink_of(strip.get_pixel(x, y).0[0]);
                }
            }
            if ink / ((x1 - x0) * (y1 - y0)) as f32 > 0.3 {
                let centre = |a: u32, b: u32| ((a + b) / 2) as i32;
                dots.push((centre(x0, x1), centre(y0, y1)));
            }
        }
    }
    for y in top..bottom {
        for x in 0..w {
            strip.put_pixel(x, y, Luma([PAPER]));
        }
    }
    let radius = ((pitch * 0.45).round() as i32).max(0);
    for c in dots {
        imageproc::drawing::draw_filled_circle_mut(strip, c, radius, Luma([INK]));
    }
}

/// Dead elements of the print head: thin lines along the tape where nothing printed.
fn streak(strip: &mut GrayImage, amount: f32, rng: &mut ChaCha8Rng) {
    if amount <= 0.0 {
        return;
    }
    let (w, h) = strip.dimensions();
    let lines = ((amount * w as f32) / 1.5).ceil() as u32;
    for _ in 0..lines {
        let x = rng.gen_range(0..w);
        let width = rng.gen_range(1..=2u32);
        for x in x..(x + width).min(w) {
            for y in 0..h {
                strip.put_pixel(x, y, Luma([PAPER]));
            }
        }
    }
}

/// Thermal print fades unevenly: ink lightens along soft bands, more in some places.
fn fade(strip: &mut GrayImage, amount: f32, rng: &mut ChaCha8Rng) {
    if amount <= 0.0 {
        return;
    }
    let (w, h) = strip.dimensions();
    let phase: f32 = rng.gen_range(0.0..std::f32::consts::TAU);
    let period: f32 = rng.gen_range(0.5..1.5) * h as f32;
    let tilt: f32 = rng.gen_range(-0.5..0.5);
    for (x, y, p) in strip.enumerate_pixels_mut() {
        let band = 0.5
            + 0.5 * ((y as f32 + tilt * x as f32) / period * std::f32::consts::TAU + phase).sin();
        let lift = amount * (0.45 + 0.55 * band) * (1.0 - 0.15 * x as f32 / w as f32);
        let v = f32::from(p.0[0]);
        let paper = f32::from(PAPER);
        p.0[0] = (v + (paper - v) * lift.min(0.85)).round() as u8;
    }
}

/// A grimy thumb and a smear of dirt over the QR code, as on a tape handled after the count:
/// dark blots over two of its finder patterns and a wash that greys part of the code.
fn smudge(strip: &mut GrayImage, (left, top, size): (u32, u32, u32), rng: &mut ChaCha8Rng) {
    let s = size as i32;
    let (l, t) = (left as i32, top as i32);
    let finders = [
        (l + s / 8, t + s / 8),
        (l + s - s / 8, t + s / 8),
        (l + s / 8, t + s - s / 8),
    ];
    let skip = rng.gen_range(0..3);
    for (i, &(cx, cy)) in finders.iter().enumerate() {
        if i == skip {
            continue;
        }
        let r = s / 7 + rng.gen_range(0..s / 14 + 1);
        let shade = rng.gen_range(60..120u8);
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(-s / 30..=s / 30);
        let c = (cx + jitter(rng), cy + jitter(rng));
        draw_filled_ellipse_mut(strip, c, r, r * 4 / 5, Luma([shade]));
    }
    // A wash across the middle: lifts dark modules and darkens light ones towards grey.
    let band_top = t + s / 3 + rng.gen_range(0..s / 6 + 1);
    let band_h = s / 4;
    for y in band_top.max(0)..(band_top + band_h).min(strip.height() as i32) {
        for x in l.max(0)..(l + s).min(strip.width() as i32) {
            let p = strip.get_pixel_mut(x as u32, y as u32);
            p.0[0] = ((u16::from(p.0[0]) + 140) / 2) as u8;
        }
    }
}
