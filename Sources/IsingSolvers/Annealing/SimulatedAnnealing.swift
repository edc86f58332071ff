import Foundation
import IsingCore

/// Simulated annealing: single-spin-flip Metropolis in sequential order with cached local fields, one β per
/// sweep on a geometric or linear schedule, as dwave-samplers' `SimulatedAnnealingSampler`.
///
/// Reads are independent (read r draws from `SeededRandom.stream(seed:index: r)`) and spread over
/// `threads`, so the samples depend only on the problem and these parameters. Each read returns its final
/// state. `trace` is the best energy over reads after every `max(1, sweeps / 100)` sweeps (running
/// minimum), `meanTrace` the mean at the same points.
public struct SimulatedAnnealing: Solver {
    public var reads: Int
    public var sweeps: Int
    /// (β_hot, β_cold); nil picks `defaultBetaRange(for:)`.
    public var betaRange: (hot: Double, cold: Double)?
    public var schedule: AnnealingSchedule
    /// nil draws a fresh seed, reported in the result's parameters so the run can be repeated.
    public var seed: UInt64?
    public var threads: Int
    public var layout: CouplingLayout

    public init(reads: Int = 10, sweeps: Int = 1000, betaRange: (hot: Double, cold: Double)? = nil,
                schedule: AnnealingSchedule = .geometric, seed: UInt64? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, layout: CouplingLayout = .automatic) {
        self.reads = reads
        self.sweeps = sweeps
        self.betaRange = betaRange
        self.schedule = schedule
        self.seed = seed
        self.threads = threads
        self.layout = layout
    }

    public var name: String { "sa" }

    /// A dense row update touches n entries at about a quarter of the cost of a sparse (indexed) one.
    static let denseAbove = 0.25

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        guard reads >= 1 else { throw SolverFailure("sa() needs reads ≥ 1, got \(reads)") }
        guard sweeps >= 1 else { throw SolverFailure("sa() needs sweeps ≥ 1, got \(sweeps)") }
        let range = try schedule.checked(betaRange ?? Self.defaultBetaRange(for: problem), given: betaRange != nil,
                                         steps: sweeps, solver: "sa")
        // Per read: its sample (n bytes), its energy and trace (~1 kB); per task: its state (8n bytes).
        try SolverBudget.check(reads, bytesEach: Double(problem.n) + 1024 + 8 * Double(problem.n) / Double(max(reads, 1)) * Double(min(reads, max(threads, 1))),
                               "sa() with \(reads) reads of \(problem.n) variables")
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        let (store, usedLayout) = problem.couplingStore(layout, denseAbove: Self.denseAbove)
        let recordEvery = max(1, sweeps / 100)
        let run = MetropolisRun(problem: problem, schedule: schedule, betaRange: range, sweeps: sweeps,
                                recordEvery: recordEvery)
        let meter = ProgressMeter(control: control, total: SolverBudget.units(reads, sweeps, max(problem.n, 1)))
        // Sparse: reads in groups of four SIMD lanes (same results as one at a time, see LockstepMetropolis);
        // dense: one read per task.
        let lockstep = store.dense == nil && reads > 1
        let lanes = lockstep ? MetropolisRun.lanes : 1
        let tasks = (reads + lanes - 1) / lanes
        let cutShort = CutShortReads()
        let (completed, cancelled) = try cutShort.map(count: tasks, threads: threads, firstRead: { $0 * lanes }) { task in
            var streams = (task * lanes..<min(reads, task * lanes + lanes)).map { SeededRandom.stream(seed: seed, index: $0) }
            return try store.withRows(
                { rows in
                    lockstep ? try run.runLockstep(rows: rows, streams: streams, meter: meter)
                        : [try run.run(rows: rows, rng: &streams[0], meter: meter)]
                },
                { rows in [try run.run(rows: rows, rng: &streams[0], meter: meter)] })
        }
        let outcomes = completed.flatMap(\.value)
        // Interrupted: the reads that completed, and each cut-short read's best state so far, are samples.
        if cancelled {
            let done = completed.flatMap { first, group in group.enumerated().map { (first + $0.offset, $0.element.spins) } }
            let (states, readSettings) = cutShort.merged(completed: done, of: reads)
            throw SolveCancelled(partial: states.isEmpty ? nil : SampleSet(
                n: problem.n, samples: states.flatMap { $0 }, energies: states.map { problem.energy($0) },
                vartype: .spin, seconds: Date().timeIntervalSince(started), solver: name,
                settings: SolverSettings(readSettings + [.fixed("sweeps", .int(sweeps)), .seed(seed)])))
        }

        let samples = outcomes.flatMap(\.spins)
        let energies = outcomes.map { problem.energy($0.spins) }
        let (trace, meanTrace) = EnergyTrace.combine(outcomes.map(\.recorded))
        meter.finish(bestEnergy: energies.min())
        return SampleSet(n: problem.n, samples: samples, energies: energies, vartype: .spin,
                         trace: trace, meanTrace: meanTrace,
                         traceSteps: EnergyTrace.recordSteps(total: sweeps, every: recordEvery), traceUnit: "sweep",
                         seconds: Date().timeIntervalSince(started),
                         solver: name,
                         settings: [.fixed("reads", .int(reads)), .fixed("sweeps", .int(sweeps)),
                                    .fixed("beta", .range(range.hot, range.cold)), .fixed("schedule", .text(schedule.rawValue)),
                                    .seed(seed), .threads(max(1, min(threads, tasks))), .fixed("layout", .text(usedLayout.rawValue))])
    }
}
