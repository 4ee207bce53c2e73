#!/usr/bin/env python3
"""Redraws a `tally sample` without tally: Rivest's SHA-256 sampler as his sampler.py
describes it (the i-th draw is 1 + int(SHA-256(seed + "," + i)) mod total, repeats skipped),
station k being the k-th distinct station in the order the frame lists them, within its
stratum when stratified; a stratum's seed is SEED + "," + its name (the governorate's code,
or GOVERNORATE-DISTRICT for a district when the frame gives governorates); the size allocated
to the strata in proportion to their stations by largest remainders (ties to the stratum listed
first). Every row then carries what redraws the sample: the seed (in double quotes, a quote
doubled, when it holds a comma or a quote), the size, the strata (governorate, district or
empty) and the SHA-256 of the frame file's bytes. Made apart from tally's Rust code: the
expected files beside it come from it.

Usage: redraw.py FRAME.csv SIZE SEED [governorate|district] > SAMPLE.csv
"""
import csv
import hashlib
import sys


def draws(seed, total, count):
    picks, used, i = [], set(), 0
    while len(picks) < count:
        i += 1
        value = int(hashlib.sha256(f"{seed},{i}".encode()).hexdigest(), 16) % total + 1
        if value not in used:
            used.add(value)
            picks.append((value, i))
    return picks


def main():
    frame, size, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    by = sys.argv[4] if len(sys.argv) > 4 else None
    order, seen = [], set()
    for row in csv.DictReader(open(frame, encoding="utf-8")):
        key = (row["center"], row["station"])
        if key not in seen:
            seen.add(key)
            if by == "district" and row.get("governorate"):
                name = f"{row['governorate']}-{row['district']}"
            else:
                name = row[by] if by else ""
            order.append((name, key))
    strata = []
    for code, _ in order:
        if code not in strata:
            strata.append(code)
    members = {s: [k for c, k in order if c == s] for s in strata}
    total = len(order)
    floors = {s: size * len(members[s]) // total for s in strata}
    rest = sorted(strata, key=lambda s: (-(size * len(members[s]) % total), strata.index(s)))
    for s in rest[: size - sum(floors.values())]:
        floors[s] += 1
    frame_sha256 = hashlib.sha256(open(frame, "rb").read()).hexdigest()
    quoted = '"' + seed.replace('"', '""') + '"' if ("," in seed or '"' in seed) else seed
    tail = f"{quoted},{size},{by or ''},{frame_sha256}"
    out = "center,station,stratum,draw,seed,size,strata_by,frame_sha256\n"
    for s in strata:
        stratum_seed = f"{seed},{s}" if by else seed
        for value, i in draws(stratum_seed, len(members[s]), floors[s]):
            center, station = members[s][value - 1]
            out += f"{center},{station},{s},{i},{tail}\n"
    sys.stdout.buffer.write(out.encode())


main()
