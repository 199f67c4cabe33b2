#!/usr/bin/env bash
# Launch-to-first-screen time of the built app under Xvfb (includes WebDriver's own overhead,
# about 0.2 s, so it is an upper bound). Usage: scripts/bench-start.sh [APP_BINARY] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
bash scripts/e2e.sh scripts/bench-start.mjs "${1:-target/debug/tuanle-desk}" "${2:-5}"
