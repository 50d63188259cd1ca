#!/usr/bin/env bash
# Installs everything Kaunter needs to build, run and test on Debian 12, from the
# distribution's, crates.io's and npm's registries only. Safe to re-run: each step
# checks first and does nothing when the thing is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Tauri 2 on Linux (WebKitGTK 4.1) and the tools the build uses
  libwebkit2gtk-4.1-dev build-essential curl file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  # Headless display, WebDriver for the end-to-end tests, screenshots
  xvfb xauth webkit2gtk-driver imagemagick x11-apps x11-utils
  # The OS keychain (Secret Service) and its command-line client, a D-Bus session
  gnome-keyring libsecret-tools dbus dbus-x11
  # Packaging checks
  rpm
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is required: install it with rustup (https://rustup.rs), then re-run." >&2
  exit 1
fi
# Vite 8 needs Node.js 20.19 or newer; Debian 12's own nodejs is 18.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none)), then re-run." >&2
  exit 1
fi

# UI dependencies, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "== npm: installing UI dependencies"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

# WebDriver bridge for the end-to-end tests (a crates.io package, built here).
if ! command -v tauri-driver >/dev/null; then
  echo "== cargo: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --quiet
fi

if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  echo "== npm: installing end-to-end test dependencies"
  npm --prefix e2e ci --no-audit --no-fund --loglevel=error
fi
