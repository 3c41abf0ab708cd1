#!/usr/bin/env python3
"""One training step of a GRU or LSTM in PyTorch, for benchmarks/gated-step.sh (docs/method.md §1.2).

    out, _ = torch.nn.GRU / torch.nn.LSTM (input size 1, hidden H, one layer)(x)   (h_0 = c_0 = 0)
    logits = nn.Linear(H, 2K)(out[-1]) as K heads of 2 classes
    loss = Σ_k mean-over-batch CE(logits_k, label_k)

and one step = zero_grad, forward, loss, backward, clip_grad_norm_(max_norm=2.0), Adam(lr=1e-3).step() —
what `Trainer.step` does for this project's GatedRNN. Inputs ±1 with p = 0.5 and labels are drawn once,
outside the timed region (the engine's benchmark does the same); one thread (torch.set_num_threads(1)).
Timing as benchmarks/torch_step.py (`time_step`): warm-up, then the median wall time.

Usage: torch_gated_step.py --cell gru|lstm --hidden H --batch B --time T [--heads K] [--steps S] [--json]
"""
import argparse
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_step import time_step  # also sets one thread


class Gated(nn.Module):
    def __init__(self, cell, hidden, heads):
        super().__init__()
        self.heads = heads
        self.rnn = (nn.GRU if cell == "gru" else nn.LSTM)(1, hidden)  # PyTorch's default init U(−1/√H, 1/√H)
        self.head = nn.Linear(hidden, 2 * heads)                        # head k: rows 2k, 2k+1

    def loss(self, data, labels):
        """data: T×B×1, labels: K×B; Σ_k mean_b CE = (Σ over all B·K terms)/B."""
        out, _ = self.rnn(data)
        logits = self.head(out[-1]).view(-1, self.heads, 2)
        return F.cross_entropy(logits.permute(0, 2, 1), labels.t(), reduction="sum") / data.size(1)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cell", choices=["gru", "lstm"], required=True)
    p.add_argument("--hidden", type=int, required=True); p.add_argument("--batch", type=int, required=True)
    p.add_argument("--time", type=int, required=True); p.add_argument("--heads", type=int, default=1)
    p.add_argument("--steps", type=int, help="timed steps after the warm-up (default: about --budget seconds, 5 to 100)")
    p.add_argument("--budget", type=float, default=3.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.manual_seed(1)
    model = Gated(a.cell, a.hidden, a.heads)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(1)
    data = (2 * torch.bernoulli(torch.full((a.time, a.batch, 1), 0.5), generator=g) - 1)
    labels = torch.randint(0, 2, (a.heads, a.batch), generator=g)

    def step():
        opt.zero_grad()
        model.loss(data, labels).backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=2.0, norm_type=2)
        opt.step()

    t = time_step(step, a.steps, a.budget)
    r = {"engine": "torch", "architecture": a.cell, "hidden": a.hidden, "batch": a.batch, "time": a.time,
         "heads": a.heads, **t, "torch": torch.__version__, "threads": torch.get_num_threads()}
    if a.json:
        print(json.dumps(r))
    else:
        print(f"torch {a.cell} H={a.hidden} B={a.batch} T={a.time} K={a.heads}: {t['msPerStep']:.3f} ms/step "
              f"(median of {t['steps']}, min {t['msMin']:.3f}), torch {torch.__version__}, {torch.get_num_threads()} thread")


if __name__ == "__main__":
    main()
