#!/usr/bin/env bash
# Drives the built app in a real window: Xvfb (unless a display is given), tauri-driver,
# WebKitWebDriver, and the Node tests in tests/e2e (or the Node script given as argument, e.g. a
# benchmark). Screenshots land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ -z "${E2E_DISPLAY:-}" ]; then
  display=":$((90 + RANDOM % 100))"
  Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
else
  display="$E2E_DISPLAY"
fi
export DISPLAY="$display"

# The "browser" of the sign-in test: follows the authorization server's redirects (the app
# inherits this through tauri-driver).
export TUANLE_BROWSER="node $PWD/tests/support/browser.mjs"
# The "file manager" of «Mở tệp» / «Mở thư mục»: records what would have been opened.
export TUANLE_OPENER="node $PWD/tests/support/opener.mjs"
export TUANLE_OPENED_LOG="$PWD/artifacts/opened.txt"
rm -f "$TUANLE_OPENED_LOG"

port=$((4500 + RANDOM % 400))
tauri-driver --port "$port" >artifacts/tauri-driver.log 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.2
done

export TAURI_DRIVER_URL="http://127.0.0.1:$port"
if [ $# -gt 0 ]; then
  node "$@"
else
  rm -rf artifacts/e2e
  node --test --test-concurrency=1 tests/e2e/
fi
