#!/usr/bin/env bash
# Installs everything LetsCode needs on a fresh Debian/Ubuntu machine (idempotent; fast when all is present).
# Called by `make run` and `make test`; never install anything by hand.
set -euo pipefail

# Debian packages and the command that proves each is present.
declare -A wanted=(
  [bubblewrap]=/usr/bin/bwrap
  [libseccomp2]=/usr/lib/x86_64-linux-gnu/libseccomp.so.2
  [python3]=/usr/bin/python3
  [gcc]=/usr/bin/gcc
  [g++]=/usr/bin/g++
  [default-jdk-headless]=/usr/bin/javac
  [nodejs]=/usr/bin/node
  [rustc]=/usr/bin/rustc
  [redis-server]=/usr/bin/redis-server
  [postgresql]=/usr/lib/postgresql
  [unzip]=/usr/bin/unzip
  [fp-compiler]=/usr/bin/fpc
  [util-linux]=/usr/bin/setpriv
  [npm]=/usr/bin/npm
)

missing=()
for pkg in "${!wanted[@]}"; do
  [ -e "${wanted[$pkg]}" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); install it and run again" >&2
  exit 1
fi
