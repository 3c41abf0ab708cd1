/// The in-memory content of one HDF5 artifact: a tree of groups holding datasets and attributes.
///
/// Paths are absolute and slash-separated (`/weights/W_rec`). Setting a dataset or attribute
/// at a path creates the groups above it.
public struct Artifact: Equatable, Sendable {
  public struct Dataset: Equatable, Sendable {
    public var array: NDArray
    public var attributes: [String: AttributeValue] = [:]
    public init(_ array: NDArray, attributes: [String: AttributeValue] = [:]) {
      self.array = array
      self.attributes = attributes
    }
  }
  public struct Group: Equatable, Sendable {
    public var attributes: [String: AttributeValue] = [:]
    public var datasets: [String: Dataset] = [:]
    public var groups: [String: Group] = [:]
    public init() {}
  }

  public var root = Group()
  public init() {}

  static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  public func group(_ path: String) -> Group? {
    var g = root
    for c in Self.components(path) {
      guard let next = g.groups[c] else { return nil }
      g = next
    }
    return g
  }

  private mutating func withGroup<R>(_ parts: ArraySlice<String>, _ body: (inout Group) -> R) -> R {
    func descend(_ g: inout Group, _ parts: ArraySlice<String>) -> R {
      guard let first = parts.first else { return body(&g) }
      var child = g.groups[first] ?? Group()
      let r = descend(&child, parts.dropFirst())
      g.groups[first] = child
      return r
    }
    return descend(&root, parts)
  }

  public subscript(path: String) -> NDArray? {
    get {
      let parts = Self.components(path)
      guard let name = parts.last else { return nil }
      return group("/" + parts.dropLast().joined(separator: "/"))?.datasets[name]?.array
    }
    set {
      let parts = Self.components(path)
      guard let name = parts.last else { preconditionFailure("Artifact: empty dataset path") }
      withGroup(parts.dropLast()) { g in
        if let a = newValue {
          g.datasets[name, default: Dataset(a)].array = a
        } else {
          g.datasets[name] = nil
        }
      }
    }
  }

  /// Creates the group at `path` if it does not exist (so empty groups can be stored).
  public mutating func makeGroup(_ path: String) {
    withGroup(Self.components(path)[...]) { _ in }
  }

  /// Sets an attribute on the group at `path` (created if needed).
  public mutating func setAttribute(_ name: String, _ value: AttributeValue, at path: String = "/") {
    withGroup(Self.components(path)[...]) { $0.attributes[name] = value }
  }

  public func attribute(_ name: String, at path: String = "/") -> AttributeValue? {
    group(path)?.attributes[name]
  }

  /// Every dataset with its absolute path, sorted by path.
  public var allDatasets: [(path: String, dataset: Dataset)] {
    var out: [(String, Dataset)] = []
    func walk(_ g: Group, _ prefix: String) {
      for name in g.datasets.keys.sorted() { out.append((prefix + "/" + name, g.datasets[name]!)) }
      for name in g.groups.keys.sorted() { walk(g.groups[name]!, prefix + "/" + name) }
    }
    walk(root, "")
    return out.sorted { $0.0 < $1.0 }
  }
}
