import IsingCore

/// A solver whose work is counted in Metropolis sweeps (n spin-flip attempts each, summed over all its
/// chains) and whose trace points sit at known sweep counts: what `TimeToTarget` measures, in a unit that
/// does not depend on the machine.
public protocol SweepBudgeted: Solver {
    var seed: UInt64? { get }
    /// The same solver with another seed (one per time-to-target run).
    func withSeed(_ seed: UInt64) -> any SweepBudgeted
    /// Sweeps one solve does, over all its chains (reads, replicas or members).
    var sweepsPerSolve: Double { get }
    /// Sweeps done, over all chains, at each of the `points` entries of a solve's trace.
    func traceSweeps(points: Int) -> [Double]
}

/// Where the Metropolis solvers record their trace: after every `every` steps of `total`, and after the last.
enum RecordPoints {
    static func steps(total: Int, every: Int) -> [Int] {
        var out = Array(stride(from: every, through: total, by: every))
        if out.last != total { out.append(total) }
        return out
    }

    /// The recorded steps as sweep counts, `chains` sweeps per step, padded or cut to `points` entries.
    static func sweeps(total: Int, every: Int, chains: Int, points: Int, sweepsAt: (Int) -> Int = { $0 }) -> [Double] {
        let steps = steps(total: total, every: every).map { Double(sweepsAt($0) * chains) }
        return (0..<points).map { $0 < steps.count ? steps[$0] : steps.last ?? 0 }
    }
}

extension SimulatedAnnealing: SweepBudgeted {
    public func withSeed(_ seed: UInt64) -> any SweepBudgeted { var s = self; s.seed = seed; return s }
    public var sweepsPerSolve: Double { Double(reads) * Double(sweeps) }
    public func traceSweeps(points: Int) -> [Double] {
        RecordPoints.sweeps(total: sweeps, every: max(1, sweeps / 100), chains: reads, points: points)
    }
}

extension ParallelTempering: SweepBudgeted {
    public func withSeed(_ seed: UInt64) -> any SweepBudgeted { var s = self; s.seed = seed; return s }
    public var sweepsPerSolve: Double { Double(reads) * Double(replicas) * Double(sweeps) }
    public func traceSweeps(points: Int) -> [Double] {
        RecordPoints.sweeps(total: sweeps, every: max(1, sweeps / 100), chains: reads * replicas, points: points)
    }
}

extension PopulationAnnealing: SweepBudgeted {
    public func withSeed(_ seed: UInt64) -> any SweepBudgeted { var s = self; s.seed = seed; return s }
    public var sweepsPerSolve: Double { Double(population) * Double(sweeps) }
    public func traceSweeps(points: Int) -> [Double] {
        let steps = self.steps ?? Self.defaultSteps(sweeps: sweeps)
        return RecordPoints.sweeps(total: steps, every: max(1, steps / 100), chains: population, points: points,
                                   sweepsAt: { $0 * sweeps / steps })
    }
}
