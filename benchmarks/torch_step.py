#!/usr/bin/env python3
"""One training step of the leaky RNN of docs/method.md §1.1 in PyTorch, for benchmarks/engine-step.sh.

A re-implementation (not the authors' code) of the paper's model and training step:

    τ̃   = max(τ, 1)                 (clamp in the forward pass only; zero gradient below 1)
    h_t = LeakyReLU_0.01((1 − 1/τ̃)⊙h_{t−1} + (W^R h_{t−1} + b^R + W^I s_t + b^I)/τ̃)   ("default" form)
    y_k = W^O_k h_T + b^O_k,   loss = Σ_k mean-over-batch CE(y_k, label_k)

and one step = zero_grad, forward, loss, backward, clip_grad_norm_(max_norm=2.0),
SGD(lr=0.05, momentum=0.1, nesterov=True).step(). diag(W^R) is set to 0 before every forward pass,
as the authors do. h_0 = 0.1·U(0,1) and the data are drawn once, outside the timed region (the
engine's benchmark does the same). Timing: one or two warm-up steps, then the median wall time.

Two variants with the same maths:
- reference: the authors' loop (an nn.Linear per tensor, one per head; the input projection computed
  for all steps and indexed `x[t]` inside the loop; clamp and division written out per step).
  Autograd's backward of each `x[t]` materialises a zero T×B×H tensor, so its cost grows with T².
- idiomatic: the projection, scaled by 1/τ̃, computed for all steps by one addmm and `unbind`-ed; 1/τ̃
  and the leak folded into one H×H matrix M = W^Rᵀ·diag(1/τ̃) + diag(1 − 1/τ̃) per training step
  (so each time step is one addmm and one leaky_relu); the heads stacked into one linear layer and
  one cross_entropy.

Usage: torch_step.py --hidden H --batch B --time T --heads K --variant reference|idiomatic
       [--steps S] [--json];  torch_step.py --check  (the two variants' gradients agree)
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass


class ReferenceStyle(nn.Module):
    """The authors' module layout and loop (state_dict keys as theirs: parameterlist.0, modulelist.*)."""

    def __init__(self, hidden, heads):
        super().__init__()
        self.hidden, self.heads = hidden, heads
        self.taus = [nn.Parameter(1 + torch.rand(hidden))]
        input_layer = nn.Linear(1, hidden)          # W^I, b^I ~ U(−1, 1) (fan-in 1)
        self.w_hh = nn.Linear(hidden, hidden)       # W^R, b^R ~ U(−1/√H, 1/√H)
        self.fc = [nn.Linear(hidden, 2) for _ in range(heads)]
        self.input_layers = [input_layer]
        self.parameterlist = nn.ParameterList(self.taus)
        self.modulelist = nn.ModuleList(self.input_layers + [self.w_hh] + self.fc)
        self.afunc = nn.LeakyReLU()

    def forward(self, data, h):
        """data: T×B×1, h: B×H → list of K logits B×2."""
        x = torch.stack([layer(data) for layer in self.input_layers]).mean(dim=0)  # T×B×H
        self.w_hh.weight.data.fill_diagonal_(0.)
        tau = self.taus[0]
        for t in range(data.size(0)):
            inp = x[t, ...]
            h = (1 - 1 / torch.clamp(tau, min=1.)) * h + (self.w_hh(h) + inp) / torch.clamp(tau, min=1.)
            h = self.afunc(h)
        return [fc(h) for fc in self.fc]

    def loss(self, data, h, labels):
        out = self.forward(data, h)
        loss = 0.
        for k in range(self.heads):
            loss += F.cross_entropy(out[k], labels[k])
        return loss


