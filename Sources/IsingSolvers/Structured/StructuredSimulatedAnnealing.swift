import Foundation
import IsingCore

/// Simulated annealing on a `StructuredQAMAProblem` without forming its couplings: the contract of
/// `SimulatedAnnealing` (sequential single-bit Metropolis in variable order, one β per sweep on a geometric
/// or linear schedule, read r seeded by `SeededRandom.stream(seed:index: r)`, reads spread over threads with
/// results independent of thread count, progress and a cancellation check about every millisecond, the
/// best and mean energy traces) at O(d) per attempt and per flip and O(H·N·d) memory.
///
/// Samples are 0/1 bits (vartype `.binary`) in variable order t·N + j; energies are the binary model's
/// E(x), recomputed in Double from scratch for every read (and exactly, from the running Double sums, at
/// every trace point).
public struct StructuredSimulatedAnnealing: Sendable {
    public var reads: Int
    public var sweeps: Int
    /// (β_hot, β_cold); nil picks `defaultBetaRange(for:)`.
    public var betaRange: (hot: Double, cold: Double)?
    public var schedule: AnnealingSchedule
    /// nil draws a fresh seed, reported in the result's parameters so the run can be repeated.
    public var seed: UInt64?
    public var threads: Int

    public init(reads: Int = 10, sweeps: Int = 1000, betaRange: (hot: Double, cold: Double)? = nil,
                schedule: AnnealingSchedule = .geometric, seed: UInt64? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.reads = reads
        self.sweeps = sweeps
        self.betaRange = betaRange
        self.schedule = schedule
        self.seed = seed
        self.threads = threads
    }

    public var name: String { "sa" }

    /// Attempts between cancellation checks: each reads 2·d Floats and may touch 2·d Doubles, so
    /// (1 << 20)/(4·d) attempts are about a millisecond, as `MetropolisRun.workPerCheck`.
    static func attemptsPerCheck(features: Int) -> Int { max(1, MetropolisRun.workPerCheck / (4 * max(1, features))) }

    public func solve(_ problem: StructuredQAMAProblem, control: SolveControl) throws -> SampleSet {
        try checkSettings()
        let range = try betaRange ?? Self.defaultBetaRange(for: problem, threads: threads, control: control)
        let recordEvery = max(1, sweeps / 100)
        let run = StructuredAnnealRun(problem: problem, schedule: schedule, betaRange: try checked(range), sweeps: sweeps,
                                      recordEvery: recordEvery)
        return try anneal(variables: problem.variableCount, range: range, recordEvery: recordEvery, control: control,
                          energy: { problem.energy($0) }) { rng, meter in
            let outcome = try run.run(rng: &rng, meter: meter)
            return (outcome.bits, outcome.recorded)
        }
    }

    /// The v1 formulation at token level (`StructuredQAMAV1Problem`): an attempt is O(1), a flip O(N).
    public func solve(_ problem: StructuredQAMAV1Problem, control: SolveControl) throws -> SampleSet {
        try checkSettings()
        let range = try betaRange ?? Self.defaultBetaRange(for: problem, threads: threads, control: control)
        let recordEvery = max(1, sweeps / 100)
        let run = StructuredV1AnnealRun(problem: problem, schedule: schedule, betaRange: try checked(range), sweeps: sweeps,
                                        recordEvery: recordEvery)
        return try anneal(variables: problem.variableCount, range: range, recordEvery: recordEvery, control: control,
                          energy: { problem.energy($0) }) { rng, meter in
            try run.run(rng: &rng, meter: meter)
        }
    }

    private func checkSettings() throws {
        guard reads >= 1 else { throw SolverFailure("sa() needs reads ≥ 1, got \(reads)") }
        guard sweeps >= 1 else { throw SolverFailure("sa() needs sweeps ≥ 1, got \(sweeps)") }
    }

