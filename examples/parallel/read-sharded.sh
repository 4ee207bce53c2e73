#!/usr/bin/env bash
# Reads a folder of tape photos with several local jobs, then verifies (or reconciles) them all
# in one run that reads no photo again.
#
# GNU parallel runs JOBS jobs at once, job K reading only its share of the photos
# (tally verify PHOTOS --shard K/JOBS --cache CACHE) into one shared photo cache. Then one merge
# run without --shard takes every photo's reading from that cache: the photos are read once,
# by exactly one job each, and the merged report covers them all.
#
# usage: read-sharded.sh PHOTOS CACHE JOBS [TALLY OPTION...]
#   PHOTOS  the folder of photos (typed tapes too), walked recursively
#   CACHE   the photo cache folder the jobs share (created if missing)
#   JOBS    how many shares, and jobs run at once (the machine's cores, for one machine)
#   TALLY OPTION...  given to every run, shards and merge alike: the cache keeps readings per
#           keyring and photo options, so they must be the same everywhere. For example
#           --keyring keyring.csv --root-key commission-root.pub [--cross-check]
#
# environment:
#   TALLY      the tally binary (default: tally, from PATH)
#   OUT        folder for each share's listing (shard-K-of-JOBS.json), parallel's job log
#              (shards.log) and the merged report (default: sharded; created if missing)
#   PUBLISHED  the commission's published results (CSV, .xlsx, .xls, .ods): the merge run is
#              then tally reconcile --tapes PHOTOS --published PUBLISHED instead of tally verify
#   REPORT     the merged report's file, its format from its extension (.json, .csv, .txt, and
#              .html or .md for reconcile), or - for a table on standard output (default:
#              OUT/verify.json, or OUT/report.json with PUBLISHED)
#
# exit status: the merge run's, as tally's: 0 nothing found, 1 findings (a tape that does not
# verify, a discrepancy), 2 could not complete (a photo that cannot be read is named in the
# report). Also 2, without a merge run, for bad arguments or when a job failed hard (it wrote no
# listing: a keyring that cannot be used, tally not found, killed); its messages are tagged
# with its share's number.
#
# example (8 cores, 8 jobs):
#   examples/parallel/read-sharded.sh photos/ photo-cache 8 \
#     --keyring keyring.csv --root-key commission-root.pub
#
# Several machines: give each one the same photos folder, the same cache key (the file that
# seals the cache's entries: copy it like any secret) and its share K of N, run
#   tally verify photos/ --shard K/N --cache photo-cache --cache-key cache.key --keyring ...
# there (by hand, with parallel --sshlogin, or as the Kubernetes indexed Job of
# examples/kubernetes/), copy the cache folders together (their files never clash), and run the
# merge once, with the same options: tally verify photos/ --cache photo-cache --cache-key
# cache.key --keyring ... (On one machine the user's own key, ~/.config/tally/cache.key, is
# shared by every job.)
set -euo pipefail

me=${0##*/}
usage="usage: $me PHOTOS CACHE JOBS [TALLY OPTION...]   (e.g. $me photos/ photo-cache 4 --keyring keyring.csv --root-key commission-root.pub)"

fail() {
  echo "$me: $*" >&2
  exit 2
}

(($# >= 3)) || fail "expected a photos folder, a cache folder and a number of jobs
$usage"
photos=$1 cache=$2 jobs=$3
shift 3

[[ $jobs =~ ^[1-9][0-9]*$ ]] || fail "JOBS must be a whole number of jobs, 1 or more, not \"$jobs\"
$usage"
[[ -d $photos ]] || fail "$photos is not a folder: give the folder of photos to read
$usage"
[[ ! -e $cache || -d $cache ]] || fail "the cache $cache exists and is not a folder: give a folder (created if missing)"

for a in "$@"; do
  case $a in
    --shard | --shard=* | --cache | --cache=* | --no-cache)
      fail "$a is this script's to set: it gives every job its --shard and the same --cache (CACHE)" ;;
    -o | -o* | --output | --output=* | -f | -f* | --format | --format=*)
      fail "$a is this script's to set: each share's listing goes to OUT, the merged report to REPORT (see the top of $0)" ;;
    --tapes | --tapes=* | --published | --published=*)
      fail "$a: give the published results as PUBLISHED=FILE; the photos are PHOTOS" ;;
  esac
done

tally=${TALLY:-tally}
command -v "$tally" >/dev/null 2>&1 || fail "$tally not found: put tally on PATH, or set TALLY=path/to/tally"
parallel --version 2>/dev/null | grep -q '^GNU parallel' ||
  fail "GNU parallel is needed (Debian and Ubuntu: apt-get install parallel; moreutils' parallel is another program)"

out=${OUT:-sharded}
if [[ -n ${PUBLISHED:-} ]]; then
  [[ -f $PUBLISHED ]] || fail "PUBLISHED=$PUBLISHED is not a file: give the commission's published results"
  report=${REPORT:-$out/report.json}
  merge=("$tally" reconcile --tapes "$photos" --published "$PUBLISHED")
else
  report=${REPORT:-$out/verify.json}
  merge=("$tally" verify "$photos")
fi
mkdir -p "$out" "$cache"

# A listing left by an earlier run must not pass for this run's.
for ((k = 1; k <= jobs; k++)); do
  rm -f "$out/shard-$k-of-$jobs.json"
done

echo "$me: reading $photos in $jobs shares, $jobs jobs at once, into the cache $cache" >&2
# Exit 0, 1 (findings) and 2 with a listing (a photo that cannot be read, named in it) are all
# a share read: the findings are the merge run's to report. -q keeps paths with spaces whole.
parallel --will-cite -q -j "$jobs" --tag --joblog "$out/shards.log" \
  "$tally" verify "$photos" --shard "{}/$jobs" --cache "$cache" "$@" \
  --format json -o "$out/shard-{}-of-$jobs.json" ::: $(seq 1 "$jobs") || true

failed=()
for ((k = 1; k <= jobs; k++)); do
  # Job log columns: Seq (the share, as the shares are given in order), ..., Exitval, Signal.
  status=$(awk -F'\t' -v k="$k" '$1 == k { print $7 + 0, $8 + 0 }' "$out/shards.log")
  if [[ ! -s $out/shard-$k-of-$jobs.json || $status != [012]" 0" ]]; then
    failed+=("$k")
  fi
done
if ((${#failed[@]})); then
  fail "share(s) ${failed[*]} of $jobs failed and wrote no listing (their messages above are tagged with their number; job log: $out/shards.log): fix the cause and run again; the shares read are kept in $cache and will not be read again"
fi
echo "$me: all $jobs shares read (listings in $out); merging from the cache" >&2

[[ $report == - ]] || rm -f "$report"
status=0
"${merge[@]}" --cache "$cache" "$@" -o "$report" || status=$?
exit "$status"
