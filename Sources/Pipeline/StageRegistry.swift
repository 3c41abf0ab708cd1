import Artifacts
import Foundation

/// A stage kind with its parameter type erased, so kinds can be listed in one array.
public struct AnyStageKind {
  public let name: String
  public let codeVersion: Int
  public let summary: String
  public let resources: Resources
  /// `StageKind.ranges`.
  public let ranges: [String: ParameterRange]
  /// Every parameter, in declaration order; the numeric ones (each should have a range); the
  /// defaults (without the parameters whose default is nil).
  public let parameters: [String]
  public let numericParameters: Set<String>
  public let defaults: JSONValue
  public let isShort: Bool
  /// Decodes, validates and re-encodes parameters: the canonical, defaults-filled form
  /// that enters the cache key. Problems come back as (parameter, message).
  let normalize: (JSONValue) -> Result<JSONValue, ParamProblems>
  let execute: (JSONValue, StageInputs, StageContext) throws -> Artifact
  /// `StageKind.keyExtras` on normalised parameters.
  let keyExtras: (JSONValue, URL) throws -> JSONValue?
  /// `StageKind.publish` on normalised parameters.
  let publish: (JSONValue, () throws -> Artifact, PublishContext) throws -> Void

  public init<K: StageKind>(_ kind: K.Type) {
    name = K.name
    codeVersion = K.codeVersion
    summary = K.summary
    resources = K.resources
    ranges = K.ranges
    parameters = Mirror(reflecting: K.Params()).children.compactMap(\.label)
    numericParameters = ParameterLimits.numericKeys(K.Params())
    defaults =
      (try? encoder.encode(K.Params())).flatMap { try? JSONParser.parse(String(decoding: $0, as: UTF8.self)) }
      ?? .object([])
    isShort = K.isShort
    normalize = { (json: JSONValue) -> Result<JSONValue, ParamProblems> in
      // A parameter that does not decode is reported and left at its default, so the other
      // parameters are still decoded and validated: one run lists every problem.
      // Numbers out of range, and integers that are not whole, are reported first (a JSON decoder's
      // message for them is obscure).
      var problems = ParameterLimits.rangeProblems(
        given: json, integerKeys: ParameterLimits.integerKeys(K.Params()), ranges: K.ranges)
      var given = JSONValue.object((json.objectPairs ?? []).filter { pair in !problems.contains { $0.0 == pair.0 } })
      var decoded: K.Params?
      while decoded == nil {
        do {
          decoded = try decodeOverDefaults(K.Params.self, given)
        } catch let error as DecodingError {
          problems.append(describe(error))
          guard let key = error.codingPath.first?.stringValue, let pairs = given.objectPairs,
            pairs.contains(where: { $0.0 == key })
          else { return .failure(ParamProblems(problems)) }
          given = .object(pairs.filter { $0.0 != key })
        } catch {
          return .failure(ParamProblems(problems + [("", "\(error)")]))
        }
      }
      guard let params = decoded else { return .failure(ParamProblems(problems)) }
      problems += K.validate(params)
      if !problems.isEmpty { return .failure(ParamProblems(problems)) }
      guard let data = try? encoder.encode(params), let text = String(data: data, encoding: .utf8),
        let normalized = try? JSONParser.parse(text)
      else { return .failure(ParamProblems([("", "parameters cannot be encoded")])) }
      let known = Set(normalized.objectPairs?.map(\.0) ?? [])
      let unknown = (json.objectPairs ?? []).map(\.0).filter { !known.contains($0) }
      if !unknown.isEmpty {
        return .failure(
          ParamProblems(
            unknown.map { key in
              (
                key,
                "unknown parameter for kind \"\(K.name)\"" + (didYouMean(key, Array(known)).map { "; \($0)" } ?? "")
              )
            }))
      }
      return .success(normalized)
    }
    execute = { json, inputs, context in
      let params = try decodeOverDefaults(K.Params.self, json)
      return try K.run(params, inputs: inputs, context: context)
    }
    keyExtras = { json, root in
      try K.keyExtras(try decodeOverDefaults(K.Params.self, json), projectRoot: root)
    }
    publish = { json, artifact, context in
      try K.publish(try decodeOverDefaults(K.Params.self, json), artifact: artifact, context: context)
    }
  }
}

private let encoder: JSONEncoder = {
  let e = JSONEncoder()
  e.outputFormatting = [.sortedKeys]
  return e
}()

extension DecodingError {
  /// Where in the decoded value the error is.
  var codingPath: [CodingKey] {
    switch self {
    case .keyNotFound(let key, let ctx): ctx.codingPath + [key]
    case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx): ctx.codingPath
    @unknown default: []
    }
  }
}

private func describe(_ error: DecodingError) -> (String, String) {
  func path(_ p: [CodingKey]) -> String {
    p.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(
      of: ".[", with: "[")
  }
  switch error {
  case .keyNotFound(let key, let ctx): return (path(ctx.codingPath + [key]), "required parameter is missing")
  case .typeMismatch(let type, let ctx): return (path(ctx.codingPath), "expected \(typeDescription(type))")
  case .valueNotFound(let type, let ctx): return (path(ctx.codingPath), "expected \(typeDescription(type)), found null")
  case .dataCorrupted(let ctx): return (path(ctx.codingPath), ctx.debugDescription)
  @unknown default: return ("", "\(error)")
  }
}

private func typeDescription(_ type: Any.Type) -> String {
  switch type {
  case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
  case is Double.Type, is Float.Type: "a number"
  case is String.Type: "a string"
  case is Bool.Type: "true or false"
  default: "\(type)".hasPrefix("Array") ? "an array" : "a value of type \(type)"
  }
}

/// The stage kinds a pipeline may use, by name.
public struct StageRegistry {
  public private(set) var kinds: [String: AnyStageKind] = [:]
  public init(_ kinds: [AnyStageKind] = []) {
    for k in kinds { register(k) }
  }
  public mutating func register(_ kind: AnyStageKind) { kinds[kind.name] = kind }
  public subscript(name: String) -> AnyStageKind? { kinds[name] }
  public var names: [String] { kinds.keys.sorted() }
}

/// Parameter problems of one stage, as (parameter, message) pairs.
public struct ParamProblems: Error {
  public var items: [(String, String)]
  init(_ items: [(String, String)]) { self.items = items }
}

/// Decodes parameters given in pipeline.json over the type's defaults.
private func decodeOverDefaults<P: Codable & DefaultInitializable>(_ type: P.Type, _ json: JSONValue) throws -> P {
  let defaults = try JSONParser.parse(String(decoding: try encoder.encode(P()), as: UTF8.self))
  var pairs = defaults.objectPairs ?? []
  for (k, v) in json.objectPairs ?? [] {
    pairs.removeAll { $0.0 == k }
    pairs.append((k, v))
  }
  return try JSONDecoder().decode(P.self, from: Data(JSONValue.object(pairs).canonical.utf8))
}
