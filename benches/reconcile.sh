#!/usr/bin/env bash
# National-scale reconcile benchmark for BENCHMARKS.md: simulate an election, then time
# `tally reconcile` (every signature verified) and the pandas baseline on the same files.
# usage: benches/reconcile.sh [STATIONS] [CHOICES]   (default 55000 40)
set -euo pipefail
cd "$(dirname "$0")/.."
stations=${1:-55000}
choices=${2:-40}
dir=${BENCH_DIR:-/tmp/tally-bench-$stations}
cargo build --release --locked --quiet
bin=target/release/tally
if [ ! -f "$dir/truth.json" ]; then
  rm -rf "$dir"
  /usr/bin/time -f "simulate: %e s, max RSS %M KB" $bin simulate --out "$dir" --stations "$stations" --choices "$choices" --seed 1
fi
python3 -c 'import pandas' 2>/dev/null || pip install --quiet pandas
sync
echo "files: $(find "$dir/tapes" -type f | wc -l) tapes, published.csv $(du -h "$dir/published.csv" | cut -f1)"
for run in 1 2 3; do
  /usr/bin/time -f "tally reconcile (run $run): %e s, max RSS %M KB" \
    $bin reconcile --tapes "$dir/tapes" --published "$dir/published.csv" \
      --keyring "$dir/keyring.csv" --root-key "$dir/commission-root.pub" --format json -o /tmp/tally-bench.json || true
done
for run in 1 2 3; do
  /usr/bin/time -f "pandas (run $run): %e s, max RSS %M KB" python3 benches/pandas_reconcile.py "$dir"
done
