#!/usr/bin/env bash
# The NSIS installer's Windows-version hook (src-tauri/windows/hooks.nsh), compiled by Debian's
# makensis into a small installer that runs the hook, then run under Wine reporting itself as
# Windows 7 and 8.1 (must stop with NSIS's exit code 2 and install nothing) and as Windows 10 (must go on).
# The real installer is built by Tauri's bundler on a Windows runner (.github/workflows/windows.yml).
# Usage: scripts/windows-installer.sh   (called by scripts/windows.sh; WINEPREFIX set)
set -euo pipefail
cd "$(dirname "$0")/.."
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
work="$(mktemp -d)"
trap 'rm -rf "$work"; "$wine" reg add "HKCU\\Software\\Wine" /v Version /d win10 /f >/dev/null 2>&1 || true' EXIT
cat >"$work/probe.nsi" <<NSI
Unicode true
Target amd64-unicode
!include "$PWD/src-tauri/windows/hooks.nsh"
Name "Tuan Le Desk (probe)"
OutFile "$work/probe-setup.exe"
RequestExecutionLevel user
SilentInstall silent
Section
  !insertmacro NSIS_HOOK_PREINSTALL
  FileOpen \$0 "\$EXEDIR\\installed.txt" w
  FileWrite \$0 "ok"
  FileClose \$0
SectionEnd
NSI
makensis -V2 -INPUTCHARSET UTF8 "$work/probe.nsi" >/dev/null
for version in win7 win81 win10; do
  "$wine" reg add "HKCU\\Software\\Wine" /v Version /d "$version" /f >/dev/null 2>&1
  rm -f "$work/installed.txt"
  rc=0
  "$wine" "$work/probe-setup.exe" /S || rc=$?
  installed=no
  [ -f "$work/installed.txt" ] && installed=yes
  echo "installer hook as $version: exit $rc, installed: $installed"
  case "$version" in
    win10) [ "$rc" -eq 0 ] && [ "$installed" = yes ] || { echo "Windows 10 must install" >&2; exit 1; } ;;
    *) [ "$rc" -eq 2 ] && [ "$installed" = no ] || { echo "$version must be refused before installing" >&2; exit 1; } ;;
  esac
done
