import Foundation
import IsingCore

extension QAMAV1Hamiltonian {
    /// Per-token energy without the penalty term, [H, N]:
    ///
    ///     e[t, i] = −α Σ_j J[t,i,j] w[t,i] w[t,j] − β h[t,i] w[t,i]
    ///
    /// with J and h as they entered the model (standardised when `normalize`). Summed over all tokens it
    /// is the model's energy with γ = 0. Params among α, β take their values from `params`.
    public func tokenEnergies<C: RandomAccessCollection>(_ sample: C, params: [String: Double] = [:]) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        let w = try layout.weights(sample)
        let alpha = try options.alpha.resolved(params), beta = try options.beta.resolved(params)
        let n = layout.tokens
        var out = [Double](repeating: 0, count: layout.heads * n)
        for t in 0..<layout.heads {
            for i in 0..<n {
                let wi = w[t * n + i]
                var attention = 0.0
                for j in 0..<n { attention += coefficients.coupling[(t * n + i) * n + j] * w[t * n + j] }
                out[t * n + i] = -alpha * attention * wi - beta * coefficients.field[t * n + i] * wi
            }
        }
        return out
    }

    /// The operator's output as the paper's reference code forms it: each token's energy without the
    /// penalty, spread over the value features by each feature's share of the value entropy. [H, N, d_v]:
    ///
    ///     output[t, i, f] = e[t, i] · (−v_f log2 v_f) / h_raw[t, i]
    ///
    /// where e is `tokenEnergies`, v = V[t, i, :] / (Σ V[t, i, :] + ε) clamped to [ε, 1] (as for h) and
    /// h_raw[t, i] = −Σ_f v_f log2 v_f, the unstandardised entropy. Each token's outputs sum to e[t, i];
    /// a token whose entropy is 0 spreads e[t, i] evenly over its features. `value` must have the model's
    /// heads and tokens.
    public func output<C: RandomAccessCollection>(_ sample: C, value: NDArray, params: [String: Double] = [:]) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        let v = try value.heads(named: "V")
        guard v.heads == layout.heads, v.tokens == layout.tokens else {
            throw QAMAError(.shape, "V has shape \(NDArray.describe(shape: value.shape)) but the QAMA model has H = \(layout.heads) heads "
                            + "and N = \(layout.tokens) tokens")
        }
        let energies = try tokenEnergies(sample, params: params)
        let dv = v.features
        var out = [Double](repeating: 0, count: energies.count * dv)
        var share = [Double](repeating: 0, count: dv)
        value.storage.withUnsafeBufferPointer { values in
            share.withUnsafeMutableBufferPointer { share in
                for token in energies.indices {
                    let entropy = ValueEntropy.distribution(values.baseAddress! + token * dv, count: dv, into: share.baseAddress!)
                    for f in 0..<dv {
                        let part = entropy > 0 ? -share[f] * log2(share[f]) / entropy : 1 / Double(dv)
                        out[token * dv + f] = energies[token] * part
                    }
                }
            }
        }
        return out
    }

    public func output(_ samples: SampleSet, value: NDArray, params: [String: Double] = [:]) throws -> [Double] {
        try output(samples.sample(samples.bestIndex), value: value, params: params)
    }
}
