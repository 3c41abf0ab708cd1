/// Computes cache keys of planned stages against the store, memoised. A stage's key is known
/// once every input has a valid cached artifact (its content hash enters the key).
public final class KeyResolver {
  public let plan: Plan
  public let store: Store
  private var contentHash: [Int: String] = [:]
  private var keys: [Int: String] = [:]
  private var checked: Set<Int> = []

  public init(plan: Plan, store: Store) {
    self.plan = plan
    self.store = store
  }

  /// The key parts of stage `i`, or nil while an input has no valid artifact.
  public func parts(_ i: Int) -> CacheKeyParts? {
    let s = plan.stages[i]
    var inputs: [CacheKeyParts.Input] = []
    inputs.reserveCapacity(s.inputs.count)
    for d in s.inputs {
      guard let j = plan.index[d.stage], let c = content(j) else { return nil }
      inputs.append(.init(stage: d.stage, role: d.role, contentHash: c))
    }
    return CacheKeyParts(
      kind: s.kind, codeVersion: s.codeVersion, params: s.params, inputs: inputs, extras: s.keyExtras)
  }

  public func key(_ i: Int) -> String? {
    if let k = keys[i] { return k }
    guard let p = parts(i) else { return nil }
    let k = p.key
    keys[i] = k
    return k
  }

  /// The content hash of stage `i`'s current artifact, if its key is cached and intact.
  public func content(_ i: Int) -> String? {
    if let c = contentHash[i] { return c }
    if checked.contains(i) { return nil }
    checked.insert(i)
    guard let k = key(i), case .valid(let rec) = store.entry(k) else { return nil }
    contentHash[i] = rec.contentHash
    return rec.contentHash
  }

  /// Records that stage `i` now has an artifact with `contentHash` (after it ran).
  public func set(_ i: Int, key: String, contentHash c: String) {
    keys[i] = key
    contentHash[i] = c
    checked.insert(i)
  }

  /// Forgets what is known of stage `i` (its artifact was found damaged or is being recomputed).
  public func forget(_ i: Int) {
    contentHash[i] = nil
    checked.remove(i)
  }
}
