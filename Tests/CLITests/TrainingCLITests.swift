import Artifacts
import Foundation
import TestSupport
import Testing

/// The `train` stage and the network commands, through the real binary.
@Suite(.serialized) struct TrainingCLITests {
  /// One level trained from scratch (`none-6` has a single level and no parent) that does not pass
  /// within its budget, so it always runs all `epochs` epochs. `architecture` "gru"/"lstm" adds that
  /// parameter (Adam, lr 0.001); "leaky" leaves it out.
  static func trainingProject(epochs: Int, architecture: String = "leaky") throws -> URL {
    let extra = architecture == "leaky" ? "" : ", \"architecture\": \"\(architecture)\", \"learningRate\": 0.001"
    return try project(
      """
      "t": { "kind": "train", "name": "t",
             "params": { "curriculum": "none-6", "n": 6, "seed": 3, "neurons": 24, "batch": 32,
                         "stepsPerEpoch": 12, "testBatches": 4, "epochBudget": \(epochs)\(extra) } }
      """)
  }

  static func contentHash(_ dir: URL, stage: String, profile: String = "default") throws -> String {
    let head = dir.appendingPathComponent("data/heads/\(profile)/\(stage).json")
    let record = try JSONSerialization.jsonObject(with: Data(contentsOf: head)) as! [String: Any]
    return record["contentHash"] as! String
  }

  @Test(arguments: ["leaky", "gru", "lstm"])
  func killedTrainingResumesToTheSameArtifactAndRunsAreDeterministic(architecture: String) throws {
    let epochs = 8
    let reference = try Self.trainingProject(epochs: epochs, architecture: architecture)
    #expect(try CLI.run(["make"], in: reference).status == 0)
    let uninterrupted = try Self.contentHash(reference, stage: "t")
    #expect(try CLI.run(["rerun", "t"], in: reference).status == 0)
    #expect(try Self.contentHash(reference, stage: "t") == uninterrupted, "two runs of one stage differ")

    let killed = try Self.trainingProject(epochs: epochs, architecture: architecture)
    let process = try CLI.start(["make", "--jobs", "1"], in: killed)
    let scratch = killed.appendingPathComponent("data/scratch")
    var resumeFile: String?
    for _ in 0..<6000 where resumeFile == nil {
      Thread.sleep(forTimeInterval: 0.005)
      let dirs = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
      resumeFile = dirs.map { scratch.appendingPathComponent("\($0)/state.h5").path }
        .first { FileManager.default.fileExists(atPath: $0) }
    }
    #expect(resumeFile != nil, "no scratch checkpoint appeared")
    // Kill `make` and its stage process (every process whose command line names this project).
    for pid in Processes.mentioning(killed.path) { kill(pid, SIGKILL) }
    process.waitUntilExit()
    Thread.sleep(forTimeInterval: 0.2)
    let r = try CLI.run(["make"], in: killed)
    #expect(r.status == 0, "\(r.out)")
    let log = try String(contentsOf: killed.appendingPathComponent("data/logs/default/t.log"), encoding: .utf8)
    #expect(log.contains("resuming level 6 after epoch"), "the second make did not resume: \(log)")
    #expect(try Self.contentHash(killed, stage: "t") == uninterrupted)
  }

  @Test func aLevelNeedsItsParentAndAnUnreachedParentIsCarriedOver() throws {
    let missing = try project(
      """
      "t": { "kind": "train", "name": "t", "params": { "curriculum": "single", "n": 3, "neurons": 8 } }
      """)
    let r = try CLI.run(["make"], in: missing)
    #expect(r.status == 1)
    #expect(
      try String(contentsOf: missing.appendingPathComponent("data/logs/default/t.log"), encoding: .utf8)
        .contains("needs the checkpoint of the previous level as input \"parent\""))

