#!/usr/bin/env bash
# The release as a school gets it, on Linux: `tauri build` makes the .deb (release profile), dpkg
# installs it, and the installed app starts under Xvfb on a fresh data folder (screenshot in
# artifacts/e2e/installed-*.png). Windows installers: .github/workflows/windows.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
npm --prefix ui run build --silent
ui/node_modules/.bin/tauri build --bundles deb
deb="$(ls -t target/release/bundle/deb/*.deb | grep -v baseline-app | head -1)"
package="$(dpkg-deb -f "$deb" Package)"
echo "Installing $deb ($(du -h "$deb" | cut -f1), package $package)"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo dpkg -i "$deb" >/dev/null
installed="$(dpkg -L "$package" | grep '^/usr/bin/' | head -1)"
desktop="$(dpkg -L "$package" | grep '\.desktop$' | head -1)"
echo "Installed: $installed; menu entry: $desktop"
grep -q '^MimeType=.*application/x-tuanle-backup' "$desktop" || { echo "The .desktop entry does not claim .tuanle files" >&2; exit 1; }
bash scripts/e2e.sh tests/e2e/installed.mjs "$installed"
