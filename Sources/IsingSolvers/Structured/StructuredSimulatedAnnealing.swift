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

    /// Defaults are `SimulatedAnnealing`'s: the structured path is the same annealer on another form.
    public init(reads: Int = SimulatedAnnealing().reads, sweeps: Int = SimulatedAnnealing().sweeps,
                betaRange: (hot: Double, cold: Double)? = nil, schedule: AnnealingSchedule = SimulatedAnnealing().schedule,
                seed: UInt64? = nil, threads: Int = SimulatedAnnealing().threads) {
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
        try anneal(variables: problem.variableCount, control: control, energy: { problem.energy($0) },
                   defaultRange: { try Self.defaultBetaRange(for: problem, threads: threads, control: control) }) { loop, rng, meter in
            try StructuredAnnealRun(problem: problem, loop: loop).run(rng: &rng, meter: meter)
        }
    }

    /// The v1 formulation at token level (`StructuredQAMAV1Problem`): an attempt is O(1), a flip O(N).
    public func solve(_ problem: StructuredQAMAV1Problem, control: SolveControl) throws -> SampleSet {
        try anneal(variables: problem.variableCount, control: control, energy: { problem.energy($0) },
                   defaultRange: { try Self.defaultBetaRange(for: problem, threads: threads, control: control) }) { loop, rng, meter in
            try StructuredV1AnnealRun(problem: problem, loop: loop).run(rng: &rng, meter: meter)
        }
    }

    private func checkSettings() throws {
        guard reads >= 1 else { throw SolverFailure("sa() needs reads ≥ 1, got \(reads)") }
        guard sweeps >= 1 else { throw SolverFailure("sa() needs sweeps ≥ 1, got \(sweeps)") }
    }

    /// The settings checked, the β range (`defaultRange()` when not given), then the reads, spread over
    /// threads, each from its own stream of one seed; the samples with their energies recomputed from scratch,
    /// the traces combined. Interrupted, it throws `SolveCancelled` carrying the reads that completed, as
    /// `SimulatedAnnealing` does.
    private func anneal(variables n: Int, control: SolveControl, energy: @Sendable ([Int8]) -> Double,
                        defaultRange: () throws -> (hot: Double, cold: Double),
                        read: @escaping @Sendable (StructuredAnnealLoop, inout SeededRandom, ProgressMeter) throws
                            -> (bits: [Int8], recorded: [Double]))
    throws -> SampleSet {
        try checkSettings()
        let range = try schedule.checked(try betaRange ?? defaultRange(), given: betaRange != nil, steps: sweeps, solver: "sa")
        let recordEvery = max(1, sweeps / 100)
        let loop = StructuredAnnealLoop(schedule: schedule, betaRange: range, sweeps: sweeps, recordEvery: recordEvery)
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        let meter = ProgressMeter(control: control, total: reads * sweeps * max(n, 1))
        let cutShort = CutShortReads()
        let (completed, cancelled) = try cutShort.map(count: reads, threads: threads, firstRead: { $0 }) { r in
            var rng = SeededRandom.stream(seed: seed, index: r)
            return try read(loop, &rng, meter)
        }
        let outcomes = completed.map(\.value)
        // Interrupted: the reads that completed, and each cut-short read's best state so far, are samples.
        if cancelled {
            let (states, readSettings) = cutShort.merged(completed: completed.map { ($0.first, $0.value.bits) }, of: reads)
            throw SolveCancelled(partial: states.isEmpty ? nil : SampleSet(
                n: n, samples: states.flatMap { $0 }, energies: states.map { energy($0) },
                vartype: .binary, seconds: Date().timeIntervalSince(started), solver: name,
                settings: SolverSettings(readSettings + [.fixed("sweeps", .int(sweeps)), .seed(seed), .fixed("layout", .text("structured"))])))
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

/// One read of `StructuredSimulatedAnnealing`: a random start, then `StructuredAnnealLoop` over the state, at
/// O(d) per attempt (a Float SIMD dot product) and per flip.
struct StructuredAnnealRun: Sendable {
    let problem: StructuredQAMAProblem
    let loop: StructuredAnnealLoop

    func run(rng: inout SeededRandom, meter: ProgressMeter) throws -> (bits: [Int8], recorded: [Double]) {
        let start = StructuredAnnealLoop.randomStart(variables: problem.variableCount, &rng)
        let state = StructuredQAMAState(problem: problem, bits: start)
        let checkEvery = StructuredSimulatedAnnealing.attemptsPerCheck(features: problem.features)
        let recorded = try problem.query.withUnsafeBufferPointer { q in
            try problem.key.withUnsafeBufferPointer { k in
                try loop.run(View(state: state, delta: state.deltaKernel(alpha: problem.alpha, penalty: problem.penalty),
                                  query: q.baseAddress!, key: k.baseAddress!, tokens: problem.tokens),
                             variables: problem.variableCount, checkEvery: checkEvery, rng: &rng, meter: meter)
            }
        }
        return (state.state, recorded)
    }

    /// The state with its ΔE kernel and Q, K storage held for the read; variables t·N + j.
    struct View: StructuredAnnealState {
        let state: StructuredQAMAState
        let delta: FlipDeltaKernel
        let query: UnsafePointer<Double>
        let key: UnsafePointer<Double>
        let tokens: Int

        func position(of i: Int) -> (head: Int, token: Int) { (i / tokens, i % tokens) }
        func advance(_ p: inout (head: Int, token: Int)) {
            p.token += 1
            if p.token == tokens { p.token = 0; p.head += 1 }
        }
        func flipDelta(at p: (head: Int, token: Int)) -> Double { delta(p.head, p.token) }
        func flip(at p: (head: Int, token: Int)) { state.flip(head: p.head, token: p.token, query: query, key: key) }
        var energy: Double { state.energy }
        var snapshot: [Int8] { state.state }
    }
}

/// One read of `StructuredSimulatedAnnealing` on a v1 problem: as `StructuredAnnealRun`, in variable order
/// t·N·q + i·q + k, with O(1) attempts and O(N) flips.
struct StructuredV1AnnealRun: Sendable {
    let problem: StructuredQAMAV1Problem
    let loop: StructuredAnnealLoop

    func run(rng: inout SeededRandom, meter: ProgressMeter) throws -> (bits: [Int8], recorded: [Double]) {
        let start = StructuredAnnealLoop.randomStart(variables: problem.variableCount, &rng)
        let state = StructuredQAMAV1State(problem: problem, bits: start)
        // An attempt is a few loads; a flip touches N Doubles. Check about every millisecond of flips.
        let checkEvery = max(1, MetropolisRun.workPerCheck / (1 + problem.tokens))
        let recorded = try problem.symmetricCoupling.withUnsafeBufferPointer { s in
            try loop.run(View(state: state, coupling: s.baseAddress!, tokens: problem.tokens, bits: problem.bits),
                         variables: problem.variableCount, checkEvery: checkEvery, rng: &rng, meter: meter)
        }
        return (state.state, recorded)
    }

    /// The state with S's storage held for the read; variables t·N·q + i·q + k.
    struct View: StructuredAnnealState {
        let state: StructuredQAMAV1State
        let coupling: UnsafePointer<Double>
        let tokens: Int
        let bits: Int

        func position(of i: Int) -> (head: Int, token: Int, bit: Int) {
            (i / (bits * tokens), (i / bits) % tokens, i % bits)
        }
        func advance(_ p: inout (head: Int, token: Int, bit: Int)) {
            p.bit += 1
            if p.bit == bits { p.bit = 0; p.token += 1; if p.token == tokens { p.token = 0; p.head += 1 } }
        }
        func flipDelta(at p: (head: Int, token: Int, bit: Int)) -> Double {
            state.flipDelta(head: p.head, token: p.token, bit: p.bit)
        }
        func flip(at p: (head: Int, token: Int, bit: Int)) {
            state.flip(head: p.head, token: p.token, bit: p.bit, coupling: coupling)
        }
        var energy: Double { state.energy }
        var snapshot: [Int8] { state.state }
    }
}