    let chain = try project(
      """
      "t": { "kind": "train", "name": "t/N{n}", "matrix": { "n": { "from": 2, "to": 3 } },
             "params": { "curriculum": "single", "neurons": 8, "batch": 8, "stepsPerEpoch": 2, "testBatches": 1, "epochBudget": 1 },
             "needs": [ { "stage": "t/N{n-1}", "as": "parent", "optional": true } ] }
      """)
    #expect(try CLI.run(["make"], in: chain).status == 0)
    let head =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: chain.appendingPathComponent("data/heads/default/t/N3.json"))) as! [String: Any]
    let a = try ArtifactReader.read(
      chain.appendingPathComponent("data/cache").appendingPathComponent(String((head["key"] as! String).prefix(2)))
        .appendingPathComponent("\(head["key"] as! String).h5").path)
    #expect(a.attribute("status", at: "/training")?.stringValue == "parent-not-reached")
    #expect(a.attribute("level_reached", at: "/training")?.intValue == 0)
    #expect(a.attribute("level", at: "/training")?.intValue == 3)
  }

  @Test func badTrainParametersAreNamedAtPlanTime() throws {
    let dir = try project(
      """
      "t": { "kind": "train", "name": "t", "params": { "task": "parityy", "curriculum": "single", "n": 1 } }
      """)
    let r = try CLI.run(["make"], in: dir)
    #expect(r.status == 2)
    #expect(r.out.contains("params.task") && r.out.contains("parityy"), "\(r.out)")
    #expect(r.out.contains("params.n"), "\(r.out)")
  }

  /// Absurd sizes are range errors at plan time (exit 2, one line each), not failed allocations or
  /// overflows inside a stage.
  @Test func absurdNumbersAreRangeErrorsAtPlanTime() throws {
    let dir = try project(
      """
      "t": { "kind": "train", "name": "t",
             "params": { "curriculum": "single", "n": 2, "neurons": 1e12, "batch": 1e9, "momentum": 1 } },
      "u": { "kind": "tau-net", "name": "u", "params": { "steps": 1e12, "trials": 2.5 } }
      """)
    let r = try CLI.run(["status"], in: dir)
    #expect(r.status == 2, "\(r.out)")
    for m in [
      "stages.t.params.neurons: must be an integer between 1 and 65536 (got 1000000000000)",
      "stages.t.params.batch: must be an integer between 1 and 65536 (got 1000000000)",
      "stages.t.params.momentum: must be a number between 0 and 0.999 (got 1)",
      "stages.u.params.steps: must be an integer between 2 and 10000000 (got 1000000000000)",
      "stages.u.params.trials: must be an integer between 1 and 10000 (got 2.5)",
    ] {
      #expect(r.out.contains(m), "expected \(m) in \(r.out)")
    }
    try? FileManager.default.removeItem(at: dir)
  }

  /// Continuous time: k ≤ 0, an empty k set and the default form are plan errors naming the parameter.
  @Test func badContinuousTimeParametersAreNamedAtPlanTime() throws {
    let cases: [(String, [String])] = [
      (
        "\"form\": \"mod\", \"stepsPerDigit\": [7, 0]",
        ["params.stepsPerDigit", "must be an integer between 1 and 1000 (got 0)"]
      ),
      ("\"form\": \"mod\", \"stepsPerDigit\": []", ["params.stepsPerDigit", "at least one k"]),
      ("\"stepsPerDigit\": [7, 8]", ["params.form", "\"mod\" form"]),
    ]
    for (params, messages) in cases {
      let dir = try project(
        """
        "t": { "kind": "train", "name": "t", "params": { "curriculum": "single", "n": 2, \(params) } }
        """)
      let r = try CLI.run(["make"], in: dir)
      #expect(r.status == 2, "\(params): \(r.out)")
      for m in messages { #expect(r.out.contains(m), "\(params): expected \(m) in \(r.out)") }
    }
    let test = try project(
      """
      "t": { "kind": "continuous-time-test", "name": "t", "params": { "stepsPerDigit": [-1] } }
      """)
    let r = try CLI.run(["make"], in: test)
    #expect(r.status == 2 && r.out.contains("params.stepsPerDigit") && r.out.contains("(got -1)"), "\(r.out)")
  }

  @Test func aMisspeltArchitectureIsNamedAtPlanTime() throws {
    let dir = try project(
      """
      "t": { "kind": "train", "name": "t", "params": { "curriculum": "single", "n": 2, "architecture": "lstn" } }
      """)
    let r = try CLI.run(["make"], in: dir)
    #expect(r.status == 2)
    #expect(r.out.contains("params.architecture") && r.out.contains("\"lstn\""), "\(r.out)")
    let gated = try project(
      """
      "t": { "kind": "train", "name": "t", "params": { "curriculum": "single", "n": 2, "architecture": "gru", "fixedTau": 2 } }
      """)
    let g = try CLI.run(["make"], in: gated)
    #expect(g.status == 2 && g.out.contains("params.fixedTau") && g.out.contains("leaky RNN only"), "\(g.out)")
  }

  @Test func evaluateRejectsBadInputWithOneLineAndExitTwo() throws {
    let dir = try Fixtures.temporaryDirectory("evaluate")
    let junk = dir.appendingPathComponent("junk.h5")
    try "not hdf5".write(to: junk, atomically: true, encoding: .utf8)
    let plain = try Fixtures.temporaryDirectory("evaluate-plain")
    var empty = Artifact()
    empty["/x"] = NDArray([1.0])
    try ArtifactWriter.write(empty, to: plain.appendingPathComponent("plain.h5").path)
    let cases: [([String], String)] = [
      (["evaluate", dir.appendingPathComponent("none.h5").path, "--task", "parity", "--n", "3"], "no such file"),
      (["evaluate", junk.path, "--task", "parity", "--n", "3"], "not a readable HDF5 file"),
      (
        ["evaluate", plain.appendingPathComponent("plain.h5").path, "--task", "parity", "--n", "3"],
        "neither a timescales checkpoint"
      ),
      (["evaluate", junk.path, "--task", "parityy", "--n", "3"], "unknown task \"parityy\""),
      (["evaluate", junk.path, "--task", "parity", "--n", "1"], "N must be ≥ 2"),
    ]
    for (args, message) in cases {
      let r = try runProcess(CLI.binary, args)
      #expect(r.status == 2, "\(args): \(r.output)")
      #expect(r.output.contains(message), "\(args): \(r.output)")
      #expect(r.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(r.output)")
    }
  }

  /// Analyses of the leaky RNN's τ and W^R refuse a GRU checkpoint: each stage (tau-net, forgetting,
  /// ablation, perturbation; also when the level was not reached) fails with an error naming its input,
  /// and `evaluate` exits 2 with one line.
  @Test func leakyOnlyAnalysesRefuseAGatedNetwork() throws {
    let needs = "\"needs\": [ { \"stage\": \"t\", \"as\": \"network\" } ]"
    let dir = try project(
      """
      "t": { "kind": "train", "name": "t",
             "params": { "curriculum": "single", "n": 2, "architecture": "gru", "learningRate": 0.001, "neurons": 6,
                         "batch": 8, "stepsPerEpoch": 2, "testBatches": 1, "epochBudget": 1 } },
      "tau": { "kind": "tau-net", "name": "tau", "params": { "steps": 200, "burnIn": 0, "trials": 1, "trialBatch": 1 }, \(needs) },
      "fg": { "kind": "forgetting", "name": "fg", \(needs) },
      "ab": { "kind": "ablation", "name": "ab", "params": { "k": 1 }, \(needs) },
      "pt": { "kind": "perturbation", "name": "pt", \(needs) }
      """)
    let r = try CLI.run(["make"], in: dir)
    #expect(r.status == 1, "\(r.out)")
    for stage in ["tau", "fg", "ab", "pt"] {
      let log = try String(contentsOf: dir.appendingPathComponent("data/logs/default/\(stage).log"), encoding: .utf8)
      #expect(log.contains("input t is a GRU network; stage \(stage) analyses leaky RNNs only"), "\(stage): \(log)")
    }
    let key = try JSONSerialization.jsonObject(
      with: Data(contentsOf: dir.appendingPathComponent("data/heads/default/t.json")))
    let k = (key as! [String: Any])["key"] as! String
    let checkpoint = dir.appendingPathComponent("data/cache/\(k.prefix(2))/\(k).h5").path
    let e = try runProcess(CLI.binary, ["evaluate", checkpoint, "--task", "parity", "--n", "2"])
    #expect(e.status == 2, "\(e.output)")
    #expect(e.output.contains("a GRU network; only leaky RNNs"), "\(e.output)")
    #expect(e.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(e.output)")
  }

  @Test func theAuthorsNetworkImportsAndScoresOnEveryHead() throws {
    guard let reference = Fixtures.sharedReferenceNetwork else {
      print("skipped: ../shared/reference/reference_multihead_parity_N2_N5.h5 is absent (not ours to ship)")
      return
    }
    let dir = try Fixtures.temporaryDirectory("import-reference")
    let out = dir.appendingPathComponent("ref.h5").path
    let r = try runProcess(
      CLI.binary, ["import-reference", reference, "--curriculum", "multi", "--level", "5", "--output", out])
    #expect(r.status == 0, "\(r.output)")
    for n in 2...5 {
      for file in [reference, out] {
        let e = try runProcess(CLI.binary, ["evaluate", file, "--task", "parity", "--n", "\(n)", "--json"])
        #expect(e.status == 0, "\(e.output)")
        let json = try JSONSerialization.jsonObject(with: Data(e.output.utf8)) as! [String: Any]
        #expect(json["head"] as? Int == n - 2)
        #expect((json["mean"] as! Double) >= 0.99, "N=\(n) \(file): \(e.output)")
        #expect((json["accuracies"] as! [Double]).count == 10)
      }
    }
    let bad = try runProcess(CLI.binary, ["evaluate", out, "--task", "parity", "--n", "3", "--head", "4"])
    #expect(bad.status == 2 && bad.output.contains("has 4 head(s)"), "\(bad.output)")
  }
}

