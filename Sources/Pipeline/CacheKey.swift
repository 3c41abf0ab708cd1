import Crypto
import Foundation

/// The cache key of a stage: SHA-256 of one canonical JSON document holding the stage kind,
/// the kind's code version, the resolved parameters and, for each input, its stage name and
/// the *content* hash of its artifact. Using content (not keys) of inputs gives early cutoff:
/// an input recomputed to identical content leaves this key unchanged. A kind's `keyExtras`
/// (e.g. a figure script's hash and the gnuplot version) enter as `extras`, only when present,
/// so the keys of kinds without extras are the same as before extras existed.
public struct CacheKeyParts: Equatable, Sendable {
  /// Bump when the recipe below changes.
  public static let keyVersion = 1

  public struct Input: Equatable, Sendable {
    public var stage: String
    public var role: String?
    public var contentHash: String
  }
  public var kind: String
  public var codeVersion: Int
  public var params: JSONValue
  public var inputs: [Input]
  /// `StageKind.keyExtras` of the stage, if any.
  public var extras: JSONValue? = nil

  public var document: JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("keyVersion", .int(Int64(Self.keyVersion))),
      ("kind", .string(kind)),
      ("codeVersion", .int(Int64(codeVersion))),
      ("params", params),
      (
        "inputs",
        .array(
          inputs.map { i in
            .object([
              ("stage", .string(i.stage)), ("role", i.role.map(JSONValue.string) ?? .null),
              ("content", .string(i.contentHash)),
            ])
          })
      ),
    ]
    if let extras { pairs.append(("extras", extras)) }
    return .object(pairs)
  }

  public var key: String { sha256Hex(document.canonical) }
}

func sha256Hex(_ text: String) -> String {
  sha256Hex(Data(text.utf8))
}

func sha256Hex(_ data: Data) -> String {
  SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
