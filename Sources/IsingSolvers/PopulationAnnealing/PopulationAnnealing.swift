import Foundation
import IsingCore

/// Population annealing (Hukushima & Iba 2003; Machta 2010; Wang, Machta & Katzgraber 2015): a population of
/// R replicas is cooled through `steps` inverse temperatures from β_hot to β_cold; at each step the members are
/// resampled in proportion to exp(−Δβ·E) (`SystematicResampling`, starting from β = 0, where random states are
/// in equilibrium) and then each does its share of `sweeps` Metropolis sweeps at the new β.
///
/// Reproducible whatever the thread count: member j's sweeps at step k draw from their own stream (derived
/// from the seed, k and j), the resampling uniforms from another, and members are cut into fixed chunks of
/// `chunk` for the threads. Returns the final population, preceded by the best state seen on the way when no
/// final member reaches its energy. `trace` is the best energy so far and `meanTrace` the population's mean
/// energy, after each step (every `max(1, steps / 100)` steps).
public struct PopulationAnnealing: Solver {
    public var population: Int
    /// Metropolis sweeps per member over the whole anneal, shared out evenly between the steps.
    public var sweeps: Int
    /// Temperature steps (resampling points); nil: `defaultSteps(sweeps:)`.
    public var steps: Int?
    public var betaRange: (hot: Double, cold: Double)?
    /// How β moves between steps. Geometric by default, as SA: the default cold β comes from the smallest
    /// coupling and can be very large, and a linear schedule would then jump from hot to frozen in one step
    /// (Wang, Machta & Katzgraber's linear schedule suits a chosen range such as β ∈ [0, 5] for ±1 couplings).
    public var schedule: AnnealingSchedule
    public var seed: UInt64?
    public var threads: Int
    public var layout: CouplingLayout

    public init(population: Int = 100, sweeps: Int = 1000, steps: Int? = nil, betaRange: (hot: Double, cold: Double)? = nil,
                schedule: AnnealingSchedule = .geometric, seed: UInt64? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, layout: CouplingLayout = .automatic) {
        self.population = population
        self.sweeps = sweeps
        self.steps = steps
        self.betaRange = betaRange
        self.schedule = schedule
        self.seed = seed
        self.threads = threads
        self.layout = layout
    }

    /// Ten sweeps per temperature step (as Wang, Machta & Katzgraber's N_S = 10), at least one step.
    public static func defaultSteps(sweeps: Int) -> Int { max(1, sweeps / 10) }

    public var name: String { "pa" }