    private func checked(_ range: (hot: Double, cold: Double)) throws -> (hot: Double, cold: Double) {
        guard range.hot >= 0, range.cold >= 0, range.hot.isFinite, range.cold.isFinite else {
            throw SolverFailure("sa() needs a finite, non-negative beta range, got (\(range.hot), \(range.cold))")
        }
        if schedule == .geometric && sweeps > 1 && (range.hot == 0 || range.cold == 0) {
            throw SolverFailure("a geometric beta schedule needs a nonzero beta range, got (\(range.hot), \(range.cold))")
        }
        return range
    }

    /// The reads, spread over threads, each from its own stream of one seed; the samples with their energies
    /// recomputed from scratch, the traces combined. Interrupted, it throws `SolveCancelled` carrying the reads
    /// that completed, as `SimulatedAnnealing` does.
    private func anneal(variables n: Int, range: (hot: Double, cold: Double), recordEvery: Int, control: SolveControl,
                        energy: @Sendable ([Int8]) -> Double,
                        read: @escaping @Sendable (inout SeededRandom, ProgressMeter) throws -> (bits: [Int8], recorded: [Double]))
    throws -> SampleSet {
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        let meter = ProgressMeter(control: control, total: reads * sweeps * max(n, 1))
        let (outcomes, cancelled) = try ParallelTasks.mapUntilCancelled(count: reads, threads: threads) { r in
            var rng = SeededRandom.stream(seed: seed, index: r)
            return try read(&rng, meter)
        }
        if cancelled {
            throw SolveCancelled(partial: outcomes.isEmpty ? nil : SampleSet(
                n: n, samples: outcomes.flatMap(\.bits), energies: outcomes.map { energy($0.bits) },
                vartype: .binary, seconds: Date().timeIntervalSince(started), solver: name,
                settings: [.fixed("reads", .interrupted(done: outcomes.count, of: reads)), .fixed("sweeps", .int(sweeps)), .seed(seed),
                           .fixed("layout", .text("structured"))]))
        }
        let samples = outcomes.flatMap(\.bits)
        let energies = outcomes.map { energy($0.bits) }
        let (trace, meanTrace) = EnergyTrace.combine(outcomes.map(\.recorded))
        meter.finish(bestEnergy: energies.min())
        return SampleSet(n: n, samples: samples, energies: energies, vartype: .binary,
                         trace: trace, meanTrace: meanTrace,
                         traceSteps: EnergyTrace.recordSteps(total: sweeps, every: recordEvery), traceUnit: "sweep",
                         seconds: Date().timeIntervalSince(started), solver: name,
                         settings: [.fixed("reads", .int(reads)), .fixed("sweeps", .int(sweeps)),
                                    .fixed("beta", .range(range.hot, range.cold)), .fixed("schedule", .text(schedule.rawValue)),
                                    .seed(seed), .threads(max(1, min(threads, reads))), .fixed("layout", .text("structured"))])
    }
}

/// One read of `StructuredSimulatedAnnealing`: a random start (one draw per bit, as `MetropolisRun`), then
/// per sweep every bit in variable order, each attempt drawing one uniform and deciding by `MetropolisRule`.
struct StructuredAnnealRun: Sendable {
    let problem: StructuredQAMAProblem
    let schedule: AnnealingSchedule
    let betaRange: (hot: Double, cold: Double)
    let sweeps: Int
    let recordEvery: Int

    struct Outcome: Sendable {
        var bits: [Int8]
        var recorded: [Double]
    }

