#!/usr/bin/env bash
# Renders the complaint sheets of a small simulated election to PNG, in English, Arabic and
# Sorani Kurdish, from the PDF (pdftoppm) and from the HTML (headless chromium), to look at.
# usage: scripts/render-sheets.sh [OUTDIR]   (default: sheets-preview)
set -euo pipefail
out=${1:-sheets-preview}
tally=${TALLY:-target/debug/tally}
[ -x "$tally" ] || cargo build --quiet
rm -rf "$out" && mkdir -p "$out" && cd "$out"
t=$(cd .. && realpath "$tally")
"$t" simulate --out sim --stations 24 --choices 4 --seed 5 >/dev/null
"$t" reconcile --tapes sim/tapes --published sim/published.csv --keyring sim/keyring.csv \
  --root-key sim/commission-root.pub --format json -o report.json || test $? -eq 1
"$t" keys generate --no-password --out observer >/dev/null
for lang in en ar ku; do
  "$t" bundle --report report.json --out "bundle-$lang" --sign observer.key --lang "$lang" >/dev/null
  pdftoppm -png -r 80 -f 1 -l 3 "bundle-$lang/report/report.pdf" "pdf-$lang"
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --window-size=900,1400 \
    --screenshot="$PWD/html-$lang.png" "file://$PWD/bundle-$lang/report/complaint-sheets.html" 2>/dev/null
  rm -rf "$profile"
done
ls "$PWD"/*.png
