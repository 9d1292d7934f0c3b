#!/usr/bin/env bash
# Which Debian version to install for a pin, decided from `apt-cache policy` text alone, so that the
# decision can be tested against recorded outputs. eng/bootstrap.sh sources it; run directly it is a
# small command line for tests:
#   apt-resolve.sh --resolve SPEC POLICY_FILE   the version to install, or one error line and exit 1
#   apt-resolve.sh --satisfies SPEC VERSION     exit 0 when VERSION meets SPEC
#   apt-resolve.sh --upstream VERSION           the upstream part of a Debian version
#
# SPEC is `name` (apt's candidate, for tools whose exact version does not matter) or
# `name=[epoch:]upstream` (any Debian revision of that upstream version; without an epoch, any epoch).
# Debian versions are `[epoch:]upstream[-revision]`: the epoch ends at the first colon, the revision
# starts at the last hyphen.

apt_version_epoch() {
  if [[ $1 == *:* ]]; then printf '%s\n' "${1%%:*}"; else printf '0\n'; fi
}

apt_version_upstream() {
  local version="$1"
  if [[ $version == *:* ]]; then version="${version#*:}"; fi
  if [[ $version == *-* ]]; then version="${version%-*}"; fi
  printf '%s\n' "$version"
}

apt_spec_name() { printf '%s\n' "${1%%=*}"; }

apt_spec_pin() {
  if [[ $1 == *=* ]]; then printf '%s\n' "${1#*=}"; fi
}

# How a spec reads in logs and in --versions.
apt_spec_describe() {
  local pin
  pin="$(apt_spec_pin "$1")"
  if [ -n "$pin" ]; then printf 'upstream %s\n' "$pin"; else printf 'any version\n'; fi
}

apt_satisfies() {
  local spec="$1" version="$2" pin
  pin="$(apt_spec_pin "$spec")"
  if [ -z "$pin" ]; then return 0; fi
  if [[ $pin == *:* ]]; then
    [ "$(apt_version_epoch "$version")" = "${pin%%:*}" ] || return 1
    pin="${pin#*:}"
  fi
  [ "$(apt_version_upstream "$version")" = "$pin" ]
}

# The fields of one package's block: `known`, `installed V`, `candidate V`, one `version V` per row of
# the version table. Block headers start in column 0; version rows are indented by five (` *** ` marks
# the installed one), their source rows by eight.
apt_policy_fields() {
  awk -v header="$1:" '
    /^[^ ]/ { inside = ($0 == header); if (inside) print "known"; next }
    !inside { next }
    /^  Installed: / { print "installed", $2; next }
    /^  Candidate: / { print "candidate", $2; next }
    /^ \*\*\* [^ ]+ -?[0-9]+$/ { print "version", $2; next }
    /^     [^ ]+ -?[0-9]+$/ { print "version", $1; next }
  '
}

apt_resolve_error() { printf 'bootstrap: %s\n' "$*" >&2; }

# Prints the version to install for SPEC given POLICY (the text of `apt-cache policy`): apt's
# candidate when it meets the spec, else the highest version in the table that does.
apt_resolve() {
  local spec="$1" policy="$2" name pin key value known=0 candidate="" offered=() matching=()
  name="$(apt_spec_name "$spec")"
  pin="$(apt_spec_pin "$spec")"
  while read -r key value; do
    case "$key" in
      known) known=1 ;;
      candidate) candidate="$value" ;;
      version) offered+=("$value") ;;
    esac
  done < <(printf '%s\n' "$policy" | apt_policy_fields "$name")

  local hint="run apt-get update, or check the apt sources"
  if [ "$known" -eq 0 ]; then
    apt_resolve_error "$name: unknown to apt ($hint)"
    return 1
  fi
  if [ "$candidate" = "(none)" ]; then candidate=""; fi

  local wanted="apt's candidate" listed="none"
  if [ -n "$pin" ]; then wanted="upstream $pin"; fi
  if [ "${#offered[@]}" -gt 0 ]; then listed="$(apt_join "${offered[@]}")"; fi
  if [ -z "$pin" ]; then
    if [ -n "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
    apt_resolve_error "$name: $wanted wanted, offered: $listed (Candidate: (none); $hint)"
    return 1
  fi
  if [ "${#offered[@]}" -eq 0 ]; then
    apt_resolve_error "$name: $wanted wanted, offered: none (Candidate: ${candidate:-(none)}; $hint)"
    return 1
  fi

  local version
  for version in "${offered[@]}"; do
    if apt_satisfies "$spec" "$version"; then matching+=("$version"); fi
  done
  if [ "${#matching[@]}" -eq 0 ]; then
    apt_resolve_error "$name: $wanted wanted, offered: $listed"
    return 1
  fi
  if [ -n "$candidate" ] && apt_satisfies "$spec" "$candidate"; then
    printf '%s\n' "$candidate"
    return 0
  fi
  local best="${matching[0]}"
  for version in "${matching[@]}"; do
    if dpkg --compare-versions "$version" gt "$best"; then best="$version"; fi
  done
  printf '%s\n' "$best"
}

apt_join() {
  local joined
  joined="$(printf '%s, ' "$@")"
  printf '%s\n' "${joined%, }"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    --resolve)
      [ "$#" -eq 3 ] || { echo "usage: $0 --resolve SPEC POLICY_FILE" >&2; exit 2; }
      apt_resolve "$2" "$(cat "$3")"
      ;;
    --satisfies)
      [ "$#" -eq 3 ] || { echo "usage: $0 --satisfies SPEC VERSION" >&2; exit 2; }
      apt_satisfies "$2" "$3"
      ;;
    --upstream)
      [ "$#" -eq 2 ] || { echo "usage: $0 --upstream VERSION" >&2; exit 2; }
      apt_version_upstream "$2"
      ;;
    *)
      echo "usage: $0 --resolve SPEC POLICY_FILE | --satisfies SPEC VERSION | --upstream VERSION" >&2
      exit 2
      ;;
  esac
fi
