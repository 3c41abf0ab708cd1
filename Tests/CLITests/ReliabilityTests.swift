import Foundation
import Glibc
import TestSupport
import Testing

/// Damage, kills, signals, stale locks and time limits, done to real `timescales` processes.
@Suite(.serialized) struct ReliabilityTests {
  /// The key and artifact path of `stage`'s latest artifact.
  static func entry(_ dir: URL, _ stage: String, profile: String = "default") throws -> (key: String, file: String) {
    let head =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: dir.appendingPathComponent("data/heads/\(profile)/\(stage).json"))) as! [String: Any]
    let key = head["key"] as! String
    return (key, dir.appendingPathComponent("data/cache/\(key.prefix(2))/\(key).h5").path)
  }

  /// Makes `stage`, removes its artifact and record, then takes its lock in this process (the
  /// kernel lock, and `holder` as the lock file's content): a lock held over an uncached stage.
  static func holdLockOfUncachedStage(_ stage: String, in dir: URL, holder: String) throws -> (fd: Int32, path: String)
  {
    #expect(try CLI.run(["run-stage", stage], in: dir).status == 0)
    let (_, file) = try entry(dir, stage)
    unlink(file)
    unlink((file as NSString).deletingPathExtension + ".json")
    let lock = (file as NSString).deletingPathExtension + ".lock"
    let fd = open(lock, O_RDWR | O_CREAT, 0o644)
    #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
    _ = holder.withCString { write(fd, $0, strlen($0)) }
    return (fd, lock)
  }

  /// Flips the bytes of the float64 `value` stored in `file` (its `/value`) and restores the file's
  /// modification time, as a disk error or a careless tool would.
  static func rot(_ file: String, value: Double) throws {
    var st = stat()
    #expect(stat(file, &st) == 0)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Data($0) }
    let at = try #require(bytes.range(of: pattern, options: .backwards)).lowerBound
    for i in at..<(at + 8) { bytes[i] ^= 0x5A }
    try bytes.write(to: URL(fileURLWithPath: file))
    var times = [st.st_atim, st.st_mtim]
    #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
  }

  @Test func bitRotWithTheModificationTimeRestoredIsRepairedByTheNextMake() throws {
    let dir = try project(
      """
      "a": { "kind": "synthetic", "params": { "value": 1.25 } },
      "b": { "kind": "synthetic", "params": { "value": 1 }, "needs": ["a"] },
      "c": { "kind": "synthetic", "params": { "value": 1 }, "needs": ["b"] }
      """)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let before = SmokeRun.contentHashes(dir, profile: "default")
    try Self.rot(Self.entry(dir, "a").file, value: 1.25)
    try Self.rot(Self.entry(dir, "c").file, value: 3.25)
    let status = try CLI.run(["status"], in: dir)
    #expect(status.out.contains("stale    a  the cached file's content no longer matches"), "\(status.out)")
    let make = try CLI.run(["make"], in: dir)
    #expect(make.status == 0, "\(make.out)")
    #expect(
      make.out.contains("a: the cached file's content no longer matches") && make.out.contains("2 ran, 1 cached"),
      "\(make.out)")
    #expect(SmokeRun.contentHashes(dir, profile: "default") == before)
    let quarantine = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("data/quarantine").path)
    #expect(quarantine.filter { $0.hasSuffix(".h5") }.count == 2)
    // A full check finds damage a status change time does not show (here: a record that disagrees).
    let record = dir.appendingPathComponent(
      "data/cache/\(try Self.entry(dir, "b").key.prefix(2))/\(try Self.entry(dir, "b").key).json")
    let text = try String(contentsOf: record, encoding: .utf8)
    let hash = before["b"]!
    try text.replacingOccurrences(of: hash, with: String(hash.reversed())).write(
      to: record, atomically: true, encoding: .utf8)
    let verify = try CLI.run(["status", "--verify"], in: dir)
    #expect(verify.out.contains("damaged  b") && verify.out.contains("1 damaged"), "\(verify.out)")
    let repaired = try CLI.run(["make"], in: dir)
    #expect(repaired.status == 0 && repaired.out.contains("1 ran, 2 cached"), "\(repaired.out)")
  }

  /// Many processes race for a key whose lock file a killed holder left: exactly one computes it,
  /// every time (20 repetitions).
  @Test func manyProcessesOverAStaleLockComputeTheStageOnce() throws {
    let dir = try project("\"s\": { \"kind\": \"synthetic\", \"params\": { \"seconds\": 0.2 } }")
    let first = try CLI.run(["run-stage", "s"], in: dir)
    #expect(first.status == 0, "\(first.out)")
    let (key, file) = try Self.entry(dir, "s")
    let lock = (file as NSString).deletingPathExtension + ".lock"
    for repetition in 0..<20 {
      unlink(file)
      unlink((file as NSString).deletingPathExtension + ".json")
      // A holder killed after writing its name, or (every other time) before.
      let stale = repetition % 2 == 0 ? "{\"host\":\"\(ProcessInfo.processInfo.hostName)\",\"pid\":999999}" : ""
      try stale.write(toFile: lock, atomically: false, encoding: .utf8)
      var outcomes: [Int32] = []
      let guardOutcomes = NSLock()
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        let r = try? CLI.run(["run-stage", "s"], in: dir)
        guardOutcomes.withLock { outcomes.append(r?.status ?? -1) }
      }
      #expect(
        outcomes.filter { $0 == 0 }.count == 1 && outcomes.filter { $0 == 3 }.count == 7,
        "repetition \(repetition): exit statuses \(outcomes.sorted()) (0 ran, 3 cached)")
      #expect(
        !FileManager.default.fileExists(atPath: lock), "repetition \(repetition): lock \(key.prefix(8)) left behind")
    }
  }

  /// A lock held by a live process is neither taken nor waited for in silence: the waiting stage
  /// says who holds it and since when, and runs once it is released.
  @Test func aLiveLockIsWaitedForAndNamed() throws {
    let dir = try project("\"s\": { \"kind\": \"synthetic\", \"params\": { \"value\": 2 } }")
    let (fd, lock) = try Self.holdLockOfUncachedStage(
      "s", in: dir, holder: "{\"host\":\"\(ProcessInfo.processInfo.hostName)\",\"pid\":\(getpid()),\"since\":0}")
    let out = dir.appendingPathComponent("waiting.log")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CLI.binary)
    p.arguments = ["run-stage", "s", "--root", dir.path]
    p.standardOutput = try FileHandle(forWritingTo: out)
    try p.run()
    var said = ""
    for _ in 0..<100 where !said.contains("waiting for the lock") {
      usleep(100_000)
      said = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }
    #expect(
      said.contains("waiting for the lock of this stage: process \(getpid())") && said.contains("since 1970-01-01"),
      "\(said)")
    #expect(p.isRunning, "a live holder's lock must not be taken over")
    unlink(lock)
    close(fd)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "\((try? String(contentsOf: out, encoding: .utf8)) ?? "")")
  }

  /// A lock whose holder stopped refreshing it (a hung process; here this test, which holds the
  /// kernel lock and never refreshes the file) is taken over after `lockStaleAfter` seconds.
  @Test func aLockNotRefreshedForLockStaleAfterIsTakenOver() throws {
    let dir = try project("\"s\": { \"kind\": \"synthetic\", \"params\": { \"value\": 3 } }")
    defer { try? FileManager.default.removeItem(at: dir) }
    try "{ \"lockStaleAfter\": 2 }".write(
      to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    let (fd, _) = try Self.holdLockOfUncachedStage(
      "s", in: dir, holder: "{\"host\":\"elsewhere\",\"pid\":1,\"since\":0}")
    defer { close(fd) }
    let t0 = Date()
    let r = try CLI.run(["run-stage", "s"], in: dir)
    let seconds = Date().timeIntervalSince(t0)
    #expect(r.status == 0, "\(r.out)")
    #expect(r.out.contains("took over the lock of this stage: its holder has not refreshed it for 2 s"), "\(r.out)")
    #expect(seconds >= 2 && seconds < 10, "took over after \(seconds) s")
  }

  /// SIGTERM to make ends the stage it runs and leaves its lock free.
  @Test func sigtermToMakeEndsItsStageProcesses() throws {
    let dir = try project("\"slow\": { \"kind\": \"synthetic\", \"params\": { \"seconds\": 60 } }")
    let make = try CLI.start(["make"], in: dir)
    let log = dir.appendingPathComponent("data/logs/default/slow.log").path
    for _ in 0..<100 where !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("working") {
      usleep(100_000)
    }
    let cache = dir.appendingPathComponent("data/cache").path
    let locks = ((FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? []).filter {
      $0.hasSuffix(".lock")
    }
    #expect(locks.count == 1)
    let holder = try locks.first.map {
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache + "/" + $0))) as? [String: Any]
    }
    let stagePID = Int32((holder??["pid"] as? Int) ?? 0)
    #expect(stagePID > 0)
    let t0 = Date()
    kill(make.processIdentifier, SIGTERM)
    make.waitUntilExit()
    let seconds = Date().timeIntervalSince(t0)
    #expect(
      make.terminationStatus == 128 + SIGTERM && seconds < 10,
      "exit status \(make.terminationStatus) after \(seconds) s")
    for _ in 0..<40 where Processes.isRunning(stagePID) { usleep(50_000) }
    #expect(!Processes.isRunning(stagePID), "the stage process \(stagePID) outlived make")
    if let lock = locks.first {
      let fd = open(cache + "/" + lock, O_RDONLY)
      if fd >= 0 {
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0, "the lock is still held")
        close(fd)
      }
    }
  }

  /// A stage that crashes takes only its worker process with it: the stages after it run in a new
  /// one, and no worker outlives make.
  @Test func aCrashingStageFailsAloneAndNoWorkerOutlivesMake() throws {
    let dir = try project(
      """
      "a": { "kind": "synthetic", "params": { "value": 1 } }, "boom": { "kind": "crash", "needs": ["a"] },
      "b": { "kind": "synthetic", "needs": ["a"], "params": { "value": 2 } }, "c": { "kind": "synthetic", "needs": ["b"] }
      """)
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLI.run(["make", "--jobs", "1"], in: dir, binary: CLI.testBinary)
    #expect(r.status == 1, "\(r.out)")
    #expect(r.out.contains("FAILED boom: killed by signal \(SIGABRT)"), "\(r.out)")
    #expect(r.out.contains("3 ran, 0 cached, 1 failed"), "\(r.out)")
    let workers = Processes.mentioning("stage-worker --profile default --root \(dir.path)")
    #expect(workers.isEmpty, "stage workers outlived make: \(workers)")
  }

  @Test func aStageOverItsTimeLimitIsStoppedAndReported() throws {
    let dir = try project(
      "\"slow\": { \"kind\": \"synthetic\", \"params\": { \"seconds\": 60 }, \"resources\": { \"time\": \"0:02\" } }")
    let t0 = Date()
    let r = try CLI.run(["make"], in: dir)
    #expect(r.status == 1 && Date().timeIntervalSince(t0) < 30)
    #expect(r.out.contains("timed out") && r.out.contains("0:00:02") && r.out.contains("slow.log"), "\(r.out)")
    let again = try CLI.run(["make", "--timeout", "1"], in: dir)
    #expect(again.out.contains("timed out") && again.out.contains("0:00:01"), "\(again.out)")
    let negative = try CLI.run(["make", "--jobs", "-1"], in: dir)
    #expect(negative.status == 2 && negative.out.contains("--jobs must be at least 1"), "\(negative.out)")
  }

  @Test func gcSweepsLeftoversOfKilledProcesses() throws {
    let dir = try project("\"a\": { \"kind\": \"synthetic\", \"params\": { \"value\": 3 } }")
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let data = dir.appendingPathComponent("data")
    let (key, file) = try Self.entry(dir, "a")
    let leftovers = [
      (file as NSString).deletingPathExtension + ".lock",
      data.appendingPathComponent("heads/default/a.json.tmp.999999.1").path,
      data.appendingPathComponent("cache/\(key.prefix(2))/\(key).h5.tmp.999999.2").path,
      data.appendingPathComponent("scratch/\(key)/state.h5").path,
      data.appendingPathComponent("scratch/\(String(repeating: "0", count: 64))/state.h5").path,
    ]
    for f in leftovers {
      try FileManager.default.createDirectory(
        atPath: (f as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      FileManager.default.createFile(atPath: f, contents: nil)
    }
    let dry = try CLI.run(["gc", "--dry-run"], in: dir)
    #expect(dry.status == 0 && dry.out.contains("5 leftover files"), "\(dry.out)")
    #expect(leftovers.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    let gc = try CLI.run(["gc"], in: dir)
    #expect(gc.status == 0 && gc.out.contains("5 leftover files"), "\(gc.out)")
    for f in leftovers { #expect(!FileManager.default.fileExists(atPath: f), "\(f) is still there") }
    #expect(try CLI.run(["make"], in: dir).out.contains("0 ran, 1 cached"))
  }
}

extension ReliabilityTests {
  /// The process ids written in the lock files under `dir`: the stage processes computing now.
  static func lockHolders(_ dir: URL) -> [Int32] {
    let cache = dir.appendingPathComponent("data/cache").path
    let locks = ((FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? []).filter {
      $0.hasSuffix(".lock")
    }
    return locks.compactMap { lock in
      guard let data = FileManager.default.contents(atPath: cache + "/" + lock),
        let holder = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { return nil }
      return (holder["pid"] as? Int).map(Int32.init)
    }
  }

  /// Random SIGKILLs of make and of its stage processes, then a plain make: it exits 0, leaves no
  /// temporary file, and every content hash equals that of an uninterrupted run.
  @Test func randomKillsThenAPlainMakeGiveTheUninterruptedResult() throws {
    let stages = """
      "a": { "kind": "synthetic", "matrix": { "seed": { "from": 1, "to": 6 } }, "name": "a{seed}", "params": { "seconds": 0.3, "elements": 300000 } },
      "b": { "kind": "synthetic", "matrix": { "seed": { "from": 1, "to": 6 } }, "name": "b{seed}", "params": { "seconds": 0.2, "elements": 300000 },
             "needs": ["a{seed}"] },
      "c": { "kind": "synthetic", "params": { "value": 1 }, "needs": ["b"] }
      """
    let reference = try project(stages)
    #expect(try CLI.run(["make"], in: reference).status == 0)
    let expected = SmokeRun.contentHashes(reference, profile: "default")
    #expect(expected.count == 13)

    let seed = UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000
    var rng = SplitMix(seed)
    let dir = try project(stages)
    var killed: [String] = []
    for _ in 0..<8 {
      let make = try CLI.start(["make", "--jobs", "2"], in: dir)
      usleep(UInt32(200_000 + rng.next() % 1_300_000))
      if rng.next() % 2 == 0 {
        kill(make.processIdentifier, SIGKILL)
        killed.append("make")
      } else if let victim = Self.lockHolders(dir).randomElement(using: &rng) {
        kill(victim, SIGKILL)
        killed.append("stage")
      }
      make.waitUntilExit()
    }
    let final = try CLI.run(["make"], in: dir)
    #expect(final.status == 0, "seed \(seed), kills \(killed): \(final.out)")
    let data = dir.appendingPathComponent("data").path
    let temporary = ((FileManager.default.enumerator(atPath: data)?.allObjects as? [String]) ?? []).filter {
      $0.contains(".tmp.")
    }
    #expect(temporary.isEmpty, "seed \(seed): temporary files left: \(temporary)")
    #expect(SmokeRun.contentHashes(dir, profile: "default") == expected, "seed \(seed), kills \(killed)")
  }
}

/// A small seeded generator, so that a failing fuzz run can be repeated.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
