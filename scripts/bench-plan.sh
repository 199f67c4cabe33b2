#!/usr/bin/env bash
# Prints the time to build a 10-page plan .docx: Tuần Lễ Desk's engine (docx-rs, in process) beside
# python-docx building the same Document in the same run. Pages are counted by LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-30}"
out=target/bench-plan
mkdir -p "$out"
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet python-docx
fi
rust=$(cargo bench --quiet --bench plan -- "$iterations" "$out" 2>/dev/null | grep '^rust')
py=$(target/bench-venv/bin/python scripts/bench_plan.py "$out/plan-document.json" "$iterations" "$out/plan-python.docx")
pages() {
  soffice -env:UserInstallation=file://"$PWD/$out/lo" --headless --convert-to pdf --outdir "$out" "$1" >/dev/null 2>&1
  pdfinfo "${1%.docx}.pdf" | awk '/^Pages:/ {print $2}'
}
printf '%-14s %10s %12s %10s %6s\n' engine iterations "mean (ms)" bytes pages
for row in "$rust" "$py"; do
  IFS=$'\t' read -r name n ms bytes <<<"$row"
  file="$out/plan-rust.docx"; [ "$name" = python-docx ] && file="$out/plan-python.docx"
  printf '%-14s %10s %12s %10s %6s\n' "$name" "$n" "$ms" "$bytes" "$(pages "$file")"
done
