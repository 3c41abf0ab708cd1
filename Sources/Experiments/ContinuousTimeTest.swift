import Artifacts
import Foundation
import Layouts
import Networks
import Numerics
import Tasks

/// Generalisation in time (docs/method.md §1.1 continuous-time variant, §6): a network tested with each digit
/// held for k steps (Δt = 1/k, τ̃ = max(τ·k, 1)) at a grid of k inside and outside the k it was
/// trained with, with the training-protocol accuracy of every active head of its level.
///
/// Batch i (of `testBatches`) draws from `RandomStream(seed).derive("continuous-time").split(i)`:
/// the batch (training-protocol generator, N list of the level), then h_0 = 0.1·U(0,1). The SAME
/// batches are scored at every k, so accuracies at neighbouring Δt differ only through Δt.
/// Long sequences (k·T steps) run in chunks of digits, each chunk starting from the last state of the
/// one before (identical to one pass), so memory stays bounded (64 MiB per step buffer).
///
/// Artifact: `ContinuousTimeLayout`.
public enum ContinuousTimeTest {
  /// The default grid: Δt from 1/200 to 1, 20 log-spaced points rounded to whole k (deduplicated):
  /// 1, 2, 3, 4, 5, 7, 9, 12, 16, 21, 28, 38, 50, 66, 87, 115, 151, 200.
  public static let defaultGrid: [Int] = logGrid(from: 1, to: 200, points: 20)

  /// Whole k log-spaced from `lo` to `hi` (ascending, deduplicated).
  public static func logGrid(from lo: Int, to hi: Int, points: Int) -> [Int] {
    precondition(lo >= 1 && hi >= lo && points >= 2, "ContinuousTimeTest.logGrid: \(lo)…\(hi), \(points) points")
    let r = Foundation.log(Double(hi) / Double(lo))
    let ks = (0..<points).map { Int((Double(lo) * Foundation.exp(r * Double($0) / Double(points - 1))).rounded()) }
    return Array(Set(ks)).sorted()
  }

  /// Accuracy (G×Ka, row per k) of `heads` answering `ns` (training-protocol batches, see the type).
  /// `maxChunkFloats` bounds each of the workspace's step buffers (default 2²⁴ floats = 64 MiB); the
  /// result does not depend on it.
  public static func accuracies(
    network: LeakyRNN, task: TaskKind, ns: [Int], heads: [Int], grid: [Int], testBatches: Int,
    batchSize B: Int, seed: UInt64, maxChunkFloats: Int = 1 << 24
  ) -> [[Double]] {
    precondition(
      ns.count == heads.count && !ns.isEmpty && grid.allSatisfy { $0 >= 1 },
      "ContinuousTimeTest: heads \(heads), N \(ns), grid \(grid)")
    let H = network.hidden
    let maxDigits = TaskGenerator.lengthRange(nMax: ns.max()!).upperBound
    let maxSteps = max(grid.max()!, min(grid.max()! * maxDigits, maxChunkFloats / (B * H)))
    let ws = Workspace(batch: B, maxTime: maxSteps, hidden: H, maxHeads: 1)
    var correct = [[Int]](repeating: [Int](repeating: 0, count: heads.count), count: grid.count)
    let root = RandomStream(seed: seed).derive("continuous-time")
    for i in 0..<testBatches {
      var rng = root.split(i)
      let batch = TaskGenerator.makeBatch(task: task, ns: ns, batchSize: B, rng: &rng)
      let h0 = rng.uniformArray(B * H, 0, 0.1)
      for (g, k) in grid.enumerated() {
        let chunk = max(1, maxSteps / k)  // digits per forward pass
        var h = h0, start = 0
        while batch.time - start > chunk {
          let x = Array(batch.inputs[(start * B)..<((start + chunk) * B)])
          x.withUnsafeBufferPointer { xp in
            h.withUnsafeBufferPointer { hp in
              network.forward(inputs: xp, time: chunk, initialState: hp, workspace: ws, stepsPerDigit: k)
            }
          }
          h = ws.states(time: chunk * k)
          start += chunk
        }
        let rest = Array(batch.inputs[(start * B)...])
        let c = network.correctCounts(
          inputs: rest, time: batch.time - start, initialState: h, labels: batch.labels, heads: heads,
          workspace: ws, stepsPerDigit: k)
        for j in c.indices { correct[g][j] += c[j] }
      }
    }
    return correct.map { row in row.map { Double($0) / Double(max(1, testBatches * B)) } }
  }

  /// The stage's whole job: reads the checkpoint and tests it at every k of `grid`, or returns the
  /// missing-data artifact (`/source` only) when its level was not reached.
  ///
  /// - Throws: `ExperimentsError` for an input that is not a leaky-RNN training checkpoint.
  public static func run(
    checkpoint: Artifact, stage: String? = nil, grid: [Int] = defaultGrid, testBatches: Int, batchSize: Int,
    seed: UInt64, progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    guard let network = opened else { return source.missingDataArtifact() }
    try source.checkLevel()
    let curriculum = source.config.curriculum
    let level = curriculum.stage(level: source.level)
    let heads = Array(level.activeHeads)
    let grid = Array(Set(grid)).sorted()
    let acc = accuracies(
      network: network, task: source.config.task, ns: level.ns, heads: heads, grid: grid,
      testBatches: testBatches, batchSize: batchSize, seed: seed)
    for (k, row) in zip(grid, acc) {
      progress("Δt = 1/\(k): accuracy per head \(row.map { (($0 * 1000).rounded() / 1000) })")
    }
    var a = Artifact()
    ContinuousTimeLayout(
      stepsPerDigit: grid, trainingStepsPerDigit: source.config.digitRepeats, heads: heads, ns: level.ns,
      accuracy: acc.flatMap { $0 }, testBatches: testBatches, batchSize: batchSize, seed: seed
    ).write(source: source, into: &a)
    return a
  }
}
