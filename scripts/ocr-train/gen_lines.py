#!/usr/bin/env python3
"""Render tape-like text lines for Tesseract LSTM training.

usage: gen_lines.py --out DIR --lines N --seed S [--chunk 400] [--dots 0.3]

Writes DIR/chunk_NNN.tif (multi-page, one text line per page), DIR/chunk_NNN.box
(tesstrain-style line boxes: every symbol spans the whole page, a tab ends the line),
DIR/chunk_NNN.gt.txt (one ground-truth line per page) and DIR/all-gt.txt.

Lines imitate tally tape v1 (docs/spec tape-v1.md): centred headers, labelled field
lines, result lines, rules, SIGNATURE and SIGn lines of Crockford base32 groups plus a
mod-37 check symbol, dot leaders, and random strings over the whole alphabet. Each
line is drawn in a random monospace font from the Debian font packages installed by
train-ocr-model.sh, plain, bold (stroke), condensed (horizontal squeeze) or as a
5x7 dot-matrix redraw (ink sampled on a grid of 5 dots per character cell width and
7 per cap height, each lit cell drawn as a round dot), then degraded (blur, motion
blur, fade, uneven light, noise, JPEG, slight rotation).
"""
import argparse, glob, io, math, os, random, re

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK = B32 + "*~$=U"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABET = UPPER + "0123456789" + "-:.*~$="

FONT_GLOBS = [
    "truetype/dejavu/DejaVuSansMono*.ttf", "truetype/liberation2/LiberationMono-*.ttf",
    "truetype/freefont/FreeMono*.ttf", "opentype/courier-prime/Courier Prime*.otf",
    "truetype/inconsolata/*.otf", "truetype/hack/Hack-*.ttf", "truetype/noto/NotoMono-*.ttf",
    "truetype/jetbrains-mono/JetBrainsMono-*.ttf", "truetype/3270/*.ttf",
    "truetype/terminus/*.ttf", "truetype/dotgothic16/*.ttf", "opentype/ocr-b/*.otf",
    "truetype/mononoki/*.ttf", "truetype/firacode/*.ttf", "truetype/fonts-go/Go-Mono*.ttf",
    "truetype/anonymous-pro/*.ttf", "opentype/league-mono/LeagueMono-*.otf",
    "truetype/monoid/*.ttf", "truetype/agave/*.ttf", "opentype/ibm-plex/IBMPlexMono-*.otf",
    "truetype/lmodern/*.ttf", "opentype/lmodern/lmmono*.otf", "opentype/freefont/FreeMono*.otf",
]


def find_fonts(root="/usr/share/fonts"):
    fonts = []
    for g in FONT_GLOBS:
        for f in sorted(glob.glob(os.path.join(root, g))):
            if re.search(r"italic|oblique|slant|Hairline| B?I\.ttf$", f, re.I):
                continue
            # drop the extreme League Mono widths and thin weights
            if "league-mono" in f and re.search(r"Thin|UltraLight|Ultra|Extended|Wide", f):
                continue
            try:
                ft = ImageFont.truetype(f, 40)
                # the font must have every symbol and be monospace
                ws = {round(ft.getlength(c), 1) for c in ALPHABET + " "}
                if len(ws) > 1:
                    continue
            except Exception:
                continue
            fonts.append(f)
    return fonts


# ---------------------------------------------------------------- text
NAMES = ["AHMED", "ZAINAB", "OMAR", "HUDA", "SARBAST", "KARIM", "MAHDI", "ALI", "HASSAN",
         "JABBAR", "KAREEM", "AZIZ", "FATIMA", "NOOR", "YUSUF", "LAYLA", "SALIM", "RASHID",
         "MARYAM", "HAIDAR", "ABBAS", "JAWAD", "SAMIRA", "DILAN", "SHLEAR", "RAWA", "BAKR",
         "QASIM", "WALID", "FADHIL", "MUSTAFA", "ZAHRA", "IBRAHIM", "KHALID", "NAJAF", "TAHA"]
HEADERS = ["INDEPENDENT HIGH ELECTORAL", "COMMISSION", "RESULT TAPE", "TALLY TAPE V1",
           "ELECTORAL COMMISSION", "POLLING STATION RESULTS", "OFFICIAL COUNT", "END OF TAPE"]
LABELS = ["ELECTION", "GOVERNORATE", "DISTRICT", "CENTER", "STATION", "DEVICE", "CLOSED",
          "REGISTERED", "VOTERS", "BALLOTS", "INVALID", "VALID", "TIME"]


def rnum(r, hi=None):
    hi = hi or r.choice([9, 99, 999, 9999, 99999, 999999])
    return str(r.randint(0, hi))


