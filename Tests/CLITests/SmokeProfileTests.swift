import Artifacts
import Foundation
import TestSupport
import Testing

/// `timescales make --profile smoke` on a copy of this project's own pipeline.json and figure scripts:
/// the whole product at toy scale, run once per test process (locally) and inspected by the tests
/// below and by the Slurm executor's test, which compares its cluster run with it.
enum SmokeRun {
  struct Result: Sendable { var dir: URL; var status: Int32; var output: String }

  static let result: Result = {
    do {
      let dir = try projectCopy("smoke")
      let r = try CLI.run(["make", "--profile", "smoke"], in: dir)
      return Result(dir: dir, status: r.status, output: r.out)
    } catch {
      return Result(dir: URL(fileURLWithPath: "/nonexistent"), status: -1, output: "\(error)")
    }
  }()

  /// Every figure of pipeline.json, each published as figures/out/<profile>/<figure>.png.
  static let figures = [
    "tau-vs-n", "training-speed", "max-n-fixed-tau", "ablation", "perturbation", "retraining",
    "tau-net-vs-n", "dimensionality", "forgetting", "nonlinearity-location", "gru-lstm", "continuous-time",
    "weight-statistics", "tau-distribution", "sliding-window", "multi-objective",
  ]

  /// A temporary copy of this project's pipeline.json and figure scripts, with `addingStages` added
  /// to pipeline.json's stages and `targets` to its targets.
  static func projectCopy(_ label: String, addingStages: [String: Any] = [:], targets: [String] = []) throws -> URL {
    let dir = try Fixtures.temporaryDirectory(label)
    let fm = FileManager.default
    let pipeline = Fixtures.packageRoot.appendingPathComponent("pipeline.json")
    if addingStages.isEmpty && targets.isEmpty {
      try fm.copyItem(at: pipeline, to: dir.appendingPathComponent("pipeline.json"))
    } else {
      var doc = try JSONSerialization.jsonObject(with: Data(contentsOf: pipeline)) as! [String: Any]
      var stages = doc["stages"] as! [String: Any]
      for (k, v) in addingStages { stages[k] = v }
      doc["stages"] = stages
      doc["targets"] = ((doc["targets"] as? [String]) ?? ["fig/**"]) + targets
      try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]).write(
        to: dir.appendingPathComponent("pipeline.json"))
    }
    try fm.copyItem(
      at: Fixtures.packageRoot.appendingPathComponent("figures"), to: dir.appendingPathComponent("figures"))
    return dir
  }

  /// Stage → content hash of its latest artifact, for every stage of the smoke profile made in `dir`.
  static func contentHashes(_ dir: URL, profile: String = "smoke") -> [String: String] {
    let heads = dir.appendingPathComponent("data/heads/\(profile)")
    var out: [String: String] = [:]
    for case let file as String in FileManager.default.enumerator(atPath: heads.path) ?? NSEnumerator()
    where file.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: heads.appendingPathComponent(file).path),
        let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let hash = record["contentHash"] as? String
      else { continue }
      out[String(file.dropLast(5))] = hash
    }
    return out
  }

  /// The cached artifact of `stage`.
  static func artifact(_ stage: String) throws -> Artifact {
    let head = result.dir.appendingPathComponent("data/heads/smoke/\(stage).json")
    let record = try JSONSerialization.jsonObject(with: Data(contentsOf: head)) as! [String: Any]
    let key = record["key"] as! String
    return try ArtifactReader.read(result.dir.appendingPathComponent("data/cache/\(key.prefix(2))/\(key).h5").path)
  }
}

@Suite(.serialized) struct SmokeProfileTests {
  @Test func smokeMakeSucceeds() {
    #expect(SmokeRun.result.status == 0, "\(SmokeRun.result.output)")
  }

  @Test func smokeTrainingReachesN4UnderBothCurricula() throws {
    for task in ["parity", "dms"] {
      for curriculum in ["single", "multi"] {
        let a = try SmokeRun.artifact("train/\(task)/\(curriculum)/seed1/N4")
        #expect(a.attribute("status", at: "/training")?.stringValue == "reached", "\(task) \(curriculum)")
        #expect(a["/network/heads_w"]?.shape.first == (curriculum == "multi" ? 3 : 1))
        let history = try #require(a["/history/n_max"]?.ints)
        #expect(history.last == 4 && history.first == 2)
      }
    }
  }
}

