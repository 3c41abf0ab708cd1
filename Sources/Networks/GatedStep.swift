import Numerics

/// The element-wise part of one GRU/LSTM time step, forward and backward: one pass over all gates of the
/// B×G·H rows, eight units at a time (`VectorMath`; a last partial group of H mod 8 units is zero-padded).
/// Gate rows hold the gate blocks in PyTorch order (GRU r, z, n; LSTM i, f, g, o); the equations are those
/// of `GatedCell` and of the backward pass in GatedRNN+Backward.swift. Allocates nothing.
enum GatedStep {
  typealias V = VectorMath

  /// The input side of one step's gate pre-activations: `gates` = `bias` + x_t·W_ihᵀ (B×W; x_t B values,
  /// W_ih and `bias` W values), each element rounded as b + (x·w).
  @inline(__always)
  static func inputSide(
    inputs x: UnsafePointer<Float>, weightIh: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    gates: UnsafeMutablePointer<Float>, batch B: Int, width W: Int
  ) {
    for b in 0..<B {
      let xb = V.Lanes(repeating: x[b]), row = gates + b * W
      for j in stride(from: 0, to: W, by: V.width) {
        let w = min(V.width, W - j)
        V.store(V.load(bias + j, w) + xb * V.load(weightIh + j, w), row + j, w)
      }
    }
  }

  /// GRU: the input side b_ih + x_t·W_ih is formed here (x_t B values, W_ih and b_ih 3H); `recurrent` =
  /// W_hh h_{t−1} (B×3H); writes the gate values r, z, n to `gates` (B×3H), `hn` = W_hn h_{t−1} + b_hn and
  /// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1} (B×H each).
  @inline(__always)
  static func gruForward(
    inputs x: UnsafePointer<Float>, weightIh: UnsafePointer<Float>, biasIh: UnsafePointer<Float>,
    recurrent: UnsafeMutablePointer<Float>, biasHh: UnsafePointer<Float>, hPrev: UnsafeMutablePointer<Float>,
    h: UnsafeMutablePointer<Float>, gates: UnsafeMutablePointer<Float>, hn: UnsafeMutablePointer<Float>,
    batch B: Int, hidden H: Int
  ) {
    let GH = 3 * H, bR = biasHh, bZ = biasHh + H, bN = biasHh + 2 * H
    let wr = weightIh, wz = weightIh + H, wn = weightIh + 2 * H
    let ir = biasIh, iz = biasIh + H, inb = biasIh + 2 * H
    for b in 0..<B {
      let xb = V.Lanes(repeating: x[b])
      let xr = gates + b * GH, xz = xr + H, xn = xr + 2 * H
      let hr = recurrent + b * GH, hz = hr + H, hnh = hr + 2 * H
      let hp = hPrev + b * H, hc = h + b * H, hnr = hn + b * H
      for i in stride(from: 0, to: H, by: V.width) {
        let w = min(V.width, H - i)
        let r = V.sigmoid((V.load(ir + i, w) + xb * V.load(wr + i, w)) + V.load(hr + i, w) + V.load(bR + i, w))
        let z = V.sigmoid((V.load(iz + i, w) + xb * V.load(wz + i, w)) + V.load(hz + i, w) + V.load(bZ + i, w))
        let hnv = V.load(hnh + i, w) + V.load(bN + i, w)
        let n = V.tanh((V.load(inb + i, w) + xb * V.load(wn + i, w)) + r * hnv)
        V.store(r, xr + i, w); V.store(z, xz + i, w); V.store(n, xn + i, w); V.store(hnv, hnr + i, w)
        V.store((1 - z) * n + z * V.load(hp + i, w), hc + i, w)
      }
    }
  }

