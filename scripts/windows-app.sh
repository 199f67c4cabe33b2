#!/usr/bin/env bash
# Starts the Windows build of the desktop app under Wine (which has no WebView2 runtime) on a
# virtual screen: it must show a Vietnamese message box saying WebView2 is missing, write the
# same to its log, and exit with a non-zero code once the box is closed, instead of vanishing.
# Usage: scripts/windows-app.sh PATH/tuanle-desk.exe   (called by scripts/windows.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
exe="$1"
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
art=artifacts/windows
data="$(mktemp -d)/Dữ liệu thử"
mkdir -p "$art" "$data"

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display"

"$wine" "$exe" --data-dir "Z:${data//\//\\}" >"$art/app-stdout.txt" 2>&1 &
app=$!
log="$data/tuanle-desk.log"
for _ in $(seq 120); do
  [ -s "$log" ] && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
[ -s "$log" ] || { echo "The app wrote no log line (output: $(cat "$art/app-stdout.txt"))" >&2; exit 1; }
grep -q "WebView2" "$log" || { echo "The log does not name WebView2: $(cat "$log")" >&2; exit 1; }

# The message box is on screen: keep a picture of it, then press its button.
box=""
for _ in $(seq 40); do
  box="$(xdotool search --name "Tuần Lễ Desk không mở được" 2>/dev/null | head -n 1 || true)"
  [ -n "$box" ] && break
  sleep 0.5
done
[ -n "$box" ] || { echo "No message box on screen" >&2; exit 1; }
sleep 1
magick="$(command -v convert-im6.q16 || command -v convert)"
xwd -root -silent | "$magick" xwd:- "$art/webview2-missing.png"
xdotool windowactivate --sync "$box" key Return 2>/dev/null || xdotool key Return
rc=0
wait "$app" || rc=$?
if [ "$rc" -eq 0 ]; then
  echo "The app exited with 0 without WebView2" >&2
  exit 1
fi
echo "Without WebView2: message box shown (artifacts/windows/webview2-missing.png), logged, exit code $rc"
