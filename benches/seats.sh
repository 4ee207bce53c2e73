#!/usr/bin/env bash
# National-scale `tally seats` benchmark for BENCHMARKS.md: simulate an election (or reuse
# the reconcile benchmark's), give every governorate 3 to 70 seats, then time `tally seats`
# on the published results alone and with every tape verified and put in place.
# usage: benches/seats.sh [STATIONS] [CHOICES]   (default 55000 40)
set -euo pipefail
cd "$(dirname "$0")/.."
stations=${1:-55000}
choices=${2:-40}
dir=${BENCH_DIR:-/tmp/tally-bench-$stations}
cargo build --release --locked --quiet
bin=target/release/tally
if [ ! -f "$dir/truth.json" ]; then
  rm -rf "$dir"
  $bin simulate --out "$dir" --stations "$stations" --choices "$choices" --seed 1
fi
seats="$dir/seats.csv"
{
  echo "constituency,seats"
  cut -d, -f1 "$dir/published.csv" | tail -n +2 | sort -un | awk '{ print $1 "," (($1 * 7) % 68) + 3 }'
} > "$seats"
for run in 1 2 3; do
  /usr/bin/time -f "tally seats, published alone (run $run): %e s, %U s user, max RSS %M KB" \
    $bin seats --published "$dir/published.csv" --seats "$seats" --format json -o /tmp/tally-seats.json || true
done
for run in 1 2 3; do
  /usr/bin/time -f "tally seats --tapes (run $run): %e s, %U s user, max RSS %M KB" \
    $bin seats --published "$dir/published.csv" --seats "$seats" --tapes "$dir/tapes" \
      --keyring "$dir/keyring.csv" --root-key "$dir/commission-root.pub" --format json -o /tmp/tally-seats.json || true
done
