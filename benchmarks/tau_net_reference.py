#!/usr/bin/env python3
"""The τ_net + dimensionality protocol of docs/method.md §6, re-implemented with numpy/scipy the way the
paper's authors run it, timed part by part: the reference side of `benchmarks/tau-net.sh`.

Written for this project from docs/method.md (no code copied). What it does, as the authors' analysis does:
- simulation: a plain time loop over the whole batch of trials (numpy instead of torch on CPU),
  keeping every state including h_0 (M + 1 states for M = burn-in + steps inputs), then dropping the
  first `burn_in` of them, so n = steps + 1 samples per trial;
- autocorrelation: per neuron, the complex FFT of the trials zero-padded to 2n (2 x 100,501 = 201,002
  at the paper's scale: 2 times a prime, numpy falls back to Bluestein), |F|^2, inverse FFT, divided
  by n - 1 - k, mean over trials, lags 0..L-1; the same for the summed population activity;
- fits: scipy.optimize.curve_fit (trust-region reflective with bounds, maxfev 2000) of the single and
  double exponential to AC/AC[0] on lags 0..30, AIC = 2k + n ln(RSS) as the authors write it
  (the n ln n offset does not change the choice), tau_net of the lower AIC;
- PCA: per trial the covariance of the time x neuron matrix (numpy.cov, float64) and its eigenvalues
  (numpy.linalg.eigh); components for > 90 % of the variance. `--pca svd` instead does what the
  authors' sklearn `PCA().fit_transform` does (full SVD of the centred float32 data, U included),
  written with numpy alone.

The network comes from an HDF5 file in this project's checkpoint layout (/network/tau, w_in, b_in,
w_rec, b_rec), written by `timescales-bench tau-net --write-network`.
"""
import argparse
import json
import sys
import time

import h5py
import numpy as np
from scipy.optimize import curve_fit


def load_network(path):
    with h5py.File(path, "r") as f:
        g = f["network"]
        net = {k: np.asarray(g[k], dtype=np.float32) for k in ("tau", "w_in", "b_in", "w_rec", "b_rec")}
    net["w_in"] = net["w_in"].reshape(-1)
    np.fill_diagonal(net["w_rec"], 0.0)
    return net


def simulate(net, total_steps, trials, rng, p=None):
    """States h_0 .. h_M of `trials` sequences (M = total_steps), shape (M + 1, trials, H), float32.
    Inputs ~ Bernoulli(p_r), p_r ~ U(0, 1) per trial unless `p` gives them."""
    H = net["tau"].shape[0]
    tau = np.maximum(net["tau"], 1.0)
    alpha = (1.0 / tau).astype(np.float32)
    decay = (1.0 - 1.0 / tau).astype(np.float32)
    w_rec_t = np.ascontiguousarray(net["w_rec"].T)
    bias = net["b_in"] + net["b_rec"]
    if p is None:
        p = rng.random(trials, dtype=np.float32)
    p = np.asarray(p, dtype=np.float32)
    inputs = (rng.random((total_steps, trials), dtype=np.float32) < p).astype(np.float32)
    h = (0.1 * rng.random((trials, H), dtype=np.float32)).astype(np.float32)
    states = np.empty((total_steps + 1, trials, H), dtype=np.float32)
    states[0] = h
    w_in = net["w_in"]
    for t in range(total_steps):
        pre = h @ w_rec_t
        pre += inputs[t][:, None] * w_in
        pre += bias
        x = decay * h + alpha * pre
        h = np.where(x > 0, x, 0.01 * x)
        states[t + 1] = h
    return states


def comp_ac_fft(data):
    """Mean over trials of the autocovariance of each row of `data` (trials x n), as the authors'
    comp_ac_fft: complex FFT of the mean-removed series padded to 2n, divided by n - 1 - k."""
    n = data.shape[1]
    xp = data - data.mean(1)[:, None]
    xp = np.concatenate((xp, np.zeros_like(xp)), axis=1)
    f = np.fft.fft(xp)
    p = np.absolute(f) ** 2
    pi = np.fft.ifft(p)
    ac_all = np.real(pi)[:, : n - 1] / np.arange(1, n)[::-1]
    return np.mean(ac_all, axis=0)


def single_exp(t, a, tau):
    return a * np.exp(-t / tau)


def double_exp(t, a, tau1, tau2, c):
    return a * c * np.exp(-t / tau1) + a * (1 - c) * np.exp(-t / tau2)


