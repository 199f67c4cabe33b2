#!/usr/bin/env bash
# Offline by construction: the real-window tests (every step: plan, activities, photos, report,
# hồ sơ, sending to the local test server, sign-in, backup) run inside a network namespace that has
# only the loopback interface, with every connect() of the app and its WebKit processes recorded;
# then any connection to a host other than this machine, or any DNS query, fails the test.
# Usage: scripts/offline.sh [APP_BINARY]   (default target/debug/tuanle-desk)
set -euo pipefail
cd "$(dirname "$0")/.."
export TUANLE_APP_REAL
TUANLE_APP_REAL="$(realpath "${1:-target/debug/tuanle-desk}")"
export OFFLINE_LOG_DIR="$PWD/artifacts/offline"
rm -rf "$OFFLINE_LOG_DIR"
mkdir -p "$OFFLINE_LOG_DIR"
export TUANLE_APP="$PWD/scripts/offline-app.sh"

if unshare -rn true 2>/dev/null; then
  echo "Real-window tests inside a network namespace with loopback only"
  unshare -rn bash -c 'ip link set lo up && exec bash scripts/e2e.sh'
else
  echo "WARNING: no network namespace here (unshare refused); the connect() record still decides" >&2
  bash scripts/e2e.sh
fi
python3 scripts/check_offline.py "$OFFLINE_LOG_DIR"
