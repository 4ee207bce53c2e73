#!/usr/bin/env python3
"""The pandas baseline for BENCHMARKS.md: parse the typed tapes of a `tally simulate` folder,
read its long published CSV, merge, and compare every figure. No signature checks.

usage: pandas_reconcile.py DIR
"""
import glob
import os
import re
import sys
import time

import pandas as pd

FIELDS = ("registered", "voters", "ballots", "invalid", "valid")


def parse_tape(path):
    center = station = None
    totals = {}
    choices = []
    in_results = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if not s:
                continue
            if "RESULTS" in s and s.startswith("-"):
                in_results = True
                continue
            if in_results:
                if s.startswith("-"):
                    in_results = False
                    continue
                words = s.split()
                choices.append((int(words[0]), int(words[-1].replace(",", ""))))
                continue
            words = s.split()
            label = words[0].lower()
            if label == "center":
                center = int(words[-1])
            elif label == "station":
                station = int(words[-1])
            elif label in FIELDS:
                totals[label] = int(words[-1].replace(",", ""))
    return center, station, totals, choices


def main():
    folder = sys.argv[1]
    start = time.perf_counter()
    rows, station_rows = [], []
    for path in sorted(glob.glob(os.path.join(folder, "tapes", "**", "*.txt"), recursive=True)):
        center, station, totals, choices = parse_tape(path)
        station_rows.append({"center": center, "station": station, **{f"{k}_tape": v for k, v in totals.items()}})
        rows.extend((center, station, code, votes) for code, votes in choices)
    tapes = pd.DataFrame(rows, columns=["center", "station", "choice", "votes_tape"])
    tape_totals = pd.DataFrame(station_rows).drop_duplicates(["center", "station"])
    published = pd.read_csv(os.path.join(folder, "published.csv"))
    merged = tapes.merge(published, on=["center", "station", "choice"], how="outer", indicator=True)
    vote_mismatch = merged[(merged["_merge"] == "both") & (merged["votes_tape"] != merged["votes"])]
    one_side = merged[merged["_merge"] != "both"]
    pub_totals = published.drop_duplicates(["center", "station"])[["center", "station", *FIELDS]]
    totals = tape_totals.merge(pub_totals, on=["center", "station"], how="inner")
    total_mismatch = sum(int((totals[f"{f}_tape"] != totals[f]).sum()) for f in FIELDS)
    elapsed = time.perf_counter() - start
    print(f"pandas: {len(tape_totals)} tapes, {len(published)} published rows, "
          f"{len(vote_mismatch)} vote mismatches, {len(one_side)} one-sided rows, "
          f"{total_mismatch} total mismatches in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
