import Foundation
import IsingCore

/// Replica-exchange Monte Carlo (parallel tempering; Swendsen & Wang 1986, Hukushima & Nemoto 1996): each read
/// runs `replicas` Metropolis chains on a geometric β ladder from hot to cold and exchanges neighbouring
/// temperatures after every sweep (`TemperingRun`). Each read returns the lowest-energy state it visited.
///
/// Same contract as `SimulatedAnnealing`: read r draws from `SeededRandom.stream(seed:index: r)`, reads are
/// spread over `threads`, so the samples depend only on the problem and these parameters; the default β
/// range is SA's (`SimulatedAnnealing.defaultBetaRange`). `trace` is the best energy so far after every
/// `max(1, sweeps / 100)` sweeps, `meanTrace` the coldest replica's energy averaged over reads.
public struct ParallelTempering: Solver {
    public var reads: Int
    public var replicas: Int
    public var sweeps: Int
    /// (β_hot, β_cold) of the ladder's ends; nil picks SA's default range.
    public var betaRange: (hot: Double, cold: Double)?
    public var seed: UInt64?
    public var threads: Int
    public var layout: CouplingLayout

    public init(reads: Int = 1, replicas: Int = 16, sweeps: Int = 1000, betaRange: (hot: Double, cold: Double)? = nil,
                seed: UInt64? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                layout: CouplingLayout = .automatic) {
        self.reads = reads
        self.replicas = replicas
        self.sweeps = sweeps
        self.betaRange = betaRange
        self.seed = seed
        self.threads = threads
        self.layout = layout
    }

    public var name: String { "pt" }

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        guard reads >= 1 else { throw SolverFailure("pt() needs reads ≥ 1, got \(reads)") }
        guard replicas >= 1 else { throw SolverFailure("pt() needs replicas ≥ 1, got \(replicas)") }
        guard sweeps >= 1 else { throw SolverFailure("pt() needs sweeps ≥ 1, got \(sweeps)") }
        let range = betaRange ?? SimulatedAnnealing.defaultBetaRange(for: problem)
        guard range.hot > 0, range.cold > 0, range.hot.isFinite, range.cold.isFinite else {
            throw SolverFailure("pt() needs a finite, positive beta range (a geometric ladder), got (\(range.hot), \(range.cold))")
        }
        // Per read: its sample and energies (~1 kB); per running read: every replica's spins and fields (16n
        // bytes) and its rung (64). Checked before anything of that size is made (2^31 replicas aborted).
        try SolverBudget.check(reads, bytesEach: Double(problem.n) + 1024, "pt() with \(reads) reads of \(problem.n) variables")
        try SolverBudget.check(replicas, bytesEach: (16 * Double(problem.n) + 64) * Double(min(reads, max(threads, 1))),
                               "pt() with \(replicas) replicas of \(problem.n) variables")
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        let (store, usedLayout) = problem.couplingStore(layout, denseAbove: SimulatedAnnealing.denseAbove)
        let run = TemperingRun(problem: problem,
                               ladder: TemperatureLadder(problem: problem, rungs: replicas, hot: range.hot, cold: range.cold),
                               sweeps: sweeps, recordEvery: max(1, sweeps / 100))
        let meter = ProgressMeter(control: control, total: SolverBudget.units(reads, replicas, sweeps, max(problem.n, 1)))
        let cutShort = CutShortReads()
        let (completed, cancelled) = try cutShort.map(count: reads, threads: threads, firstRead: { $0 }) { r in
            var rng = SeededRandom.stream(seed: seed, index: r)
            return try store.withRows({ try run.run(rows: $0, rng: &rng, meter: meter) },
                                      { try run.run(rows: $0, rng: &rng, meter: meter) })
        }
        // Interrupted: the reads that completed, and each cut-short read's best state so far, are samples.
        if cancelled {
            let (states, readSettings) = cutShort.merged(completed: completed.map { ($0.first, $0.value.best) }, of: reads)
            throw SolveCancelled(partial: states.isEmpty ? nil : SampleSet(
                n: problem.n, samples: states.flatMap { $0 }, energies: states.map { problem.energy($0) },
                vartype: .spin, seconds: Date().timeIntervalSince(started), solver: name,
                settings: SolverSettings(readSettings + [.fixed("replicas", .int(replicas)), .fixed("sweeps", .int(sweeps)), .seed(seed)])))
        }
        let outcomes = completed.map(\.1)
        let samples = outcomes.flatMap(\.best)
        let energies = outcomes.map { problem.energy($0.best) }
        let best = EnergyTrace.combine(outcomes.map(\.recordedBest)).best
        let coldMean = EnergyTrace.combine(outcomes.map(\.recordedCold)).mean
        meter.finish(bestEnergy: energies.min())
        // Exchange acceptance per neighbouring pair, over all reads: the ladder's health at a glance.
        var rates: [Double] = []
        for k in 0..<max(0, replicas - 1) {
            let tried = outcomes.reduce(0) { $0 + $1.tried[k] }, accepted = outcomes.reduce(0) { $0 + $1.accepted[k] }
            rates.append(tried == 0 ? 0 : Double(accepted) / Double(tried))
        }
        let exchange: SettingValue = rates.isEmpty ? .none : .minMean(min: rates.min()!, mean: rates.reduce(0, +) / Double(rates.count))
        return SampleSet(n: problem.n, samples: samples, energies: energies, vartype: .spin,
                         trace: best, meanTrace: coldMean, seconds: Date().timeIntervalSince(started), solver: name,
                         settings: [.fixed("reads", .int(reads)), .fixed("replicas", .int(replicas)), .fixed("sweeps", .int(sweeps)),
                                    .fixed("beta", .range(range.hot, range.cold)), .fixed("exchange acceptance", exchange),
                                    .seed(seed), .threads(max(1, min(threads, reads))), .fixed("layout", .text(usedLayout.rawValue))])
    }
}
