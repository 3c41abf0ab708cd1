import Artifacts
import Foundation
import TestSupport
import Testing

/// Runs the built `timescales` binary, as a user would.
struct CLI {
  /// `.build/debug/timescales`, or `$TIMESCALES_BINARY` (for a build with another --scratch-path).
  static let binary: String = {
    if let path = ProcessInfo.processInfo.environment["TIMESCALES_BINARY"], !path.isEmpty { return path }
    return Fixtures.packageRoot.appendingPathComponent(".build/debug/timescales").path
  }()

  /// `timescales-test` beside it: the same command with the test-only stage kinds (`fail`).
  static let testBinary = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent(
    "timescales-test"
  ).path

  @discardableResult
  static func run(
    _ args: [String], in dir: URL, env: [String: String] = [:], removing: [String] = [],
    binary: String = binary
  ) throws -> (status: Int32, out: String) {
    var e = ProcessInfo.processInfo.environment
    for k in removing { e[k] = nil }
    for (k, v) in env { e[k] = v }
    let r = try runProcess(binary, args.first == "doctor" ? args : args + ["--root", dir.path], environment: e)
    return (r.status, r.output)
  }

  static func start(_ args: [String], in dir: URL) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = args + ["--root", dir.path]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
  }
}

func project(_ stages: String, profile: String = "{}") throws -> URL {
  let dir = try Fixtures.temporaryDirectory("cli")
  try "{ \"profiles\": { \"default\": \(profile) }, \"stages\": { \(stages) } }"
    .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
  return dir
}

@Suite(.serialized) struct CLITests {
  @Test func doctorPicksTheFastKernelWithoutHelp() throws {
    let r = try CLI.run(["doctor"], in: Fixtures.packageRoot, removing: ["OPENBLAS_CORETYPE", "TIMESCALES_NO_REEXEC"])
    #expect(r.status == 0)
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    if cpu.contains("avx512bw") && cpu.contains("avx512dq") && cpu.contains("avx512vl") {
      #expect(r.out.contains("OpenBLAS kernel:      SkylakeX"), "\(r.out)")
    } else if cpu.contains(" avx2") {
      #expect(r.out.contains("OpenBLAS kernel:      Haswell"), "\(r.out)")
    }
    #expect(r.out.contains("HDF5:") && r.out.contains("gnuplot"))
  }

  @Test func exitCodesSeparateUsageFromFailure() throws {
    let dir = try project("\"a\": { \"kind\": \"synthetic\", \"params\": { \"value\": 1 } }")
    #expect(try CLI.run(["make"], in: dir).status == 0)
    #expect(try CLI.run(["make", "nosuchstage"], in: dir).status == 2)
    #expect(try CLI.run(["make", "--jobs", "0"], in: dir).status == 2)
    #expect(try CLI.run(["make", "--no-such-option"], in: dir).status == 2)
    #expect(try CLI.run(["frobnicate"], in: dir).status == 2)
    let bad = try project("\"a\": { \"kind\": \"synthetic\", \"params\": { \"elements\": -1 } }")
    let r = try CLI.run(["status"], in: bad)
    #expect(r.status == 2)
    #expect(r.out.contains("stages.a.params.elements: must be an integer between 0 and 100000000 (got -1)"), "\(r.out)")
    #expect(try CLI.run(["--help"], in: dir).status == 0)
  }

  /// The analysis kinds are registered: bad parameters are input errors naming them, and an input
  /// that is not a training checkpoint fails the stage with a message naming /training.
  @Test func analysisKindsAreRegisteredAndCheckTheirInputs() throws {
    let bad = try project(
      "\"t\": { \"kind\": \"tau-net\", \"params\": { \"fitLags\": 3, \"normalization\": \"x\" } }, "
        + "\"f\": { \"kind\": \"forgetting\", \"params\": { \"testBatches\": 0 } }")
    let r = try CLI.run(["status"], in: bad)
    #expect(r.status == 2)
    for text in [
      "stages.t.params.fitLags: must be an integer between 5 and 10000 (got 3)", "stages.t.params.normalization",
      "stages.f.params.testBatches: must be an integer between 1 and 100000 (got 0)",
    ] {
      #expect(r.out.contains(text), "\(text) not in: \(r.out)")
    }
    let dir = try project(
      """
      "n": { "kind": "synthetic" },
      "t": { "kind": "tau-net", "needs": [{ "stage": "n", "as": "network" }], "params": { "steps": 100, "lags": 50 } },
      "f": { "kind": "forgetting", "needs": [{ "stage": "n", "as": "network" }] }
      """)
    let m = try CLI.run(["make"], in: dir)
    #expect(m.status == 1)
    #expect(m.out.contains("FAILED t: checkpoint /training: missing or unreadable attribute config"), "\(m.out)")
    #expect(m.out.contains("FAILED f: checkpoint /training"), "\(m.out)")
    try? FileManager.default.removeItem(at: bad)
    try? FileManager.default.removeItem(at: dir)
  }

