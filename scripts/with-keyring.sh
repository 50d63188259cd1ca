#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# (the real Secret Service), with HOME and the XDG dirs in a throwaway temp dir, so
# tests store real secrets without touching the user's own keyring.
#
#   scripts/with-keyring.sh cargo test -p kaunter
#
# Sets KAUNTER_KEYRING_TESTS=1 (the keychain tests run only when it is set) and
# KAUNTER_KEYRING_PASSWORD (the throwaway keyring's password, so a test that locks
# the keyring can unlock it again). Exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing: apt-get install -y --no-install-recommends gnome-keyring libsecret-tools dbus-x11" >&2
    exit 1
  fi
done

root=$(mktemp -d -t kaunter-keyring.XXXXXX)
trap 'rm -rf "$root"' EXIT

# A new HOME would hide the Rust toolchain and the npm cache: pin them first.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"

export HOME="$root/home"
export XDG_DATA_HOME="$root/home/.local/share"
export XDG_CONFIG_HOME="$root/home/.config"
export XDG_CACHE_HOME="$root/home/.cache"
export XDG_RUNTIME_DIR="$root/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"

export KAUNTER_KEYRING_TESTS=1
export KAUNTER_KEYRING_PASSWORD="kaunter-throwaway-$$"

# Inside the session: unlock (which creates the `login` collection on first use),
# prove a secret round-trips through a separate client, then run the command.
# `gnome-keyring-daemon --unlock` exits 0 even when unlocking failed, hence the check.
# Not exec: the EXIT trap must still remove the temp HOME afterwards.
dbus-run-session -- bash -c '
  set -euo pipefail
  printf %s "$KAUNTER_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  printf ok | timeout 10 secret-tool store --label="with-keyring check" service kaunter-with-keyring username check
  if [ "$(timeout 10 secret-tool lookup service kaunter-with-keyring username check)" != ok ]; then
    echo "with-keyring: the Secret Service did not store a secret (is the keyring unlocked?)" >&2
    exit 1
  fi
  timeout 10 secret-tool clear service kaunter-with-keyring username check
  exec "$@"
' with-keyring "$@"
