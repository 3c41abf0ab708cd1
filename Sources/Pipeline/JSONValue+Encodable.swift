import Foundation

extension JSONValue {
  /// The JSON form of an `Encodable` value (object keys sorted).
  public init<T: Encodable>(encoding value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding plain structs of strings, numbers and arrays cannot fail, and JSONEncoder's
    // output is valid JSON.
    let data = try! encoder.encode(value)
    self = try! JSONParser.parse(String(decoding: data, as: UTF8.self))
  }
}
