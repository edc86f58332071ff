import Foundation

/// The value field of the QAMA Hamiltonian: each token's value row V[t, i, :] as a distribution
/// v = V / (Σ V + ε), clamped to [ε, 1], and its entropy −Σ v log2 v (ε = 1e-6, as the paper's code).
enum ValueEntropy {
    static let epsilon = 1e-6

    /// Writes the clamped distribution of `count` values at `row` into `v`; returns its entropy.
    @inline(__always)
    static func distribution(_ row: UnsafePointer<Double>, count: Int, into v: UnsafeMutablePointer<Double>) -> Double {
        var total = 0.0
        for f in 0..<count { total += row[f] }
        let denominator = total + epsilon
        var entropy = 0.0
        for f in 0..<count {
            let raw = row[f] / denominator
            // 0/0 (a zero row summing to exactly −ε) has no share: treat it as the floor.
            let p = raw.isNaN ? epsilon : min(max(raw, epsilon), 1)
            v[f] = p
            entropy -= p * log2(p)
        }
        return entropy
    }
}
