#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with afl-fuzz (AFL++ from Debian) and SharpFuzz.
#   eng/fuzz.sh TARGET [SECONDS]   fuzz TARGET for SECONDS (default 600); `eng/fuzz.sh list` lists the targets
# Publishes fuzz/Vedliot.Fuzz into .fuzz/bin, writes TARGET's seed corpus (built in code from valid
# encodings), instruments the Vedliot parser assemblies with the pinned sharpfuzz tool, and runs afl-fuzz.
# Findings stay in .fuzz/TARGET/findings (kept across runs, so a second run resumes the corpus); each crash
# is replayed at the end. CI runs the bounded fixed-seed campaign instead (tests/Vedliot.Fuzzing.Tests).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
target="${1:-}"
seconds="${2:-600}"
work="$repo_root/.fuzz"
bin="$work/bin"

if [ -z "$target" ]; then
  echo "usage: eng/fuzz.sh TARGET [SECONDS] | eng/fuzz.sh list" >&2
  exit 2
fi
case "$seconds" in '' | *[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac

./eng/bootstrap.sh --fuzz
dotnet tool restore >/dev/null
rm -rf "$bin"
dotnet publish fuzz/Vedliot.Fuzz -c Release -o "$bin" -nologo -v q >/dev/null
if [ "$target" = "list" ]; then dotnet "$bin/Vedliot.Fuzz.dll" list; exit 0; fi

# Seeds first: instrumented code writes to afl-fuzz's coverage map and crashes outside afl-fuzz.
seeds="$work/$target/seeds"
findings="$work/$target/findings"
rm -rf "$seeds"
dotnet "$bin/Vedliot.Fuzz.dll" seeds "$target" "$seeds"
for assembly in Vedliot.Messaging Vedliot.Attestation Vedliot.Runtime Vedliot.Pipelines; do
  dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null
done

input="$seeds"
if [ -d "$findings/default/queue" ]; then input="-"; fi # resume the corpus of an earlier run
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
echo "fuzz: afl-fuzz on $target for $seconds s (findings in ${findings#"$repo_root"/})"
afl-fuzz -V "$seconds" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Vedliot.Fuzz.dll" afl "$target" >"$work/$target/afl.log" 2>&1 \
  || { tail -n 30 "$work/$target/afl.log" >&2; echo "fuzz: afl-fuzz failed (log: .fuzz/$target/afl.log)" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
for field in execs_done execs_per_sec corpus_count edges_found saved_crashes saved_hangs; do
  printf 'fuzz: %-14s %s\n' "$field" "$(sed -n "s/^$field *: *//p" "$stats")"
done

crashes=("$findings"/default/crashes/id:*)
if [ -e "${crashes[0]}" ]; then
  # Replay on an uninstrumented build, which prints each finding's exception and stack.
  rm -rf "$bin"
  dotnet publish fuzz/Vedliot.Fuzz -c Release -o "$bin" -nologo -v q >/dev/null
  dotnet "$bin/Vedliot.Fuzz.dll" replay "$target" "${crashes[@]}" || true
  exit 1
fi
