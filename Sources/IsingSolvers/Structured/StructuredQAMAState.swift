import Foundation
import IsingCore

/// A state x of a `StructuredQAMAProblem` with what makes a flip O(d): per head S_Q = Σ_k x_k Q_k and
/// S_K = Σ_k x_k K_k (Double, plus a Float copy for the annealer's dot product) and per token the number
/// of heads selecting it.
///
/// Flipping x[t, j] changes the energy by ΔE = (1 − 2x[t,j]) · ∂E/∂x[t,j] (E is multilinear: no J_t
/// diagonal, no t = t' penalty), with
///
///     ∂E/∂x[t,j] = −2α·φ[t,j] − β·N·h[t,j] + 2P·(c_j − x[t,j])
///     φ[t,j]     = Σ_{k≠j} J_t[j,k] x[t,k] = (Q_j·S_K + K_j·S_Q)/(2√d) − (Q_j·K_j/√d)·x[t,j]
///
/// The 2 in −2α: x[t,j] sits in both ordered pairs (j,k) and (k,j) of Σ_{j≠k}, and J_t is symmetric.
/// φ: Σ_k J_t[j,k] x_k over all k is (Q_j·Σ_k x_k K_k + K_j·Σ_k x_k Q_k)/(2√d); the k = j term it wrongly
/// includes is 2·Q_j·K_j/(2√d)·x_j. The 2P: x[t,j] sits in (t,t') and (t',t) for each other head t' selecting
/// j, and c_j − x[t,j] counts those heads (c_j = Σ_t' x[t',j]).
///
/// A reference type, as the annealer mutates it in place through pointers; not shared between threads.
public final class StructuredQAMAState {
    public let problem: StructuredQAMAProblem
    let heads: Int, tokens: Int, features: Int, padded: Int
    /// The bits, 0 or 1, in variable order t·N + j.
    let bits: UnsafeMutablePointer<Int8>
    /// c_j: heads selecting token j.
    let counts: UnsafeMutablePointer<Int32>
    /// [H, d] each, Double: the exact running sums.
    let sumQ: UnsafeMutablePointer<Double>
    let sumK: UnsafeMutablePointer<Double>
    /// [H, 2·padded]: S_K then S_Q in Float (aligned with a packed row's Q_j then K_j), rounded from the
    /// Double sums after every flip, so Float rounding never accumulates.
    let packedSums: UnsafeMutablePointer<Float>

    /// A state from 0/1 bits in variable order t·N + j (any nonzero entry counts as 1).
    public init<C: Collection>(problem: StructuredQAMAProblem, bits x: C) where C.Element == Int8 {
        precondition(x.count == problem.variableCount, "a state needs \(problem.variableCount) bits")
        self.problem = problem
        heads = problem.heads
        tokens = problem.tokens
        features = problem.features
        padded = problem.packed.paddedFeatures
        let n = problem.variableCount
        bits = .allocate(capacity: max(1, n))
        for (i, b) in x.enumerated() { bits[i] = b != 0 ? 1 : 0 }
        counts = .allocate(capacity: tokens)
        counts.initialize(repeating: 0, count: tokens)
        sumQ = .allocate(capacity: heads * features)
        sumQ.initialize(repeating: 0, count: heads * features)
        sumK = .allocate(capacity: heads * features)
        sumK.initialize(repeating: 0, count: heads * features)
        packedSums = .allocate(capacity: heads * 2 * padded)
        packedSums.initialize(repeating: 0, count: heads * 2 * padded)
        let d = features
        problem.query.withUnsafeBufferPointer { q in
            problem.key.withUnsafeBufferPointer { k in
                for t in 0..<heads {
                    for j in 0..<tokens where bits[t * tokens + j] != 0 {
                        let i = t * tokens + j
                        counts[j] += 1
                        for f in 0..<d {
                            sumQ[t * d + f] += q[i * d + f]
                            sumK[t * d + f] += k[i * d + f]
                        }
                    }
                    refreshPackedSums(head: t)
                }
            }
        }
    }

    deinit {
        bits.deallocate()
        counts.deallocate()
        sumQ.deallocate()
        sumK.deallocate()
        packedSums.deallocate()
    }

    /// The bits, 0/1, in variable order t·N + j.
    public var state: [Int8] { Array(UnsafeBufferPointer(start: bits, count: problem.variableCount)) }

    public func bit(head t: Int, token j: Int) -> Int8 { bits[t * tokens + j] }

    /// c_j, the number of heads selecting token j.
    public func headCount(token j: Int) -> Int { Int(counts[j]) }

    /// φ[t,j] = Σ_{k≠j} J_t[j,k] x[t,k], in Double from the exact sums.
    public func localField(head t: Int, token j: Int) -> Double {
        let i = t * tokens + j, d = features
        var dot = 0.0
        problem.query.withUnsafeBufferPointer { q in
            problem.key.withUnsafeBufferPointer { k in
                for f in 0..<d { dot += q[i * d + f] * sumK[t * d + f] + k[i * d + f] * sumQ[t * d + f] }
            }
        }
        return dot / (2 * Double(d).squareRoot()) - problem.packed.selfOverlap[i] * Double(bits[i])
    }

