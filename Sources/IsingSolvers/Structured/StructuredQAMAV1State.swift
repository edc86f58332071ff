import Foundation
import IsingCore

/// A state x of a `StructuredQAMAV1Problem` with what makes an attempt O(1) and a flip O(N): per token its
/// level u[t,i] and token-level field g[t,i] = Σ_j S[t,i,j]·u[t,j], and per (token, bit) slot the number
/// of heads that set it. See `StructuredQAMAV1Problem` for ΔE.
///
/// A reference type, as the annealer mutates it in place through pointers; not shared between threads.
public final class StructuredQAMAV1State {
    public let problem: StructuredQAMAV1Problem
    let heads: Int, tokens: Int, bits: Int
    /// 0/1 in variable order t·N·q + i·q + k.
    let x: UnsafeMutablePointer<Int8>
    /// u[t, i].
    let level: UnsafeMutablePointer<Int32>
    /// g[t, i], in level units (not divided by D).
    let g: UnsafeMutablePointer<Double>
    /// n[i·q + k]: heads with bit (i, k) set.
    let shared: UnsafeMutablePointer<Int32>
    /// The ΔE factors: −α/D², −α/(2D²)·S_ii (per token), −β·h/D (per token), P.
    let quadraticScale: Double
    let selfTerm: UnsafeMutablePointer<Double>
    let linear: UnsafeMutablePointer<Double>
    let penalty: Double

    public init<C: Collection>(problem: StructuredQAMAV1Problem, bits values: C) where C.Element == Int8 {
        precondition(values.count == problem.variableCount, "a state needs \(problem.variableCount) bits")
        self.problem = problem
        heads = problem.heads
        tokens = problem.tokens
        bits = problem.bits
        let n = problem.variableCount, slots = heads * tokens
        x = .allocate(capacity: max(1, n))
        for (i, b) in values.enumerated() { x[i] = b != 0 ? 1 : 0 }
        level = .allocate(capacity: slots)
        g = .allocate(capacity: slots)
        g.initialize(repeating: 0, count: slots)
        shared = .allocate(capacity: tokens * bits)
        shared.initialize(repeating: 0, count: tokens * bits)
        selfTerm = .allocate(capacity: slots)
        linear = .allocate(capacity: slots)
        let d = problem.levelScale
        quadraticScale = -problem.alpha / (d * d)
        penalty = problem.penalty
        for slot in 0..<slots {
            var u: Int32 = 0
            for k in 0..<bits where x[slot * bits + k] != 0 {
                u |= 1 << k
                shared[(slot % tokens) * bits + k] += 1
            }
            level[slot] = u
            linear[slot] = -problem.beta * problem.field[slot] / d
        }
        problem.symmetricCoupling.withUnsafeBufferPointer { s in
            for t in 0..<heads {
                for i in 0..<tokens {
                    let row = s.baseAddress! + (t * tokens + i) * tokens
                    selfTerm[t * tokens + i] = quadraticScale * row[i] / 2
                    var sum = 0.0
                    for j in 0..<tokens where level[t * tokens + j] != 0 { sum += row[j] * Double(level[t * tokens + j]) }
                    g[t * tokens + i] = sum
                }
            }
        }
    }

    deinit {
        x.deallocate()
        level.deallocate()
        g.deallocate()
        shared.deallocate()
        selfTerm.deallocate()
        linear.deallocate()
    }

    /// The bits, 0/1, in variable order.
    public var state: [Int8] { Array(UnsafeBufferPointer(start: x, count: problem.variableCount)) }

    /// u[t, i] = Σ_k 2^k x[t,i,k].
    public func level(head t: Int, token i: Int) -> Int { Int(level[t * tokens + i]) }

    /// The token-level field φ[t,i] = Σ_j (J[t,i,j] + J[t,j,i])·w[t,j] (every j, the diagonal included): what
    /// each of token i's bits sees, times its c_k.
    public func tokenField(head t: Int, token i: Int) -> Double { g[t * tokens + i] / problem.levelScale }

    /// n_{i,k}: heads with bit (i, k) set.
    public func sharedCount(token i: Int, bit k: Int) -> Int { Int(shared[i * bits + k]) }

    /// ΔE of flipping x[t, i, k].
    @inline(__always)
    public func flipDelta(head t: Int, token i: Int, bit k: Int) -> Double {
        let slot = t * tokens + i
        let on = x[slot * bits + k] == 0
        let delta = Double(on ? (1 << k) : -(1 << k))
        let overlap = Double(shared[i * bits + k]) - (on ? 0 : 1)
        return quadraticScale * delta * g[slot] + selfTerm[slot] * delta * delta + linear[slot] * delta
            + (on ? penalty : -penalty) * overlap
    }

    /// Flips x[t, i, k]: u moves by ±2^k, g[t, j] by ±2^k·S[t, j, i] for every j (O(N)), n_{i,k} by ±1.
    public func flip(head t: Int, token i: Int, bit k: Int) {
        problem.symmetricCoupling.withUnsafeBufferPointer { s in flip(head: t, token: i, bit: k, coupling: s.baseAddress!) }
    }

    /// `flip` with S's storage given (the annealer holds it for the whole run).
    @inline(__always)
    func flip(head t: Int, token i: Int, bit k: Int, coupling s: UnsafePointer<Double>) {
        let slot = t * tokens + i
        let on = x[slot * bits + k] == 0
        x[slot * bits + k] = on ? 1 : 0
        level[slot] += on ? Int32(1 << k) : -Int32(1 << k)
        shared[i * bits + k] += on ? 1 : -1
        let delta = Double(on ? (1 << k) : -(1 << k))
        let row = s + slot * tokens  // S is symmetric: column i is row i
        let field = g + t * tokens
        for j in 0..<tokens { field[j] += delta * row[j] }
    }

    /// E(x) from the running fields in O(H·N + N·q), in Double.
    public var energy: Double {
        var pairs = 0.0, value = 0.0
        for slot in 0..<(heads * tokens) where level[slot] != 0 {
            pairs += Double(level[slot]) * g[slot]
            value += linear[slot] * Double(level[slot])
        }
        var overlaps = 0
        for s in 0..<(tokens * bits) { overlaps += Int(shared[s]) * Int(shared[s] - 1) / 2 }
        return quadraticScale * pairs / 2 + value + penalty * Double(overlaps)
    }
}
