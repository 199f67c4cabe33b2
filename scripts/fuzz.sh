#!/usr/bin/env bash
# Runs the fuzz targets (cargo-fuzz, libFuzzer) for a bounded time each and prints their figures.
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
# Corpora start from tests/fixtures/hostile; a crash is saved under fuzz/artifacts/<target>/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
export RUSTC_BOOTSTRAP=1
for target in ${FUZZ_TARGETS:-docx_text template_import photo_metadata}; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case $target in
    docx_text) cp tests/fixtures/hostile/text.txt "$corpus/" ;;
    template_import) cp tests/fixtures/hostile/*.json assets/stats_template.json "$corpus/" ;;
    photo_metadata) cp tests/fixtures/hostile/*.jpg tests/fixtures/photos/*.jpg "$corpus/" ;;
  esac
  log="fuzz/$target.log"
  # Whole documents are built per input: short inputs keep the rate useful (long text is in the tests).
  max_len=65536; [ "$target" = docx_text ] && max_len=2048
  cargo fuzz run --fuzz-dir fuzz "$target" "$corpus" -- -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 >"$log" 2>&1 || {
    echo "$target: CRASH (see $log and fuzz/artifacts/$target/)"; tail -30 "$log"; exit 1; }
  runs=$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')
  printf '%-16s %10s executions in %ss, no crash\n' "$target" "${runs:-?}" "$seconds"
done
