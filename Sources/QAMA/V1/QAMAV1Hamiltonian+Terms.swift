extension QAMAV1Hamiltonian {
    /// The energy of each of the three v1 terms at a sample, with the weights resolved from `params`:
    /// −α Σ J w w (every (i, j) including the diagonal), −β Σ h w, and γ/C(H,2) · (bits two heads share).
    public func terms<C: RandomAccessCollection>(_ sample: C, params: [String: Double]) throws -> [QAMATerm]
    where C.Element == Int8, C.Index == Int {
        let w = try layout.weights(sample)
        let alpha = try options.alpha.resolved(params), beta = try options.beta.resolved(params)
        let gamma = try options.gamma.resolved(params)
        let (h, n) = (layout.heads, layout.tokens)
        var pairs = 0.0, field = 0.0
        for t in 0..<h {
            for i in 0..<n where w[t * n + i] != 0 {
                var row = 0.0
                for j in 0..<n { row += coefficients.coupling[(t * n + i) * n + j] * w[t * n + j] }
                pairs += row * w[t * n + i]
                field += coefficients.field[t * n + i] * w[t * n + i]
            }
        }
        // Bits set in both heads of a pair, over every pair t < u.
        var shared = 0.0
        let slots = n * layout.bits, base = sample.startIndex
        for t in 0..<h { for u in (t + 1)..<h {
            for s in 0..<slots where sample[base + t * slots + s] > 0 && sample[base + u * slots + s] > 0 { shared += 1 }
        } }
        let penalty = h >= 2 ? gamma / Double(h * (h - 1) / 2) : 0
        return [QAMATerm(name: QAMATerm.queryKey, weight: alpha, energy: -alpha * pairs),
                QAMATerm(name: QAMATerm.value, weight: beta, energy: -beta * field),
                QAMATerm(name: QAMATerm.headOverlap, weight: gamma, energy: penalty * shared)]
    }
}
