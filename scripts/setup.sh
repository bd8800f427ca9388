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

# The .NET 10 SDK: the distribution's package where it has one (Ubuntu), else Microsoft's installer script into
# /usr/share/dotnet (Debian has no package). Either needs the network; without it, say what to do and stop.
if ! command -v dotnet >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "setup: installing the .NET 10 SDK"
  if apt-cache show dotnet-sdk-10.0 >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends dotnet-sdk-10.0
  else
    command -v curl >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends curl ca-certificates
    installer=$(mktemp)
    if curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$installer"; then
      $SUDO bash "$installer" --channel 10.0 --install-dir /usr/share/dotnet
      $SUDO ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
    fi
    rm -f "$installer"
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: could not install the .NET 10 SDK (no package and no network?); install it from https://dot.net and run again" >&2
    exit 1
  fi
fi
