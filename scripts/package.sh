#!/usr/bin/env bash
# Builds the release app and its Linux packages: the one way the scripts make them
# (package-check.sh, bench-app.sh). `tauri build` writes the .deb and the .rpm; the .deb is then
# rebuilt with its contents xz-compressed, because Tauri 2.12 writes a .deb with gzip and has no
# option for it (the .rpm's is `bundle.linux.rpm.compression` in tauri.conf.json). xz's window
# spans both programs, so it finds the code the app and the kaunter CLI share: the .deb drops
# from about 10.2 MB to 5.3 MB (docs/measurements.md, "Size, step by step"). Same name, same
# files, owners and modes; only the compression changes, and this script checks that it did.
#
#   scripts/package.sh            # .deb and .rpm
#   scripts/package.sh deb        # .deb only
# Prints the packages' paths, one a line; the build's own output goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
bundles=${1:-deb,rpm}

fail() {
  echo "package: $*" >&2
  exit 1
}

# Bundles left from an earlier version would otherwise be picked up below.
rm -rf target/release/bundle/deb target/release/bundle/rpm
node scripts/tauri.mjs build --bundles "$bundles" --ci >&2

# Permissions, owner/group, size and path of every member: what must not change. Tauri's
# archive and dpkg-deb's spell the same member differently (0/0 or root/root, ./usr/ or usr).
listing() {
  dpkg-deb -c "$1" | awk '{
    sub(/^\.?\//, "", $6); sub(/\/$/, "", $6); if ($2 == "0/0") $2 = "root/root"
    if ($6 != "") print $1, $2, $3, $6
  }' | sort -k4
}

for deb in target/release/bundle/deb/*.deb; do
  [ -f "$deb" ] || continue
  work=$(mktemp -d target/release/bundle/deb/repack.XXXXXX)
  dpkg-deb -R "$deb" "$work/root"
  listing "$deb" >"$work/before"
  dpkg-deb --root-owner-group -Zxz -z9 -b "$work/root" "$work/repacked.deb" >/dev/null
  listing "$work/repacked.deb" >"$work/after"
  diff -u "$work/before" "$work/after" >&2 || fail "recompressing $deb changed what it holds"
  mv "$work/repacked.deb" "$deb"
  rm -rf "$work"
done

ls target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm 2>/dev/null || true
