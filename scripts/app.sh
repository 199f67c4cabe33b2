#!/usr/bin/env bash
# Builds what is needed and starts Tuần Lễ Desk. Extra arguments go to the app
# (e.g. --data-dir DIR). The first run shows the set-up wizard, with a demo school on offer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
npm --prefix ui run build --silent
cargo build -p tuanle-desk
exec target/debug/tuanle-desk "$@"
