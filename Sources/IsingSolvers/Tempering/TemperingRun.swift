import Foundation
import IsingCore

/// One replica-exchange read: R replicas on the rungs of a `TemperatureLadder`, a Metropolis sweep of every
/// replica at its rung's β, then an exchange attempt between neighbouring rungs (pairs (k, k+1) with k even
/// after even sweeps, odd after odd ones), accepted with min(1, exp((β_k − β_{k+1})(E_k − E_{k+1}))).
/// The lowest-energy state any replica visits (checked after every sweep) is the read's answer.
///
/// Exchanges swap which replica sits on which rung (a permutation), not the states. All draws of the read
/// come from its one stream in a fixed order (replica sweeps by rung, then the exchanges), so the result
/// depends only on the seed and the read's index.
struct TemperingRun: Sendable {
    let problem: IsingProblem
    let ladder: TemperatureLadder
    let sweeps: Int
    let recordEvery: Int

    struct Outcome: Sendable {
        var best: [Int8]
        /// Best energy so far at each record point.
        var recordedBest: [Double]
        /// The coldest rung's energy at each record point.
        var recordedCold: [Double]
        /// Per neighbouring pair (k, k+1): exchanges tried and accepted.
        var tried: [Int]
        var accepted: [Int]
    }

    func run<Rows: CouplingRows>(rows: Rows, rng: inout SeededRandom, meter: ProgressMeter) throws -> Outcome {
        let n = problem.n, rungs = ladder.betas.count
        var spins = [Double](repeating: 0, count: rungs * n)
        var fields = [Double](repeating: 0, count: rungs * n)
        var energies = [Double](repeating: 0, count: rungs)
        for r in 0..<rungs {
            let start = RandomStart(problem, &rng)
            for i in 0..<n { spins[r * n + i] = start.spins[i]; fields[r * n + i] = start.fields[i] }
            energies[r] = start.energy
        }
        var replicaAt = Array(0..<rungs)  // rung k hosts replica replicaAt[k]
        var best = [Double](repeating: 0, count: n)
        var bestEnergy = Double.infinity
        var outcome = Outcome(best: [], recordedBest: [], recordedCold: [],
                              tried: [Int](repeating: 0, count: max(0, rungs - 1)),
                              accepted: [Int](repeating: 0, count: max(0, rungs - 1)))
        let checkEvery = max(1, MetropolisRun.workPerCheck / (1 + rows.maxRowLength))
        let segment = max(1, min(n, checkEvery))
        var sinceCheck = 0
        var uniforms = MetropolisRun.UniformPairs()
        do {
        try ladder.withRules { rules in
            try spins.withUnsafeMutableBufferPointer { sBuffer in
                try fields.withUnsafeMutableBufferPointer { fBuffer in
                    guard let s = sBuffer.baseAddress, let f = fBuffer.baseAddress else { return }
                    for sweep in 0..<sweeps {
                        for k in 0..<rungs {
                            let r = replicaAt[k]
                            var start = 0
                            while start < n {
                                let end = min(n, start + segment)
                                rules[k].sweep(start..<end, spins: s + r * n, fields: f + r * n, energy: &energies[r],
                                               rows: rows, uniforms: &uniforms, rng: &rng)
                                sinceCheck += end - start
                                if sinceCheck >= checkEvery {
                                    try meter.checkpoint(units: sinceCheck, bestEnergy: bestEnergy)
                                    sinceCheck = 0
                                }
                                start = end
                            }
                        }
                        var k = sweep & 1
                        while k + 1 < rungs {
                            let hot = replicaAt[k], cold = replicaAt[k + 1]
                            let exponent = (ladder.betas[k] - ladder.betas[k + 1]) * (energies[hot] - energies[cold])
                            outcome.tried[k] += 1
                            // Always one draw per attempt, so the stream's use does not depend on the energies.
                            let u = rng.nextUnit()
                            if exponent >= 0 || u < exp(exponent) {
                                replicaAt.swapAt(k, k + 1)
                                outcome.accepted[k] += 1
                            }
                            k += 2
                        }
                        var lowest = 0
                        for r in 1..<max(1, rungs) where energies[r] < energies[lowest] { lowest = r }
                        if energies[lowest] < bestEnergy {
                            bestEnergy = energies[lowest]
                            for i in 0..<n { best[i] = s[lowest * n + i] }
                        }
                        if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 {
                            outcome.recordedBest.append(bestEnergy)
                            outcome.recordedCold.append(energies[replicaAt[rungs - 1]])
                        }
                    }
                }
            }
        }
        try meter.checkpoint(units: sinceCheck, bestEnergy: bestEnergy)
        } catch is SolveCancelled {
            // Cut short: the best state of the sweeps completed, or before the first, the lowest replica now.
            if !bestEnergy.isFinite, rungs > 0 {
                let lowest = (0..<rungs).min { energies[$0] < energies[$1] }!
                best = Array(spins[(lowest * n)..<((lowest + 1) * n)])
            }
            throw CutShort(states: [best.map { $0 > 0 ? 1 : -1 }])
        }
        if n == 0 { bestEnergy = problem.offset }
        outcome.best = best.map { $0 > 0 ? 1 : -1 }
        return outcome
    }
}
