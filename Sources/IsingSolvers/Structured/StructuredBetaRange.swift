import Foundation
import IsingCore

extension StructuredSimulatedAnnealing {
    /// Partners per token sampled for the default β range when N − 1 exceeds it.
    public static let betaRangePartners = 64
    /// Order statistic used to extrapolate the smallest coupling from the sample.
    static let smallestSampled = 16

    /// The default (hot, cold) β range, in the spirit of `SimulatedAnnealing.defaultBetaRange` (dwave-samplers'
    /// rule) applied to the Ising form of the model, without forming J. In spins s = 2x − 1 the model has
    /// couplings −(α/2)·J_t[j,k] within a head and P/2 across heads for a token, and fields
    /// h_s[t,j] = −β·N·h[t,j]/2 − (α/2)·Σ_{k≠j} J_t[j,k] + (H−1)·P/2, the last sum exact in O(d) from Σ_k Q_k, Σ_k K_k.
    ///
    /// - β_hot = ln 2 / (2·max_i (|h_s,i| + Σ_j |J_s,ij|)). Σ_{k≠j} |J_t[j,k]| is exact when N − 1 ≤
    ///   `betaRangePartners`; otherwise it is (N − 1)/m times the sum over the m tokens ⌊s·N/m⌋ (s < m, j itself
    ///   skipped), an unbiased estimate at O(H·N·m·d) instead of O(H·N²·d).
    /// - β_cold = ln(g/0.01)/(2·m_min), m_min the smallest nonzero |bias|. Exact (with g the number of spins
    ///   whose own smallest bias is m_min) when all partners are visited. Otherwise the smallest coupling
    ///   over all M = H·N(N−1)/2 pairs is extrapolated from the sample: with x₍ₖ₎ the k-th smallest of the
    ///   S sampled |J_s| (k = 16), the density of |J_s| at 0 is about k/(S·x₍ₖ₎), so the expected minimum of
    ///   M draws is x₍ₖ₎·S/(k·M); that pair's two spins make g = 2. Fields and P/2 are exact.
    public static func defaultBetaRange(for problem: StructuredQAMAProblem, threads: Int = 1,
                                        control: SolveControl = .none) throws -> (hot: Double, cold: Double) {
        let heads = problem.heads, tokens = problem.tokens
        let exact = tokens - 1 <= betaRangePartners
        let perHead = try ParallelTasks.map(count: heads, threads: threads) { t in
            try headBiases(problem, head: t, exact: exact, control: control)
        }
        var maxField = 0.0
        var ownMins: [Double] = []  // per spin, its smallest nonzero |bias| (exact) or smallest field / P/2
        var sampled: [Double] = [], sampleCount = 0
        for head in perHead {
            maxField = max(maxField, head.maxField)
            ownMins += head.ownMins
            sampled += head.smallest
            sampleCount += head.sampleCount
        }
        var minGap = ownMins.min() ?? .infinity
        var gaps = Double(ownMins.count { $0 == minGap })
        if !exact {
            sampled.sort()
            let k = min(smallestSampled, sampled.count)
            if k > 0 {
                let pairs = Double(heads) * Double(tokens) * Double(tokens - 1) / 2
                let estimate = sampled[k - 1] * Double(sampleCount) / (Double(k) * pairs)
                if estimate < minGap { minGap = estimate; gaps = 2 }
            }
        }
        guard minGap.isFinite else { return (0.1, 1) }
        let hot = maxField == 0 ? 1 : log(2) / (2 * maxField)
        return (hot, log(gaps / 0.01) / (2 * minGap))
    }

    private struct HeadBiases: Sendable {
        var maxField = 0.0
        var ownMins: [Double] = []
        /// Sampled case: the `smallestSampled` smallest nonzero |J_s| seen, and how many were seen.
        var smallest: [Double] = []
        var sampleCount = 0
    }

    private static func headBiases(_ problem: StructuredQAMAProblem, head t: Int, exact: Bool,
                                   control: SolveControl) throws -> HeadBiases {
        let tokens = problem.tokens, d = problem.features, heads = problem.heads
        let halfAlpha = abs(problem.alpha) / 2, halfPenalty = abs(problem.penalty) / 2
        let scale = 1 / (2 * Double(d).squareRoot())
        let q = problem.query, k = problem.key
        let packed = problem.packed, dp = packed.paddedFeatures
        var totalQ = [Double](repeating: 0, count: d), totalK = [Double](repeating: 0, count: d)
        for j in 0..<tokens {
            for f in 0..<d { totalQ[f] += q[(t * tokens + j) * d + f]; totalK[f] += k[(t * tokens + j) * d + f] }
        }
        // Sampled partners, rows swapped to [K_k | Q_k] so a packed row [Q_j | K_j] dots to Q_j·K_k + K_j·Q_k.
        let m = exact ? 0 : betaRangePartners
        let partners = (0..<m).map { $0 * tokens / m }
        var swapped = [Float](repeating: 0, count: max(1, m * 2 * dp))
        for (s, p) in partners.enumerated() {
            let row = packed.rows + (t * tokens + p) * 2 * dp
            for f in 0..<dp { swapped[s * 2 * dp + f] = row[dp + f]; swapped[s * 2 * dp + dp + f] = row[f] }
        }
        var out = HeadBiases()
        out.ownMins.reserveCapacity(tokens)
        for j in 0..<tokens {
            if j % 256 == 255 { try control.checkCancelled() }
            let i = t * tokens + j
            var rowSum = 0.0
            for f in 0..<d { rowSum += q[i * d + f] * totalK[f] + k[i * d + f] * totalQ[f] }
            rowSum = rowSum * scale - packed.selfOverlap[i]
            let field = abs(packed.linear[i] / 2 - problem.alpha / 2 * rowSum + Double(heads - 1) * problem.penalty / 2)
            var own = field != 0 ? field : Double.infinity
            if heads >= 2 && halfPenalty != 0 { own = min(own, halfPenalty) }
            var absSum = 0.0
            if exact {
                for p in 0..<tokens where p != j {
                    var dot = 0.0
                    for f in 0..<d { dot += q[i * d + f] * k[(t * tokens + p) * d + f] + k[i * d + f] * q[(t * tokens + p) * d + f] }
                    let w = halfAlpha * abs(dot) * scale
                    absSum += w
                    if w != 0 { own = min(own, w) }
                }
            } else {
                var used = 0, sum = 0.0
                swapped.withUnsafeBufferPointer { sw in
                    let row = UnsafePointer(packed.rows + i * 2 * dp)
                    for (s, p) in partners.enumerated() where p != j {
                        let w = halfAlpha * abs(Double(PackedQAMARows.dot(row, sw.baseAddress! + s * 2 * dp, length: 2 * dp))) * scale
                        sum += w
                        used += 1
                        guard w != 0 else { continue }
                        if out.smallest.count < smallestSampled {
                            out.smallest.append(w)
                            out.smallest.sort()
                        } else if w < out.smallest[smallestSampled - 1] {
                            out.smallest[smallestSampled - 1] = w
                            out.smallest.sort()
                        }
                    }
                }
                out.sampleCount += used
                absSum = used > 0 ? sum * Double(tokens - 1) / Double(used) : 0
            }
            out.maxField = max(out.maxField, field + absSum + Double(heads - 1) * halfPenalty)
            if own.isFinite { out.ownMins.append(own) }
        }
        return out
    }
}
