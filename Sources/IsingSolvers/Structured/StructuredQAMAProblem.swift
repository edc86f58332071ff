import Foundation
import IsingCore

/// The v2 QAMA Hamiltonian (DESIGN.md, "The QAMA Hamiltonian", v2) kept in its low-rank form: Q and K of
/// shape [H, N, d] and the reduced value field h[H, N] instead of H·N² couplings. Memory O(H·N·d).
///
/// Variables x[t, j] ∈ {0, 1}, index t·N + j; minimised energy
///
///     E(x) = − α Σ_t Σ_{j≠k} J_t[j,k] x[t,j] x[t,k]  − β·N Σ_t Σ_j h[t,j] x[t,j]  + P Σ_j Σ_{t≠t'} x[t,j] x[t',j]
///
/// with J_t = (Q_t K_tᵀ + K_t Q_tᵀ)/(2√d) off the diagonal (0 on it) and P = (γ/2)·√(2/π)·N/(H−1)
/// (0 when H = 1). J is never formed: per head, Σ_{j≠k} J[j,k] x_j x_k = (S_Q·S_K − Σ_j x_j Q_j·K_j)/√d
/// with S_Q = Σ_k x_k Q_k and S_K = Σ_k x_k K_k (the full double sum is 2·S_Q·S_K/(2√d); the diagonal
/// j = k contributes 2·Q_j·K_j/(2√d) per selected token and is taken out).
///
/// Precision: Q, K, h and every energy are Double (energies match a model expanded from the same arrays
/// to ~1e-12 relative). The annealer's inner loop reads a Float copy of Q and K (`PackedQAMARows`), so its
/// Metropolis decisions see ΔE with a relative error of about 1e-6 of the field's scale; the energies
/// it reports and records are always recomputed in Double.
public struct StructuredQAMAProblem: Sendable {
    /// H, N, d.
    public let heads: Int
    public let tokens: Int
    public let features: Int
    /// Row-major [H, N, d].
    public let query: [Double]
    public let key: [Double]
    /// The value field h[t, j] (already reduced: mean over d of V ⊙ e2v), row-major [H, N].
    public let valueField: [Double]
    public let alpha: Double
    public let beta: Double
    public let gamma: Double

    /// The annealer's per-variable constants (Float rows of Q and K, Q_j·K_j/√d, −β·N·h), built once.
    let packed: PackedQAMARows

    public init(heads: Int, tokens: Int, features: Int, query: [Double], key: [Double], valueField: [Double],
                alpha: Double = 1, beta: Double = 0.16, gamma: Double = 0.8) throws {
        guard heads >= 1, tokens >= 1, features >= 1 else {
            throw SolverFailure("a structured QAMA problem needs H, N, d ≥ 1, got [\(heads), \(tokens), \(features)]")
        }
        let count = heads * tokens * features
        guard query.count == count, key.count == count else {
            throw SolverFailure("Q and K must have H·N·d = \(count) entries, got \(query.count) and \(key.count)")
        }
        guard valueField.count == heads * tokens else {
            throw SolverFailure("the value field must have H·N = \(heads * tokens) entries, got \(valueField.count)")
        }
        guard alpha.isFinite, beta.isFinite, gamma.isFinite,
              query.allSatisfy(\.isFinite), key.allSatisfy(\.isFinite), valueField.allSatisfy(\.isFinite) else {
            throw SolverFailure("a structured QAMA problem needs finite Q, K, h, α, β and γ")
        }
        try Self.checkScale(heads: heads, tokens: tokens, features: features, query: query, key: key, valueField: valueField,
                            alpha: alpha, beta: beta, gamma: gamma)
        self.heads = heads
        self.tokens = tokens
        self.features = features
        self.query = query
        self.key = key
        self.valueField = valueField
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        packed = PackedQAMARows(heads: heads, tokens: tokens, features: features, query: query, key: key,
                                valueField: valueField, beta: beta)
    }

