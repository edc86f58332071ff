import Foundation
import IsingCore

/// The v1 QAMA Hamiltonian (DESIGN.md, "The QAMA Hamiltonian", v1, the April 2025 draft) kept at token
/// level: the per-head coupling J[t] (N × N) and field h[t] instead of the H·N²·q² bit couplings the
/// expanded model holds. Memory O(H·N²).
///
/// Variables x[t, i, k] ∈ {0, 1}, index t·N·q + i·q + k; soft weights w[t, i] = Σ_k c_k x[t,i,k] with
/// c_k = 2^k/(2^q − 1); minimised energy
///
///     E(x) = −α Σ_t Σ_{i,j} J[t,i,j] w[t,i] w[t,j] − β Σ_t Σ_i h[t,i] w[t,i] + P Σ_{t<t'} Σ_i Σ_k x[t,i,k] x[t',i,k]
///
/// with P = γ/C(H,2) (0 when H = 1). The q bits of a token share one token-level field: in bits the
/// coupling is (J + Jᵀ) ⊗ c cᵀ, so with S = J + Jᵀ (kept, symmetric, S_ii = 2·J_ii exactly) and the
/// integer level u_i = Σ_k 2^k x[t,i,k] (w_i = u_i/D, D = 2^q − 1), the query–key sum is ½·uᵀSu/D² and
/// flipping bit k of token i (u_i moves by δ = ±2^k) changes the energy by
///
///     ΔE = −α·(δ·g_i + ½·S_ii·δ²)/D² − β·h_i·δ/D ± P·(n_{i,k} − x)
///
/// where g_i = Σ_j S_ij u_j (the token-level field, updated in O(N) per flip), n_{i,k} the number of
/// heads with bit (i, k) set, and the sign + when the bit turns on.
public struct StructuredQAMAV1Problem: Sendable {
    public let heads: Int
    public let tokens: Int
    /// q, 1…16.
    public let bits: Int
    /// S[t] = J[t] + J[t]ᵀ, [H, N, N] row-major.
    public let symmetricCoupling: [Double]
    /// h[t, i], [H, N], as it enters the energy.
    public let field: [Double]
    public let alpha: Double
    public let beta: Double
    public let gamma: Double

    /// - Parameters:
    ///   - coupling: J[t, i, j], [H, N, N] row-major (query token i, key token j), as it enters the energy
    ///     (standardised or not: whatever the formulation made of it).
    ///   - field: h[t, i], [H, N].
    public init(heads: Int, tokens: Int, bits: Int, coupling: [Double], field: [Double],
                alpha: Double = 1, beta: Double = 1, gamma: Double = 2) throws {
        guard heads >= 1, tokens >= 1 else {
            throw SolverFailure("a structured QAMA v1 problem needs H, N ≥ 1, got [\(heads), \(tokens)]")
        }
        guard (1...16).contains(bits) else { throw SolverFailure("bits must be between 1 and 16, not \(bits)") }
        guard coupling.count == heads * tokens * tokens else {
            throw SolverFailure("J must have H·N·N = \(heads * tokens * tokens) entries, got \(coupling.count)")
        }
        guard field.count == heads * tokens else {
            throw SolverFailure("the field must have H·N = \(heads * tokens) entries, got \(field.count)")
        }
        guard alpha.isFinite, beta.isFinite, gamma.isFinite, coupling.allSatisfy(\.isFinite), field.allSatisfy(\.isFinite) else {
            throw SolverFailure("a structured QAMA v1 problem needs finite J, h, α, β and γ")
        }
        self.heads = heads
        self.tokens = tokens
        self.bits = bits
        self.field = field
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        let n = tokens
        var s = [Double](repeating: 0, count: heads * n * n)
        coupling.withUnsafeBufferPointer { j in
            s.withUnsafeMutableBufferPointer { s in
                for t in 0..<heads {
                    let base = t * n * n
                    for a in 0..<n {
                        for b in a..<n {
                            let v = j[base + a * n + b] + j[base + b * n + a]
                            s[base + a * n + b] = v
                            s[base + b * n + a] = v
                        }
                    }
                }
            }
        }
        symmetricCoupling = s
    }

    /// H·N·q.
    public var variableCount: Int { heads * tokens * bits }

    /// D = 2^q − 1: the level that maps to weight 1.
    public var levelScale: Double { Double((1 << bits) - 1) }

    /// c_k = 2^k/(2^q − 1).
    public var bitWeights: [Double] { (0..<bits).map { Double(1 << $0) / levelScale } }

    /// P = γ/C(H,2), the weight of one bit two heads share; 0 with one head.
    public var penalty: Double { heads >= 2 ? gamma / Double(heads * (heads - 1) / 2) : 0 }

    /// Bytes held: S and h, O(H·N²).
    public var memoryBytes: Int { (symmetricCoupling.count + field.count) * 8 }

    /// The integer levels u[t, i] = Σ_k 2^k x[t,i,k], [H, N].
    func levels<C: RandomAccessCollection>(_ x: C) -> [Int] where C.Element == Int8, C.Index == Int {
        precondition(x.count == variableCount, "a state needs \(variableCount) bits")
        let base = x.startIndex
        return (0..<(heads * tokens)).map { slot in
            var u = 0
            for k in 0..<bits where x[base + slot * bits + k] != 0 { u |= 1 << k }
            return u
        }
    }

    /// The three terms of E(x) — query–key, value, head overlap — in Double, from scratch in O(H·N² + H·N·q).
    public func termEnergies<C: RandomAccessCollection>(_ x: C) -> (queryKey: Double, value: Double, headOverlap: Double)
    where C.Element == Int8, C.Index == Int {
        let u = levels(x), n = tokens, d = levelScale, base = x.startIndex
        var pairs = 0.0, value = 0.0
        symmetricCoupling.withUnsafeBufferPointer { s in
            for t in 0..<heads {
                for i in 0..<n where u[t * n + i] != 0 {
                    let row = s.baseAddress! + (t * n + i) * n
                    var g = 0.0
                    for j in 0..<n where u[t * n + j] != 0 { g += row[j] * Double(u[t * n + j]) }
                    pairs += Double(u[t * n + i]) * g
                    value += field[t * n + i] * Double(u[t * n + i])
                }
            }
        }
        var shared = 0
        let slots = n * bits
        for s in 0..<slots {
            var c = 0
            for t in 0..<heads where x[base + t * slots + s] != 0 { c += 1 }
            shared += c * (c - 1) / 2
        }
        return (-alpha * pairs / (2 * d * d), -beta * value / d, penalty * Double(shared))
    }

    /// E(x) for 0/1 bits in variable order, in Double, from scratch in O(H·N² + H·N·q).
    public func energy<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        let e = termEnergies(x)
        return e.queryKey + e.value + e.headOverlap
    }
}
