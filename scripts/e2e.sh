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
if [ ! -d e2e/node_modules ]; then
  echo "$0: e2e/node_modules is missing: run scripts/install-deps.sh" >&2
  exit 1
fi

echo "== building the app (UI embedded) and the simulator"
build_log=$(mktemp)
if ! { node scripts/tauri.mjs build --debug --no-bundle --ci &&
  cargo build -p iimmpact-sim; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  exit 1
fi
rm -f "$build_log"

echo "== scenarios (built in ${SECONDS}s)"
# Each scenario's HOME and the app's log (HOME.log) go here; kept when a test fails.
TMPDIR=$(mktemp -d -t kaunter-e2e.XXXXXX)
export TMPDIR
# with-keyring.sh gives the tests a throwaway HOME; the app's own HOME is made per scenario.
if ! scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1366x768x24" npm --prefix "$PWD/e2e" test -- "${@:-tests/}"; then
  echo "== end-to-end tests failed; app homes and logs: $TMPDIR" >&2
  exit 1
fi
rm -rf "$TMPDIR"
echo "== end-to-end tests passed in ${SECONDS}s"
