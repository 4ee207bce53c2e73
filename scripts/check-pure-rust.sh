#!/usr/bin/env bash
# Checks that the pure-Rust build (`cargo build --no-default-features`) needs no C library:
# no crate binding a C library in its dependency tree, and a binary that links only the C
# runtime. Run by `make test` after the pure build's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Crates whose name says -sys but which bind no library to install: the operating system's
# own interfaces (directories, Linux system calls, Windows APIs).
allowed_sys='^(dirs-sys|linux-raw-sys|windows-sys|windows-targets|windows_[a-z0-9_]+|libc) '
tree=$(cargo tree --locked -e normal --no-default-features --prefix none | sort -u)
bad=$(printf '%s\n' "$tree" | grep -E -- '-sys |^(tesseract|leptess|zbar-rust|libheif-rs) ' | grep -Ev "$allowed_sys" || true)
if [ -n "$bad" ]; then
  echo "check-pure-rust: the pure-Rust build depends on crates that bind C libraries:" >&2
  printf '  %s\n' "$bad" >&2
  exit 1
fi

cargo build --locked --quiet --no-default-features
binary=target/debug/tally
if command -v ldd >/dev/null 2>&1; then
  # The C runtime: libc and its parts, the dynamic loader, libgcc_s (unwinding), the vDSO.
  runtime='^(linux-vdso|linux-gate|libc|libm|libdl|librt|libpthread|libutil|libgcc_s|ld-linux[a-z0-9_-]*)\.so'
  libs=$(ldd "$binary" | awk '{print $1}' | sed 's|.*/||')
  extra=$(printf '%s\n' "$libs" | grep -Ev "$runtime" || true)
  if [ -n "$extra" ]; then
    echo "check-pure-rust: $binary links libraries beyond the C runtime:" >&2
    printf '  %s\n' "$extra" >&2
    exit 1
  fi
  echo "check-pure-rust: no C library crate; $binary links only: $(printf '%s ' $libs)"
elif [ -n "${CI:-}" ]; then
  echo "check-pure-rust: ldd is missing, and CI is set: the check cannot run" >&2
  exit 1
else
  echo "check-pure-rust: no C library crate; ldd missing, the binary's libraries not checked" >&2
fi
