import Foundation
import IsingCore

/// The per-head coefficients of the QAMA Hamiltonian before they are spread over bits:
/// the coupling J[t, i, j] (as used: standardised off the diagonal when `normalize`), the value field
/// h[t, i] (standardised when `normalize`), and the raw value entropy (for `output`).
public struct QAMAV1Coefficients: Sendable {
    /// [H, N, N] row-major: J[t, i, j] couples query token i with key token j.
    public let coupling: [Double]
    /// [H, N]: h[t, i] as it enters the energy.
    public let field: [Double]
    /// [H, N]: the unstandardised entropy of each value row.
    public let rawEntropy: [Double]

    /// Heads are independent, so they are computed in parallel; each head's numbers are the same for
    /// any thread count.
    init(query: NDArray, key: NDArray, value: NDArray, shape: HeadShape, valueFeatures: Int,
         coupling kind: QAMACoupling, normalize: Bool) {
        let (heads, n, d, dv) = (shape.heads, shape.tokens, shape.features, valueFeatures)
        var coupling = [Double](repeating: 0, count: heads * n * n)
        var field = [Double](repeating: 0, count: heads * n)
        var raw = [Double](repeating: 0, count: heads * n)
        coupling.withUnsafeMutableBufferPointer { jOut in
            field.withUnsafeMutableBufferPointer { hOut in
                raw.withUnsafeMutableBufferPointer { rawOut in
                    let j = DisjointWrites(base: jOut.baseAddress!)
                    let h = DisjointWrites(base: hOut.baseAddress!)
                    let r = DisjointWrites(base: rawOut.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: heads) { t in
                        let jHead = UnsafeMutableBufferPointer(start: j.base + t * n * n, count: n * n)
                        query.storage.withUnsafeBufferPointer { q in
                            key.storage.withUnsafeBufferPointer { k in
                                let qHead = q.baseAddress! + t * n * d, kHead = k.baseAddress! + t * n * d
                                switch kind {
                                case .js: Self.jensenShannon(qHead, kHead, tokens: n, features: d, into: jHead)
                                case .dot: Self.scaledDot(qHead, kHead, tokens: n, features: d, into: jHead)
                                }
                            }
                        }
                        let hHead = UnsafeMutableBufferPointer(start: h.base + t * n, count: n)
                        value.storage.withUnsafeBufferPointer { v in
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: dv)
                            defer { scratch.deallocate() }
                            for i in 0..<n {
                                hHead[i] = ValueEntropy.distribution(v.baseAddress! + (t * n + i) * dv, count: dv, into: scratch)
                                r.base[t * n + i] = hHead[i]
                            }
                        }
                        if normalize {
                            standardise(jHead) { $0 / n != $0 % n }  // off-diagonal only
                            standardise(hHead) { _ in true }
                        }
                    }
                }
            }
        }
        self.coupling = coupling
        self.field = field
        self.rawEntropy = raw
    }

    /// JS(i, j) = ½ Σ p log2((p + ε)/(m + ε)) + ½ Σ r log2((r + ε)/(m + ε)), p = softmax(Q_i),
    /// r = softmax(K_j), m = (p + r)/2. log2(p + ε) and log2(r + ε) are computed once per row, so each
    /// pair costs one log per feature.
    private static func jensenShannon(_ q: UnsafePointer<Double>, _ k: UnsafePointer<Double>, tokens n: Int,
                                      features d: Int, into out: UnsafeMutableBufferPointer<Double>) {
        let eps = ValueEntropy.epsilon
        let p = UnsafeMutablePointer<Double>.allocate(capacity: n * d), r = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
        let lp = UnsafeMutablePointer<Double>.allocate(capacity: n * d), lr = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
        defer { p.deallocate(); r.deallocate(); lp.deallocate(); lr.deallocate() }
        for i in 0..<n {
            softmax(q + i * d, count: d, into: p + i * d)
            softmax(k + i * d, count: d, into: r + i * d)
        }
        for f in 0..<(n * d) { lp[f] = log2(p[f] + eps); lr[f] = log2(r[f] + eps) }
        for i in 0..<n {
            let pi = p + i * d, lpi = lp + i * d
            for j in 0..<n {
                let rj = r + j * d, lrj = lr + j * d
                var sum = 0.0
                for f in 0..<d {
                    let lm = log2((pi[f] + rj[f]) * 0.5 + eps)
                    sum += pi[f] * (lpi[f] - lm) + rj[f] * (lrj[f] - lm)
                }
                out[i * n + j] = 0.5 * sum
            }
        }
    }

    /// Q_i · K_j / √d.
    private static func scaledDot(_ q: UnsafePointer<Double>, _ k: UnsafePointer<Double>, tokens n: Int,
                                  features d: Int, into out: UnsafeMutableBufferPointer<Double>) {
        let scale = 1 / Double(d).squareRoot()
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for f in 0..<d { sum += q[i * d + f] * k[j * d + f] }
                out[i * n + j] = sum * scale
            }
        }
    }
}