extension SmokeProfileTests {
  @Test func smokeRobustnessStagesWriteTheirTables() throws {
    let ablation = try SmokeRun.artifact("ablation/parity/multi/seed1/N4")
    #expect(ablation["/fast/accuracy"]?.shape == [5, 3] && ablation["/slow/accuracy"]?.shape == [5, 3])
    let fastTau = try #require(ablation["/fast/tau"]?.doubles), slowTau = try #require(ablation["/slow/tau"]?.doubles)
    #expect(fastTau.max()! <= slowTau.min()!, "fast neurons must have the smaller τ")
    #expect(ablation.attribute("head", at: "/source")?.intValue == 2)

    let perturbation = try SmokeRun.artifact("perturbation/recurrent/parity/single/seed1/N4")
    #expect(perturbation["/epsilon"]?.count == 11 && perturbation["/relative_accuracy"]?.shape == [11, 3])
    #expect(try SmokeRun.artifact("perturbation/tau/parity/single/seed1/N4")["/epsilon"]?.count == 14)

    for n in 3...5 {
      let retraining = try SmokeRun.artifact("retraining/parity/single/seed1/N\(n)")
      #expect(retraining.attribute("n_prime", at: "/source")?.intValue == n)
      #expect(retraining["/history/epoch"]?.count == 3, "retraining runs exactly its epochs")
    }
  }
}

extension SmokeProfileTests {
  @Test(arguments: ["ablation", "perturbation", "retraining"])
  func smokeDrawsTheRobustnessFigures(_ figure: String) throws {
    let a = try SmokeRun.artifact("fig/\(figure)")
    for ext in ["png", "svg", "pdf"] {
      #expect((a["/files/\(figure).\(ext)"]?.bytes?.count ?? 0) > 1000, "\(figure).\(ext) is missing or tiny")
    }
    let published = SmokeRun.result.dir.appendingPathComponent("figures/out/smoke/\(figure).png").path
    #expect(FileManager.default.fileExists(atPath: published))
  }
}

extension SmokeProfileTests {
  /// Every figure of pipeline.json is drawn at the smoke profile and published to figures/out/smoke.
  @Test func smokeDrawsEveryFigure() throws {
    for figure in SmokeRun.figures {
      let published = SmokeRun.result.dir.appendingPathComponent("figures/out/smoke/\(figure).png").path
      #expect(FileManager.default.fileExists(atPath: published), "\(figure).png was not published")
    }
    for figure in SmokeRun.figures {
      let a = try SmokeRun.artifact("fig/\(figure)")
      for ext in ["png", "svg", "pdf"] {
        #expect((a["/files/\(figure).\(ext)"]?.bytes?.count ?? 0) > 1000, "\(figure).\(ext) is missing or tiny")
      }
      // The scale line names the profile and the networks' size.
      let svg = String(decoding: a["/files/\(figure).svg"]?.bytes ?? [], as: UTF8.self)
      #expect(svg.contains("profile smoke") && svg.contains(" neurons"), "\(figure).svg has no scale line")
    }
  }
}

extension SmokeProfileTests {
  /// GRU and LSTM (docs/method.md §1.2 protocol, H = 16) reach N = 4 under both curricula at the smoke profile,
  /// with PyTorch-named checkpoints, and the gru-lstm figure is drawn from them.
  @Test func smokeTrainsGatedNetworksAndDrawsGruLstm() throws {
    for (cell, gates) in [("gru", 3), ("lstm", 4)] {
      for curriculum in ["single", "multi"] {
        let a = try SmokeRun.artifact("train-gated/\(cell)/\(curriculum)/seed1/N4")
        #expect(a.attribute("status", at: "/training")?.stringValue == "reached", "\(cell) \(curriculum)")
        #expect(a.attribute("architecture", at: "/network")?.stringValue == cell)
        #expect(a["/network/weight_hh_l0"]?.shape == [gates * 16, 16])
        #expect(a["/network/heads_w"]?.shape.first == (curriculum == "multi" ? 3 : 1))
      }
    }
    let fig = try SmokeRun.artifact("fig/gru-lstm")
    for ext in ["png", "svg", "pdf"] {
      #expect((fig["/files/gru-lstm.\(ext)"]?.bytes?.count ?? 0) > 1000, "gru-lstm.\(ext) is missing or tiny")
    }
    let published = SmokeRun.result.dir.appendingPathComponent("figures/out/smoke/gru-lstm.png").path
    #expect(FileManager.default.fileExists(atPath: published), "gru-lstm.png was not published")
  }
}

