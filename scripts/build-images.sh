#!/usr/bin/env bash
# Builds (and with --push, pushes) the images the Helm chart deploys: <registry>/api, <registry>/operator and
# <registry>/runner-<language> for every language of images/runner/toolchains.txt. See docs/images.md.
#
# Usage: scripts/build-images.sh [--registry R] [--tag T] [--push] [--dry-run] [--engine docker|podman|buildah]
#                                [--platform P] [IMAGE...]
#   IMAGE       api, operator, runner-<language> or runners (all runners); default: everything
#   --registry  default $REGISTRY, else the chart's image.registry (ghcr.io/letscode)
#   --tag       default $TAG, else the chart's appVersion (charts/letscode/Chart.yaml)
#   --engine    default $ENGINE, else the first of docker, podman, buildah that is installed
#   --platform  default $PLATFORM, else linux/amd64 (the runners' toolchain paths are amd64 paths)
#   --dry-run   print the commands instead of running them (needs no container engine)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() { echo "build-images: $*" >&2; exit 1; }

chart_value() { # the value of a top-level key of Chart.yaml, unquoted
  sed -n "s/^$1:[[:space:]]*//p" charts/letscode/Chart.yaml | tr -d "\"'" | head -n 1
}

registry="${REGISTRY:-}"
tag="${TAG:-}"
engine="${ENGINE:-}"
platform="${PLATFORM:-linux/amd64}"
push=false
dry_run=false
selected=()

while (($#)); do
  case "$1" in
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --registry=*) registry="${1#*=}"; shift ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --tag=*) tag="${1#*=}"; shift ;;
    --engine) engine="${2:?--engine needs a value}"; shift 2 ;;
    --engine=*) engine="${1#*=}"; shift ;;
    --platform) platform="${2:?--platform needs a value}"; shift 2 ;;
    --platform=*) platform="${1#*=}"; shift ;;
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) selected+=("$1"); shift ;;
  esac
done

# The chart's defaults: values.yaml image.registry, and an empty image.tag meaning the appVersion.
if [[ -z "$registry" ]]; then
  registry="$(sed -n '/^image:/,/^[^[:space:]]/s/^[[:space:]]*registry:[[:space:]]*//p' charts/letscode/values.yaml | head -n 1)"
fi
[[ -n "$tag" ]] || tag="$(chart_value appVersion)"
[[ -n "$registry" ]] || die "no registry: pass --registry or set REGISTRY"
[[ -n "$tag" ]] || die "no tag: pass --tag or set TAG (charts/letscode/Chart.yaml has no appVersion)"
registry="${registry%/}"

# docker needs a reachable daemon; podman and buildah run daemonless.
engine_works() {
  case "$1" in
    docker) command -v docker >/dev/null && docker info >/dev/null 2>&1 ;;
    podman|buildah) command -v "$1" >/dev/null ;;
    *) die "unsupported engine '$1' (docker, podman or buildah)" ;;
  esac
}

if [[ -z "$engine" ]]; then
  for candidate in docker podman buildah; do
    if engine_works "$candidate"; then engine="$candidate"; break; fi
  done
fi
if [[ -z "$engine" ]]; then
  if $dry_run; then
    engine=docker
    echo "# no container engine here; showing the docker commands" >&2
  else
    die "no container engine: install docker (with a running daemon), podman or buildah, or set ENGINE. \
Nothing was built. (--dry-run prints the commands without one.)"
  fi
elif ! $dry_run && ! engine_works "$engine"; then
  die "$engine is not usable here (not installed, or for docker: no daemon reachable)"
fi

# language -> Debian packages, from the table the runner Containerfile is documented against.
declare -A packages=()
languages=()
while read -r language rest; do
  [[ -z "$language" || "$language" == \#* ]] && continue
  [[ -n "$rest" ]] || die "images/runner/toolchains.txt: no packages for $language (write - for none)"
  packages["$language"]="$rest"
  languages+=("$language")
done < images/runner/toolchains.txt

# The chart names a pool (and its image) after the language with '+' spelt 'p' (templates/sandbox/warmpools.yaml).
runner_image() { echo "runner-${1//+/p}"; }

all_images=(api operator)
for language in "${languages[@]}"; do all_images+=("$(runner_image "$language")"); done

images=()
if ((${#selected[@]} == 0)); then
  images=("${all_images[@]}")
else
  for wanted in "${selected[@]}"; do
    if [[ "$wanted" == runners ]]; then
      for language in "${languages[@]}"; do images+=("$(runner_image "$language")"); done
    elif printf '%s\n' "${all_images[@]}" | grep -qx -- "$wanted"; then
      images+=("$wanted")
    else
      die "unknown image '$wanted' (known: ${all_images[*]} runners)"
    fi
  done
fi

revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"

run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  $dry_run || "$@"
}

# BuildKit is needed for the Containerfiles' cache mounts (docker's legacy builder lacks them).
[[ "$engine" == docker ]] && export DOCKER_BUILDKIT=1

built=()
for image in "${images[@]}"; do
  reference="$registry/$image:$tag"
  arguments=(build --platform "$platform" --build-arg "VERSION=$tag" --build-arg "REVISION=$revision")
  if [[ "$image" == runner-* ]]; then
    language=""
    for candidate in "${languages[@]}"; do
      [[ "$(runner_image "$candidate")" == "$image" ]] && language="$candidate"
    done
    arguments+=(-f images/runner/Containerfile --build-arg "LANGUAGE=$language" --build-arg "PACKAGES=${packages[$language]}")
  else
    arguments+=(-f "images/$image/Containerfile")
  fi
  run "$engine" "${arguments[@]}" -t "$reference" .
  $push && run "$engine" push "$reference"
  built+=("$reference")
done

if $dry_run; then
  echo "# dry run: nothing was built" >&2
else
  printf 'built%s:\n' "$($push && echo ' and pushed')"
  printf '  %s\n' "${built[@]}"
fi
