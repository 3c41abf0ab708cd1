#!/usr/bin/env bash
# One training step (forward + BPTT + gradient-norm clip + SGD-Nesterov update) of this engine and of
# the authors' model in PyTorch (reference-style and idiomatic), side by side, one thread each, on the
# benchmark shapes; prints one table. Usage: `make benchmark-engine` (or this script directly).
#
# - PyTorch goes into its own virtualenv, .venv-bench/ at the repository root (reused on later runs),
#   from the CPU-only wheel under /opt/wheels/ when the machine has one, else from PyPI's CPU index.
# - OPENBLAS_CORETYPE is set before our binary starts (scripts/openblas-coretype.sh), and every
#   library gets one thread (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS, torch.set_num_threads).
# - SCRATCH=.build-x builds into another folder (default .build).
# - SHAPES="H,B,T,K ..." overrides the shapes; REPEAT=n runs the whole table n times (medians);
#   RAW=file keeps the JSON lines of every run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
source benchmarks/bench-env.sh
# The two PyTorch variants compute the same loss and gradients (float64, a small shape).
"$py" benchmarks/torch_step.py --check >&2

shapes=${SHAPES:-"500,256,27,1 500,256,77,30 128,128,27,9 64,64,20,1"}
if [ -n "${RAW:-}" ]; then out=$RAW; : > "$out"   # RAW=file keeps the JSON lines of every run
else out=$(mktemp /tmp/timescales-engine-step-XXXX.jsonl); trap 'rm -f "$out"' EXIT; fi
load_before=$(cut -d' ' -f1 /proc/loadavg)
for rep in $(seq 1 "${REPEAT:-1}"); do
  for s in $shapes; do
    IFS=, read -r H B T K <<< "$s"
    echo "shape H=$H B=$B T=$T K=$K: this engine …" >&2
    "$bin" engine-step --hidden "$H" --batch "$B" --time "$T" --heads "$K" --json >> "$out"
    for v in reference idiomatic; do
      echo "shape H=$H B=$B T=$T K=$K: PyTorch $v …" >&2
      "$py" benchmarks/torch_step.py --hidden "$H" --batch "$B" --time "$T" --heads "$K" --variant "$v" --json >> "$out"
    done
  done
done
"$py" benchmarks/engine_step_table.py "$out" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)"