    /// Derived values must stay finite: the energy's scale (`EnergyScale`, in Double: per head α·‖Q‖₁·‖K‖₁/√d
    /// bounds Σ|J|, then β·N·Σ|h| and the overlap penalty's P·N·H·(H−1)), and the annealer's Float dot
    /// products (S_Q·K_j up to N·d·max|Q|·max|K|).
    private static func checkScale(heads: Int, tokens: Int, features: Int, query: [Double], key: [Double], valueField: [Double],
                                   alpha: Double, beta: Double, gamma: Double) throws {
        let block = tokens * features
        var queryKey = 0.0, maxQ = 0.0, maxK = 0.0
        for t in 0..<heads {
            var q = 0.0, k = 0.0
            for f in (t * block)..<((t + 1) * block) {
                q += abs(query[f])
                k += abs(key[f])
                maxQ = max(maxQ, abs(query[f]))
                maxK = max(maxK, abs(key[f]))
            }
            queryKey += abs(alpha) * q * k / Double(features).squareRoot()
        }
        let maxH = valueField.reduce(0) { max($0, abs($1)) }
        let value = abs(beta) * Double(tokens) * valueField.reduce(0) { $0 + abs($1) }
        let h = Double(heads), n = Double(tokens)
        let overlap = heads >= 2 ? abs(gamma) / 2 * (2 / Double.pi).squareRoot() * n / (h - 1) * n * h * (h - 1) : 0
        let magnitude = queryKey + value + overlap
        /// The input behind the largest of the three terms: a coefficient, or the largest entry of Q, K or h.
        func entry(_ array: [Double], _ name: String, _ size: Int) -> (name: String, value: Double) {
            let i = array.indices.max { abs(array[$0]) < abs(array[$1]) } ?? 0
            return size == block ? ("\(name)[\(i / block), \(i % block / features), \(i % features)]", array[i])
                : ("\(name)[\(i / tokens), \(i % tokens)]", array[i])
        }
        func largestQK() -> (name: String, value: Double) { maxQ >= maxK ? entry(query, "Q", block) : entry(key, "K", block) }
        func largest() -> (name: String, value: Double) {
            if !(queryKey < max(value, overlap)) { return abs(alpha) >= maxQ * maxK ? ("α", alpha) : largestQK() }
            if !(value < overlap) { return abs(beta) >= maxH ? ("β", beta) : entry(valueField, "h", tokens) }
            return ("γ", gamma)
        }
        try EnergyScale.check(magnitude, largest: largest)
        try EnergyScale.checkSinglePrecision(n * Double(features) * maxQ * maxK, "N·d·max|Q|·max|K|", largest: largestQK)
    }

    /// H·N: one bit per head and token.
    public var variableCount: Int { heads * tokens }

    /// P = (γ/2)·√(2/π)·N/(H−1), the head-overlap weight; 0 when H = 1.
    public var penalty: Double {
        heads >= 2 ? gamma / 2 * (2 / Double.pi).squareRoot() * Double(tokens) / Double(heads - 1) : 0
    }

    /// Bytes held (Double Q, K, h, the Float rows and per-variable constants): O(H·N·d).
    public var memoryBytes: Int {
        (query.count + key.count + valueField.count + 2 * variableCount) * 8 + variableCount * 2 * packed.paddedFeatures * 4
    }

    /// E(x) for 0/1 bits in variable order t·N + j, in Double, from scratch in O(H·N·d).
    public func energy<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        let e = termEnergies(x)
        return e.queryKey + e.value + e.headOverlap
    }

    /// The three terms of E(x) — query–key −α·Σ_t Σ_{j≠k} J x x, value −β·N·Σ h x, head overlap P·Σ_j c_j(c_j − 1) —
    /// in Double, from scratch in O(H·N·d).
    public func termEnergies<C: RandomAccessCollection>(_ x: C) -> (queryKey: Double, value: Double, headOverlap: Double)
    where C.Element == Int8, C.Index == Int {
        precondition(x.count == variableCount, "a state needs \(variableCount) bits")
        let d = features, base = x.startIndex
        var sumQ = [Double](repeating: 0, count: d), sumK = [Double](repeating: 0, count: d)
        var queryKey = 0.0, value = 0.0
        var counts = [Int](repeating: 0, count: tokens)
        for t in 0..<heads {
            for f in 0..<d { sumQ[f] = 0; sumK[f] = 0 }
            var diagonal = 0.0
            for j in 0..<tokens where x[base + t * tokens + j] != 0 {
                let i = t * tokens + j
                for f in 0..<d { sumQ[f] += query[i * d + f]; sumK[f] += key[i * d + f] }
                diagonal += packed.selfOverlap[i]
                value += packed.linear[i]
                counts[j] += 1
            }
            var cross = 0.0
            for f in 0..<d { cross += sumQ[f] * sumK[f] }
            queryKey += cross / Double(d).squareRoot() - diagonal
        }
        var overlaps = 0
        for c in counts { overlaps += c * (c - 1) }
        return (-alpha * queryKey, value, penalty * Double(overlaps))
    }

    /// The paper's per-token energy Hs[t, j] = −(Σ_{k≠j} J_t[j,k] x[t,k] + h[t,j]) for selected tokens, 0 for the
    /// others ([H, N], no α, β, N or penalty factor; DESIGN.md, v2 decoding), in O(H·N·d) from S_Q, S_K.
    /// `field` replaces h (the value field of another V); the problem's own when nil.
    public func tokenEnergies<C: RandomAccessCollection>(_ x: C, field: [Double]? = nil) -> [Double]
    where C.Element == Int8, C.Index == Int {
        precondition(x.count == variableCount, "a state needs \(variableCount) bits")
        let state = StructuredQAMAState(problem: self, bits: x)
        let h = field ?? valueField
        var out = [Double](repeating: 0, count: variableCount)
        for t in 0..<heads {
            for j in 0..<tokens where state.bit(head: t, token: j) != 0 {
                out[t * tokens + j] = -(state.localField(head: t, token: j) + h[t * tokens + j])
            }
        }
        return out
    }
}
