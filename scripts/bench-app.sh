#!/usr/bin/env bash
# Benchmark (not a test): builds the release app and its .deb, then prints launch-to-first-paint
# time, memory (RSS and PSS of the app and its WebKit processes) after start and after a
# 20,000-row statement export driven through the window, and the binary and .deb sizes, each
# beside the bare Tauri app's figures from the Tauri-on-Debian notes. See docs/measurements.md.
#
#   scripts/bench-app.sh            # 5 measured launches after one warm-up
#   KAUNTER_BENCH_LAUNCHES=9 scripts/bench-app.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building the release app, its .deb and the simulator" >&2
node scripts/tauri.mjs build --bundles deb --ci >/dev/null
cargo build --release --quiet -p iimmpact-sim --bin iimmpact-sim
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)

# The notes measured in a 1280x800x24 Xvfb screen with no window manager; so does this.
# The keyring session makes the start-up keychain probe find a real, unlocked Secret Service.
# The session bus's start-up chatter (fd limit, accessibility bus) is dropped.
KAUNTER_DEB="$PWD/$deb" scripts/with-keyring.sh \
  xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-app.mjs 2>&1 |
  grep --line-buffered -v -e '^dbus-daemon\[' -e '^SpiRegistry daemon'
