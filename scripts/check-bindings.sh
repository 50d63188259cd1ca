#!/usr/bin/env bash
# The UI's TypeScript types are generated from the Rust types by ts-rs and committed
# in ui/src/bindings. This regenerates them into a temp dir and fails on any drift.
# `scripts/check-bindings.sh --update` rewrites the committed files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
TS_RS_EXPORT_DIR="$out" cargo test --workspace --quiet export_bindings >/dev/null
if [ "${1:-}" = "--update" ]; then
  rm -rf ui/src/bindings && mkdir -p ui/src && cp -r "$out" ui/src/bindings
  echo "ui/src/bindings regenerated"
  exit 0
fi
if ! diff -ru ui/src/bindings "$out"; then
  echo "ui/src/bindings drifted from the Rust types: run scripts/check-bindings.sh --update and commit" >&2
  exit 1
fi
echo "bindings: $(find "$out" -name '*.ts' | wc -l) files match the Rust types"
