#!/usr/bin/env python3
"""What a calibration run of a profile shows, from its cache (docs/calibration.md's exploration tables).

    scripts/exploration-summary.py [--root DIR] [--profile P] [--levels 5,9,12,14,16]

Per training chain (train*/…/seedS): the highest level reached, the epochs each level took, and at the given
levels the cumulative epochs, the per-network std of τ over neurons and the mean τ of the slowest 4 % of neurons.
Then every ablation stage: mean accuracy with no neuron removed, one of the fastest removed, one of the slowest.
Needs h5py.
"""
import argparse, glob, json, os

import h5py
import numpy as np


def artifact(root, profile, stage):
    head = os.path.join(root, "data/heads", profile, stage + ".json")
    key = json.load(open(head))["key"]
    return os.path.join(root, "data/cache", key[:2], key + ".h5")


def text(value):
    return value.decode() if isinstance(value, bytes) else value


def chains(root, profile):
    found = {}
    for f in glob.glob(os.path.join(root, "data/heads", profile, "train*/**/N*.json"), recursive=True):
        stage = os.path.relpath(f, os.path.join(root, "data/heads", profile))[:-5]
        chain, n = stage.rsplit("/N", 1)
        found.setdefault(chain, []).append(int(n))
    return {c: sorted(ns) for c, ns in sorted(found.items())}


def summarise_chain(root, profile, chain, levels, show):
    reached, stats = None, {}
    for n in levels:
        with h5py.File(artifact(root, profile, f"{chain}/N{n}")) as h:
            status = text(h["training"].attrs["status"])
            if status != "reached":
                end = f"N{n} {status}" + (f" after {int(h['training'].attrs['total_epochs'])} epochs" if status == "not-reached" else "")
                break
            if "tau" not in h["network"]:  # gated networks have no τ
                return
            tau = h["network/tau"][:]
            slow = np.sort(tau)[-max(1, round(0.04 * len(tau))):]
            stats[n] = (int(h["training"].attrs["total_epochs"]), tau.std(), slow.mean())
            reached, end = n, None
            history = h["history/level"][:]
    per_level = " ".join(f"{l}:{int((history == l).sum())}" for l in sorted(set(history))) if reached else ""
    print(f"{chain}: top N {reached}" + (f" ({end})" if end else " (running or at the profile's ceiling)"))
    print(f"    epochs per level {per_level}")
    for n in sorted(set(show + ([reached] if reached else []))):
        if n in stats:
            e, s, m = stats[n]
            print(f"    N{n}: epoch {e}, std {s:.2f}, slowest 4 % {m:.2f}")


def summarise_ablations(root, profile):
    base = os.path.join(root, "data/heads", profile)
    for f in sorted(glob.glob(os.path.join(base, "ablation/**/*.json"), recursive=True)):
        stage = os.path.relpath(f, base)[:-5]
        with h5py.File(artifact(root, profile, stage)) as h:
            if "baseline" not in h:
                print(f"{stage}: the network did not reach this level")
                continue
            mean = lambda p: h[p][:].mean()
            print(f"{stage}: none removed {mean('baseline/accuracy'):.3f}, fast {mean('fast/accuracy'):.3f} "
                  f"(τ {mean('fast/tau'):.2f}), slow {mean('slow/accuracy'):.3f} (τ {mean('slow/tau'):.2f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--profile", default="default")
    parser.add_argument("--levels", default="5,9,12,14,16,18,20")
    args = parser.parse_args()
    show = [int(n) for n in args.levels.split(",")]
    for chain, levels in chains(args.root, args.profile).items():
        summarise_chain(args.root, args.profile, chain, levels, show)
    summarise_ablations(args.root, args.profile)


if __name__ == "__main__":
    main()