extension TrainingCLITests {
  /// examples/reference-network on the authors' network, when ../shared/reference has it.
  @Test func theExamplePipelineAnalysesTheAuthorsNetwork() throws {
    guard let reference = Fixtures.sharedReferenceNetwork else {
      print("skipped: ../shared/reference/reference_multihead_parity_N2_N5.h5 is absent (not ours to ship)")
      return
    }
    let dir = try Fixtures.temporaryDirectory("example")
    try FileManager.default.copyItem(
      at: Fixtures.packageRoot.appendingPathComponent("examples/reference-network/pipeline.json"),
      to: dir.appendingPathComponent("pipeline.json"))
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("reference.h5").path, withDestinationPath: reference)
    let r = try CLI.run(["make", "--profile", "quick"], in: dir)
    #expect(r.status == 0, "\(r.out)")
    let head =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: dir.appendingPathComponent("data/heads/quick/ablation/reference.json")))
      as! [String: Any]
    let key = head["key"] as! String
    let a = try ArtifactReader.read(dir.appendingPathComponent("data/cache/\(key.prefix(2))/\(key).h5").path)
    #expect(
      a["/baseline/accuracy"]?.doubles.allSatisfy { $0 >= 0.99 } == true, "the authors' network scores ≥ 0.99 at N = 5")
    #expect(a.attribute("head", at: "/source")?.intValue == 3)
  }
}

