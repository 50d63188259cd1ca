#!/usr/bin/env bash
# Builds the release .deb and .rpm offline, installs the .deb, starts the installed
# program under Xvfb and checks that its window is mapped, then removes it.
# (AppImage is left out: its tooling downloads from outside and cannot be built offline.)
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_APP_PATH=src-tauri ui/node_modules/.bin/tauri build --bundles deb,rpm --ci >/dev/null
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
rpm=$(ls -t target/release/bundle/rpm/*.rpm | head -1)
echo "built $(basename "$deb") ($(stat -c %s "$deb") B), $(basename "$rpm") ($(stat -c %s "$rpm") B)"
rpm -qp --requires "$rpm" >/dev/null # the .rpm is well-formed

pkg=$(dpkg-deb -f "$deb" Package)
bin=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep '^\./usr/bin/' | head -1 | sed 's|^\.||')
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
trap 'apt-get remove -y -qq "$pkg" >/dev/null 2>&1 || true' EXIT
[ -x "$bin" ] || { echo "installed package has no $bin" >&2; exit 1; }

# A throwaway HOME so the installed app starts as on a new PC (Demo, empty journal).
home=$(mktemp -d)
HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
  xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- bash -c '
    "$1" >/dev/null 2>&1 &
    app=$!
    for _ in $(seq 1 60); do
      if xwininfo -root -tree 2>/dev/null | grep -q "\"Kaunter\""; then
        echo "installed $1 started: window \"Kaunter\" is mapped"
        kill $app; exit 0
      fi
      sleep 0.5
    done
    echo "the installed $1 did not map a window within 30 s" >&2
    kill $app 2>/dev/null; exit 1
  ' _ "$bin"