def rid(r):
    a = "".join(r.choice(UPPER) for _ in range(r.randint(2, 4)))
    parts = [a, str(r.randint(2000, 2030)) if r.random() < .5 else rnum(r, 999999)]
    if r.random() < .6:
        parts.append("".join(r.choice(UPPER + "0123456789") for _ in range(r.randint(1, 6))))
    return "-".join(parts)


def field_value(r, label):
    if label in ("ELECTION", "DEVICE"):
        return rid(r)
    if label in ("CLOSED", "TIME"):
        s = f"{r.randint(2020, 2030)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} " \
            f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
        return s + (" UTC" if r.random() < .7 else "")
    return rnum(r)


def sig_line(r):
    n = r.getrandbits(128)
    syms = "".join(B32[(n >> (5 * (25 - i))) & 31] for i in range(26))
    groups = [syms[i:i + 5] for i in range(0, 26, 5)]
    return f"SIG{r.randint(1, 4)} " + " ".join(groups) + " " + CHECK[n % 37]


def tape_line(r):
    k = r.random()
    if k < 0.38:
        return sig_line(r)
    if k < 0.58:
        lab = r.choice(LABELS)
        val = field_value(r, lab)
        if r.random() < .6:
            return lab.ljust(12) + val.rjust(28)
        return f"{lab}: {val}"
    if k < 0.72:
        code = str(r.randint(1, 999))
        name = f"{r.choice(NAMES)} {r.choice(UPPER)}. {r.choice(NAMES)}"[:22]
        votes = rnum(r, 9999)
        if r.random() < .3:
            return code + " " + "." * r.randint(5, 30) + " " + votes
        return code.ljust(6) + name.ljust(22) + votes.rjust(12)
    if k < 0.78:
        c = r.choice("-.=*")
        if r.random() < .5:
            return c * r.randint(20, 40)
        return (" RESULTS " if r.random() < .7 else " " + r.choice(HEADERS).split()[0] + " ").center(40, c)
    if k < 0.84:
        return r.choice(HEADERS + ["SIGNATURE"]).center(40)
    # random symbols over the whole alphabet, grouped like tape text
    words = []
    for _ in range(r.randint(2, 7)):
        words.append("".join(r.choice(ALPHABET) for _ in range(r.randint(1, 7))))
    return " ".join(words)


# ---------------------------------------------------------------- images
def render_plain(r, text, font_path, cap_px, stroke):
    size = max(8, int(cap_px * 1.45))
    ft = ImageFont.truetype(font_path, size)
    adv = ft.getlength("M")
    asc, desc = ft.getmetrics()
    pad = int(size * 0.6)
    w = int(adv * len(text) + 2 * pad)
    h = asc + desc + 2 * pad
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    d.text((pad, pad), text, font=ft, fill=255, stroke_width=stroke, stroke_fill=255)
    return im, adv, pad, ft


# fonts whose hinted 7-pixel rendering is not legible, or which are italic-looking
DOTS_EXCLUDE = re.compile(r"3270|Terminus|OCRB[ELX]|Monoi|LeagueMono-Condensed|DotGothic", re.I)


def render_dots(r, text, font_path, cap_px):
    # render the line tiny and without anti-aliasing, so that the capitals are about
    # 7 pixels tall and a character cell about 5-6 wide; then every set pixel becomes
    # a round dot on the grid, scaled to the wanted cap height
    rows = r.choice([7, 7, 7, 8, 9])
    size = 4
    while size < 40:
        ft = ImageFont.truetype(font_path, size)
        hb = ft.getbbox("H")
        if hb[3] - hb[1] >= rows:
            break
        size += 1
    small = Image.new("L", (int(ft.getlength(text)) + 4, size * 2 + 4), 0)
    d = ImageDraw.Draw(small)
    d.fontmode = "1"
    d.text((2, 2), text, font=ft, fill=255)
    a = np.asarray(small) > 127
    ys, xs = np.nonzero(a)
    pitch_y = cap_px / rows
    pitch_x = pitch_y * r.uniform(0.8, 1.15)
    out_pad = int(cap_px * 0.8)
    scale = 3
    W = int(a.shape[1] * pitch_x + 2 * out_pad)
    H = int(a.shape[0] * pitch_y + 2 * out_pad)
    im = Image.new("L", (W * scale, H * scale), 0)
    d = ImageDraw.Draw(im)
    rad = r.uniform(0.3, 0.62) * min(pitch_x, pitch_y) * scale
    for y, x in zip(ys, xs):
        px = (out_pad + (x + 0.5) * pitch_x) * scale
        py = (out_pad + (y + 0.5) * pitch_y) * scale
        d.ellipse((px - rad, py - rad, px + rad, py + rad), fill=255)
    return im.resize((W, H), Image.LANCZOS)


