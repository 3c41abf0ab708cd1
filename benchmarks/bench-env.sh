# Shared set-up of the PyTorch-vs-engine benchmarks (engine-step.sh, gated-step.sh), sourced with
# $here = the repository root as the working directory: PyTorch (CPU) in .venv-bench/ (the wheel under
# /opt/wheels/ when one matches the Python, else PyPI's CPU index), our release build (SCRATCH=.build-x
# for another build folder), one thread everywhere and OPENBLAS_CORETYPE set before our binary starts.
# Sets $py and $bin.
venv="$here/.venv-bench"
py="$venv/bin/python"

# 1. PyTorch in its own virtualenv (idempotent).
if ! "$py" -c "import torch" 2>/dev/null; then
  echo "setting up $venv (PyTorch, CPU only) …" >&2
  [ -x "$py" ] || python3 -m venv "$venv"
  "$py" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  shopt -s nullglob
  wheels=(/opt/wheels/torch-*+cpu-cp3*.whl /opt/wheels/torch-*.whl)
  shopt -u nullglob
  pyver=$("$py" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
  wheel=""
  for w in "${wheels[@]}"; do
    case "$w" in *"-$pyver-"*) wheel=$w; break ;; esac
  done
  if [ -n "$wheel" ]; then
    echo "installing $wheel" >&2
    "$py" -m pip install --quiet "$wheel"
  else
    echo "no matching wheel under /opt/wheels: installing torch from PyPI (CPU index)" >&2
    "$py" -m pip install --quiet torch --index-url https://download.pytorch.org/whl/cpu \
      || "$py" -m pip install --quiet torch
  fi
fi
# torch warns ("Failed to initialize NumPy") and some paths need it: install it when missing.
"$py" -c "import numpy" 2>/dev/null || "$py" -m pip install --quiet numpy

# 2. Our release build (SCRATCH=.build-x picks another build folder; default .build).
scratch=${SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product timescales-bench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/timescales-bench"

# 3. One thread everywhere; OpenBLAS's kernel chosen before the process starts.
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$(scripts/openblas-coretype.sh)}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