    /// ΔE of flipping x[t,j], in Double from the exact sums.
    public func flipDelta(head t: Int, token j: Int) -> Double {
        let i = t * tokens + j
        let x = Double(bits[i])
        let slope = -2 * problem.alpha * localField(head: t, token: j) + problem.packed.linear[i]
            + 2 * problem.penalty * (Double(counts[j]) - x)
        return (1 - 2 * x) * slope
    }

    /// ΔE of flipping x[t,j] as the annealer computes it: the same formula with Q_j·S_K + K_j·S_Q as a
    /// Float SIMD dot product over the packed row and sums.
    public func fastFlipDelta(head t: Int, token j: Int) -> Double {
        deltaKernel(alpha: problem.alpha, penalty: problem.penalty)(t, j)
    }

    /// The annealer's ΔE over this state's pointers (constants hoisted out of the loop).
    func deltaKernel(alpha: Double, penalty: Double) -> FlipDeltaKernel {
        FlipDeltaKernel(rows: problem.packed.rows, selfOverlap: problem.packed.selfOverlap, linear: problem.packed.linear,
                        bits: bits, counts: counts, sums: packedSums, length: 2 * padded, tokens: tokens,
                        crossScale: -alpha / Double(features).squareRoot(),  // −2α/(2√d)
                        twoAlpha: 2 * alpha, twoPenalty: 2 * penalty)
    }

    /// Flips x[t,j]: S_Q, S_K move by ±Q_j, ±K_j (O(d)), c_j by ±1.
    public func flip(head t: Int, token j: Int) {
        problem.query.withUnsafeBufferPointer { q in
            problem.key.withUnsafeBufferPointer { k in
                flip(head: t, token: j, query: q.baseAddress!, key: k.baseAddress!)
            }
        }
    }

    @inline(__always)
    func flip(head t: Int, token j: Int, query q: UnsafePointer<Double>, key k: UnsafePointer<Double>) {
        let i = t * tokens + j, d = features
        let up = bits[i] == 0
        bits[i] = up ? 1 : 0
        counts[j] += up ? 1 : -1
        let sign: Double = up ? 1 : -1
        let sq = sumQ + t * d, sk = sumK + t * d, row = i * d
        let packedK = packedSums + t * 2 * padded, packedQ = packedK + padded
        for f in 0..<d {
            sk[f] += sign * k[row + f]
            sq[f] += sign * q[row + f]
            packedK[f] = Float(sk[f])
            packedQ[f] = Float(sq[f])
        }
    }

    private func refreshPackedSums(head t: Int) {
        let d = features, packedK = packedSums + t * 2 * padded, packedQ = packedK + padded
        for f in 0..<d {
            packedK[f] = Float(sumK[t * d + f])
            packedQ[f] = Float(sumQ[t * d + f])
        }
    }

    /// E(x) from the running sums in O(H·(N + d)), in Double.
    public var energy: Double {
        let d = features
        var queryKey = 0.0, value = 0.0
        for t in 0..<heads {
            var cross = 0.0
            for f in 0..<d { cross += sumQ[t * d + f] * sumK[t * d + f] }
            var diagonal = 0.0
            for j in 0..<tokens where bits[t * tokens + j] != 0 {
                diagonal += problem.packed.selfOverlap[t * tokens + j]
                value += problem.packed.linear[t * tokens + j]
            }
            queryKey += cross / Double(d).squareRoot() - diagonal
        }
        var overlaps = 0
        for j in 0..<tokens { overlaps += Int(counts[j]) * Int(counts[j] - 1) }
        return -problem.alpha * queryKey + value + problem.penalty * Double(overlaps)
    }
}

/// ΔE of a flip as the annealer computes it (see `StructuredQAMAState`): the slope
/// −α·(Q_j·S_K + K_j·S_Q)/√d + 2α·(Q_j·K_j/√d)·x − β·N·h + 2P·(c_j − x), with the dot product in Float SIMD.
struct FlipDeltaKernel {
    let rows: UnsafePointer<Float>
    let selfOverlap: UnsafePointer<Double>
    let linear: UnsafePointer<Double>
    let bits: UnsafePointer<Int8>
    let counts: UnsafePointer<Int32>
    let sums: UnsafePointer<Float>
    let length: Int
    let tokens: Int
    let crossScale: Double
    let twoAlpha: Double
    let twoPenalty: Double

    @inline(__always)
    func callAsFunction(_ t: Int, _ j: Int) -> Double {
        let i = t * tokens + j
        let x = Double(bits[i])
        let dot = Double(PackedQAMARows.dot(rows + i * length, sums + t * length, length: length))
        let slope = crossScale * dot + twoAlpha * selfOverlap[i] * x + linear[i] + twoPenalty * (Double(counts[j]) - x)
        return x == 0 ? slope : -slope
    }
}
