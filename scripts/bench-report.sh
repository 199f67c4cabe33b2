#!/usr/bin/env bash
# Prints the time to build the report .docx with 30 representative photos (12 MP originals):
# Tuần Lễ Desk (docx-rs, in process) beside python-docx + Pillow doing the same in the same run,
# from the originals and with the sized copies already made. Pages are counted by LibreOffice.
# Usage: scripts/bench-report.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-10}"
out=target/bench-report
mkdir -p "$out/in"
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
fi
target/bench-venv/bin/pip install --quiet python-docx pillow
if [ ! -f "$out/in/IMG_30.jpg" ]; then
  echo "Generating 30 photos of 4000×3000 (once)…"
  target/bench-venv/bin/python - "$out/in" <<'PY'
import sys
from PIL import Image, ImageFilter
for i in range(1, 31):
    # Noise blurred to camera-like detail: each photo different, about 3 MB as JPEG.
    img = Image.effect_noise((4000, 3000), 40 + i).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    img.save(f"{sys.argv[1]}/IMG_{i:02d}.jpg", "JPEG", quality=90)
PY
fi
rust=$(cargo bench --quiet --bench report -- "$iterations" "$out" "$out/in" 2>/dev/null)
py=$(PYTHONPATH=scripts target/bench-venv/bin/python scripts/bench_report.py "$out/report-input.json" "$iterations" "$out/report-python.docx")
pages() {
  soffice -env:UserInstallation=file://"$PWD/$out/lo" --headless --convert-to pdf --outdir "$out" "$1" >/dev/null 2>&1
  pdfinfo "${1%.docx}.pdf" | awk '/^Pages:/ {print $2}'
}
printf '%-40s %6s %12s %10s %6s\n' engine runs "mean (ms)" bytes pages
while IFS=$'\t' read -r name n ms bytes; do
  file="$out/report-rust.docx"; [[ "$name" == python* ]] && file="$out/report-python.docx"
  printf '%-40s %6s %12s %10s %6s\n' "$name" "$n" "$ms" "$bytes" "$(pages "$file")"
done <<<"$rust"$'\n'"$py"
ms() { awk -F'\t' -v n="$1" '$1 == n {print $3}' <<<"$rust"$'\n'"$py"; }
echo "first export, python-docx + Pillow / tuanle: $(echo "scale=2; $(ms "python-docx + Pillow, from originals") / $(ms "rust docx-rs, from originals")" | bc -l)× (target ≥ 3)"
echo "from the sized copies, python-docx / tuanle: $(echo "scale=2; $(ms "python-docx, sized copies given") / $(ms "rust docx-rs, sized copies kept")" | bc -l)× (target ≥ 10)"
