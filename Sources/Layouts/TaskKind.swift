/// The two memory tasks of docs/method.md §2.
public enum TaskKind: String, NamedChoice, Hashable, Sendable {
  /// N-parity: label = (s_{T−N+1} + … + s_T) mod 2; digits ~ Bernoulli(p), p ~ U(0,1) per sequence.
  case parity
  /// N-DMS: label = 1 iff s_T = s_{T−N+1} (lag N−1); digits ~ Bernoulli(0.5).
  case dms
}
