#!/usr/bin/env bash
# End-to-end tests of the real Kaunter window: builds the app with its UI embedded and
# the simulator binary, then drives the app through tauri-driver (WebKitWebDriver) under
# Xvfb, with the real Secret Service in a private D-Bus session. Every scenario starts
# the app in a fresh HOME against its own simulator process; screenshots of the runs
# refresh docs/screenshots/. Arguments pick test files (relative to e2e/); all by default.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS=0
export npm_config_update_notifier=false

for tool in tauri-driver WebKitWebDriver xvfb-run import; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing: run scripts/install-deps.sh" >&2
    exit 1
  fi
done

echo "== building the app (UI embedded) and the simulator"
TAURI_APP_PATH=src-tauri ui/node_modules/.bin/tauri build --debug --no-bundle --ci >/dev/null
cargo build --quiet -p iimmpact-sim
[ -d e2e/node_modules ] || npm --prefix e2e ci --no-audit --no-fund

echo "== scenarios (built in ${SECONDS}s)"
# with-keyring.sh gives the tests a throwaway HOME; the app's own HOME is made per scenario.
scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1366x768x24" npm --prefix "$PWD/e2e" test -- "${@:-tests/}"
echo "== end-to-end tests passed in ${SECONDS}s"