    func run(rng: inout SeededRandom, meter: ProgressMeter) throws -> Outcome {
        let n = problem.variableCount, tokens = problem.tokens
        var start = [Int8](repeating: 0, count: n)
        for i in 0..<n { start[i] = rng.next() >> 63 == 0 ? 0 : 1 }
        let state = StructuredQAMAState(problem: problem, bits: start)
        let delta = state.deltaKernel(alpha: problem.alpha, penalty: problem.penalty)
        var energy = state.energy
        var recorded: [Double] = []
        recorded.reserveCapacity(sweeps / recordEvery + 1)
        var uniforms = MetropolisRun.UniformPairs()
        let checkEvery = StructuredSimulatedAnnealing.attemptsPerCheck(features: problem.features)
        var sinceCheck = 0
        try problem.query.withUnsafeBufferPointer { qBuffer in
            try problem.key.withUnsafeBufferPointer { kBuffer in
                let q = qBuffer.baseAddress!, k = kBuffer.baseAddress!
                for sweep in 0..<sweeps {
                    let beta = schedule.beta(sweep: sweep, of: sweeps, hot: betaRange.hot, cold: betaRange.cold)
                    let rule = MetropolisRule(beta: beta, threshold: MetropolisRun.hopelessExponent / beta, table: nil)
                    var i = 0
                    while i < n {  // segments of `checkEvery` attempts between cancellation checks
                        let end = min(n, i + checkEvery - sinceCheck)
                        var t = i / tokens, j = i - t * tokens
                        for _ in i..<end {
                            let change = delta(t, j)
                            if uniforms.next(&rng) < rule.probability(change) {
                                state.flip(head: t, token: j, query: q, key: k)
                                energy += change
                            }
                            j += 1
                            if j == tokens { j = 0; t += 1 }
                        }
                        sinceCheck += end - i
                        i = end
                        if sinceCheck >= checkEvery {
                            try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
                            sinceCheck = 0
                        }
                    }
                    if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 {
                        energy = state.energy  // exact, and drops the Float decisions' rounding from the sum
                        recorded.append(energy)
                    }
                }
            }
        }
        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
        return Outcome(bits: state.state, recorded: recorded)
    }
}

/// One read of `StructuredSimulatedAnnealing` on a v1 problem: as `StructuredAnnealRun` (one draw per bit
/// for the start, then per sweep every bit in variable order t·N·q + i·q + k, one uniform per attempt), with
/// O(1) attempts and O(N) flips.
struct StructuredV1AnnealRun: Sendable {
    let problem: StructuredQAMAV1Problem
    let schedule: AnnealingSchedule
    let betaRange: (hot: Double, cold: Double)
    let sweeps: Int
    let recordEvery: Int

    func run(rng: inout SeededRandom, meter: ProgressMeter) throws -> (bits: [Int8], recorded: [Double]) {
        let n = problem.variableCount, bits = problem.bits, tokens = problem.tokens
        var start = [Int8](repeating: 0, count: n)
        for i in 0..<n { start[i] = rng.next() >> 63 == 0 ? 0 : 1 }
        let state = StructuredQAMAV1State(problem: problem, bits: start)
        var energy = state.energy
        var recorded: [Double] = []
        recorded.reserveCapacity(sweeps / recordEvery + 1)
        var uniforms = MetropolisRun.UniformPairs()
        // An attempt is a few loads; a flip touches N Doubles. Check about every millisecond of flips.
        let checkEvery = max(1, MetropolisRun.workPerCheck / (1 + tokens))
        var sinceCheck = 0
        try problem.symmetricCoupling.withUnsafeBufferPointer { sBuffer in
            let s = sBuffer.baseAddress!
            for sweep in 0..<sweeps {
                let beta = schedule.beta(sweep: sweep, of: sweeps, hot: betaRange.hot, cold: betaRange.cold)
                let rule = MetropolisRule(beta: beta, threshold: MetropolisRun.hopelessExponent / beta, table: nil)
                var i = 0
                while i < n {
                    let end = min(n, i + checkEvery - sinceCheck)
                    var k = i % bits, token = (i / bits) % tokens, head = i / (bits * tokens)
                    for _ in i..<end {
                        let change = state.flipDelta(head: head, token: token, bit: k)
                        if uniforms.next(&rng) < rule.probability(change) {
                            state.flip(head: head, token: token, bit: k, coupling: s)
                            energy += change
                        }
                        k += 1
                        if k == bits { k = 0; token += 1; if token == tokens { token = 0; head += 1 } }
                    }
                    sinceCheck += end - i
                    i = end
                    if sinceCheck >= checkEvery {
                        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
                        sinceCheck = 0
                    }
                }
                if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 {
                    energy = state.energy  // from the running fields: drops the sum's rounding
                    recorded.append(energy)
                }
            }
        }
        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
        return (state.state, recorded)
    }
}
