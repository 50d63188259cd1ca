#!/usr/bin/env bash
# Runs every Kaunter test on a fresh Debian 12 machine: installs what it needs, then
# lint, unit + integration tests (real SQLite, real loopback HTTP to the simulator,
# the real Secret Service), UI tests, end-to-end tests of the real app window under
# Xvfb through WebDriver, and the packaging check. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0
SECONDS=0
step() { printf '\n== %s (at %ds)\n' "$*" "$SECONDS"; }

step "dependencies"
scripts/install-deps.sh

step "format and lint"
# Git for Windows checks symlinks out as text files, so the repository holds none.
if git ls-files -s | grep '^120000'; then echo "symlinks above: a Windows clone would break" >&2; exit 1; fi
cargo fmt --all --check
npm --prefix ui run --silent build
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust tests (keychain in a private D-Bus session, display from Xvfb)"
TS_RS_EXPORT_DIR="$(mktemp -d)" scripts/with-keyring.sh xvfb-run -a cargo test --workspace --quiet

step "the core without Demo (no simulator at run time)"
cargo test -p kaunter --no-default-features --quiet

step "TypeScript bindings match the Rust types"
scripts/check-bindings.sh

step "UI tests"
npm --prefix ui test --silent

step "end-to-end tests of the real app window"
scripts/e2e.sh

step "packaging: .deb and .rpm built offline, the installed program starts"
scripts/package-check.sh

step "all tests passed in ${SECONDS}s"
