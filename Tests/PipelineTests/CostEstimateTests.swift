import Foundation
import TestSupport
import Testing

@testable import Pipeline

@Suite struct CostEstimateTests {
  /// Two chains of three stages and one stage reading both chains' ends.
  let pipeline = """
    { "profiles": { "default": {} },
      "stages": {
        "chain": { "kind": "sum", "name": "chain/{c}/N{n}", "matrix": { "c": ["a", "b"], "n": { "from": 1, "to": 3 } },
                   "needs": [ { "stage": "chain/{c}/N{n-1}", "optional": true } ] },
        "end": { "kind": "sum", "needs": ["chain/a/N3", "chain/b/N3"] } } }
    """

  @Test func wallTimeReplaysTheSchedule() throws {
    let plan = try Planner.plan(try JSONParser.parse(pipeline), profile: "default", registry: ToyProject.registry)
    let all = Set(plan.stages.indices)
    let serial = CostEstimate(plan, stages: all, jobs: 1, cores: 2)
    let parallel = CostEstimate(plan, stages: all, jobs: 2, cores: 2)
    let crowded = CostEstimate(plan, stages: all, jobs: 8, cores: 1)
    #expect(serial.stages == 7 && abs(serial.wallSeconds - serial.cpuSeconds) < 1e-9)
    // Both chains side by side, then the last stage alone.
    let cost = CostModel.cpuSeconds(plan)
    let expected = ["chain/a/N1", "chain/a/N2", "chain/a/N3", "end"].reduce(0) { $0 + cost[plan.index[$1]!] }
    #expect(abs(parallel.wallSeconds - expected) < 1e-9, "\(parallel.wallSeconds) vs \(expected)")
    // More jobs than cores share the core: no faster than one job.
    #expect(abs(crowded.wallSeconds - serial.wallSeconds) < 1e-6)
    #expect(
      CostEstimate.duration(90) == "90 s" && CostEstimate.duration(5400) == "90 min"
        && CostEstimate.duration(36000) == "10.0 h")
  }

  func level(_ curriculum: String, n: Int, neurons: Int = 64, budget: Int = 60, fixedTau: Double? = nil)
    -> TrainingLevel
  {
    var pairs: [(String, JSONValue)] = [
      ("task", .string("parity")), ("curriculum", .string(curriculum)), ("n", .int(Int64(n))),
      ("neurons", .int(Int64(neurons))), ("epochBudget", .int(Int64(budget))),
    ]
    if let fixedTau { pairs.append(("fixedTau", .double(fixedTau))) }
    return TrainingLevel(.object(pairs))
  }

  @Test func aStalledChainUsesItsBudgetOnceAndNothingAfter() {
    let stall = (2...40).first { EpochModel.expectedEpochs(level("single", n: $0)) == 60 }
    let at = try! #require(stall, "a 64-neuron single-head chain must stall within N ≤ 40")
    #expect(EpochModel.expectedEpochs(level("single", n: at + 1)) == 0)
    #expect(EpochModel.expectedEpochs(level("single", n: at - 1)) < 60)
    // A larger network stalls later; multi-head levels are cheap and the chain goes further.
    #expect(EpochModel.expectedEpochs(level("single", n: at, neurons: 128, budget: 300)) < 300)
    #expect(EpochModel.expectedEpochs(level("multi", n: at)) < 20)
    #expect(
      EpochModel.expectedEpochs(level("single", n: 6, fixedTau: 1)) < EpochModel.expectedEpochs(level("single", n: 6)))
  }
}
