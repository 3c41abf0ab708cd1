import Crypto
import Foundation

/// SHA-256 over an artifact's canonical content: names, dtypes, shapes, raw little-endian
/// data and attributes, every level in sorted order. Provenance (root attributes whose name
/// starts with `provenance.`) is excluded: it records when, where and why a file was made,
/// not what it holds, so two runs of a deterministic stage hash alike.
public enum ContentHash {
  /// Bump when the canonical encoding below changes.
  static let version = "timescales-content-v1"

  public static func of(_ artifact: Artifact) -> String {
    var hasher = SHA256()
    feed(&hasher, version)
    feedGroup(&hasher, artifact.root, path: "", isRoot: true)
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  private static func feed(_ h: inout SHA256, _ s: String) {
    var bytes = Array(s.utf8)
    bytes.append(0)
    h.update(data: bytes)
  }
  private static func feed(_ h: inout SHA256, _ v: Int) {
    withUnsafeBytes(of: Int64(v).littleEndian) { h.update(bufferPointer: $0) }
  }

  private static func feedGroup(_ h: inout SHA256, _ g: Artifact.Group, path: String, isRoot: Bool) {
    feed(&h, "G"); feed(&h, path.isEmpty ? "/" : path)
    let attributes = isRoot ? g.attributes.filter { !$0.key.hasPrefix(Provenance.prefix) } : g.attributes
    feedAttributes(&h, attributes)
    for name in g.datasets.keys.sorted() {
      let ds = g.datasets[name]!
      feed(&h, "D"); feed(&h, path + "/" + name); feed(&h, ds.array.dtype.rawValue)
      feed(&h, ds.array.shape.count)
      for d in ds.array.shape { feed(&h, d) }
      ds.array.withRawBytes { h.update(bufferPointer: $0) }
      feedAttributes(&h, ds.attributes)
    }
    for name in g.groups.keys.sorted() {
      feedGroup(&h, g.groups[name]!, path: path + "/" + name, isRoot: false)
    }
  }

  private static func feedAttributes(_ h: inout SHA256, _ attributes: [String: AttributeValue]) {
    for name in attributes.keys.sorted() {
      feed(&h, "A"); feed(&h, name)
      switch attributes[name]! {
      case .string(let s): feed(&h, "s"); feed(&h, s)
      case .int(let v): feed(&h, "i"); feed(&h, Int(v))
      case .double(let v): feed(&h, "d"); withUnsafeBytes(of: v.bitPattern.littleEndian) { h.update(bufferPointer: $0) }
      case .ints(let a): feed(&h, "I"); feed(&h, a.count); a.withUnsafeBytes { h.update(bufferPointer: $0) }
      case .doubles(let a): feed(&h, "D"); feed(&h, a.count); a.withUnsafeBytes { h.update(bufferPointer: $0) }
      }
    }
  }
}
