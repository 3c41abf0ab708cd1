import Artifacts
import Layouts
import Networks
import Numerics
import Tasks

/// Catastrophic forgetting (SPEC §6): how well a network saved at level N_max still answers the
/// smaller N it was trained on earlier.
///
/// - single-head (and no-curriculum) networks: the one head is tested on every N′ ∈ [2, N_max];
/// - multi-head and sliding-window networks: each head k on the N it answers at this level
///   (multi-head: N = k + 2).
///
/// Each (head, N′) pair is scored with the training-protocol accuracy (`Evaluation.protocolAccuracy`).
/// `SequenceLengths.each` (the default): every pair on its own test batches, whose sequence lengths
/// follow N′ (U{N′+2 … 4N′+1}) as when the network was tested at level N′; pair j uses seed
/// `RandomStream(seed).derive("forgetting").split(N′).key`. `.level`: one set of test batches whose
/// lengths follow N_max scores every pair (as the training test at level N_max scores a multi-head
/// network's heads: one forward pass per batch, far cheaper for many heads); seed
/// `RandomStream(seed).derive("forgetting").key`.
///
/// Layout: `ForgettingLayout`.
public enum ForgettingAnalysis {
  /// Which sequence lengths the test batches of a tested N′ have (see the type's documentation).
  public enum SequenceLengths: String, NamedChoice, Sendable {
    case each, level
  }

  /// The (head, N′) pairs tested for a network of `curriculum` saved at `level`.
  public static func pairs(curriculum: Curriculum, level: Int) -> [(head: Int, n: Int)] {
    switch curriculum {
    case .single, .none:
      return level >= 2 ? (2...level).map { (0, $0) } : []
    case .multi, .slidingWindow, .multiObjective:
      return curriculum.stage(level: level).ns.enumerated().map { ($0.offset, $0.element) }
    }
  }

  /// Accuracy of each (head, N′) pair of `pairs(curriculum:level:)` (see the type's documentation).
  public static func accuracies(
    network: LeakyRNN, task: TaskKind, pairs: [(head: Int, n: Int)], testBatches: Int,
    batchSize: Int, seed: UInt64, lengths: SequenceLengths = .each
  ) throws -> [Double] {
    let root = RandomStream(seed: seed).derive("forgetting")
    if lengths == .level {
      return try Evaluation.protocolAccuracy(
        network: network, task: task, pairs: pairs, testBatches: testBatches,
        batchSize: batchSize, seed: root.key)
    }
    return try pairs.map { pair in
      try Evaluation.protocolAccuracy(
        network: network, task: task, pairs: [pair], testBatches: testBatches,
        batchSize: batchSize, seed: root.split(pair.n).key)[0]
    }
  }

  /// The stage's whole job: reads the checkpoint and tests it, or returns the missing-data artifact
  /// (`/source` only) when its level was not reached.
  ///
  /// - Throws: `ExperimentsError` for an input that is not a training checkpoint or whose heads do
  ///   not match its curriculum.
  public static func run(
    checkpoint: Artifact, stage: String? = nil, testBatches: Int, batchSize: Int, seed: UInt64,
    lengths: SequenceLengths = .each, progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    guard let network = opened else { return source.missingDataArtifact() }
    try source.checkLevel()
    let curriculum = source.config.curriculum
    let tested = pairs(curriculum: curriculum, level: source.level)
    let acc = try accuracies(
      network: network, task: source.config.task, pairs: tested, testBatches: testBatches,
      batchSize: batchSize, seed: seed, lengths: lengths)
    for (pair, a) in zip(tested, acc) { progress("head \(pair.head) on N=\(pair.n): accuracy \(a)") }
    let heads: String
    switch curriculum {
    case .single, .none: heads = "single"
    case .multi, .slidingWindow, .multiObjective: heads = "own"
    }
    var a = Artifact()
    ForgettingLayout(
      pairs: tested, accuracy: acc, testBatches: testBatches, batchSize: batchSize, seed: seed,
      heads: heads, lengths: lengths.rawValue
    ).write(source: source, into: &a)
    return a
  }
}
