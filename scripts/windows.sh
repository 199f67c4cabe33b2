#!/usr/bin/env bash
# The Windows lane (part of scripts/test.sh): the core's and the CLI's tests built for
# x86_64-pc-windows-gnu and run under Wine, then the desktop app built for Windows and started
# under Wine, which has no WebView2 runtime: it must say so in a message box and exit non-zero;
# and the installer's hook refuses Windows 7/8.1 (scripts/windows-installer.sh).
# Usage: scripts/windows.sh [tests|app]   (both by default; TUANLE_WINDOWS_ONLY="cli mail" runs
# only those test binaries, while working)
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
target=x86_64-pc-windows-gnu
out=target/windows
mkdir -p "$out" artifacts/windows
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export WINEPREFIX="${TUANLE_WINEPREFIX:-$PWD/target/wine-prefix}"
export WINEDEBUG=-all
# The bindings the tests write belong to the Linux run (which checks them); keep these aside.
export TS_RS_EXPORT_DIR="$out/bindings"
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver64)"

# A Wine prefix of our own, with the ProcessPrng shim that Rust's std needs and Wine 8 lacks.
shim=scripts/windows/bcryptprimitives.c
if [ ! -f "$out/bcryptprimitives.dll" ] || [ "$shim" -nt "$out/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" "$shim" -ladvapi32
fi
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "Creating the Wine prefix $WINEPREFIX"
  "$wine" wineboot -i >/dev/null 2>&1 || true
  "$wineserver" -w
fi
cp "$out/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

if [ "$what" != app ]; then
  echo "Building the core's and the CLI's tests for $target"
  started=$SECONDS
  cargo test --target "$target" -p tuanle --no-run --quiet --message-format=json >"$out/tests.json"
  echo "built in $((SECONDS - started)) s"
  started=$SECONDS
  mapfile -t binaries < <(python3 - "$out/tests.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])
PY
)
  # The test servers and tools (aiosmtpd, oidc-provider, openssl) run on the Linux side.
  rm -f "$out/broker.port"
  python3 tests/support/host_broker.py "$out/broker.port" &
  broker=$!
  trap 'kill $broker 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s "$out/broker.port" ] && break; sleep 0.1; done
  export TUANLE_TEST_HOST="127.0.0.1:$(cat "$out/broker.port")"
  TUANLE_TEST_NODE="$(command -v node)"
  export TUANLE_TEST_NODE
  failed=0
  : >"$out/results.txt"
  for exe in "${binaries[@]}"; do
    name="$(basename "$exe" .exe)"
    if [ -n "${TUANLE_WINDOWS_ONLY:-}" ] && [[ " $TUANLE_WINDOWS_ONLY " != *" ${name%-*} "* ]]; then
      continue
    fi
    echo "--- under Wine: ${name%-*}"
    log="$out/${name%-*}.log"
    rc=0
    "$wine" "$exe" >"$log" 2>&1 || rc=$?
    grep -E '^test result:|^test [^ ]+ \.\.\. (FAILED|ignored)' "$log" || true
    if [ "$rc" -ne 0 ]; then
      failed=1
      tail -n 60 "$log" | cut -c1-400
    fi
    grep '^test result:' "$log" | sed "s/^/${name%-*}: /" >>"$out/results.txt" || true
  done
  python3 - "$out/results.txt" <<'PY'
import re, sys
total = {"passed": 0, "failed": 0, "ignored": 0}
for line in open(sys.argv[1]):
    for key in total:
        m = re.search(r"(\d+) " + key, line)
        total[key] += int(m.group(1)) if m else 0
print("Windows lane: {passed} passed, {failed} failed, {ignored} skipped on Windows (reasons above)".format(**total))
PY
  echo "ran under Wine in $((SECONDS - started)) s"
  [ "$failed" -eq 0 ] || { echo "Windows tests failed: see $out/*.log" >&2; exit 1; }
fi

if [ "$what" != tests ]; then
  echo "Building the desktop app for $target"
  started=$SECONDS
  cargo build --target "$target" -p tuanle-desk --quiet
  echo "built in $((SECONDS - started)) s"
  bash scripts/windows-app.sh "target/$target/debug/tuanle-desk.exe"
  bash scripts/windows-installer.sh
fi
"$wineserver" -k 2>/dev/null || true
