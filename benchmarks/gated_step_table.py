#!/usr/bin/env python3
"""Prints the table of benchmarks/gated-step.sh from its JSON lines (one per engine, cell and shape).

Ratios are PyTorch ms/step ÷ this engine's ms/step (> 1: this engine is faster). "ours GFLOP/s" counts the
step's GEMM FLOPs (3·2·T·B·H·G·H + 3·2·B·H·2K, G = 3 GRU, 4 LSTM); "sgemm GFLOP/s" is the same-run rate of
the step's GEMM calls alone (same shapes and order, timed between the steps). With several runs (REPEAT=n),
the PyTorch column is a median over the runs and this engine's columns come from its median run. "CPU"
columns use each side's median thread CPU time per step instead of wall time: on a machine shared with other
jobs the wall time includes waiting for a core, the CPU time does not. Targets: this engine
≥ 1.0× torch at every shape for both cells, the GRU ≥ 1.5× at H ≤ 128, both ≥ 75 % of the same-run sgemm rate at H ≥ 500.
"""
import json
import statistics
import sys

from engine_step_table import ms, ratio


def main(path, load_before=None, load_after=None):
    rows, meta = {}, {}
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line)
        key = (r["architecture"], r["hidden"], r["batch"], r["time"])
        rows.setdefault(key, {}).setdefault(r["engine"], []).append(r)
        meta["core" if r["engine"] == "timescales" else "torch"] = r.get("openblasCore", r.get("torch"))
    runs = max(len(v) for d in rows.values() for v in d.values())
    print(f"One training step (forward + BPTT + clip + Adam), K = 1 head, 1 thread; OpenBLAS {meta.get('core', '?')}, "
          f"torch {meta.get('torch', '?')}; median wall ms/step" + (f", median of {runs} runs" if runs > 1 else ""))
    waits = [x["msPerStep"] / x["msCPU"] for d in rows.values() for v in d.values() for x in v if x.get("msCPU")]
    if load_before is not None and waits:
        print(f"load average {load_before} before, {load_after} after (2 cores); wall/CPU time per step up to {max(waits):.2f}")
    print()
    print("| cell | H, B, T | this engine | torch | torch/ours | torch/ours CPU | ours GFLOP/s | sgemm GFLOP/s "
          "| % of sgemm | % of sgemm CPU | targets |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    missed, notes = 0, []
    for (cell, H, B, T), d in rows.items():
        ours, torch = d.get("timescales"), d.get("torch")
        mid = sorted(ours, key=lambda x: x["msPerStep"])[(len(ours) - 1) // 2] if ours else None
        o = mid["msPerStep"] if mid else None
        t = statistics.median(x["msPerStep"] for x in torch) if torch else None
        rt = t / o if o and t else None
        tc = statistics.median(x["msCPU"] for x in torch) if torch else None
        rc = tc / mid["msCPU"] if mid and tc else None
        fc = mid.get("sgemmFractionCPU") if mid else None
        frac = mid["sgemmFraction"] if mid else None
        checks = [("≥1.0× torch", rt is not None and rt >= 1.0)]
        if H >= 500:
            checks.append(("≥75% sgemm", frac is not None and frac >= 0.75))
        if H <= 128 and cell == "gru":
            checks.append(("≥1.5× torch", rt is not None and rt >= 1.5))
        missed += sum(1 for _, ok in checks if not ok)
        if mid and t and any(not ok for _, ok in checks):
            # The limit of this machine: the step's GEMM FLOPs at the same-run sgemm rate.
            floor = mid["flopsPerStep"] / (mid["sgemmGflops"] * 1e9) * 1e3
            notes.append(f"{cell} ({H}, {B}, {T}): at 100 % of the sgemm rate a step would take {ms(floor)} ms, "
                         f"so torch/ours ≤ {t / floor:.1f}× on this machine")
        verdict = ", ".join(f"{name} {'ok' if ok else 'MISSED'}" for name, ok in checks) or "—"
        gf, sg = (f"{mid['gflops']:.1f}", f"{mid['sgemmGflops']:.1f}") if mid else ("—", "—")
        pct = lambda f: "—" if f is None else f"{100 * f:.0f} %"
        print(f"| {cell} | {H}, {B}, {T} | {ms(o)} | {ms(t)} | {ratio(rt)} | {ratio(rc)} | {gf} | {sg} | "
              f"{pct(frac)} | {pct(fc)} | {verdict} |")
    print()
    print("targets: all met" if missed == 0 else f"targets: {missed} missed")
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main(*sys.argv[1:4])
