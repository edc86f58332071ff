import Foundation
import IsingCore

extension StructuredSimulatedAnnealing {
    /// The default (hot, cold) β range of a v1 problem: `SimulatedAnnealing.defaultBetaRange` (dwave-samplers'
    /// rule) on the Ising form of the expanded model, exactly, in O(H·N²) without forming the H·N²·q² bit
    /// couplings. With c_k = 2^k/(2^q − 1) (Σ_k c_k = 1) the binary coefficients of bit (t,i,k) are
    ///
    /// - linear −(α/2)·S_ii·c_k² − β·h_i·c_k;
    /// - to bit (i,l), l ≠ k: −α·S_ii·c_k·c_l; to bit (j,l), j ≠ i: −α·S_ij·c_k·c_l; to (t',i,k): P;
    ///
    /// and in spins s = 2x − 1 each coupling is a quarter of its binary one and the field is half the linear
    /// coefficient plus a quarter of the spin's couplings: −(α/4)·c_k·(S_ii·(1 − c_k) + Σ_{j≠i} S_ij) + (H−1)·P/4.
    public static func defaultBetaRange(for problem: StructuredQAMAV1Problem, threads: Int = 1,
                                        control: SolveControl = .none) throws -> (hot: Double, cold: Double) {
        let perHead = try ParallelTasks.map(count: problem.heads, threads: threads) { t in
            try v1HeadBiases(problem, head: t, control: control)
        }
        var maxField = 0.0
        var ownMins: [Double] = []
        for head in perHead {
            maxField = max(maxField, head.maxField)
            ownMins += head.ownMins
        }
        guard let minGap = ownMins.min() else { return (0.1, 1) }
        let hot = maxField == 0 ? 1 : log(2) / (2 * maxField)
        let gaps = Double(ownMins.count { $0 == minGap })
        return (hot, log(gaps / 0.01) / (2 * minGap))
    }

    private static func v1HeadBiases(_ problem: StructuredQAMAV1Problem, head t: Int, control: SolveControl) throws
    -> (maxField: Double, ownMins: [Double]) {
        let n = problem.tokens, q = problem.bits, alpha = problem.alpha
        let c = problem.bitWeights, penalty = problem.penalty, others = Double(problem.heads - 1)
        var maxField = 0.0
        var ownMins: [Double] = []
        ownMins.reserveCapacity(n * q)
        try problem.symmetricCoupling.withUnsafeBufferPointer { sAll in
            for i in 0..<n {
                if i % 256 == 255 { try control.checkCancelled() }
                let row = sAll.baseAddress! + (t * n + i) * n
                var offSum = 0.0, offAbs = 0.0, offMin = Double.infinity
                for j in 0..<n where j != i {
                    offSum += row[j]
                    offAbs += abs(row[j])
                    if row[j] != 0 { offMin = min(offMin, abs(row[j])) }
                }
                let sii = row[i], h = problem.field[t * n + i]
                for k in 0..<q {
                    let linear = -alpha * (sii / 2) * c[k] * c[k] - problem.beta * h * c[k]
                    let neighbours = -alpha * sii * c[k] * (1 - c[k]) - alpha * c[k] * offSum + others * penalty
                    let field = abs(linear / 2 + neighbours / 4)
                    let couplings = (abs(alpha * sii) * c[k] * (1 - c[k]) + abs(alpha) * c[k] * offAbs + others * abs(penalty)) / 4
                    maxField = max(maxField, field + couplings)
                    var own = field != 0 ? field : .infinity
                    // The smallest coupling of each kind, computed as the expanded model computes it.
                    if q >= 2 {
                        let l = k == 0 ? 1 : 0  // the lower bit first, as the expanded model multiplies
                        let w = abs(alpha * sii * c[min(k, l)] * c[max(k, l)]) / 4
                        if w != 0 { own = min(own, w) }
                    }
                    if offMin.isFinite {
                        let w = abs(alpha * offMin * c[k] * c[0]) / 4
                        if w != 0 { own = min(own, w) }
                    }
                    if problem.heads >= 2 && penalty != 0 { own = min(own, abs(penalty) / 4) }
                    if own.isFinite { ownMins.append(own) }
                }
            }
        }
        return (maxField, ownMins)
    }
}
