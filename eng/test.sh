#!/usr/bin/env bash
# Runs the whole test suite on a fresh or prepared machine: sets up what the tests need
# (eng/bootstrap.sh --tests), prints the installed version of every package, builds the solution,
# runs every test project, prints the ONNX backend conformance summaries and one closing line with
# the totals.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

./eng/bootstrap.sh --tests
echo "Dependencies (eng/bootstrap.sh --versions):"
./eng/bootstrap.sh --versions
echo

results_dir="$repo_root/TestResults"
rm -rf "$results_dir"
mkdir -p "$results_dir"
log="$results_dir/dotnet-test.log"

status=0
dotnet test Vedliot.sln -nologo 2>&1 | tee "$log" || status=$?

echo
for summary in "$results_dir"/onnx-conformance-*.txt; do
  [ -f "$summary" ] && head -n 1 "$summary"
done

# One closing line for the whole run, summed over the test assemblies.
awk '
  /^(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
    gsub(",", ""); failed += $4; passed += $6; skipped += $8; assemblies++
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped; if (assemblies == 0) exit 1 }
' "$log" || status=1

exit "$status"
