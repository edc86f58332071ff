import Foundation
import IsingCore
import QAMA

/// An independent, deliberately plain implementation of DESIGN.md's QAMA formulas, used as the oracle:
/// nested loops, no precomputation, energy straight from the definition over soft weights.
struct ReferenceQAMA {
    let heads: Int, tokens: Int, features: Int, bits: Int
    let alpha: Double, beta: Double, gamma: Double
    /// [t][i][j]
    var coupling: [[[Double]]] = []
    /// [t][i]
    var field: [[Double]] = []

    init(q: [Double], k: [Double], v: [Double], heads: Int, tokens: Int, features: Int, bits: Int,
         alpha: Double, beta: Double, gamma: Double, dot: Bool, normalize: Bool) {
        self.heads = heads; self.tokens = tokens; self.features = features; self.bits = bits
        self.alpha = alpha; self.beta = beta; self.gamma = gamma
        let eps = 1e-6
        func row(_ x: [Double], _ t: Int, _ i: Int) -> [Double] {
            (0..<features).map { x[(t * tokens + i) * features + $0] }
        }
        func softmax(_ x: [Double]) -> [Double] {
            let m = x.max()!
            let e = x.map { exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        for t in 0..<heads {
            var j = [[Double]](repeating: [Double](repeating: 0, count: tokens), count: tokens)
            for a in 0..<tokens {
                for b in 0..<tokens {
                    let qa = row(q, t, a), kb = row(k, t, b)
                    if dot {
                        j[a][b] = zip(qa, kb).map(*).reduce(0, +) / sqrt(Double(features))
                    } else {
                        let p = softmax(qa), r = softmax(kb)
                        var js = 0.0
                        for f in 0..<features {
                            let m = (p[f] + r[f]) / 2
                            js += 0.5 * p[f] * log2((p[f] + eps) / (m + eps))
                            js += 0.5 * r[f] * log2((r[f] + eps) / (m + eps))
                        }
                        j[a][b] = js
                    }
                }
            }
            var h = (0..<tokens).map { i -> Double in
                let vi = row(v, t, i)
                let s = vi.reduce(0, +) + eps
                return -vi.map { min(max($0 / s, eps), 1) }.map { $0 * log2($0) }.reduce(0, +)
            }
            if normalize {
                var off: [Double] = []
                for a in 0..<tokens { for b in 0..<tokens where a != b { off.append(j[a][b]) } }
                let mean = off.reduce(0, +) / Double(off.count)
                let variance = off.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(off.count)
                for a in 0..<tokens { for b in 0..<tokens where a != b { j[a][b] = (j[a][b] - mean) / sqrt(variance + 1e-5) } }
                let hm = h.reduce(0, +) / Double(tokens)
                let hv = h.map { ($0 - hm) * ($0 - hm) }.reduce(0, +) / Double(tokens)
                h = h.map { ($0 - hm) / sqrt(hv + 1e-5) }
            }
            coupling.append(j)
            field.append(h)
        }
    }

    var variableCount: Int { heads * tokens * bits }

    /// x[t, i, k] from a 0/1 state in the order t·N·q + i·q + k.
    func bit(_ x: [Int8], _ t: Int, _ i: Int, _ k: Int) -> Double { Double(x[(t * tokens + i) * bits + k]) }

    func weight(_ x: [Int8], _ t: Int, _ i: Int) -> Double {
        (0..<bits).map { bit(x, t, i, $0) * pow(2, Double($0)) }.reduce(0, +) / (pow(2, Double(bits)) - 1)
    }

    func energy(_ x: [Int8]) -> Double {
        var e = 0.0
        for t in 0..<heads {
            for i in 0..<tokens {
                for j in 0..<tokens { e -= alpha * coupling[t][i][j] * weight(x, t, i) * weight(x, t, j) }
                e -= beta * field[t][i] * weight(x, t, i)
            }
        }
        if heads >= 2 {
            let pairs = Double(heads * (heads - 1) / 2)
            for t in 0..<heads { for u in (t + 1)..<heads {
                for i in 0..<tokens { for k in 0..<bits { e += gamma / pairs * bit(x, t, i, k) * bit(x, u, i, k) } }
            } }
        }
        return e
    }

    /// Every 0/1 state of `n` variables, state s having bit v = (s >> v) & 1.
    static func states(_ n: Int) -> [[Int8]] {
        (0..<(1 << n)).map { s in (0..<n).map { Int8((s >> $0) & 1) } }
    }
}

/// Reproducible small inputs.
enum TinyInputs {
    /// Gaussian Q and K, uniform positive V (so the value field is a real distribution), [H, N, d].
    static func make(heads: Int, tokens: Int, features: Int, seed: UInt64) -> (q: NDArray, k: NDArray, v: NDArray) {
        var rng = SeededRandom(seed: seed)
        let count = heads * tokens * features, shape = [heads, tokens, features]
        let q = (0..<count).map { _ in rng.nextGaussian() }
        let k = (0..<count).map { _ in rng.nextGaussian() }
        let v = (0..<count).map { _ in rng.nextUnit() }
        return (NDArray(shape: shape, storage: q), NDArray(shape: shape, storage: k), NDArray(shape: shape, storage: v))
    }
}
