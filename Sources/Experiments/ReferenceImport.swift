import Artifacts
import Layouts
import Networks
import Tasks

/// Import of the authors' PyTorch networks (shared/reference/README.md), stored as one HDF5 dataset per
/// `state_dict` key:
/// `parameterlist.0` τ (H, or 1 for a fixed τ), `modulelist.0.weight` (H×1) / `.bias` (H) input,
/// `modulelist.1.weight` (H×H, row = target; its diagonal is zeroed) / `.bias` (H) recurrent,
/// `modulelist.{2+k}.weight` (2×H) / `.bias` (2) readout head k.
public enum ReferenceImport {
  /// Maps a state_dict into a `LeakyRNN` (default form, LeakyReLU) holding the heads a network of
  /// `curriculum` at `level` uses: multi-head level L keeps heads 0 … L−2 (head k answers N = k+2);
  /// single-head keeps head 0; sliding-window keeps its W heads.
  ///
  /// - Throws: `ExperimentsError.malformedStateDict` naming the missing or mis-shaped key;
  ///   `.invalidArgument` when `level` is not a level of `curriculum` or needs more heads than stored.
  public static func importReference(stateDict a: Artifact, curriculum: Curriculum, level: Int) throws -> LeakyRNN {
    guard curriculum.isLevel(level) else {
      throw ExperimentsError.invalidArgument("level \(level) is not a level of curriculum \(curriculum)")
    }
    func key(_ k: String) throws -> NDArray {
      guard let v = a["/" + k] else { throw ExperimentsError.malformedStateDict(key: k, reason: "missing") }
      return v
    }
    let wRec = try key("modulelist.1.weight")
    guard wRec.shape.count == 2, wRec.shape[0] == wRec.shape[1], wRec.shape[0] > 0 else {
      throw ExperimentsError.malformedStateDict(key: "modulelist.1.weight", reason: "shape \(wRec.shape), expected H×H")
    }
    let H = wRec.shape[0]
    let tauArr = try key("parameterlist.0")
    let tauMode: TauMode
    let tau: [Float]
    if tauArr.count == H {
      tauMode = .trained; tau = tauArr.floats
    } else if tauArr.count == 1 {
      tauMode = .fixed(tauArr.floats[0]); tau = [Float](repeating: tauArr.floats[0], count: H)
    } else {
      throw ExperimentsError.malformedStateDict(
        key: "parameterlist.0", reason: "\(tauArr.count) values, expected \(H) or 1")
    }
    func vector(_ k: String, _ n: Int) throws -> [Float] {
      let v = try key(k)
      guard v.count == n else {
        throw ExperimentsError.malformedStateDict(key: k, reason: "\(v.count) values (shape \(v.shape)), expected \(n)")
      }
      return v.floats
    }
    let headCount = curriculum.stage(level: level).headCount
    var stored = 0
    while a["/modulelist.\(2 + stored).weight"] != nil { stored += 1 }
    guard headCount <= stored else {
      throw ExperimentsError.invalidArgument(
        "\(curriculum) level \(level) needs \(headCount) heads; the state_dict has \(stored)")
    }
    let config = LeakyRNNConfig(hidden: H, form: .default, nonlinearity: .leakyReLU, tau: tauMode)
    let L = ParameterLayout(hidden: H, heads: headCount)
    var p = [Float](repeating: 0, count: L.count)
    p.replaceSubrange(L.tau, with: tau)
    p.replaceSubrange(L.wIn, with: try vector("modulelist.0.weight", H))
    p.replaceSubrange(L.bIn, with: try vector("modulelist.0.bias", H))
    p.replaceSubrange(L.wRec, with: wRec.floats)
    p.replaceSubrange(L.bRec, with: try vector("modulelist.1.bias", H))
    for k in 0..<headCount {
      p.replaceSubrange(L.headW(k), with: try vector("modulelist.\(2 + k).weight", 2 * H))
      p.replaceSubrange(L.headB(k), with: try vector("modulelist.\(2 + k).bias", 2))
    }
    return LeakyRNN(config: config, heads: headCount, parameters: p)  // zeroes diag(W^R)
  }
}
