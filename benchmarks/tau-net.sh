#!/usr/bin/env bash
# τ_net + dimensionality of one random 500-neuron network at the paper's protocol (docs/method.md §6:
# 10 trials × (500 + 100,500) steps, lags 0…199, fits on lags 0…30, PCA per trial), this project
# (`timescales-bench tau-net`) beside the numpy/scipy reference as its authors run it
# (benchmarks/tau_net_reference.py), on the same network and the same per-trial input probabilities.
# Prints wall and process-CPU seconds per part and the speed-ups.
# Targets: ≥ 10× overall, fits and PCA ≥ 50× each, simulation ≤ 1.5× its GEMM time.
#
# Usage: make benchmark-tau-net   (or benchmarks/tau-net.sh after `swift build -c release --product timescales-bench`)
# Environment: HIDDEN (500), STEPS (100500), TRIALS (10), THREADS (1: threads of both sides),
#   AC_NEURONS (0 = all; n > 0 times the reference's per-neuron AC and fits on n neurons and scales
#   to all — its AC alone takes ~15 min at the paper's scale), PCA (cov: numpy.cov + eigh; svd: the
#   full SVD sklearn's PCA().fit_transform does in the authors' code), TIMESCALES_BIN, PYTHON (python3).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${TIMESCALES_BIN:-$here/.build/release/timescales-bench}"
python="${PYTHON:-python3}"
hidden="${HIDDEN:-500}" steps="${STEPS:-100500}" trials="${TRIALS:-10}" threads="${THREADS:-1}"
ac_neurons="${AC_NEURONS:-0}" pca="${PCA:-cov}"
[ -x "$bin" ] || { echo "build first: swift build -c release --product timescales-bench" >&2; exit 2; }
"$python" -c 'import numpy, scipy, h5py' 2>/dev/null || {
  echo "the reference needs numpy, scipy and h5py: $python -m pip install --user numpy scipy h5py" >&2; exit 2; }
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$("$here/scripts/openblas-coretype.sh")}"
dir=$(mktemp -d /tmp/timescales-taunet-XXXX)
trap 'rm -rf "$dir"' EXIT

echo "this project: timescales-bench tau-net --hidden $hidden --steps $steps --trials $trials --threads $threads" >&2
"$bin" tau-net --hidden "$hidden" --steps "$steps" --trials "$trials" --threads "$threads" \
  --write-network "$dir/network.h5" --json > "$dir/ours.json"
probabilities=$("$python" -c 'import json, sys; print(",".join(repr(p) for p in json.load(open(sys.argv[1]))["inputProbabilities"]))' "$dir/ours.json")
echo "reference: benchmarks/tau_net_reference.py (OPENBLAS_NUM_THREADS=$threads, AC_NEURONS=$ac_neurons, PCA=$pca)" >&2
OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" "$python" "$here/benchmarks/tau_net_reference.py" \
  --network "$dir/network.h5" --steps "$steps" --trials "$trials" --input-probabilities "$probabilities" \
  --ac-neurons "$ac_neurons" --pca "$pca" --json > "$dir/reference.json"

"$python" - "$dir/ours.json" "$dir/reference.json" <<'PY'
import json, sys
ours, ref = (json.load(open(p)) for p in sys.argv[1:3])
print(f"τ_net + dimensionality, H={ours['hidden']}, {ours['trials']} trials × ({ours['burnIn']} + {ours['steps']}) steps, "
      f"{ours['threads']} thread(s), OpenBLAS {ours['openblasCore']}; reference: numpy {ref['numpy']}, "
      f"FFT length {ref['fftLength']}, PCA by {'numpy.cov + eigh' if ref['pca'] == 'cov' else 'SVD (as sklearn)'}" + (f", AC and fits timed on {ref['acNeuronsTimed']} neurons and scaled"
                                           if ref['acNeuronsTimed'] < ref['hidden'] else ""))
print()
print("| part | this project (wall / CPU) | reference (wall / CPU) | speed-up (wall / CPU) | target |")
print("|---|---|---|---|---|")
targets = {"simulation": "≤ 1.5× its GEMMs", "autocorrelation": "—", "fits": "≥ 50×", "pca": "≥ 50×", "total": "≥ 10×"}
for part in ["simulation", "autocorrelation", "fits", "pca", "total"]:
    o = ours["totalSeconds"] if part == "total" else ours["seconds"][part]
    oc = ours["totalCPUSeconds"] if part == "total" else ours["cpuSeconds"][part]
    r, rc = ref["seconds"][part], ref["cpuSeconds"][part]
    print(f"| {part} | {o:.2f} s / {oc:.2f} s | {r:.2f} s / {rc:.2f} s | {r / o:.1f}× / {rc / oc:.1f}× | {targets[part]} |")
print()
print(f"simulation: {ours['cpuSeconds']['simulation']:.2f} s CPU = {ours['simulationOverGEMM']:.2f}× the {ours['simulationGEMMSeconds']:.2f} s "
      f"its GEMMs need at the same-run sgemm rate ({ours['sgemmGFLOPS']:.1f} GFLOP/s for {min(ours['trials'], 10)}×{ours['hidden']} · "
      f"{ours['hidden']}×{ours['hidden']}); {ours['simulationOverInsideGEMM']:.2f}× the wall time spent inside its own GEMM calls "
      f"({ours['simulationInsideGEMMSeconds']:.2f} s); peak memory {ours['peakResidentBytes'] / 2**30:.2f} GiB")
print(f"results: τ_net mean over neurons with τ_net > 1: {ours['tauNetMean']:.3f} ({ours['tauNetCount']} neurons) vs reference "
      f"{ref['tauNetMean']:.3f} ({ref['tauNetCount']}); population τ_net {ours['populationTauNet']:.3f} vs {ref['populationTauNet']:.3f}; "
      f"components for 90 %: {ours['components90']} vs {ref['components90']}")
PY
