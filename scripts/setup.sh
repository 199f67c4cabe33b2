#!/usr/bin/env bash
# Installs what Tuần Lễ Desk needs on Debian 12 / Ubuntu, skipping what is already there.
# Usage: scripts/setup.sh app|test   (test adds the real-window and document tools)
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-app}"
apt_app=(build-essential pkg-config curl file cmake nasm libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-core)
apt_test=(xvfb webkit2gtk-driver strace iproute2 python3 python3-venv python3-aiosmtpd openssl fonts-liberation2 fonts-dejavu-core libreoffice-writer poppler-utils
  mingw-w64 wine64 x11-apps xdotool imagemagick nsis)

wanted=("${apt_app[@]}")
[ "$profile" = test ] && wanted+=("${apt_test[@]}")

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages (install them by hand): ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installing UI packages (npm ci)"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

# The authorization server of the sign-in tests (oidc-provider), exactly as locked.
if [ "$profile" = test ] && { [ ! -d tests/support/node_modules ] || [ tests/support/package-lock.json -nt tests/support/node_modules/.package-lock.json ]; }; then
  echo "Installing test packages (npm ci in tests/support)"
  npm --prefix tests/support ci --no-audit --no-fund --loglevel=error
fi

# The Windows lane (scripts/windows.sh): the Windows standard library for the cross build.
if [ "$profile" = test ] && command -v rustup >/dev/null && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "Adding the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

if [ "$profile" = test ] && ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
