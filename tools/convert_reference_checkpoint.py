#!/usr/bin/env python3
"""Convert one of the authors' PyTorch checkpoints (.pt) into the HDF5 layout timescales reads.

Writes one float32 dataset per key of the network's state_dict (layout: shared/reference/README.md):
  parameterlist.0 (τ), modulelist.0.weight/.bias (input), modulelist.1.weight/.bias (recurrent),
  modulelist.{2+k}.weight/.bias (readout head k).

Usage:
  python3 tools/convert_reference_checkpoint.py model.pt model.h5 [--key state_dict]

The .pt file may hold the state_dict itself, a whole nn.Module, or a dict with the state_dict under
--key (tried automatically: state_dict, model_state_dict, model). Needs torch and h5py
(pip install torch h5py). Then:
  timescales import-reference model.h5 --curriculum multi --level N
"""
import argparse
import sys


def find_state_dict(obj, key):
    if hasattr(obj, "state_dict") and callable(obj.state_dict):
        return obj.state_dict()
    if isinstance(obj, dict):
        if any(k.startswith("modulelist.") or k.startswith("parameterlist.") for k in obj):
            return obj
        for k in ([key] if key else []) + ["state_dict", "model_state_dict", "model"]:
            if k in obj:
                return find_state_dict(obj[k], None)
    raise SystemExit("error: no state_dict with modulelist.*/parameterlist.* keys found; pass --key NAME")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkpoint", help="the authors' .pt file")
    parser.add_argument("output", help="the HDF5 file to write")
    parser.add_argument("--key", help="where the state_dict sits inside the checkpoint dict")
    args = parser.parse_args()
    try:
        import h5py
        import torch
    except ImportError as e:
        raise SystemExit(f"error: {e.name} is not installed: pip install torch h5py")
    obj = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    state = find_state_dict(obj, args.key)
    required = ["parameterlist.0", "modulelist.0.weight", "modulelist.0.bias", "modulelist.1.weight", "modulelist.1.bias"]
    missing = [k for k in required if k not in state]
    if missing:
        raise SystemExit(f"error: {args.checkpoint}: state_dict lacks {', '.join(missing)}")
    with h5py.File(args.output + ".tmp", "w") as f:
        for name, tensor in state.items():
            f.create_dataset(name, data=tensor.detach().cpu().float().numpy())
    import os
    os.replace(args.output + ".tmp", args.output)
    heads = sum(1 for k in state if k.startswith("modulelist.") and k.endswith(".weight")) - 2
    print(f"wrote {args.output}: {len(state)} tensors, {state['modulelist.1.weight'].shape[0]} neurons, {heads} head(s)")


if __name__ == "__main__":
    sys.exit(main())
