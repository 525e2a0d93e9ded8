#!/usr/bin/env bash
# Builds the camket binary to ship for Linux x86-64: static (no shared library needed, not even
# libc), stripped, optimised ([profile.dist] in Cargo.toml), and checks that it runs on a
# machine without Rust.
#
#   scripts/release.sh            # writes target/release-dist/camket-<version>-x86_64-linux
#
# Target: x86_64-unknown-linux-musl when that Rust target is installed
# (`rustup target add x86_64-unknown-linux-musl`); otherwise the glibc target linked
# statically (`-C target-feature=+crt-static`, needs the static libc, `libc6-dev`). Either
# gives one file that runs on any x86-64 Linux. (With static glibc, functions that load NSS
# modules, such as looking up host names, would need the machine's glibc; camket serves on
# 127.0.0.1 and makes no other network call.)
#
# The checks: `file` and `ldd` say static; then, in an empty environment (`env -i`, no PATH,
# no HOME, no cargo or rustc reachable), `camket --version`, `camket init` and
# `camket build --strict` of the new site in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
if rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl; then
  target=x86_64-unknown-linux-musl
  flags=""
else
  target=x86_64-unknown-linux-gnu
  flags="-C target-feature=+crt-static"
  echo "musl target not installed: building a static glibc binary ($target, +crt-static)"
fi

# --target keeps RUSTFLAGS away from build scripts and proc macros (they run on the host).
RUSTFLAGS="${RUSTFLAGS:-} $flags" cargo build --locked --profile dist --target "$target"
bin="target/$target/dist/camket"

out=target/release-dist
mkdir -p "$out"
dest="$out/camket-$version-x86_64-linux"
cp "$bin" "$dest"
echo
echo "binary: $dest ($(stat -c %s "$dest") bytes, $(du -h "$dest" | cut -f1))"

echo "--- is it static?"
file "$dest"
if ldd "$dest" 2>&1 | grep -q "=>"; then
  ldd "$dest"
  echo "error: the binary needs shared libraries" >&2
  exit 1
fi
ldd "$dest" 2>&1 || true

echo "--- does it run without Rust (env -i: empty environment, no PATH)?"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dest" "$work/camket"
(
  cd "$work"
  env -i ./camket --version
  env -i ./camket init site
  env -i ./camket build --root site --strict | tail -n 3
)
test -f "$work/site/public/vi/index.html"
echo "ok: $dest is static and builds a site without Rust"