  /// LSTM: `gates` holds all pre-activations on entry and i, f, g, o on exit; writes c_t = f ⊙ c_{t−1} + i ⊙ g,
  /// tanh c_t and h_t = o ⊙ tanh c_t (B×H each).
  @inline(__always)
  static func lstmForward(
    gates: UnsafeMutablePointer<Float>, cPrev: UnsafeMutablePointer<Float>,
    c: UnsafeMutablePointer<Float>, tanhC: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
    batch B: Int, hidden H: Int
  ) {
    let GH = 4 * H
    for b in 0..<B {
      let xi = gates + b * GH, xf = xi + H, xg = xi + 2 * H, xo = xi + 3 * H
      let cp = cPrev + b * H, cc = c + b * H, tc = tanhC + b * H, hc = h + b * H
      for j in stride(from: 0, to: H, by: V.width) {
        let w = min(V.width, H - j)
        let i = V.sigmoid(V.load(xi + j, w)), f = V.sigmoid(V.load(xf + j, w))
        let g = V.tanh(V.load(xg + j, w)), o = V.sigmoid(V.load(xo + j, w))
        V.store(i, xi + j, w); V.store(f, xf + j, w); V.store(g, xg + j, w); V.store(o, xo + j, w)
        let cv = f * V.load(cp + j, w) + i * g
        let tanhCv = V.tanh(cv)
        V.store(cv, cc + j, w); V.store(tanhCv, tc + j, w)
        V.store(o * tanhCv, hc + j, w)
      }
    }
  }

  /// GRU: `gates` holds r, z, n on entry and the input-side deltas [a_r, a_z, a_n] on exit; writes the
  /// hidden-side deltas [a_r, a_z, a_n ⊙ r] to `deltas` and dh ⊙ z to `dhPrev` (the GEMM adds the rest).
  @inline(__always)
  static func gruBackward(
    gates: UnsafeMutablePointer<Float>, deltas: UnsafeMutablePointer<Float>,
    hn: UnsafeMutablePointer<Float>, hPrev: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>,
    dhPrev: UnsafeMutablePointer<Float>, batch B: Int, hidden H: Int
  ) {
    let GH = 3 * H
    for b in 0..<B {
      let xr = gates + b * GH, xz = xr + H, xn = xr + 2 * H
      let dr = deltas + b * GH, dz = dr + H, dn = dr + 2 * H
      let hp = hPrev + b * H, hnr = hn + b * H, dhr = dh + b * H, dp = dhPrev + b * H
      for i in stride(from: 0, to: H, by: V.width) {
        let w = min(V.width, H - i)
        let r = V.load(xr + i, w), z = V.load(xz + i, w), n = V.load(xn + i, w), g = V.load(dhr + i, w)
        let an = g * (1 - z) * (1 - n * n)
        let az = g * (V.load(hp + i, w) - n) * z * (1 - z)
        let ar = an * V.load(hnr + i, w) * r * (1 - r)
        V.store(ar, xr + i, w); V.store(az, xz + i, w); V.store(an, xn + i, w)
        V.store(ar, dr + i, w); V.store(az, dz + i, w); V.store(an * r, dn + i, w)
        V.store(g * z, dp + i, w)
      }
    }
  }

  /// LSTM: `gates` holds i, f, g, o on entry and the deltas A_t on exit; `dc` holds ∂L/∂c_t from step t + 1
  /// on entry; writes ∂L/∂c_{t−1} through this step (dc ⊙ f) to `dcPrev`.
  @inline(__always)
  static func lstmBackward(
    gates: UnsafeMutablePointer<Float>, cPrev: UnsafeMutablePointer<Float>,
    tanhC: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
    dcPrev: UnsafeMutablePointer<Float>, batch B: Int, hidden H: Int
  ) {
    let GH = 4 * H
    for b in 0..<B {
      let xi = gates + b * GH, xf = xi + H, xg = xi + 2 * H, xo = xi + 3 * H
      let tcr = tanhC + b * H, cp = cPrev + b * H, dhr = dh + b * H, dcr = dc + b * H, dcp = dcPrev + b * H
      for j in stride(from: 0, to: H, by: V.width) {
        let w = min(V.width, H - j)
        let i = V.load(xi + j, w), f = V.load(xf + j, w), g = V.load(xg + j, w), o = V.load(xo + j, w)
        let tc = V.load(tcr + j, w), d = V.load(dhr + j, w)
        let dcv = V.load(dcr + j, w) + d * o * (1 - tc * tc)
        V.store(dcv * g * i * (1 - i), xi + j, w)
        V.store(dcv * V.load(cp + j, w) * f * (1 - f), xf + j, w)
        V.store(dcv * i * (1 - g * g), xg + j, w)
        V.store(d * tc * o * (1 - o), xo + j, w)
        V.store(dcv * f, dcp + j, w)
      }
    }
  }
}
