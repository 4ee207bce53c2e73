#!/usr/bin/env python3
"""Accuracy curves of the photo benchmark's CSV (photo_bench --csv FILE): the share of photos
read exactly and verified, by pixels per character, blur, tilt, typeface and the other axes.
usage: benches/photo_curves.py FILE.csv   (prints Markdown tables)"""
import csv
import sys
from collections import defaultdict


def style(words):
    out = {}
    for w in words.split():
        k, _, v = w.partition("=")
        out[k] = v
    return out


def main(path):
    rows = list(csv.DictReader(open(path)))
    for r in rows:
        r["s"] = style(r["style"])
        r["right"] = r["verified_right"] == "true"
        r["ocr_right"] = r["ocr_alone_right"] == "true"
        r["wrong"] = r["verified_wrong"] == "true" or r["ocr_alone_wrong"] == "true"
        # A readable QR code: unsmudged and not cut by the frame (older files: unsmudged).
        r["intact"] = r.get("qr_intact", "true" if r["qr_smudged"] == "false" else "false") == "true"
    readable = [r for r in rows if r["intact"]]
    smudged = [r for r in rows if r["qr_smudged"] == "true"]
    cut = len(rows) - len(readable) - len(smudged)
    print(f"{len(rows)} photos: readable QR {sum(r['right'] for r in readable)}/{len(readable)} read exactly and verified; "
          f"QR cut by the frame {sum(r['right'] for r in rows if not r['intact'] and r['qr_smudged'] == 'false')}/{cut}; "
          f"smudged QR {sum(r['right'] for r in smudged)}/{len(smudged)}; "
          f"OCR alone (every photo) {sum(r['ocr_right'] for r in rows)}/{len(rows)}; wrong figure verified {sum(r['wrong'] for r in rows)}")
    # px per character: DejaVu Sans Mono's advance is 0.602 of its size (0.78 of that condensed).
    def px(r):
        s = r["s"]
        k = 0.78 if s["font"] == "condensed" else 1.0
        return float(s["char_px"]) * 0.602 * k

    def table(title, key, buckets):
        print(f"\n| {title} | photos | all read and verified | readable QR | smudged QR: by OCR | OCR alone, every photo |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, test in buckets:
            sel = [r for r in rows if test(key(r))]
            sm = [r for r in sel if r["qr_smudged"] == "true"]
            rd = [r for r in sel if r["intact"]]
            if not sel:
                continue
            pct = lambda n, d: f"{n}/{d} ({100 * n / d:.0f}%)" if d else "n/a"
            print(f"| {name} | {len(sel)} | {pct(sum(r['right'] for r in sel), len(sel))} | "
                  f"{pct(sum(r['right'] for r in rd), len(rd))} | {pct(sum(r['right'] for r in sm), len(sm))} | {pct(sum(r['ocr_right'] for r in sel), len(sel))} |")

    table("px per character", px, [(f"{a}–{a + 2}", (lambda a: lambda v: a <= v < a + 2)(a)) for a in range(4, 22, 2)])
    table("focus blur σ", lambda r: float(r["s"]["blur"]), [("< 0.6", lambda v: v < 0.6), ("0.6–1.2", lambda v: 0.6 <= v < 1.2), ("1.2–1.8", lambda v: 1.2 <= v < 1.8), ("≥ 1.8", lambda v: v >= 1.8)])
    table("focus blur σ per character width", lambda r: float(r["s"]["blur"]) / px(r),
          [("< 0.03", lambda v: v < 0.03), ("0.03–0.06", lambda v: 0.03 <= v < 0.06), ("0.06–0.09", lambda v: 0.06 <= v < 0.09), ("≥ 0.09", lambda v: v >= 0.09)])
    table("tilt (larger axis)", lambda r: max(abs(float(t)) for t in r["s"]["tilt"].split(",")),
          [("< 4°", lambda v: v < 4), ("4–8°", lambda v: 4 <= v < 8), ("≥ 8°", lambda v: v >= 8)])
    table("typeface", lambda r: r["s"]["font"], [(f, (lambda f: lambda v: v == f)(f)) for f in ["mono", "bold", "condensed", "dots"]])
    for axis, name in [("curl", "paper curl"), ("glare", "glare"), ("motion_blur", "motion blur"), ("streaks", "streaks"), ("cut_edge", "cut-off edge")]:
        table(name, lambda r, a=axis: float(r["s"][a]), [("none", lambda v: v == 0), ("some", lambda v: v > 0)])
    table("JPEG quality", lambda r: int(r["s"]["jpeg"]), [("40–59", lambda v: v < 60), ("60–79", lambda v: 60 <= v < 80), ("80–92", lambda v: v >= 80)])


if __name__ == "__main__":
    main(sys.argv[1])