  @Test func aStageKilledMidWriteLeavesNoArtifactAndTheNextMakeCompletes() throws {
    // 40M floats: long enough to be killed while the file is being written.
    let dir = try project(
      "\"big\": { \"kind\": \"synthetic\", \"params\": { \"elements\": 40000000 } }, \"after\": { \"kind\": \"synthetic\", \"needs\": [\"big\"] }"
    )
    let make = try CLI.start(["make", "--jobs", "1"], in: dir)
    let cache = dir.appendingPathComponent("data/cache")
    // The artifact is built in memory and then written, so the temporary file lives only while
    // its bytes are written and flushed: find the stage's process (the worker running it, the only
    // one with --jobs 1) while it computes, then kill it the moment the file appears.
    let stageCommand = "stage-worker --profile default --root \(dir.path)"
    var stage: pid_t?
    var sawTemporary = false
    for _ in 0..<30000 {  // up to 60 s: the debug build fills 40M floats slowly on a loaded machine
      if stage == nil { stage = Processes.mentioning(stageCommand).first }
      if let pid = stage,
        let files = FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String],
        files.contains(where: { $0.contains(".h5.tmp.") })
      {
        kill(pid, SIGKILL)
        sawTemporary = true
        break
      }
      usleep(2_000)
    }
    #expect(sawTemporary, "the stage never started writing")
    kill(make.processIdentifier, SIGKILL)
    make.waitUntilExit()
    _ = try CLI.run(["status"], in: dir)  // a harmless read of what the killed writer left
    let files = (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String]) ?? []
    #expect(!files.contains { $0.hasSuffix(".json") }, "a record was written: \(files)")
    let status = try CLI.run(["status"], in: dir)
    #expect(status.out.contains("missing  big"), "\(status.out)")
    let again = try CLI.run(["make"], in: dir)
    #expect(again.status == 0, "\(again.out)")
    #expect(again.out.contains("2 ran, 0 cached, 0 failed"), "\(again.out)")
    let left = (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String]) ?? []
    #expect(!left.contains { $0.contains(".tmp.") }, "temporary files left: \(left)")
  }

  @Test func twoConcurrentMakeProcessesBothSucceedAndRunEachStageOnce() throws {
    let dir = try project(
      """
      "s": { "kind": "synthetic", "matrix": { "chain": { "from": 1, "to": 4 } }, "params": { "seconds": 0.3 } },
      "t": { "kind": "synthetic", "needs": ["s"] }
      """)
    let a = try CLI.start(["make", "--jobs", "2"], in: dir)
    let b = try CLI.start(["make", "--jobs", "2"], in: dir)
    a.waitUntilExit(); b.waitUntilExit()
    #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
    let runs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("data/runs").path)
    var ran: [String: Int] = [:]
    for r in runs {
      let text = try String(contentsOf: dir.appendingPathComponent("data/runs/\(r)"), encoding: .utf8)
      for line in text.split(separator: "\n") where line.contains("\"outcome\":\"ran\"") {
        let stage = line.components(separatedBy: "\"stage\":\"")[1].prefix { $0 != "\"" }
        ran[String(stage), default: 0] += 1
      }
    }
    #expect(ran.count == 5 && ran.values.allSatisfy { $0 == 1 }, "\(ran)")
  }

  @Test func makeStatusRerunAndShowWorkEndToEnd() throws {
    let dir = try project(
      """
      "a": { "kind": "synthetic", "params": { "value": "$v" } },
      "b": { "kind": "synthetic", "needs": ["a"] }
      """, profile: "{ \"v\": 1 }")
    #expect(try CLI.run(["make"], in: dir).out.contains("2 ran"))
    let second = try CLI.run(["make"], in: dir)
    #expect(second.out.contains("0 ran, 2 cached"))
    let rerun = try CLI.run(["rerun", "a"], in: dir)
    #expect(rerun.out.contains("1 ran"), "\(rerun.out)")
    try
      "{ \"profiles\": { \"default\": { \"v\": 2 } }, \"stages\": { \"a\": { \"kind\": \"synthetic\", \"params\": { \"value\": \"$v\" } }, \"b\": { \"kind\": \"synthetic\", \"needs\": [\"a\"] } } }"
      .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
    let status = try CLI.run(["status"], in: dir)
    #expect(status.out.contains("stale    a  params.value 1 → 2"), "\(status.out)")
    #expect(try CLI.run(["make"], in: dir).out.contains("2 ran"))
    let show = try CLI.run(["show", "b"], in: dir)
    #expect(show.out.contains("provenance.stage: b") && show.out.contains("/value  float64 [1] = 2"), "\(show.out)")
    let gc = try CLI.run(["gc"], in: dir)
    #expect(gc.status == 0)
  }
}
