#!/usr/bin/env python3
"""Measure a Tesseract model on tally's prepared strips (strip_dump output).

usage: evaluate.py --tessdata-dir DIR --lang LANG --out RESULTS.csv STRIPDIR [STRIPDIR...]

Each STRIPDIR holds NNNN.png (strip as tally feeds it), NNNN.txt (true text) and
NNNN.style (photo style, font=mono|bold|condensed|dots ...). Tesseract runs with the
settings tally uses: psm 6, oem 1, the tape whitelist, lstm_choice_mode=2.

Metrics per strip:
  text CER : edit distance between the OCR text and the truth, both with runs of
             spaces collapsed and blank lines dropped, over the truth length;
  SIG CER  : for each SIGn truth line, its 27 symbols (26 data + check) against the
             OCR line that best matches it (label and spaces removed, Crockford's
             O->0, I/L->1 applied as tally does), summed edits over 27*lines;
  sig_lines_ok : SIG lines read with zero symbol errors;
  cpu      : user+sys CPU seconds of the tesseract process.
"""
import argparse, csv, os, re, resource, subprocess, sys, time, glob, collections

WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:.*~$= "


def lev(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def norm_text(t):
    lines = [re.sub(r"\s+", " ", l).strip() for l in t.splitlines()]
    return "\n".join(l for l in lines if l)


def crockford(s):
    return s.upper().replace("O", "0").replace("I", "1").replace("L", "1")


def sig_symbols_truth(line):
    parts = line.split()
    return "".join(parts[1:])


def sig_candidates(ocr_text):
    out = []
    for l in ocr_text.splitlines():
        s = re.sub(r"[\s-]", "", l)
        if len(s) < 10:
            continue
        # drop a label that looks like SIGn (4 chars) when present
        m = re.match(r"^[S5$][I1L!|][G6C][1-4]", s.upper())
        body = s[4:] if m else s
        out.append(crockford(body))
        if not m:
            out.append(crockford(s[4:]))
    return out


def run(img, tessdata, lang):
    cmd = ["tesseract", img, "stdout", "--psm", "6", "--oem", "1",
           "--tessdata-dir", tessdata, "-l", lang,
           "-c", "tessedit_char_whitelist=" + WHITELIST,
           "-c", "lstm_choice_mode=2"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.stdout, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tessdata-dir", required=True)
    ap.add_argument("--lang", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    rows = []
    for d in a.dirs:
        pngs = sorted(glob.glob(os.path.join(d, "*.png")))
        if a.limit:
            pngs = pngs[: a.limit]
        for png in pngs:
            base = png[:-4]
            truth = open(base + ".txt").read()
            style = open(base + ".style").read().strip()
            font = re.search(r"font=(\w+)", style).group(1)
            ocr, cpu = run(png, a.tessdata_dir, a.lang)
            T, O = norm_text(truth), norm_text(ocr)
            ted = lev(T, O)
            cands = sig_candidates(ocr)
            sed = slen = sok = nsig = 0
            for l in truth.splitlines():
                if re.match(r"^SIG[1-4] ", l):
                    t = crockford(sig_symbols_truth(l))
                    best = min((lev(t, c) for c in cands), default=len(t))
                    best = min(best, len(t))
                    sed += best
                    slen += len(t)
                    nsig += 1
                    sok += best == 0
            rows.append(dict(dir=d, photo=os.path.basename(base), font=font,
                             text_edits=ted, text_len=len(T), sig_edits=sed,
                             sig_len=slen, sig_lines=nsig, sig_lines_ok=sok,
                             cpu=f"{cpu:.3f}", style=style))
            print(f"{png} {font} textCER={ted/len(T):.3f} sigCER={sed/max(slen,1):.3f} "
                  f"sigok={sok}/{nsig} cpu={cpu:.2f}", file=sys.stderr, flush=True)
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    summarize(rows)


def summarize(rows):
    groups = collections.OrderedDict([("all", rows)])
    for r in rows:
        groups.setdefault(r["font"], []).append(r)
    print(f"{'face':10} {'n':>4} {'textCER':>8} {'sigCER':>8} {'sigLinesOK':>11} {'tapesAll4SIG':>12} {'cpu/strip':>9}")
    for k, rs in groups.items():
        te = sum(r["text_edits"] for r in rs); tl = sum(r["text_len"] for r in rs)
        se = sum(r["sig_edits"] for r in rs); sl = sum(r["sig_len"] for r in rs)
        so = sum(r["sig_lines_ok"] for r in rs); sn = sum(r["sig_lines"] for r in rs)
        tapes = sum(1 for r in rs if r["sig_lines"] and r["sig_lines_ok"] == r["sig_lines"])
        cpu = sum(float(r["cpu"]) for r in rs) / len(rs)
        print(f"{k:10} {len(rs):4d} {te/tl:8.4f} {se/max(sl,1):8.4f} {so:5d}/{sn:<5d} {tapes:5d}/{len(rs):<6d} {cpu:9.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--summary":
        rows = []
        for f in sys.argv[2:]:
            for r in csv.DictReader(open(f)):
                for k in ("text_edits", "text_len", "sig_edits", "sig_len", "sig_lines", "sig_lines_ok"):
                    r[k] = int(r[k])
                rows.append(r)
        summarize(rows)
    else:
        main()
