import Foundation
import IsingCore

/// How β moves from hot to cold over the sweeps (one β per sweep, as dwave-samplers with
/// `num_sweeps_per_beta = 1`).
public enum AnnealingSchedule: String, Sendable, CaseIterable {
    /// β_k = β_hot · (β_cold / β_hot)^(k / (sweeps − 1)), numpy's `geomspace`.
    case geometric
    /// β_k = β_hot + (β_cold − β_hot) · k / (sweeps − 1), numpy's `linspace`.
    case linear

    /// β of sweep k of `sweeps` (computed per sweep, so a long anneal needs no schedule array).
    /// A single sweep runs at the cold β, as dwave-samplers does.
    func beta(sweep k: Int, of sweeps: Int, hot: Double, cold: Double) -> Double {
        guard sweeps > 1, k < sweeps - 1 else { return cold }
        let t = Double(k) / Double(sweeps - 1)
        switch self {
        case .linear: return hot + (cold - hot) * t
        case .geometric: return hot * exp(log(cold / hot) * t)
        }
    }
}

extension SimulatedAnnealing {
    /// The default (hot, cold) β range, computed from the couplings exactly as dwave-samplers'
    /// `_default_ising_beta_range(h, J)` does (excitation rate 0.01, T scaled with N):
    ///
    /// - β_hot = ln 2 / (2 · max_i (|h_i| + Σ_j |J_ij|)): the stiffest spin still flips half the time.
    /// - β_cold = ln(g / 0.01) / (2 · m), m the smallest nonzero |h_i| or |J_ij| and g the number of spins
    ///   whose own smallest nonzero bias equals m: the chance of any excitation in the last sweep ≈ 1 %.
    /// - A problem with no nonzero bias gets (0.1, 1), as there.
    public static func defaultBetaRange(for problem: IsingProblem) -> (hot: Double, cold: Double) {
        var maxField = 0.0
        var minBiases: [Double] = []  // per spin, its smallest nonzero |bias|
        minBiases.reserveCapacity(problem.n)
        for i in 0..<problem.n {
            var sum = abs(problem.h[i])
            var smallest = problem.h[i] != 0 ? abs(problem.h[i]) : Double.infinity
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                let w = abs(problem.values[k])
                sum += w
                if w != 0 { smallest = min(smallest, w) }
            }
            maxField = max(maxField, sum)
            if smallest.isFinite { minBiases.append(smallest) }
        }
        guard let minGap = minBiases.min() else { return (0.1, 1) }
        let hot = maxField == 0 ? 1 : log(2) / (2 * maxField)
        let gaps = Double(minBiases.count { $0 == minGap })
        return (hot, log(gaps / 0.01) / (2 * minGap))
    }
}
