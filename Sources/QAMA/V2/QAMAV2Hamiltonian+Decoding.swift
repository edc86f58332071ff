import IsingCore

extension QAMAV2Hamiltonian {
    /// The paper's per-token energy, [H, N] (`calculate_energy` of the authors' code):
    ///
    ///     Hs[t, j] = −(Σ_k J_t[j,k] x[t,j] x[t,k] + h[t,j] x[t,j])
    ///
    /// with no α, β, N or penalty factor; exactly 0 for an unselected token. `field` is h ([H, N]); the
    /// model's own h when nil.
    public func tokenEnergies<C: RandomAccessCollection>(_ sample: C, field: [Double]? = nil) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        let x = try layout.weights(sample)
        let h = field ?? coefficients.field
        let n = layout.tokens
        var out = [Double](repeating: 0, count: x.count)
        coefficients.coupling.withUnsafeBufferPointer { jAll in
            for row in out.indices where x[row] > 0 {
                let t = row / n, j = row % n
                let jRow = jAll.baseAddress! + (t * n + j) * n
                var attention = 0.0
                for k in 0..<n where x[t * n + k] > 0 { attention += jRow[k] }
                out[row] = -(attention + h[row])
            }
        }
        return out
    }

    /// The operator's output, [H, N, d] row-major: out[t, j, :] = Hs[t, j] · e2v (the paper concatenates the
    /// heads to [N, H·d]). Hs uses the value field of `value` (V ⊙ e2v averaged over d), so with the V the
    /// model was built from it is the model's own. `value` must have the model's heads and tokens and d = e2v's length.
    public func output<C: RandomAccessCollection>(_ sample: C, value: NDArray) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        let v = try value.heads(named: "V")
        let e2v = coefficients.e2v
        guard v.heads == layout.heads, v.tokens == layout.tokens, v.features == e2v.count else {
            throw QAMAError(.shape, "V has shape \(NDArray.describe(shape: value.shape)) but the QAMA model has H = \(layout.heads) heads, "
                            + "N = \(layout.tokens) tokens and e2v of length \(e2v.count)")
        }
        let field = QAMAV2Coefficients.valueField(value.storage, rows: v.heads * v.tokens, features: v.features, e2v: e2v)
        let energies = try tokenEnergies(sample, field: field)
        let d = e2v.count
        var out = [Double](repeating: 0, count: energies.count * d)
        for row in energies.indices where energies[row] != 0 {
            for f in 0..<d { out[row * d + f] = energies[row] * e2v[f] }
        }
        return out
    }

    /// The energy of each of the three terms at a sample, with the weights resolved from `params`.
    public func terms<C: RandomAccessCollection>(_ sample: C, params: [String: Double]) throws -> [QAMATerm]
    where C.Element == Int8, C.Index == Int {
        let x = try layout.weights(sample)
        let alpha = try options.alpha.resolved(params), beta = try options.beta.resolved(params)
        let gamma = try options.gamma.resolved(params)
        let (h, n) = (layout.heads, layout.tokens)
        var pairs = 0.0, field = 0.0, overlap = 0.0
        coefficients.coupling.withUnsafeBufferPointer { jAll in
            for row in x.indices where x[row] > 0 {
                let t = row / n, j = row % n
                let jRow = jAll.baseAddress! + row * n
                for k in 0..<n where x[t * n + k] > 0 { pairs += jRow[k] }
                field += coefficients.field[row]
                for other in 0..<h where other != t && x[other * n + j] > 0 { overlap += 1 }
            }
        }
        let p = gamma * Self.penaltyPerGamma(heads: h, tokens: n)
        return [QAMATerm(name: QAMATerm.queryKey, weight: alpha, energy: -alpha * pairs),
                QAMATerm(name: QAMATerm.value, weight: beta, energy: -beta * Double(n) * field),
                QAMATerm(name: QAMATerm.headOverlap, weight: gamma, energy: p * overlap)]
    }
}