class Idiomatic(nn.Module):
    """The same maths with fused per-step work: one addmm + one leaky_relu per time step."""

    def __init__(self, hidden, heads):
        super().__init__()
        self.hidden, self.heads = hidden, heads
        bound = 1 / hidden ** 0.5
        self.tau = nn.Parameter(1 + torch.rand(hidden))
        self.w_in = nn.Parameter(torch.empty(hidden).uniform_(-1, 1))
        self.b_in = nn.Parameter(torch.empty(hidden).uniform_(-1, 1))
        self.w_rec = nn.Parameter(torch.empty(hidden, hidden).uniform_(-bound, bound))
        self.b_rec = nn.Parameter(torch.empty(hidden).uniform_(-bound, bound))
        self.w_out = nn.Parameter(torch.empty(2 * heads, hidden).uniform_(-bound, bound))  # head k: rows 2k, 2k+1
        self.b_out = nn.Parameter(torch.empty(2 * heads).uniform_(-bound, bound))

    def copy_from(self, ref):
        with torch.no_grad():
            m = ref.modulelist
            self.tau.copy_(ref.taus[0]); self.w_in.copy_(m[0].weight[:, 0]); self.b_in.copy_(m[0].bias)
            self.w_rec.copy_(m[1].weight); self.b_rec.copy_(m[1].bias)
            self.w_out.copy_(torch.cat([fc.weight for fc in ref.fc])); self.b_out.copy_(torch.cat([fc.bias for fc in ref.fc]))

    def forward(self, data, h):
        """data: T×B (digits), h: B×H → logits B×K×2."""
        with torch.no_grad():
            self.w_rec.fill_diagonal_(0.)
        T, B = data.shape
        a = 1 / torch.clamp(self.tau, min=1.)
        # (W^I s_t + b^I + b^R)/τ̃ for all t at once, as one addmm: (T·B×1)·(1×H) + (H) → T×B×H
        drive = torch.addmm((self.b_in + self.b_rec) * a, data.reshape(T * B, 1), (self.w_in * a).unsqueeze(0)).view(T, B, -1)
        # h_{t−1}·M = ((W^R h_{t−1})/τ̃ + (1 − 1/τ̃)⊙h_{t−1})ᵀ
        M = torch.addcmul(torch.diag(1 - a), self.w_rec.t(), a)
        for x_t in drive.unbind(0):
            h = F.leaky_relu(torch.addmm(x_t, h, M), 0.01)
        return F.linear(h, self.w_out, self.b_out).view(-1, self.heads, 2)

    def loss(self, data, h, labels):
        """labels: K×B; Σ_k mean_b CE = (Σ over all B·K terms)/B."""
        logits = self.forward(data, h)
        return F.cross_entropy(logits.permute(0, 2, 1), labels.t(), reduction="sum") / data.size(1)


def make(variant, hidden, heads):
    return ReferenceStyle(hidden, heads) if variant == "reference" else Idiomatic(hidden, heads)


def step_fn(model, variant, data, h0, labels):
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.1, nesterov=True)
    if variant == "reference":
        data = data.unsqueeze(-1)          # T×B×1
        labels = list(labels.unbind(0))    # K tensors of B

    def step():
        opt.zero_grad()
        loss = model.loss(data, h0, labels)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=2.0, norm_type=2)
        opt.step()
        return loss
    return step


def inputs(hidden, batch, T, heads, seed=1):
    g = torch.Generator().manual_seed(seed)
    data = torch.bernoulli(torch.full((T, batch), 0.5), generator=g)
    h0 = 0.1 * torch.rand(batch, hidden, generator=g)
    labels = torch.randint(0, 2, (heads, batch), generator=g)
    return data, h0, labels


def time_step(step, steps=None, budget=3.0):
    """Times `step()`: one or two warm-up calls, then `steps` calls (None: about `budget` seconds, 5 to 100;
    3 when a call takes over 1 s). Returns steps, msPerStep (median wall), msMin and msCPU (median thread CPU)."""
    t0 = time.perf_counter(); step(); warm = time.perf_counter() - t0
    if warm < 1:  # a second warm-up step unless steps are slow (reference-style at T = 77: seconds)
        t0 = time.perf_counter(); step(); warm = min(warm, time.perf_counter() - t0)
    n = steps or min(100, max(3 if warm > 1 else 5, int(budget / max(warm, 1e-6))))
    times, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.thread_time()
        step()
        times.append(time.perf_counter() - t0); cpu.append(time.thread_time() - c0)
    return {"steps": n, "msPerStep": statistics.median(times) * 1e3, "msMin": min(times) * 1e3,
            "msCPU": statistics.median(cpu) * 1e3}