def degrade(r, ink):
    """ink: L image, 255 = ink. Returns a grey paper image with dark text."""
    w, h = ink.size
    if r.random() < 0.5:
        ink = ink.rotate(r.uniform(-1.0, 1.0), resample=Image.BILINEAR, expand=False)
    a = np.asarray(ink, dtype=np.float32) / 255.0
    paper = r.uniform(170, 255)
    text = r.uniform(0, min(130, paper - 60))
    img = paper - a * (paper - text)
    # uneven light
    if r.random() < 0.5:
        gx = np.linspace(0, 1, w)[None, :] * r.uniform(-40, 40)
        gy = np.linspace(0, 1, h)[:, None] * r.uniform(-20, 20)
        img = img + gx + gy
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if r.random() < 0.25:  # motion blur, horizontal-ish
        k = r.choice([3, 5])
        kern = [0] * (k * k)
        for i in range(k):
            kern[(k // 2) * k + i] = 1
        im = im.filter(ImageFilter.Kernel((k, k), kern, scale=k))
    br = r.choice([0, 0, r.uniform(0.3, 0.9), r.uniform(0.6, 1.6)])
    if br:
        im = im.filter(ImageFilter.GaussianBlur(br))
    a = np.asarray(im, dtype=np.float32)
    if r.random() < 0.7:
        a = a + np.random.default_rng(r.getrandbits(32)).normal(0, r.uniform(1, 10), a.shape)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if r.random() < 0.6:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=r.randint(25, 90))
        im = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return im


def make_line(r, fonts, dots_share):
    text = tape_line(r)
    if r.random() < 0.15:
        text = text.strip()
    if not text.strip():
        text = sig_line(r)
    cap = r.uniform(14, 38)
    font = r.choice(fonts)
    kind = r.random()
    if kind < dots_share:
        while DOTS_EXCLUDE.search(font):
            font = r.choice(fonts)
        ink = render_dots(r, text, font, cap)
    else:
        stroke = 0
        if kind < dots_share + 0.25 and cap > 16:
            stroke = r.choice([1, 1, 2]) if cap > 28 else 1
        ink, adv, pad, ft = render_plain(r, text, font, cap, stroke)
        if r.random() < 0.35:  # condensed / expanded
            f = r.uniform(0.6, 0.9) if r.random() < .8 else r.uniform(1.05, 1.3)
            ink = ink.resize((max(8, int(ink.width * f)), ink.height), Image.LANCZOS)
    # crop to ink with a random margin, like tesseract's line boxes
    bb = ink.getbbox()
    if bb:
        m = int(cap * r.uniform(0.15, 0.6))
        ink = ink.crop((max(0, bb[0] - m), max(0, bb[1] - m),
                        min(ink.width, bb[2] + m), min(ink.height, bb[3] + m)))
    img = degrade(r, ink)
    gt = re.sub(r" +", " ", text.strip())
    return img, gt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=400)
    ap.add_argument("--dots", type=float, default=0.3)
    ap.add_argument("--preview", type=int, default=0, help="also save N single PNGs")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    fonts = find_fonts()
    with open(os.path.join(a.out, "fonts.txt"), "w") as f:
        f.write("\n".join(fonts) + "\n")
    print(f"{len(fonts)} fonts")
    r = random.Random(a.seed)
    allgt = open(os.path.join(a.out, "all-gt.txt"), "w")
    n = 0
    c = 0
    while n < a.lines:
        pages, gts = [], []
        for _ in range(min(a.chunk, a.lines - n)):
            img, gt = make_line(r, fonts, a.dots)
            if n < a.preview:
                img.save(os.path.join(a.out, f"preview_{n:03d}.png"))
                open(os.path.join(a.out, f"preview_{n:03d}.txt"), "w").write(gt + "\n")
            pages.append(img); gts.append(gt); n += 1
        base = os.path.join(a.out, f"chunk_{c:03d}")
        pages[0].save(base + ".tif", save_all=True, append_images=pages[1:], compression="tiff_lzw")
        with open(base + ".box", "w") as bf:
            for p, (img, gt) in enumerate(zip(pages, gts)):
                w, h = img.size
                for ch in gt:
                    bf.write(f"{ch} 0 0 {w} {h} {p}\n")
                bf.write(f"\t {w} {h} {w + 1} {h + 1} {p}\n")
        with open(base + ".gt.txt", "w") as gf:
            gf.write("\n".join(gts) + "\n")
        allgt.write("\n".join(gts) + "\n")
        c += 1
    allgt.close()
    print(f"{n} lines in {c} chunks")


if __name__ == "__main__":
    main()