    /// Members per parallel task (fixed, so the work split does not depend on the thread count).
    static let chunk = 8

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        let steps = self.steps ?? Self.defaultSteps(sweeps: sweeps)
        guard population >= 1 else { throw SolverFailure("pa() needs population ≥ 1, got \(population)") }
        guard sweeps >= 1 else { throw SolverFailure("pa() needs sweeps ≥ 1, got \(sweeps)") }
        guard (1...sweeps).contains(steps) else { throw SolverFailure("pa() needs 1 ≤ steps ≤ sweeps, got \(steps) steps for \(sweeps) sweeps") }
        let range = try schedule.checked(betaRange ?? SimulatedAnnealing.defaultBetaRange(for: problem), given: betaRange != nil,
                                         steps: steps, solver: "pa")
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        let n = problem.n, size = population
        let (store, usedLayout) = problem.couplingStore(layout, denseAbove: SimulatedAnnealing.denseAbove)
        let meter = ProgressMeter(control: control, total: size * sweeps * max(n, 1))
        let members = Population(problem: problem, size: size, seed: seed)
        var best = (energy: Double.infinity, spins: [Double]())
        var trace: [Double] = [], meanTrace: [Double] = []
        let recordEvery = max(1, steps / 100)
        let resampling = SeededRandom.stream(seed: seed ^ 0x5EED_0F_7E5A_4D11, index: 0)
        var resampleRandom = resampling
        var previousBeta = 0.0
        var table = AcceptanceTable(for: problem)
        let toSpin: (Double) -> Int8 = { $0 > 0 ? 1 : -1 }
        var stepsDone = 0
        do {
        for k in 0..<steps {
            let beta = schedule.beta(sweep: k, of: steps, hot: range.hot, cold: range.cold)
            members.resample(copies: SystematicResampling.copies(energies: members.energies, deltaBeta: beta - previousBeta,
                                                                 uniform: resampleRandom.nextUnit()))
            previousBeta = beta
            let stepSweeps = (k + 1) * sweeps / steps - k * sweeps / steps
            let threshold = MetropolisRun.hopelessExponent / beta
            table?.prepare(beta: beta, threshold: threshold)
            let stepTable = table
            var seedStream = SeededRandom.stream(seed: seed, index: k + 1)
            let stepSeed = seedStream.next()
            _ = try ParallelTasks.map(count: (size + Self.chunk - 1) / Self.chunk, threads: threads) { c in
                try MetropolisRule.with(beta: beta, threshold: threshold, table: stepTable) { rule in
                    try store.withRows({ try members.sweep(members: c * Self.chunk..<min(size, (c + 1) * Self.chunk),
                                                        sweeps: stepSweeps, rule: rule, rows: $0, seed: stepSeed, meter: meter) },
                                       { try members.sweep(members: c * Self.chunk..<min(size, (c + 1) * Self.chunk),
                                                        sweeps: stepSweeps, rule: rule, rows: $0, seed: stepSeed, meter: meter) })
                }
            }
            let lowest = members.lowest
            if members.energies[lowest] < best.energy { best = (members.energies[lowest], members.spins(of: lowest)) }
            if (k + 1) % recordEvery == 0 || k == steps - 1 {
                trace.append(best.energy)
                meanTrace.append(members.energies.reduce(0, +) / Double(size))
            }
            stepsDone = k + 1
        }
        try control.checkCancelled()
        } catch is SolveCancelled {
            // Interrupted: the lowest of the best state of the completed steps and the members' states now
            // (their energies recomputed: a member cut short mid-sweep has not written its energy back).
            var candidates = best.spins.isEmpty ? [] : [best.spins.map(toSpin)]
            for j in 0..<size { candidates.append(members.spins(of: j).map(toSpin)) }
            let energies = candidates.map { problem.energy($0) }
            guard let lowest = energies.indices.min(by: { energies[$0] < energies[$1] }) else { throw SolveCancelled() }
            throw SolveCancelled(partial: SampleSet(
                n: n, samples: candidates[lowest], energies: [energies[lowest]], vartype: .spin,
                seconds: Date().timeIntervalSince(started), solver: name,
                settings: [.fixed("population", .int(size)), .fixed("sweeps", .int(sweeps)),
                           .fixed("steps", .interrupted(done: stepsDone, of: steps)),
                           .fixed("cut short", .text("the population's best state so far")), .seed(seed)]))
        }
        var samples: [Int8] = []
        var finalEnergies: [Double] = []
        for j in 0..<size {
            samples += members.spins(of: j).map(toSpin)
            finalEnergies.append(problem.energy(samples[(j * n)..<((j + 1) * n)]))
        }
        if n > 0 && members.energies[members.lowest] > best.energy {
            let extra = best.spins.map(toSpin)
            samples = extra + samples
            finalEnergies.insert(problem.energy(extra), at: 0)
        }
        meter.finish(bestEnergy: finalEnergies.min())
        return SampleSet(n: n, samples: samples, energies: finalEnergies, vartype: .spin, trace: trace, meanTrace: meanTrace,
                         seconds: Date().timeIntervalSince(started), solver: name,
                         settings: [.fixed("population", .int(size)), .fixed("sweeps", .int(sweeps)), .fixed("steps", .int(steps)),
                                    .fixed("beta", .range(range.hot, range.cold)), .fixed("schedule", .text(schedule.rawValue)),
                                    .fixed("families", .int(members.families)), .seed(seed),
                                    .threads(max(1, min(threads, (size + Self.chunk - 1) / Self.chunk))),
                                    .fixed("layout", .text(usedLayout.rawValue))])
    }
}
