/// Why a stage is not up to date, in words a user can act on.
public enum StageStatus: Equatable, Sendable {
  case cached
  case stale([String])
  case missing
  /// Not computable yet: these inputs must be (re)computed first.
  case waiting([String], changes: [String])

  public var label: String {
    switch self {
    case .cached: "cached"
    case .stale: "stale"
    case .missing: "missing"
    case .waiting: "waiting"
    }
  }

  public var reasons: [String] {
    switch self {
    case .cached, .missing: []
    case .stale(let r): r
    case .waiting(let inputs, let changes):
      changes + [
        "after input " + inputs.prefix(3).joined(separator: ", ")
          + (inputs.count > 3 ? " and \(inputs.count - 3) more" : "")
      ]
    }
  }
}

public enum Staleness {
  /// The status of every stage of the plan, in plan order.
  public static func statuses(_ resolver: KeyResolver) -> [StageStatus] {
    let plan = resolver.plan
    var out: [StageStatus] = []
    out.reserveCapacity(plan.stages.count)
    for (i, s) in plan.stages.enumerated() {
      if resolver.content(i) != nil {
        out.append(.cached)
        continue
      }
      let head = resolver.store.head(profile: plan.profile, stage: s.name)
      let before = head.flatMap { resolver.store.record($0.key) }
      guard let parts = resolver.parts(i), let key = resolver.key(i) else {
        let blocked = s.inputs.filter { d in resolver.content(plan.index[d.stage]!) == nil }.map(\.stage)
        let changes =
          before.map {
            changesFrom(
              $0.parts,
              to: CacheKeyParts(
                kind: s.kind, codeVersion: s.codeVersion, params: s.params, inputs: $0.parts.inputs, extras: s.keyExtras
              ))
          } ?? []
        out.append(.waiting(blocked, changes: changes))
        continue
      }
      switch resolver.store.entry(key) {
      case .valid: out.append(.cached)
      case .damaged(let why): out.append(.stale([why]))
      case .absent:
        guard let before else { out.append(.missing); continue }
        let changes = changesFrom(before.parts, to: parts)
        out.append(.stale(changes.isEmpty ? ["its cached artifact was removed"] : changes))
      }
    }
    return out
  }

  /// The differences between two key recipes: kind, code version, parameters (old → new), inputs.
  public static func changesFrom(_ a: CacheKeyParts, to b: CacheKeyParts) -> [String] {
    var out: [String] = []
    if a.kind != b.kind { out.append("kind \(a.kind) → \(b.kind)") }
    if a.codeVersion != b.codeVersion { out.append("code version of \(b.kind) \(a.codeVersion) → \(b.codeVersion)") }
    out += paramChanges(a.params, b.params)
    if a.extras != b.extras { out += extrasChanges(a.extras ?? .object([]), b.extras ?? .object([])) }
    let old = Dictionary(a.inputs.map { ($0.stage, $0.contentHash) }, uniquingKeysWith: { x, _ in x })
    let new = Dictionary(b.inputs.map { ($0.stage, $0.contentHash) }, uniquingKeysWith: { x, _ in x })
    for i in b.inputs {
      if let o = old[i.stage] {
        if o != i.contentHash { out.append("input \(i.stage) changed") }
      } else {
        out.append("new input \(i.stage)")
      }
    }
    for i in a.inputs where new[i.stage] == nil { out.append("input \(i.stage) removed") }
    return out
  }

  /// Changes of key extras, one line per top-level entry; content hashes (64 hex digits) are
  /// not printed: `figures/tau-vs-n.gp changed`, `gnuplot "5.4 patchlevel 4" → "6.0 patchlevel 0"`.
  static func extrasChanges(_ a: JSONValue, _ b: JSONValue) -> [String] {
    guard let pa = a.objectPairs, let pb = b.objectPairs else { return paramChanges(a, b, prefix: "extras") }
    func isHash(_ v: JSONValue?) -> Bool {
      v?.stringValue.map { $0.count == 64 && $0.allSatisfy(\.isHexDigit) } ?? false
    }
    let da = Dictionary(pa, uniquingKeysWith: { x, _ in x }), db = Dictionary(pb, uniquingKeysWith: { x, _ in x })
    var out: [String] = []
    for k in Set(da.keys).union(db.keys).sorted() where da[k] != db[k] {
      if isHash(da[k]) && isHash(db[k]) {
        out.append("\(k) changed")
      } else {
        out += paramChanges(da[k] ?? .null, db[k] ?? .null, prefix: k)
      }
    }
    return out
  }

  /// Leaf-by-leaf differences between two parameter objects, as `params.x.y: old → new`.
  public static func paramChanges(_ a: JSONValue, _ b: JSONValue, prefix: String = "params") -> [String] {
    if let pa = a.objectPairs, let pb = b.objectPairs {
      let da = Dictionary(pa, uniquingKeysWith: { x, _ in x }), db = Dictionary(pb, uniquingKeysWith: { x, _ in x })
      var out: [String] = []
      for k in Set(da.keys).union(db.keys).sorted() {
        switch (da[k], db[k]) {
        case (let x?, let y?): out += paramChanges(x, y, prefix: "\(prefix).\(k)")
        case (let x?, nil): out.append("\(prefix).\(k) removed (was \(x.canonical))")
        case (nil, let y?): out.append("\(prefix).\(k) added: \(y.canonical)")
        default: break
        }
      }
      return out
    }
    return a == b ? [] : ["\(prefix) \(a.canonical) → \(b.canonical)"]
  }
}