def bench(args):
    torch.manual_seed(1)
    model = make(args.variant, args.hidden, args.heads)
    step = step_fn(model, args.variant, *inputs(args.hidden, args.batch, args.time, args.heads))
    t = time_step(step, args.steps, args.budget)
    r = {"engine": "torch", "variant": args.variant, "hidden": args.hidden, "batch": args.batch, "time": args.time,
         "heads": args.heads, **t, "torch": torch.__version__, "threads": torch.get_num_threads()}
    if args.json:
        print(json.dumps(r))
    else:
        print(f"torch {args.variant} H={args.hidden} B={args.batch} T={args.time} K={args.heads}: "
              f"{t['msPerStep']:.3f} ms/step (median of {t['steps']}, min {t['msMin']:.3f}), torch {torch.__version__}, "
              f"{torch.get_num_threads()} thread")


def check():
    """Both variants give the same loss and gradients on the same weights (float64, small shape)."""
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(3)
    H, B, T, K = 12, 5, 9, 3
    ref = ReferenceStyle(H, K)
    with torch.no_grad():
        ref.taus[0][0] = 0.7                 # below the clamp: zero gradient
    idi = Idiomatic(H, K)
    idi.copy_from(ref)
    data, h0, labels = inputs(H, B, T, K, seed=4)
    data, h0 = data.double(), h0.double()
    l1 = ref.loss(data.unsqueeze(-1), h0, list(labels.unbind(0))); l1.backward()
    l2 = idi.loss(data, h0, labels); l2.backward()
    m = ref.modulelist
    pairs = {"tau": (ref.taus[0].grad, idi.tau.grad), "w_in": (m[0].weight.grad[:, 0], idi.w_in.grad),
             "b_in": (m[0].bias.grad, idi.b_in.grad), "w_rec": (m[1].weight.grad, idi.w_rec.grad),
             "b_rec": (m[1].bias.grad, idi.b_rec.grad),
             "w_out": (torch.cat([fc.weight.grad for fc in ref.fc]), idi.w_out.grad),
             "b_out": (torch.cat([fc.bias.grad for fc in ref.fc]), idi.b_out.grad)}
    worst = abs(l1.item() - l2.item()) / abs(l1.item())
    for name, (a, b) in pairs.items():
        err = ((a - b).abs().max() / a.abs().max().clamp(min=1e-30)).item()
        worst = max(worst, err)
        if err > 1e-10:
            print(f"check failed: {name} differs by {err:.2e} (relative to its largest entry)", file=sys.stderr)
            sys.exit(1)
    assert idi.tau.grad[0] == 0 and ref.taus[0].grad[0] == 0
    print(f"torch check: reference-style and idiomatic agree (loss and every gradient, max relative difference {worst:.1e})")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--hidden", type=int); p.add_argument("--batch", type=int)
    p.add_argument("--time", type=int); p.add_argument("--heads", type=int)
    p.add_argument("--variant", choices=["reference", "idiomatic"], default="idiomatic")
    p.add_argument("--steps", type=int, help="timed steps after the warm-up (default: about --budget seconds, 5 to 100; 3 when a step takes over 1 s)")
    p.add_argument("--budget", type=float, default=3.0)
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true", help="check that the two variants compute the same gradients")
    args = p.parse_args()
    if args.check:
        return check()
    if None in (args.hidden, args.batch, args.time, args.heads):
        p.error("--hidden, --batch, --time and --heads are required")
    bench(args)


if __name__ == "__main__":
    main()
