import Foundation

/// `status --verify`: every cached artifact of the plan is read and hashed, not only checked by
/// size and times. Costs one read of the whole cache (HDF5 decoding and SHA-256, about the speed
/// of reading the files).
public struct CacheVerification: Sendable {
  public struct Damage: Sendable {
    public var stage: String
    public var reason: String
    /// Where the damaged file was moved (nil if it was missing).
    public var quarantinedAt: String?
  }

  public var checked = 0
  public var bytes = 0
  public var seconds = 0.0
  public var damaged: [Damage] = []
}

extension Project {
  /// Hashes the artifact of every stage whose key is cached; a damaged one is quarantined, so the
  /// next `make` recomputes it (and its dependants only if its content changes).
  public func verifyCache() -> CacheVerification {
    let start = Date()
    var result = CacheVerification()
    let resolver = KeyResolver(plan: plan, store: store)
    for i in plan.stages.indices {
      guard let key = resolver.key(i), store.record(key) != nil else { continue }
      result.checked += 1
      result.bytes += FileIO.fileStatus(store.artifactPath(key))?.size ?? 0
      if case .damaged(let why) = store.verify(key) {
        result.damaged.append(.init(stage: plan.stages[i].name, reason: why, quarantinedAt: store.quarantine(key)))
        resolver.forget(i)
      }
    }
    result.seconds = Date().timeIntervalSince(start)
    return result
  }
}
