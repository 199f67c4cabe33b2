#!/usr/bin/env bash
# Imports 100 photos of 12 MP (4000×3000 JPEG) with `tuanle photos add` (store + thumbnail + EXIF,
# all cores) and, in the same run, makes the same 320 px thumbnails with ImageMagick and
# vipsthumbnail (2 processes at a time, like our 2 worker threads). Prints time and peak memory.
# Usage: scripts/bench-photos.sh   (needs: imagemagick, libvips-tools, time; installs them if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in imagemagick libvips-tools time bc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cargo build --release -q -p tuanle
work=target/bench-photos
mkdir -p "$work/in"
if [ ! -f "$work/in/IMG_0100.jpg" ]; then
  echo "Generating 100 photos of 4000×3000 (once)…"
  convert -size 4000x3000 plasma:fractal -blur 0x1 -quality 90 "$work/base.jpg"
  # Each copy gets its own comment segment: different bytes (no duplicates), same decoding work.
  python3 - "$work" <<'PY'
import struct, sys
work = sys.argv[1]
base = open(f"{work}/base.jpg", "rb").read()
for i in range(1, 101):
    note = f"photo {i}".encode()
    com = b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note
    open(f"{work}/in/IMG_{i:04d}.jpg", "wb").write(base[:2] + com + base[2:])
PY
fi
size=$(du -sm "$work/in" | cut -f1)

measure() { # name, command...: prints "name seconds peak_MB"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1
  local out; out=$(tail -1 "$work/time.txt")
  printf '%-46s %8s s %8.0f MB\n' "$name" "${out% *}" "$(echo "${out#* } / 1024" | bc -l)" | tee -a "$work/table.txt"
}

rm -rf "$work/data" "$work/im" "$work/im-hint" "$work/vips" "$work/table.txt"; mkdir -p "$work/im" "$work/im-hint" "$work/vips"
"target/release/tuanle" --data-dir "$work/data" demo >/dev/null
echo "100 photos, ${size} MB, $(nproc) cores"
printf '%-46s %10s %11s\n' "tool" "time" "peak RSS"
measure "tuanle photos add (store+thumb+EXIF)" target/release/tuanle --data-dir "$work/data" --json photos add "$work/in"
measure "ImageMagick convert -thumbnail" sh -c "ls $work/in/*.jpg | xargs -P2 -I{} sh -c 'convert \"\$1\" -auto-orient -thumbnail 320x320 -quality 80 $work/im/\$(basename \"\$1\")' _ {}"
measure "ImageMagick + jpeg:size hint" sh -c "ls $work/in/*.jpg | xargs -P2 -I{} sh -c 'convert -define jpeg:size=640x640 \"\$1\" -auto-orient -thumbnail 320x320 -quality 80 $work/im-hint/\$(basename \"\$1\")' _ {}"
measure "vipsthumbnail" sh -c "ls $work/in/*.jpg | xargs -P2 -n 10 vipsthumbnail -s 320 -o $PWD/$work/vips/%s.jpg[Q=80]"
echo "thumbnails made: tuanle $(find "$work/data/photos/thumbs" -name '*.jpg' | wc -l), ImageMagick $(ls "$work/im" | wc -l), vips $(ls "$work/vips" | wc -l)"
ours=$(awk '/^tuanle/ {print $(NF-3)}' "$work/table.txt")
vips=$(awk '/^vipsthumbnail/ {print $(NF-3)}' "$work/table.txt")
echo "ratio tuanle / vipsthumbnail: $(echo "scale=2; $ours / $vips" | bc -l) (target ≤ 0.70)"

# A batch with two huge pictures among ordinary ones: a 20000×20000 PNG (a scanned poster) and a
# 16000×12000 JPEG. The peak memory of the whole import is what counts (target < 200 MB).
if [ ! -f "$work/huge/poster-20000.png" ]; then
  echo "Generating a 20000×20000 PNG and a 16000×12000 JPEG (once)…"
  mkdir -p "$work/huge"
  python3 - "$work/huge/poster-20000.png" <<'PY'
import struct, sys, zlib
w = h = 20000
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
rows = [b"\0" + bytes((x // 80 + k) % 256 for x in range(w * 3)) for k in range(64)]
with open(sys.argv[1], "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
    z = zlib.compressobj(1)
    for y in range(h):
        data = z.compress(rows[(y // 313) % 64])
        if data:
            f.write(chunk(b"IDAT", data))
    f.write(chunk(b"IDAT", z.flush()) + chunk(b"IEND", b""))
PY
  # ImageMagick's policy refuses 192 MP; libvips streams it: two crossed ramps in three colours.
  vips grey --uchar "$work/huge/r.v" 16000 12000
  vips rot "$work/huge/r.v" "$work/huge/g.v" d180
  vips bandjoin "$work/huge/r.v $work/huge/g.v $work/huge/r.v" "$work/huge/pano-16000.jpg[Q=85]"
  rm -f "$work/huge/r.v" "$work/huge/g.v"
  cp "$work"/in/IMG_00{01..20}.jpg "$work/huge/"
fi
rm -rf "$work/data-huge"
"target/release/tuanle" --data-dir "$work/data-huge" demo >/dev/null
echo
echo "Batch: 20 photos of 12 MP, a 20000×20000 PNG ($(du -m "$work/huge/poster-20000.png" | cut -f1) MB), a 16000×12000 JPEG ($(du -m "$work/huge/pano-16000.jpg" | cut -f1) MB)"
measure "tuanle photos add (batch with huge pictures)" target/release/tuanle --data-dir "$work/data-huge" --json photos add "$work/huge"
"target/release/tuanle" --data-dir "$work/data-huge" --json photos list | python3 -c "import json,sys; rows=json.load(sys.stdin); print('imported:', len(rows), '; huge ones:', [(r['original_name'], r['width'], r['height']) for r in rows if r['width'] > 5000])"
