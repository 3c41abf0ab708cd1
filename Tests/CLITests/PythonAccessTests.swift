import Foundation
import TestSupport
import Testing

/// Results read from Python without this tool: `timescales path`, the example of docs/python.md,
/// and networks exported as PyTorch state_dicts.
@Suite struct PythonAccessTests {
  /// Runs a Python program in the smoke run's folder with `timescales` on PATH (see `runPython`).
  static func python(_ script: String, _ args: [String] = [], python: String = "python3", needs modules: [String])
    throws -> (status: Int32, output: String)?
  {
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = (CLI.binary as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    return try runPython(script, args, needs: modules, python: python, environment: env, in: SmokeRun.result.dir)
  }

  /// A Python interpreter that can import torch: python3, or the benchmarks' .venv-bench.
  static var torchPython: String? {
    for py in ["python3", Fixtures.packageRoot.appendingPathComponent(".venv-bench/bin/python").path] {
      if let r = try? runProcess("/usr/bin/env", [py, "-c", "import torch, h5py"]), r.status == 0 { return py }
    }
    return nil
  }

  static func path(_ stage: String) throws -> String {
    let r = try CLI.run(["path", stage, "--profile", "smoke"], in: SmokeRun.result.dir)
    #expect(r.status == 0, "\(r.out)")
    return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func pathPrintsTheArtifactFileOrNamesTheClosestStage() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    let file = try Self.path("tau-net/parity/multi/seed1/N4")
    #expect(file.hasSuffix(".h5") && FileManager.default.fileExists(atPath: file), "\(file)")
    let typo = try CLI.run(["path", "tau-net/parity/multi/seed1/N44", "--profile", "smoke"], in: SmokeRun.result.dir)
    #expect(typo.status == 2 && typo.out.contains("did you mean \"tau-net/parity/multi/seed1/N4\""), "\(typo.out)")
  }

  @Test func theExampleOfDocsPythonRunsAsWritten() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    let doc = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/python.md"), encoding: .utf8)
    let start = try #require(doc.range(of: "```python\n"), "docs/python.md has a python block")
    let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
    guard let r = try Self.python(String(doc[start.upperBound..<end.lowerBound]), needs: ["h5py", "pandas"]) else {
      return
    }
    #expect(r.status == 0, "\(r.output)")
    #expect(
      r.output.contains("32 neurons, 3 heads") && r.output.contains("provenance: train/parity/multi/seed1/N4"),
      "\(r.output)")
    #expect(r.output.contains("mean_of_mean"), "\(r.output)")
  }

  /// Export → HDF5 state_dict → `timescales import-reference` gives back the same network (h5py only).
  @Test func anExportedLeakyNetworkImportsBackUnchanged() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    let dir = try Fixtures.temporaryDirectory("export")
    let checkpoint = try Self.path("train/parity/multi/seed1/N4")
    let exported = dir.appendingPathComponent("n4.h5").path, back = dir.appendingPathComponent("back.h5").path
    let tool = Fixtures.packageRoot.appendingPathComponent("tools/export_state_dict.py").path
    guard
      let r = try Self.python(
        try String(contentsOfFile: tool, encoding: .utf8), [checkpoint, exported], needs: ["h5py", "numpy"])
    else { return }
    #expect(r.status == 0 && r.output.contains("leaky, 32 neurons, 3 head(s)"), "\(r.output)")
    let imported = try runProcess(
      CLI.binary, ["import-reference", exported, "--curriculum", "multi", "--level", "4", "--output", back])
    #expect(imported.status == 0, "\(imported.output)")
    let compare = """
      import sys, h5py, numpy
      a, b = h5py.File(sys.argv[1], "r")["network"], h5py.File(sys.argv[2], "r")["network"]
      for k in ["tau", "w_in", "b_in", "w_rec", "b_rec", "heads_w", "heads_b"]:
          assert numpy.array_equal(a[k][()], b[k][()]), k
      print("same network")
      """
    let same = try #require(try Self.python(compare, [checkpoint, back], needs: ["h5py", "numpy"]))
    #expect(same.output.contains("same network"), "\(same.output)")
  }

  /// Export → .pt → the authors' converter, and strict `load_state_dict` into the PyTorch classes.
  @Test func exportedNetworksLoadInPyTorch() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    guard let py = Self.torchPython else {
      print(
        "skipped the PyTorch round trip: no python3 (or .venv-bench, see `make benchmark-engine`) that imports torch and h5py"
      )
      return
    }
    let dir = try Fixtures.temporaryDirectory("torch")
    let script = """
      import os, subprocess, sys
      import h5py, numpy, torch
      root, leaky, gru, lstm, out, reference = sys.argv[1:7]
      sys.path.insert(0, os.path.join(root, "benchmarks"))
      from torch_step import ReferenceStyle
      from torch_gated_step import Gated
      tools = os.path.join(root, "tools")
      def run(*args):
          subprocess.run([sys.executable, *args], check=True)
      # Leaky: .pt → the authors' converter → the same tensors as the HDF5 export; their class loads it.
      run(f"{tools}/export_state_dict.py", leaky, f"{out}/leaky.pt")
      run(f"{tools}/export_state_dict.py", leaky, f"{out}/leaky.h5")
      run(f"{tools}/convert_reference_checkpoint.py", f"{out}/leaky.pt", f"{out}/converted.h5")
      state = torch.load(f"{out}/leaky.pt")
      with h5py.File(f"{out}/converted.h5") as c, h5py.File(f"{out}/leaky.h5") as e:
          assert sorted(c.keys()) == sorted(e.keys()) == sorted(state.keys())
          for k in c.keys():
              assert numpy.array_equal(c[k][()], e[k][()]), k
      hidden, heads = state["modulelist.1.weight"].shape[0], len(state) // 2 - 2
      model = ReferenceStyle(hidden, heads)
      missing, unexpected = model.load_state_dict(state, strict=False)
      assert not unexpected and all(k.startswith("w_hh.") for k in missing), (missing, unexpected)  # w_hh is modulelist.1
      assert torch.equal(model.w_hh.weight, state["modulelist.1.weight"])
      if reference != "-":  # the authors' own network: the same names (it has 100 heads)
          with h5py.File(reference) as r:
              assert set(state) <= set(r.keys()), set(state) - set(r.keys())
      # GRU and LSTM: strict load into torch.nn.GRU/LSTM + one Linear; the weights are the checkpoint's.
      for cell, path in [("gru", gru), ("lstm", lstm)]:
          run(f"{tools}/export_state_dict.py", path, f"{out}/{cell}.pt")
          state = torch.load(f"{out}/{cell}.pt")
          hidden, heads = state["rnn.weight_hh_l0"].shape[1], state["head.bias"].shape[0] // 2
          model = Gated(cell, hidden, heads)
          model.load_state_dict(state, strict=True)
          with h5py.File(path) as f:
              assert numpy.array_equal(model.rnn.weight_hh_l0.detach().numpy(), f["network/weight_hh_l0"][()])
              assert numpy.array_equal(model.head.weight.detach().numpy()[2:4], f["network/heads_w"][1]), "head 1 = rows 2, 3"
      print("loaded in torch")
      """
    let r = try #require(
      try Self.python(
        script,
        [
          Fixtures.packageRoot.path, try Self.path("train/parity/multi/seed1/N4"),
          try Self.path("train-gated/gru/multi/seed1/N4"), try Self.path("train-gated/lstm/multi/seed1/N4"),
          dir.path, Fixtures.sharedReferenceNetwork ?? "-",
        ], python: py, needs: ["torch", "h5py"]))
    #expect(r.status == 0 && r.output.contains("loaded in torch"), "\(r.output)")
  }
}
