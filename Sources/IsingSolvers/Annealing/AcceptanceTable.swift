import IsingCore

/// The Metropolis acceptance probabilities exp(−β·ΔE) of one sweep, tabulated, for problems whose
/// fields are integers (Gset and most MaxCut or QUBO benchmarks): there ΔE = 2|f| takes at most
/// `bound + 1` values, so one sweep computes that many exponentials instead of one per attempt.
///
/// The entries are the very values the direct rule computes, `expNegative(β · ΔE)` (1 at ΔE = 0, which
/// also serves every downhill move), and −1 beyond the hopeless threshold, so a tabulated run makes the
/// same decisions as a direct one: results do not depend on the path taken.
struct AcceptanceTable {
    /// The largest |f_i| any state can reach: max over i of |h_i| + Σ_j |J_ij|.
    let bound: Int
    private(set) var probabilities: [Double]

    /// A table for `problem` when all its h and J are integers and the table is small next to a sweep
    /// (at most n/2 entries, so filling it costs little against n attempts); nil otherwise.
    init?(for problem: IsingProblem) {
        var bound = 0.0
        for i in 0..<problem.n {
            let hi = problem.h[i]
            guard hi == hi.rounded() else { return nil }
            var total = abs(hi)
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                let j = problem.values[k]
                guard j == j.rounded() else { return nil }
                total += abs(j)
            }
            bound = max(bound, total)
        }
        guard bound <= Double(problem.n / 2) else { return nil }
        self.bound = Int(bound)
        probabilities = [Double](repeating: -1, count: self.bound + 1)
    }

    /// Fills the table for one sweep at `beta`; from ΔE = `threshold` on, moves are never accepted.
    mutating func prepare(beta: Double, threshold: Double) {
        for k in 0...bound {
            let delta = Double(2 * k)
            probabilities[k] = delta >= threshold ? -1 : expNegative(beta * delta)
        }
    }
}
