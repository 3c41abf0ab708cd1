import Numerics
import Testing

@Suite struct SpectralRadiusTests {
  /// Values from numpy: `np.max(np.abs(np.linalg.eigvals(W)))` of a 6×6 U(−1, 1) matrix (seed 3,
  /// `np.random.default_rng`) with a zero diagonal, in float64.
  @Test func matchesNumpyEigvals() {
    let w: [Float] = [
      0.0, -0.5263789892196655, 0.6025489568710327, 0.1643240749835968, -0.8117427229881287, -0.13374611735343933,
      -0.041897404938936234, 0.0, 0.4691542983055115, -0.7726559638977051, -0.2175436168909073, 0.033480364829301834,
      -0.13874395191669464, 0.17359714210033417, 0.0, 0.9125345349311829, -0.43159767985343933, 0.2970944046974182,
      0.39243200421333313, -0.4145585000514984, -0.9970198273658752, 0.0, -0.4031975567340851, -0.3720279932022095,
      0.7834221124649048, 0.1703258752822876, -0.05738066881895065, 0.5465540289878845, 0.0, 0.41393017768859863,
      -0.2515123188495636, -0.8182945847511292, 0.3210001289844513, 0.8629277348518372, -0.5856176614761353, 0.0,
    ]
    #expect(abs(spectralRadius(w, n: 6) - 1.2467502126680463) < 1e-9)
  }

  /// A rotation by 90° scaled by 2 has eigenvalues ±2i: the radius counts the imaginary part.
  @Test func countsComplexEigenvalues() {
    #expect(abs(spectralRadius([0, -2, 2, 0], n: 2) - 2) < 1e-12)
  }
}
