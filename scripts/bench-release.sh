#!/usr/bin/env bash
# Start-up, memory and size of the release build beside an empty Tauri 2 app built with the same
# Tauri and profile. Builds both .debs and the CLI in release mode (about 15 minutes cold on
# 2 cores), then measures under Xvfb. Usage: scripts/bench-release.sh [WARM_RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
npm --prefix ui run build --silent
ui/node_modules/.bin/tauri build --bundles deb
(cd benches/baseline-app && ../../ui/node_modules/.bin/tauri build --bundles deb)
cargo build --release -p tuanle --bin tuanle --quiet
bash scripts/e2e.sh scripts/bench-release.mjs "${1:-5}"
