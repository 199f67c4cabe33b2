#!/usr/bin/env bash
# Compares the JPEG decoders for the photo import on the same 20 photos of 12 MP (4000×3000):
# jpeg-decoder (the app now), libjpeg-turbo through mozjpeg (SIMD, DCT scaling), zune-jpeg. On Linux,
# and with --wine also built for x86_64-pc-windows-gnu and run under Wine (the Windows lane's
# toolchain: mingw-w64 and nasm build libjpeg-turbo for Windows). Prints Markdown tables.
# Usage: scripts/bench-decoders.sh [--wine]   (needs: nasm, imagemagick; installs them if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in nasm imagemagick; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
work=target/bench-decoders
mkdir -p "$work/in"
if [ ! -f "$work/in/IMG_0020.jpg" ]; then
  echo "Generating 20 photos of 4000×3000 (once)…"
  convert -size 4000x3000 plasma:fractal -blur 0x1 -quality 90 "$work/base.jpg"
  python3 - "$work" <<'PY'
import struct, sys
work = sys.argv[1]
base = open(f"{work}/base.jpg", "rb").read()
for i in range(1, 21):
    note = f"photo {i}".encode()
    com = b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note
    open(f"{work}/in/IMG_{i:04d}.jpg", "wb").write(base[:2] + com + base[2:])
PY
fi
export CARGO_TARGET_DIR="$PWD/target/bench-decoders/target"
manifest=benches/decoders/Cargo.toml
cargo build --release --quiet --manifest-path "$manifest"
echo "Linux ($(nproc) cores)"
"$CARGO_TARGET_DIR/release/bench-decoders" "$work/in"
if [ "${1:-}" = "--wine" ]; then
  cargo build --release --quiet --manifest-path "$manifest" --target x86_64-pc-windows-gnu
  export WINEPREFIX="${TUANLE_WINEPREFIX:-$PWD/target/wine-prefix}" WINEDEBUG=-all
  wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
  echo
  echo "Windows build under Wine"
  "$wine" "$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/release/bench-decoders.exe" "Z:$(realpath "$work/in" | tr / '\\')"
fi
