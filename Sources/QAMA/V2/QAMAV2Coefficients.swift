import Foundation
import IsingCore

/// The coefficients of the v2 QAMA Hamiltonian, as the authors' code forms them (DESIGN.md, v2):
/// the symmetrised scaled dot product J_t = (Q_t K_tᵀ + K_t Q_tᵀ)/(2√d) with a zero diagonal, and the
/// value field h[t, j] = mean over d of V[t, j, :] ⊙ e2v. Neither is normalised.
public struct QAMAV2Coefficients: Sendable {
    /// [H, N, N] row-major, symmetric, zero on the diagonal.
    public let coupling: [Double]
    /// [H, N].
    public let field: [Double]
    /// The E2V vector used (length d of V).
    public let e2v: [Double]

    /// Heads are independent, so they are computed in parallel; each head's numbers are the same for any
    /// thread count (every entry is one fixed sequence of operations).
    init(query: NDArray, key: NDArray, value: NDArray, shape: HeadShape, valueFeatures: Int, e2v: [Double]) {
        let (heads, n, d) = (shape.heads, shape.tokens, shape.features)
        var coupling = [Double](repeating: 0, count: heads * n * n)
        coupling.withUnsafeMutableBufferPointer { jOut in
            let j = DisjointWrites(base: jOut.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: heads) { t in
                query.storage.withUnsafeBufferPointer { q in
                    key.storage.withUnsafeBufferPointer { k in
                        Self.symmetrisedDot(q.baseAddress! + t * n * d, k.baseAddress! + t * n * d, tokens: n, features: d,
                                            into: j.base + t * n * n)
                    }
                }
            }
        }
        self.coupling = coupling
        self.field = Self.valueField(value.storage, rows: heads * n, features: valueFeatures, e2v: e2v)
        self.e2v = e2v
    }

    /// h = mean over the features of each row ⊙ e2v: one value per (head, token) row.
    static func valueField(_ v: [Double], rows: Int, features d: Int, e2v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        for row in 0..<rows {
            var sum = 0.0
            for f in 0..<d { sum += v[row * d + f] * e2v[f] }
            out[row] = sum / Double(d)
        }
        return out
    }

    /// (Q_j·K_k + K_j·Q_k) / (2√d) for j ≠ k, written to both (j, k) and (k, j); 0 on the diagonal.
    private static func symmetrisedDot(_ q: UnsafePointer<Double>, _ k: UnsafePointer<Double>, tokens n: Int, features d: Int,
                                       into out: UnsafeMutablePointer<Double>) {
        let scale = 0.5 / Double(d).squareRoot()
        for a in 0..<n {
            out[a * n + a] = 0
            let qa = q + a * d, ka = k + a * d
            for b in (a + 1)..<n {
                let qb = q + b * d, kb = k + b * d
                var ab = 0.0, ba = 0.0
                for f in 0..<d { ab += qa[f] * kb[f]; ba += ka[f] * qb[f] }
                let value = (ab + ba) * scale
                out[a * n + b] = value
                out[b * n + a] = value
            }
        }
    }
}
