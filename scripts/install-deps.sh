#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and demo tally.
# Idempotent: installs only the packages that are missing. Needs root or sudo for apt-get.
set -euo pipefail

# usage: install-deps.sh [test]   (test adds what only the test suite needs)
# Photos: Tesseract and Leptonica (OCR, linked through the tesseract crate, whose bindings
# need libclang at build time), English language data, ZBar (the second QR decoder), libheif
# for HEIC (with heif-enc to make test fixtures). The tests also open the HTML report in chromium, render the PDF sheets
# with poppler-utils, drive the review page through chromedriver, and run
# examples/parallel/read-sharded.sh with GNU parallel.
packages=(minisign pkg-config
  libtesseract-dev libleptonica-dev libclang-dev tesseract-ocr tesseract-ocr-eng
  libzbar-dev libheif-dev libheif-examples)
if [ "${1:-}" = test ]; then
  packages+=(chromium chromium-driver poppler-utils parallel)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (https://rustup.rs, or Debian's cargo package) and run again" >&2
  exit 2
fi
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c" >/dev/null 2>&1 || true
done