extension TrainingCLITests {
  @Test func badRobustnessParametersAreNamed() throws {
    let train = """
      "t": { "kind": "train", "name": "t", "params": { "curriculum": "none-2", "n": 2, "neurons": 8, "batch": 4,
             "stepsPerEpoch": 1, "testBatches": 1, "epochBudget": 1 } }
      """
    for (extra, message) in [
      ("\"epsilons\": []", "params.epsilons: is empty"),
      ("\"epsilons\": [0, -0.1]", "must be a number between 0 and 1000000 (got -0.1)"),
    ] {
      let dir = try project(
        train
          + ", \"p\": { \"kind\": \"perturbation\", \"params\": { \(extra) }, \"needs\": [{ \"stage\": \"t\", \"as\": \"network\" }] }"
      )
      let r = try CLI.run(["make"], in: dir)
      #expect(r.status == 2 && r.out.contains(message), "\(r.out)")
    }
    let dir = try project(
      train
        + ", \"a\": { \"kind\": \"ablation\", \"params\": { \"k\": 5 }, \"needs\": [{ \"stage\": \"t\", \"as\": \"network\" }] }"
    )
    let r = try CLI.run(["make"], in: dir)
    let log = (try? String(contentsOf: dir.appendingPathComponent("data/logs/default/a.log"), encoding: .utf8)) ?? ""
    #expect(r.status == 1)
    #expect(log.contains("params.k = 5 is more than half of the network's 8 neurons"), "\(log)")
  }
}
