import Layouts
import Numerics
import Tasks
import Testing

@Suite struct TaskTests {
  /// Parity of the last N digits (final digit included) on hand-written sequences.
  @Test func parityLabels() {
    let s: [Float] = [1, 0, 1, 1, 0, 1]
    #expect(TaskKind.parity.label(digits: s, n: 2) == 1)  // 0 + 1
    #expect(TaskKind.parity.label(digits: s, n: 3) == 0)  // 1 + 0 + 1
    #expect(TaskKind.parity.label(digits: s, n: 4) == 1)  // 1 + 1 + 0 + 1
    #expect(TaskKind.parity.label(digits: s, n: 6) == 0)  // four ones
  }

  /// DMS compares s_T with s_{T−N+1}: lag N − 1.
  @Test func dmsLabels() {
    let s: [Float] = [1, 0, 0, 1, 1, 0]
    #expect(TaskKind.dms.label(digits: s, n: 2) == 0)  // s_T = 0 vs s_{T−1} = 1
    #expect(TaskKind.dms.label(digits: s, n: 4) == 1)  // s_T = 0 vs s_{T−3} = 0
    #expect(TaskKind.dms.label(digits: s, n: 6) == 0)  // 0 vs 1
    #expect(TaskKind.dms.label(digits: [1, 1], n: 2) == 1)
  }

  /// Generated batches: length in [N_max+2, 4N_max+1], labels consistent with the digits, every N on the same sequences.
  @Test(arguments: [TaskKind.parity, .dms])
  func generatedBatches(task: TaskKind) {
    var rng = RandomStream(seed: 9)
    var lengths = Set<Int>()
    for _ in 0..<200 {
      let b = TaskGenerator.makeBatch(task: task, ns: [2, 3, 5], batchSize: 4, rng: &rng)
      lengths.insert(b.time)
      #expect((7...21).contains(b.time))
      for j in 0..<4 {
        let seq = (0..<b.time).map { b.inputs[$0 * 4 + j] }
        for (k, n) in b.ns.enumerated() { #expect(b.labels[k * 4 + j] == task.label(digits: seq, n: n)) }
      }
    }
    #expect(lengths.min() == 7 && lengths.max() == 21)
  }

  /// Parity inputs use p ~ U(0,1) per sequence: the fraction of ones varies widely between sequences.
  @Test func parityRateVariesPerSequence() {
    var rng = RandomStream(seed: 1)
    let b = TaskGenerator.makeBatch(task: .parity, ns: [30], batchSize: 64, rng: &rng)
    let rates = (0..<64).map { j in (0..<b.time).map { b.inputs[$0 * 64 + j] }.reduce(0, +) / Float(b.time) }
    #expect(rates.min()! < 0.2 && rates.max()! > 0.8)
  }

  /// The advance rule: mean > 0.98 AND newest > 0.98.
  @Test func advanceRule() {
    #expect(Curriculum.passes(accuracies: [0.99, 0.985]))
    #expect(!Curriculum.passes(accuracies: [1.0, 0.98]))  // newest not strictly above 0.98
    #expect(Curriculum.passes(accuracies: [0.95, 0.999, 0.999]))  // mean 0.9827: an old head may sit below 0.98
    #expect(!Curriculum.passes(accuracies: [0.90, 0.999]))  // mean 0.9495
    #expect(!Curriculum.passes(accuracies: [0.999, 0.999, 0.97]))  // newest below
    #expect(Curriculum.passes(accuracies: [0.99]))
    #expect(!Curriculum.passes(accuracies: []))
  }

  @Test func curriculumStages() {
    #expect(
      Curriculum.multi.stage(level: 5) == CurriculumStage(level: 5, headCount: 4, activeHeads: 0..<4, ns: [2, 3, 4, 5]))
    #expect(Curriculum.single.stage(level: 5) == CurriculumStage(level: 5, headCount: 1, activeHeads: 0..<1, ns: [5]))
    let sliding = Curriculum.slidingWindow(width: 10, shift: 5)
    #expect(sliding.levels(upTo: 25) == [11, 16, 21])
    #expect(sliding.stage(level: 16).ns == Array(7...16))
    #expect(Curriculum.none(n: 7).levels(upTo: 100) == [7])
    #expect(
      Curriculum(name: "sliding-10-5") == sliding && Curriculum(name: "multi") == .multi
        && Curriculum(name: "mutli") == nil)
  }

  /// Multi-objective: one level with every head of multi-head level N from the start.
  @Test func multiObjectiveHasOneLevelWithEveryHead() {
    let c = Curriculum.multiObjective(n: 6)
    #expect(c.levels(upTo: 100) == [6] && c.firstLevel == 6 && c.nextLevel(after: 6) == nil)
    #expect(c.stage(level: 6) == Curriculum.multi.stage(level: 6))
    #expect(c.streamingHead(n: 4) == 2)
    #expect(Curriculum(name: "multiobjective-6") == c && c.description == "multiobjective-6")
    #expect(Curriculum(name: "multiobjective") == nil && Curriculum(name: "multiobjective-1") == nil)
  }
}