extension SmokeProfileTests {
  /// `make` writes the claims table; `timescales claims` prints it from the cache (nothing reruns),
  /// as text or as JSON with one row per claim and scope.
  @Test func smokeWritesAndPrintsTheClaimsTable() throws {
    let dir = SmokeRun.result.dir
    let md = try String(contentsOf: dir.appendingPathComponent("figures/out/smoke/claims.md"), encoding: .utf8)
    for id in ["C1", "C2", "C2a", "C3", "C4", "C4a", "C4b", "C5", "C6", "C7", "C8", "C9", "C10", "C11"] {
      #expect(md.contains("**\(id)**"), "claims.md lacks \(id)")
    }
    let json = try CLI.run(["claims", "--profile", "smoke", "--json"], in: dir)
    #expect(json.status == 0, "\(json.out)")
    let start = try #require(json.out.firstIndex(of: "{"))
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out[start...].utf8)) as? [String: Any])
    let rows = try #require(doc["rows"] as? [[String: Any]])
    #expect(
      rows.count >= 14
        && Set(rows.compactMap { $0["verdict"] as? String }).isSubset(of: [
          "PASS", "FAIL", "REVERSED", "NOT ENOUGH DATA",
        ]))
    // Per row: id, claim, scope, unit, n per side, effect, test, p one- and two-sided, verdict, note.
    for key in ["id", "claim", "scope", "unit", "n", "effect", "test", "p_one_sided", "p_two_sided", "verdict", "note"]
    {
      #expect(rows.allSatisfy { $0.keys.contains(key) }, "a row lacks \(key)")
    }
    #expect(doc["profile"] as? String == "smoke")
    let text = try CLI.run(["claims", "--profile", "smoke"], in: dir)
    #expect(
      text.status == 0 && text.out.contains("Claims of the paper at profile smoke") && !text.out.contains("ran "),
      "\(text.out)")
    // `make --claims` (what `make figures` runs): nothing to do, then the same table.
    let make = try CLI.run(["make", "--profile", "smoke", "--claims"], in: dir)
    #expect(
      make.status == 0 && make.out.contains("0 ran") && make.out.contains("Claims of the paper at profile smoke"),
      "\(make.out)")
  }
}

extension SmokeProfileTests {
  /// The continuous-time networks (mod form, k ∈ {7, 8, 9, 10}) are trained and tested at every Δt
  /// of the smoke grid (8 values), one accuracy per head.
  @Test func smokeTrainsAndTestsContinuousTimeNetworks() throws {
    let a = try SmokeRun.artifact("train-ct/multi/seed1/N3")
    let config = a.attribute("config", at: "/training")?.stringValue ?? ""
    #expect(config.contains("stepsPerDigit") && config.contains("\"mod\""), "\(config)")
    let t = try SmokeRun.artifact("continuous-time-test/multi/seed1/N3")
    #expect(t.attribute("level", at: "/source")?.intValue == 3)
    if t.attribute("level_reached", at: "/source")?.intValue == 1 {
      #expect(t["/continuous_time/accuracy"]?.shape == [8, 2])
      #expect(t["/continuous_time/training_steps_per_digit"]?.ints == [7, 8, 9, 10])
    }
  }
}

