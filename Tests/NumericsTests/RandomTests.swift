import Numerics
import Testing

@Suite struct RandomTests {
  @Test func sameSeedSameStream() {
    var a = RandomStream(seed: 42), b = RandomStream(seed: 42)
    for _ in 0..<100 { #expect(a.next() == b.next()) }
  }

  /// Children depend on the parent's key and label only, not on what the parent has drawn.
  @Test func deriveIgnoresConsumption() {
    var a = RandomStream(seed: 7)
    let before = a.derive("train").split(3)
    for _ in 0..<10 { _ = a.next() }
    var c1 = before, c2 = a.derive("train").split(3), c3 = a.derive("train").split(4)
    let x = c1.next()
    #expect(x == c2.next())
    #expect(x != c3.next())
  }

  /// The state round-trips through `words` (exact resume).
  @Test func stateRoundTrip() {
    var a = RandomStream(seed: 5)
    for _ in 0..<17 { _ = a.next() }
    var b = RandomStream(words: a.words)
    for _ in 0..<50 { #expect(a.next() == b.next()) }
  }

  @Test func distributions() {
    var r = RandomStream(seed: 1)
    let n = 20_000
    var sum = 0.0, sumSq = 0.0, ones = 0, inRange = true
    for _ in 0..<n {
      let u = r.uniform(); inRange = inRange && u >= 0 && u < 1
      let z = Double(r.normal()); sum += z; sumSq += z * z
      if r.bernoulli(0.3) { ones += 1 }
      let k = r.integer(in: 3...5); inRange = inRange && (3...5).contains(k)
    }
    #expect(inRange)
    #expect(abs(sum / Double(n)) < 0.03 && abs(sumSq / Double(n) - 1) < 0.05)
    #expect(abs(Double(ones) / Double(n) - 0.3) < 0.015)
  }
}
