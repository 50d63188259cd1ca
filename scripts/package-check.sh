#!/usr/bin/env bash
# Builds the release .deb and .rpm offline and checks what they hold: the app, the kaunter CLI
# beside it, the desktop entry and icons, the maintainer's contact, the homepage, the license and
# the third-party notices. Installs the .deb, runs `kaunter --version`, starts the installed app
# under Xvfb and checks that its window is mapped. Then purges
# the package and checks that none of its files are left. Needs root (it installs a package).
# AppImage is left out: its tooling downloads AppRun from GitHub and fails offline
# (docs/packaging.md quotes the error).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "package-check: $*" >&2
  exit 1
}
# Holds a command's output back and shows its last 60 lines only when it fails.
quiet() {
  local log status=0
  log=$(mktemp -t kaunter-package-check.XXXXXX)
  "$@" >"$log" 2>&1 || status=$?
  ((status == 0)) || tail -n 60 "$log" >&2
  rm -f "$log"
  return "$status"
}
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive

# Bundles left from an earlier version would otherwise be picked up below.
rm -rf target/release/bundle/deb target/release/bundle/rpm
quiet node scripts/tauri.mjs build --bundles deb,rpm --ci ||
  fail "tauri build failed"
debs=(target/release/bundle/deb/*.deb)
rpms=(target/release/bundle/rpm/*.rpm)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb, found: ${debs[*]}"
[ "${#rpms[@]}" -eq 1 ] && [ -f "${rpms[0]}" ] || fail "expected one .rpm, found: ${rpms[*]}"
deb=${debs[0]} rpm=${rpms[0]}
echo "built $(basename "$deb") ($(stat -c %s "$deb") B), $(basename "$rpm") ($(stat -c %s "$rpm") B)"

# What the .deb holds: the program, its desktop entry, its icons, and the WebKitGTK it needs.
pkg=$(dpkg-deb -f "$deb" Package)
depends=$(dpkg-deb -f "$deb" Depends)
echo "$pkg: Depends: $depends; Installed-Size: $(dpkg-deb -f "$deb" Installed-Size) KiB"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -qw -- "$dep" <<<"$depends" || fail ".deb does not depend on $dep"
done
# dpkg-deb lists paths as ./usr/… or usr/… depending on how the archive was made.
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed -E 's|^\.?/?|/|')
# Two programs: the desktop app and, beside it, the kaunter CLI (built by
# scripts/bundle-extras.mjs before bundling).
cli=/usr/bin/kaunter
bins=$(grep '^/usr/bin/.' <<<"$contents" || true)
grep -qx -- "$cli" <<<"$bins" || fail ".deb does not install the CLI as $cli, has: ${bins:-none}"
bin=$(grep -vx -- "$cli" <<<"$bins" || true)
[ -n "$bin" ] && [ "$(wc -l <<<"$bin")" -eq 1 ] ||
  fail ".deb should install the app and $cli in /usr/bin, has: ${bins:-none}"
desktop=$(grep '^/usr/share/applications/.*\.desktop$' <<<"$contents") || fail ".deb has no desktop entry"
icons=$(grep -c '^/usr/share/icons/hicolor/[0-9]*x[0-9]*/apps/.*\.png$' <<<"$contents") ||
  fail ".deb has no hicolor icons"
echo "$pkg installs $bin, $cli, $desktop and $icons hicolor icons"

# Who to contact, where the project lives, and the licenses: Kaunter's own and every
# third-party crate and npm package it ships.
maintainer=$(dpkg-deb -f "$deb" Maintainer)
[[ $maintainer =~ \<[^@\>]+@[^\>]+\> ]] || fail ".deb Maintainer '$maintainer' has no contact address"
homepage=$(dpkg-deb -f "$deb" Homepage)
[[ $homepage =~ ^https:// ]] || fail ".deb has no Homepage (has '$homepage')"
copyright=/usr/share/doc/$pkg/copyright notices=/usr/share/doc/$pkg/THIRD-PARTY-NOTICES
for f in "$copyright" "$notices"; do
  grep -qx -- "$f" <<<"$contents" || fail ".deb does not install $f"
done
echo "$pkg: Maintainer: $maintainer; Homepage: $homepage; $copyright, $notices"

# The .rpm is well-formed and holds the same program and desktop entry.
rpm_files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in "$bin" "$cli" "$desktop" "/usr/share/licenses/$pkg/LICENSE" "$notices"; do
  grep -qx -- "$f" <<<"$rpm_files" || fail ".rpm does not install $f"
done
rpm -qp --requires "$rpm" 2>/dev/null | grep -q webkit2gtk || fail ".rpm does not require webkit2gtk"
rpm_meta=$(rpm -qp --qf '%{URL}|%{LICENSE}|%{VENDOR}' "$rpm" 2>/dev/null)
IFS='|' read -r rpm_url rpm_license _ <<<"$rpm_meta"
[ "$rpm_url" = "$homepage" ] || fail ".rpm URL '$rpm_url' is not $homepage"
[ -n "$rpm_license" ] && [ "$rpm_license" != "(none)" ] || fail ".rpm declares no License"
echo ".rpm holds the same programs and notices; URL $rpm_url, License $rpm_license"

# apt refuses to purge a package it has never heard of, so ask dpkg first.
purge() {
  if dpkg-query -W "$pkg" >/dev/null 2>&1; then quiet "${SUDO[@]}" apt-get purge -y "$pkg"; fi
}
# A copy left by an interrupted run would make apt keep it instead of installing this build.
purge
trap 'purge || true' EXIT
quiet "${SUDO[@]}" apt-get install -y "./$deb" || fail "apt-get could not install $deb"
[ -x "$bin" ] || fail "the installed package has no $bin"

# The desktop entry starts the installed program and names an icon the package installed.
exec_line=$(grep -m1 '^Exec=' "$desktop" | cut -d= -f2-)
[ "${exec_line%% *}" = "$(basename "$bin")" ] || [ "${exec_line%% *}" = "$bin" ] ||
  fail "$desktop runs '$exec_line', not $bin"
categories=$(grep -m1 '^Categories=' "$desktop" | cut -d= -f2-)
for c in Office Finance; do
  [[ ";$categories" == *";$c;"* ]] || fail "$desktop Categories '$categories' lacks $c"
done
icon=$(grep -m1 '^Icon=' "$desktop" | cut -d= -f2-)
compgen -G "/usr/share/icons/hicolor/*/apps/$icon.png" >/dev/null ||
  fail "$desktop names icon '$icon', which is not installed"

# The CLI runs from the package: its version is the package's.
[ -x "$cli" ] || fail "the installed package has no $cli"
cli_version=$("$cli" --version) || fail "$cli --version failed"
[[ $cli_version == *"$(dpkg-deb -f "$deb" Version)"* ]] ||
  fail "$cli --version says '$cli_version', not the package version"
grep -q '^Rust crates' "$notices" && grep -q '^JavaScript packages' "$notices" ||
  fail "$notices does not list the Rust crates and the JavaScript packages"
echo "installed $cli runs: $cli_version; $notices lists $(grep -c ' | ' "$notices") packages"

# Started as on a new office PC: an empty HOME (with-keyring.sh makes one, with an unlocked
# keychain so the start-up probe answers at once), hence Demo and an empty journal.
title=$(node -p "require('./tauri.conf.json').app.windows[0].title")
quiet scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  bin=$1 title=$2
  "$bin" &
  app=$!
  for _ in $(seq 1 60); do
    if ! kill -0 "$app" 2>/dev/null; then
      echo "the installed $bin exited before mapping a window" >&2
      exit 1
    fi
    if xwininfo -name "$title" 2>/dev/null | grep -q "Map State: IsViewable"; then
      kill "$app"
      wait "$app" 2>/dev/null || true
      exit 0
    fi
    sleep 0.5
  done
  echo "the installed $bin did not map a window within 30 s" >&2
  kill "$app"
  exit 1
' _ "$bin" "$title" || fail "the installed $bin did not start"
echo "installed $bin started: window \"$title\" is mapped"

trap - EXIT
purge || fail "apt-get could not purge $pkg"
! dpkg-query -W "$pkg" >/dev/null 2>&1 || fail "$pkg is still known to dpkg after purge"
left=$(while read -r f; do if [ -f "$f" ]; then echo "$f"; fi; done <<<"$contents")
[ -z "$left" ] || fail "purging $pkg left files behind: $left"
echo "$pkg purged: none of its files remain"