extension SmokeProfileTests {
  /// Content does not depend on scheduling: the smoke profile made with `--jobs 1` (a lone stage gets
  /// every core) gives every stage the same content hash as the shared run with one job per core.
  @Test func smokeContentIsTheSameWithOneJobAndWithTwo() throws {
    let dir = try SmokeRun.projectCopy("smoke-jobs1")
    // Both runs at once when the shared one has not run yet (one job leaves a core to the other).
    nonisolated(unsafe) var r: (status: Int32, out: String)?
    DispatchQueue.concurrentPerform(iterations: 2) { i in
      if i == 0 {
        r = try? CLI.run(["make", "--profile", "smoke", "--jobs", "1"], in: dir)
      } else {
        _ = SmokeRun.result
      }
    }
    #expect(SmokeRun.result.status == 0, "\(SmokeRun.result.output)")
    #expect(r?.status == 0, "\(r?.out ?? "make did not start")")
    let one = SmokeRun.contentHashes(dir), shared = SmokeRun.contentHashes(SmokeRun.result.dir)
    #expect(one.count > 100 && one.count == shared.count, "\(one.count) vs \(shared.count) stages")
    let differing = one.keys.filter { one[$0] != shared[$0] }.sorted()
    #expect(
      differing.isEmpty, "content differs with --jobs 1 and the default jobs: \(differing.joined(separator: ", "))")
  }
}

/// Every artifact of the smoke run says what it holds: the root its layout, each dataset its
/// description, units and dimensions; `h5dump -A` shows them without this tool.
@Suite struct SelfDescribingArtifactTests {
  @Test func everyDatasetOfEveryArtifactIsDescribed() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    let heads = SmokeRun.result.dir.appendingPathComponent("data/heads/smoke")
    var undescribed: [String] = [], checked = 0
    for case let file as String in FileManager.default.enumerator(atPath: heads.path) ?? NSEnumerator()
    where file.hasSuffix(".json") {
      let stage = String(file.dropLast(5))
      let a = try SmokeRun.artifact(stage)
      if a.attribute("layout")?.stringValue == nil { undescribed.append("\(stage): no layout on the root") }
      for (path, ds) in a.allDatasets {
        checked += 1
        for attribute in ["description", "units", "dimensions"] where ds.attributes[attribute] == nil {
          undescribed.append("\(stage) \(path): no \(attribute)")
        }
      }
    }
    #expect(checked > 1000 && undescribed.isEmpty, "\(checked) datasets; \(undescribed.prefix(10))")
  }

  @Test func h5dumpShowsDescriptionsAndUnitsOfATauNetArtifact() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed")
    let head = SmokeRun.result.dir.appendingPathComponent("data/heads/smoke/tau-net/parity/multi/seed1/N4.json")
    let key = try #require(
      (try JSONSerialization.jsonObject(with: Data(contentsOf: head)) as? [String: Any])?["key"] as? String)
    let file = SmokeRun.result.dir.appendingPathComponent("data/cache/\(key.prefix(2))/\(key).h5").path
    let dump = try runProcess("/usr/bin/h5dump", ["-A", file])
    #expect(dump.status == 0)
    for text in [
      "ATTRIBUTE \"description\"", "ATTRIBUTE \"units\"", "ATTRIBUTE \"dimensions\"", "\"lag, neuron\"",
      "ATTRIBUTE \"layout\"",
    ] {
      #expect(dump.output.contains(text), "h5dump -A shows \(text)")
    }
  }
}

extension SmokeProfileTests {
  /// The sliding-window networks train their levels W + 1, W + 1 + F, … each from the level before,
  /// and multi-objective networks have every head in every epoch.
  @Test func smokeTrainsTheSlidingWindowAndMultiObjectiveCurricula() throws {
    let sliding = try SmokeRun.artifact("train-sliding/parity/seed1/N4")
    #expect(sliding.attribute("level", at: "/training")?.intValue == 4)
    #expect(sliding.attribute("config", at: "/training")?.stringValue?.contains("sliding") == true)
    let objective = try SmokeRun.artifact("train-objective/parity/seed1/N4")
    let ns = try #require(objective["/history/ns"])
    #expect(ns.shape.count == 2 && ns.shape[1] == 3, "heads for N = 2, 3, 4 in every epoch: \(ns.shape)")
    #expect(objective["/history/level"]?.ints.allSatisfy { $0 == 4 } == true)
  }
}
