import Foundation
import IsingCore

/// The inverse temperatures of a replica-exchange run, hottest first: a geometric ladder
/// β_k = β_hot · (β_cold / β_hot)^(k / (R − 1)) (numpy's `geomspace`; one replica runs at β_cold), each rung
/// with its Metropolis rule (tabulated for integer problems, see `AcceptanceTable`).
struct TemperatureLadder: Sendable {
    let betas: [Double]
    let thresholds: [Double]
    /// Rung k's acceptance table at `k * stride ..< (k + 1) * stride`; empty when the problem is not integer.
    let tables: [Double]
    let stride: Int

    init(problem: IsingProblem, rungs: Int, hot: Double, cold: Double) {
        betas = (0..<rungs).map { AnnealingSchedule.geometric.beta(sweep: $0, of: rungs, hot: hot, cold: cold) }
        thresholds = betas.map { MetropolisRun.hopelessExponent / $0 }
        if var table = AcceptanceTable(for: problem) {
            stride = table.bound + 1
            var all: [Double] = []
            all.reserveCapacity(rungs * stride)
            for k in 0..<rungs {
                table.prepare(beta: betas[k], threshold: thresholds[k])
                all += table.probabilities
            }
            tables = all
        } else {
            stride = 0
            tables = []
        }
    }

    /// The rules of every rung, valid inside `body`.
    func withRules<R>(_ body: ([MetropolisRule]) throws -> R) rethrows -> R {
        try tables.withUnsafeBufferPointer { t in
            let rules = betas.indices.map { k in
                MetropolisRule(beta: betas[k], threshold: thresholds[k],
                               table: stride == 0 ? nil : t.baseAddress.map { $0 + k * stride })
            }
            return try body(rules)
        }
    }
}
