#!/usr/bin/env bash
# One training step (forward + BPTT + gradient-norm clip at 2 + Adam, lr 1e-3) of this engine's GRU and
# LSTM and of torch.nn.GRU / torch.nn.LSTM + linear head + cross-entropy, side by side, one thread each,
# on three shapes (H, B, T) (see docs/benchmarks.md); prints one markdown table. Usage: `make benchmark-gated` (or this
# script directly). Set-up (PyTorch venv, release build, threads, OPENBLAS_CORETYPE): bench-env.sh.
# - SCRATCH=.build-x builds into another folder (default .build).
# - SHAPES="H,B,T ..." overrides the shapes, CELLS="gru lstm" the cells; REPEAT=n runs the whole table
#   n times (medians); RAW=file keeps the JSON lines of every run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
source benchmarks/bench-env.sh

shapes=${SHAPES:-"500,64,27 500,256,77 128,64,27"}
if [ -n "${RAW:-}" ]; then out=$RAW; : > "$out"
else out=$(mktemp /tmp/timescales-gated-step-XXXX.jsonl); trap 'rm -f "$out"' EXIT; fi
load_before=$(cut -d' ' -f1 /proc/loadavg)
for rep in $(seq 1 "${REPEAT:-1}"); do
  for cell in ${CELLS:-gru lstm}; do
    for s in $shapes; do
      IFS=, read -r H B T <<< "$s"
      echo "run $rep, $cell H=$H B=$B T=$T: this engine …" >&2
      "$bin" engine-step --architecture "$cell" --hidden "$H" --batch "$B" --time "$T" --heads 1 --json >> "$out"
      echo "run $rep, $cell H=$H B=$B T=$T: PyTorch …" >&2
      "$py" benchmarks/torch_gated_step.py --cell "$cell" --hidden "$H" --batch "$B" --time "$T" --heads 1 --json >> "$out"
    done
  done
done
"$py" benchmarks/gated_step_table.py "$out" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)"
