#!/usr/bin/env python3
"""Export a timescales checkpoint (leaky RNN, GRU or LSTM) as a PyTorch state_dict.

The checkpoint is the HDF5 artifact of a train or import stage (`timescales path STAGE` prints its file).
The state_dict has the names the PyTorch code expects:

  leaky RNN (the authors' module: parameterlist / modulelist)
    parameterlist.0                 τ, H values (one value for a network trained with a fixed τ)
    modulelist.0.weight / .bias     input layer, H×1 and H
    modulelist.1.weight / .bias     recurrent layer, H×H (row = target neuron, diagonal 0) and H
    modulelist.{2+k}.weight / .bias readout head k, 2×H and 2 (multi-head: head k answers N = k+2)

  GRU / LSTM (torch.nn.GRU / torch.nn.LSTM with input size 1, and one linear layer for all heads)
    rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0   PyTorch's own layout and gate order
    head.weight / head.bias         2K×H and 2K: head k is rows 2k and 2k+1

    class Gated(torch.nn.Module):
        def __init__(self, cell, hidden, heads):
            super().__init__()
            self.rnn = (torch.nn.GRU if cell == "gru" else torch.nn.LSTM)(1, hidden)
            self.head = torch.nn.Linear(hidden, 2 * heads)

Usage:
  python3 tools/export_state_dict.py CHECKPOINT.h5 model.pt    # torch.save(state_dict) (needs torch, h5py)
  python3 tools/export_state_dict.py CHECKPOINT.h5 model.h5    # one dataset per key (needs h5py only),
                                                               # what tools/convert_reference_checkpoint.py writes
Then, for a leaky RNN: model.load_state_dict(torch.load("model.pt")) on the authors' network class
(same hidden size and number of heads), or `timescales import-reference model.h5 …` to bring it back.
"""
import argparse
import os
import sys


def read_checkpoint(path):
    """The /network group of a checkpoint: (architecture, attributes, {name: numpy array})."""
    import h5py

    with h5py.File(path, "r") as f:
        if "network" not in f:
            raise SystemExit(f"error: {path}: no /network group; pass the artifact of a train or import stage "
                             "(`timescales path STAGE` prints it)")
        g = f["network"]
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in g.attrs.items()}
        arrays = {k: g[k][()] for k in g.keys()}
    return str(attrs.get("architecture", "leaky")), attrs, arrays


def leaky_state_dict(attrs, a):
    form, nonlinearity = attrs.get("form", "default"), attrs.get("nonlinearity", "leakyReLU")
    if form != "default" or nonlinearity != "leakyReLU":
        print(f"note: this network has form {form!r} and nonlinearity {nonlinearity!r}; the authors' module "
              "uses the default form with LeakyReLU, so run it with a matching forward pass", file=sys.stderr)
    tau = a["tau"]
    if attrs.get("tau_mode") == "fixed":
        tau = [float(attrs["fixed_tau"])]
    state = {
        "parameterlist.0": tau,
        "modulelist.0.weight": a["w_in"],
        "modulelist.0.bias": a["b_in"],
        "modulelist.1.weight": a["w_rec"],
        "modulelist.1.bias": a["b_rec"],
    }
    for k in range(a["heads_w"].shape[0]):
        state[f"modulelist.{2 + k}.weight"] = a["heads_w"][k]
        state[f"modulelist.{2 + k}.bias"] = a["heads_b"][k]
    return state


def gated_state_dict(a):
    heads, _, hidden = a["heads_w"].shape
    state = {f"rnn.{name}": a[name] for name in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]}
    state["head.weight"] = a["heads_w"].reshape(2 * heads, hidden)
    state["head.bias"] = a["heads_b"].reshape(2 * heads)
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkpoint", help="a checkpoint artifact (HDF5)")
    parser.add_argument("output", help="model.pt (torch.save) or model.h5 (one dataset per key)")
    args = parser.parse_args()
    try:
        import h5py
        import numpy as np
    except ImportError as e:
        raise SystemExit(f"error: {e.name} is not installed: pip install h5py numpy")
    architecture, attrs, arrays = read_checkpoint(args.checkpoint)
    if architecture == "leaky":
        state = leaky_state_dict(attrs, arrays)
    elif architecture in ("gru", "lstm"):
        state = gated_state_dict(arrays)
    else:
        raise SystemExit(f"error: {args.checkpoint}: unknown architecture {architecture!r} (expected leaky, gru or lstm)")
    state = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}

    tmp = args.output + ".tmp"
    if args.output.endswith(".pt"):
        try:
            import torch
        except ImportError:
            raise SystemExit("error: torch is not installed (pip install torch); or write model.h5, which needs h5py only")
        torch.save({k: torch.from_numpy(v) for k, v in state.items()}, tmp)
    else:
        with h5py.File(tmp, "w") as f:
            for k, v in state.items():
                f.create_dataset(k, data=v)
    os.replace(tmp, args.output)
    heads = arrays["heads_w"].shape[0]
    print(f"wrote {args.output}: {architecture}, {arrays['heads_w'].shape[2]} neurons, {heads} head(s), {len(state)} tensors")


if __name__ == "__main__":
    sys.exit(main())