def model_comp(ac, fit_lags):
    x = np.arange(fit_lags, dtype=float)
    y = ac[:fit_lags] / ac[0]
    try:
        p1, _ = curve_fit(single_exp, x, y, maxfev=2000, bounds=((0, 0), (1.0, 100)))
        aic1 = 2 * 2 + fit_lags * np.log(((single_exp(x, *p1) - y) ** 2).sum())
    except Exception:
        aic1 = 1e5
    try:
        p2, _ = curve_fit(double_exp, x, y, maxfev=2000, bounds=((0, 0, 0, 0), (1.0, 100, 100, 1.0)))
        aic2 = 2 * 4 + fit_lags * np.log(((double_exp(x, *p2) - y) ** 2).sum())
    except Exception:
        aic2 = 1e5
    if aic1 < aic2:
        return 1, p1[1]
    if aic2 < aic1:
        return 2, max(p2[1], p2[2])
    return 0, np.nan


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--network", required=True, help="HDF5 file with /network/* (checkpoint layout)")
    ap.add_argument("--steps", type=int, default=100_500)
    ap.add_argument("--burn-in", type=int, default=500)
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--lags", type=int, default=200)
    ap.add_argument("--fit-lags", type=int, default=31)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ac-neurons", type=int, default=0,
                    help="time the per-neuron AC and fits on this many neurons and scale to all (0: all)")
    ap.add_argument("--input-probabilities", default="",
                    help="comma-separated p per trial (default: drawn ~ U(0,1)); the inputs themselves are drawn here")
    ap.add_argument("--pca", choices=["cov", "svd"], default="cov",
                    help="cov: numpy.cov + eigh (default); svd: the SVD with U that sklearn's PCA().fit_transform computes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    net = load_network(args.network)
    H = net["tau"].shape[0]
    rng = np.random.default_rng(args.seed)
    probabilities = [float(v) for v in args.input_probabilities.split(",")] if args.input_probabilities else None
    if probabilities is not None and len(probabilities) != args.trials:
        ap.error(f"--input-probabilities has {len(probabilities)} values for {args.trials} trials")
    seconds, cpu = {}, {}

    class part:
        """Wall and process CPU seconds of a block, scaled by `factor` (extrapolation to all neurons)."""
        def __init__(self, name, factor=1.0):
            self.name, self.factor = name, factor
        def __enter__(self):
            self.t0, self.c0 = time.perf_counter(), time.process_time()
        def __exit__(self, *exc):
            seconds[self.name] = (time.perf_counter() - self.t0) * self.factor
            cpu[self.name] = (time.process_time() - self.c0) * self.factor

    with part("simulation"):
        states = simulate(net, args.burn_in + args.steps, args.trials, rng, probabilities)
        data = states[args.burn_in:]  # time x trials x neurons, n = steps + 1

    neurons = H if args.ac_neurons <= 0 else min(args.ac_neurons, H)
    scale = (H + 1) / (neurons + 1)
    with part("autocorrelation", scale):
        ac_pop = comp_ac_fft(np.transpose(data.sum(axis=2)))[: args.lags]
        acs = np.zeros((neurons, args.lags))
        for j in range(neurons):
            acs[j] = comp_ac_fft(np.transpose(data[:, :, j]))[: args.lags]

    with part("fits", scale):
        fits = [model_comp(acs[j], args.fit_lags) for j in range(neurons)]
        pop_model, pop_tau = model_comp(ac_pop, args.fit_lags)

    with part("pca"):
        components = []
        for r in range(args.trials):
            x = data[:, r, :]
            if args.pca == "cov":
                ev = np.linalg.eigh(np.cov(x.T))[0][::-1]
            else:
                xc = x - x.mean(axis=0)
                u, sv, vt = np.linalg.svd(xc, full_matrices=False)
                u *= sv  # the transformed data fit_transform returns
                ev = sv ** 2 / (x.shape[0] - 1)
            ratio = ev / ev.sum()
            components.append(int(np.where(np.cumsum(ratio) > 0.9)[0][0]) + 1)
    seconds["total"] = sum(seconds.values())
    cpu["total"] = sum(cpu.values())

    tau_net = np.array([f[1] for f in fits], dtype=float)
    big = tau_net[tau_net > 1]
    report = {
        "hidden": H, "steps": args.steps, "burnIn": args.burn_in, "trials": args.trials,
        "samplesPerTrial": int(data.shape[0]), "fftLength": 2 * int(data.shape[0]),
        "acNeuronsTimed": neurons, "seconds": seconds, "cpuSeconds": cpu,
        "tauNetMean": float(big.mean()) if big.size else float("nan"), "tauNetCount": int(big.size),
        "populationTauNet": float(pop_tau), "components90": components,
        "numpy": np.__version__, "pca": args.pca,
    }
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print("  part                  wall        CPU")
        for k, v in seconds.items():
            print(f"  {k:16s} {v:9.2f} s {cpu[k]:9.2f} s")
        print(f"  tau_net mean {report['tauNetMean']:.3f} over {report['tauNetCount']} neurons; "
              f"population tau_net {pop_tau:.3f}; components 90%: {components}")


if __name__ == "__main__":
    sys.exit(main())
