#!/usr/bin/env bash
# Builds and opens Kaunter. With no credentials it starts in Demo: an IIMMPACT
# simulator runs inside the app on 127.0.0.1, so everything works offline.
# Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== building the app (first build takes a few minutes)"
node scripts/tauri.mjs build --debug --no-bundle --ci >/dev/null

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting a virtual one (Xvfb). Screenshots: import -display \$DISPLAY -window root shot.png"
  exec xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- target/debug/kaunter-app "$@"
fi
exec target/debug/kaunter-app "$@"
