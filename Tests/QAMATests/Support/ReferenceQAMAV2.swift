import Foundation

/// An independent, deliberately plain implementation of DESIGN.md's v2 formulas, used as the oracle: nested
/// loops straight from the definitions, every double sum over ordered pairs as written there.
struct ReferenceQAMAV2 {
    let heads: Int, tokens: Int, features: Int
    let alpha: Double, beta: Double, gamma: Double
    let e2v: [Double]
    /// [t][j][k]
    var coupling: [[[Double]]] = []
    /// [t][j]
    var field: [[Double]] = []

    init(q: [Double], k: [Double], v: [Double], heads: Int, tokens: Int, features: Int, e2v: [Double]? = nil,
         alpha: Double, beta: Double, gamma: Double) {
        self.heads = heads; self.tokens = tokens; self.features = features
        self.alpha = alpha; self.beta = beta; self.gamma = gamma
        let e2v = e2v ?? [Double](repeating: 1, count: features)
        self.e2v = e2v
        func at(_ x: [Double], _ t: Int, _ j: Int, _ f: Int) -> Double { x[(t * tokens + j) * features + f] }
        for t in 0..<heads {
            var jt = [[Double]](repeating: [Double](repeating: 0, count: tokens), count: tokens)
            for a in 0..<tokens {
                for b in 0..<tokens where a != b {
                    var qk = 0.0, kq = 0.0
                    for f in 0..<features { qk += at(q, t, a, f) * at(k, t, b, f); kq += at(k, t, a, f) * at(q, t, b, f) }
                    jt[a][b] = (qk + kq) / (2 * sqrt(Double(features)))
                }
            }
            coupling.append(jt)
            field.append((0..<tokens).map { j in (0..<features).map { at(v, t, j, $0) * e2v[$0] }.reduce(0, +) / Double(features) })
        }
    }

    var variableCount: Int { heads * tokens }

    func bit(_ x: [Int8], _ t: Int, _ j: Int) -> Double { Double(x[t * tokens + j]) }

    var penalty: Double { heads >= 2 ? gamma / 2 * sqrt(2 / Double.pi) * Double(tokens) / Double(heads - 1) : 0 }

    /// (query–key, value, head overlap) at a 0/1 state.
    func terms(_ x: [Int8]) -> (queryKey: Double, value: Double, overlap: Double) {
        var qk = 0.0, value = 0.0, overlap = 0.0
        for t in 0..<heads {
            for j in 0..<tokens {
                for k in 0..<tokens where k != j { qk -= alpha * coupling[t][j][k] * bit(x, t, j) * bit(x, t, k) }
                value -= beta * Double(tokens) * field[t][j] * bit(x, t, j)
            }
        }
        for j in 0..<tokens {
            for t in 0..<heads { for u in 0..<heads where u != t { overlap += penalty * bit(x, t, j) * bit(x, u, j) } }
        }
        return (qk, value, overlap)
    }

    func energy(_ x: [Int8]) -> Double {
        let e = terms(x)
        return e.queryKey + e.value + e.overlap
    }

    /// out[t, j, f] = −(Σ_k J x x + h x) · e2v[f], [H, N, d] flat.
    func output(_ x: [Int8]) -> [Double] {
        var out: [Double] = []
        for t in 0..<heads {
            for j in 0..<tokens {
                var hs = 0.0
                for k in 0..<tokens { hs += coupling[t][j][k] * bit(x, t, j) * bit(x, t, k) }
                hs += field[t][j] * bit(x, t, j)
                for f in 0..<features { out.append(-hs * e2v[f]) }
            }
        }
        return out
    }
}
