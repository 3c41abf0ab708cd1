#!/usr/bin/env python3
"""Prints the table of benchmarks/engine-step.sh from its JSON lines (one per engine, variant and shape).

Ratios are PyTorch ms/step ÷ this engine's ms/step (> 1: this engine is faster). "ours GFLOP/s" counts the
step's GEMM FLOPs (3·2·T·B·H² + 3·2·B·H·2K); "sgemm GFLOP/s" is the same-run rate of the step's GEMM calls
alone (same shapes and order, timed between the steps, so both see the same machine load). With several runs of
a shape (REPEAT=n), the PyTorch columns are medians over the runs and this engine's columns come from its
median run. The last column checks the targets:
H = 500: ≥ 75 % of the same-run sgemm rate; (500, 256, 77, 30) also ≥ 1.3× idiomatic and ≥ 10×
reference-style; H ≤ 128: ≥ 8× reference-style and ≥ 4× idiomatic.
"""
import json
import statistics
import sys


def ms(x):
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}" if x < 1000 else f"{x:.0f}")


def ratio(x):
    return "—" if x is None else f"{x:.1f}×"


def main(path, load_before=None, load_after=None):
    rows = {}
    meta = {}
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        shape = (r["hidden"], r["batch"], r["time"], r["heads"])
        key = "ours" if r["engine"] == "timescales" else r["variant"]
        rows.setdefault(shape, {}).setdefault(key, []).append(r)
        if r["engine"] == "timescales":
            meta["core"] = r["openblasCore"]
        else:
            meta["torch"] = r["torch"]

    def med(rs, field):
        return statistics.median(x[field] for x in rs)

    runs = max(len(v) for d in rows.values() for v in d.values())
    print(f"One training step (forward + BPTT + clip + SGD-Nesterov), 1 thread; OpenBLAS {meta.get('core', '?')}, "
          f"torch {meta.get('torch', '?')}; median wall ms/step" + (f", median of {runs} runs" if runs > 1 else ""))
    # Wall ≫ CPU time means the process waited for the CPU: another job was running.
    waits = [x["msPerStep"] / x["msCPU"] for d in rows.values() for v in d.values() for x in v if x.get("msCPU")]
    if load_before is not None:
        print(f"load average {load_before} before, {load_after} after (2 cores); "
              f"wall/CPU time per step up to {max(waits):.2f}" if waits else "")
    print()
    print("| H, B, T, K | this engine | torch reference-style | torch idiomatic | ref./ours | idiom./ours "
          "| ours GFLOP/s | sgemm GFLOP/s | % of sgemm | targets |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    missed = 0
    notes = []
    for (H, B, T, K), d in rows.items():
        ours, ref, idi = d.get("ours"), d.get("reference"), d.get("idiomatic")
        # This engine's columns all come from its median run (by ms/step), so they agree with each other.
        mid = sorted(ours, key=lambda x: x["msPerStep"])[(len(ours) - 1) // 2] if ours else None
        o = mid["msPerStep"] if ours else None
        r = med(ref, "msPerStep") if ref else None
        i = med(idi, "msPerStep") if idi else None
        rr = r / o if o and r else None
        ri = i / o if o and i else None
        gf = mid["gflops"] if ours else None
        sg = mid["sgemmGflops"] if ours else None
        frac = mid["sgemmFraction"] if ours else None
        checks = []
        if H >= 500 and frac is not None:
            checks.append(("≥75% sgemm", frac >= 0.75))
        if (H, B, T, K) == (500, 256, 77, 30):
            checks += [("≥1.3× idiom.", ri is not None and ri >= 1.3), ("≥10× ref.", rr is not None and rr >= 10)]
        if H <= 128:
            checks += [("≥8× ref.", rr is not None and rr >= 8), ("≥4× idiom.", ri is not None and ri >= 4)]
        missed += sum(1 for _, ok in checks if not ok)
        if ours and any(not ok for _, ok in checks):
            # The limit of this machine: the step's GEMM FLOPs at the same-run sgemm rate.
            floor = mid["flopsPerStep"] / (sg * 1e9) * 1e3
            bounds = ", ".join(f"{name} ≤ {x / floor:.1f}×" for name, x in (("ref./ours", r), ("idiom./ours", i)) if x)
            notes.append(f"({H}, {B}, {T}, {K}): at 100 % of the sgemm rate a step would take {ms(floor)} ms, "
                         f"so {bounds} on this machine")
        verdict = ", ".join(f"{name} {'ok' if ok else 'MISSED'}" for name, ok in checks) or "—"

        print(f"| {H}, {B}, {T}, {K} | {ms(o)} | {ms(r)} | {ms(i)} | {ratio(rr)} | {ratio(ri)} | "
              f"{'—' if gf is None else f'{gf:.1f}'} | {'—' if sg is None else f'{sg:.1f}'} | "
              f"{'—' if frac is None else f'{100 * frac:.0f} %'} | {verdict} |")
    print()
    print("targets: all met" if missed == 0 else f"targets: {missed} missed")
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main(*sys.argv[1:4])
