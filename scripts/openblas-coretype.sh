#!/usr/bin/env bash
# Prints the OpenBLAS kernel for this CPU (same rule as `timescales doctor`):
# AVX-512 F/BW/DQ/VL -> SkylakeX; AVX2 + FMA -> Haswell; otherwise nothing (OpenBLAS decides).
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has() { [[ " $flags " == *" $1 "* ]]; }
if has avx512f && has avx512bw && has avx512dq && has avx512vl; then echo SkylakeX
elif has avx2 && has fma; then echo Haswell
fi
