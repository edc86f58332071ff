import Foundation
import IsingCore
import NumberText

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

extension AnnealingSchedule {
    /// The β range a solver anneals over, checked once for every annealer: finite and non-negative, and
    /// nonzero at both ends for a geometric schedule of more than one step. `given` says whether the user
    /// gave it (the message names the argument) or the problem's coefficients did (the message names
    /// their scale, the input that is off).
    func checked(_ range: (hot: Double, cold: Double), given: Bool, steps: Int, solver: String) throws -> (hot: Double, cold: Double) {
        let text = "(\(NumberFormat.g(range.hot, precision: 3)), \(NumberFormat.g(range.cold, precision: 3)))"
        let usable = range.hot >= 0 && range.cold >= 0 && range.hot.isFinite && range.cold.isFinite
            && !(self == .geometric && steps > 1 && (range.hot == 0 || range.cold == 0))
        guard !usable else { return range }
        if given {
            throw SolverFailure("\(solver)(): betaRange must be two finite numbers ≥ 0\(self == .geometric ? ", both above 0 for the geometric schedule" : ""), got \(text)")
        }
        throw SolverFailure("\(solver)(): the problem's coefficients give no usable β range (the default from its largest local field and its smallest coefficient is \(text)): their magnitudes are too far apart or beyond Double's range; scale the model's coefficients toward 1 (e.g. divide by the largest), or give betaRange: [hot, cold]")
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
