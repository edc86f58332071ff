import Foundation
import IsingCore

/// Simulated bifurcation: `agents` independent Kerr-parametric-oscillator trajectories integrated for
/// `steps` symplectic-Euler steps of size `dt`, with the pump a(t) ramped linearly from 0 to a0 = 1; the
/// samples are the signs of the final positions (see `BifurcationRun` for the equations).
///
/// Fields h enter through an ancilla oscillator coupled to spin i by h_i; if it ends at −1 the agent's
/// spins are all flipped (the energy is invariant under flipping every spin including the ancilla).
/// Agents run in blocks of 32 spread over `threads`; agent a is seeded by `SeededRandom.stream(seed:index: a)`,
/// so results do not depend on the thread count.
public struct SimulatedBifurcation: Solver {
    public enum Mode: String, Sendable, CaseIterable {
        /// bSB: positions enter the coupling term (Goto et al. 2021).
        case ballistic
        /// dSB: signs of the positions enter the coupling term (Goto et al. 2021).
        case discrete
        /// Heated dSB (HdSB, Kanao & Goto 2022): dSB plus the non-symplectic heating term Δt·γ·y.
        case heated
    }

    public var mode: Mode
    public var agents: Int
    public var steps: Int
    /// Time step Δt; nil picks min(1, 1.8 / √(a0 + c0·ρ)), ρ ≈ J''s spectral radius (power iteration):
    /// Goto et al. use Δt ≈ 1 on SK-like models, but symplectic Euler is unstable once Δt·ω > 2 for the
    /// stiffest oscillator mode (ω² = a0 + c0·ρ at the start), which on graphs with a large positive
    /// eigenvalue (Gset G1: ρ ≈ mean degree) drives every agent to the all-equal state.
    public var dt: Double?
    /// Coupling scale; nil picks 0.5 / (σ_J √N) (`0.5 √(m − 1) / ‖J'‖_F`).
    public var c0: Double?
    /// Heating rate γ for `.heated` (the simulated-bifurcation package's default, 0.06).
    public var heat: Double
    /// nil draws a fresh seed, reported in the result's parameters.
    public var seed: UInt64?
    /// Stop an agent once its signs held for 50 samples taken every 50 steps; the block stops when all did.
    public var earlyStop: Bool
    public var threads: Int
    public var layout: CouplingLayout

    public init(mode: Mode = .ballistic, agents: Int = 128, steps: Int = 1000, dt: Double? = nil,
                c0: Double? = nil, heat: Double = 0.06, seed: UInt64? = nil, earlyStop: Bool = false,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, layout: CouplingLayout = .automatic) {
        self.mode = mode
        self.agents = agents
        self.steps = steps
        self.dt = dt
        self.c0 = c0
        self.heat = heat
        self.seed = seed
        self.earlyStop = earlyStop
        self.threads = threads
        self.layout = layout
    }

    public var name: String { "sb" }

    /// Agent rows stream over 32 agents per index, so the dense kernel only pays off when nearly full.
    static let denseAbove = 0.75

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        guard agents >= 1 else { throw SolverFailure("sb() needs agents ≥ 1, got \(agents)") }
        guard steps >= 1 else { throw SolverFailure("sb() needs steps ≥ 1, got \(steps)") }
        if let dt, !(dt > 0 && dt.isFinite) { throw SolverFailure("sb() needs dt > 0, got \(dt)") }
        let started = Date()
        let seed = self.seed ?? UInt64.random(in: .min ... .max)
        guard problem.n > 0 else {  // nothing to simulate: the one (empty) state
            return SampleSet(n: 0, samples: [], energies: [problem.offset], solver: name,
                             settings: [.fixed("agents", .int(agents)), .seed(seed)])
        }
        // Per agent: position and momentum (Float) and its sample of the n (+1 ancilla) spins, and a trace.
        try SolverBudget.check(agents, bytesEach: Double(problem.n + 1) * 10 + 1024,
                               "sb() with \(agents) agents of \(problem.n) variables")
        let usedLayout = layout.resolved(for: problem, denseAbove: Self.denseAbove)
        let couplings = BifurcationCouplings(problem: problem, layout: usedLayout)
        let c0 = self.c0 ?? couplings.defaultC0
        let dt = self.dt ?? min(1, 1.8 / (1 + c0 * 1.1 * couplings.spectralRadiusEstimate).squareRoot())
        let recordEvery = max(1, steps / 100)
        let run = BifurcationRun(couplings: couplings, offset: problem.offset, discrete: mode != .ballistic,
                                 heat: mode == .heated ? Float(heat) : 0, steps: steps, dt: Float(dt),
                                 c0: Float(c0), seed: seed, recordEvery: recordEvery, earlyStop: earlyStop)
        let meter = ProgressMeter(control: control, total: SolverBudget.units(agents, steps))
        let width = AgentBlockShape.width
        let blocks = (agents + width - 1) / width
        let n = problem.n, m = couplings.m
        // An agent's m signs as the problem's n spins (the ancilla, when there is one, fixes the gauge).
        let problemSpins = { (agent: ArraySlice<Int8>) -> [Int8] in
            let gauge: Int8 = couplings.hasAncilla && agent[agent.startIndex + n] < 0 ? -1 : 1
            return agent.prefix(n).map { $0 * gauge }
        }
        let cutShort = CutShortReads()
        let (completed, cancelled) = try cutShort.map(count: blocks, threads: threads, firstRead: { $0 * width }) { b in
            try run.run(first: b * width, count: min(width, agents - b * width), meter: meter)
        }
        // Interrupted: the agents that finished, and each cut-short agent's best state so far (its m signs, as
        // every agent's until here), are samples.
        if cancelled {
            let done = completed.flatMap { first, outcome in
                (0..<(outcome.spins.count / m)).map { (first + $0, Array(outcome.spins[($0 * m)..<(($0 + 1) * m)])) }
            }
            let (signs, agentSettings) = cutShort.merged(completed: done, of: agents, noun: "agent")
            let states = signs.map { problemSpins($0[...]) }
            throw SolveCancelled(partial: states.isEmpty ? nil : SampleSet(
                n: n, samples: states.flatMap { $0 }, energies: states.map { problem.energy($0) }, vartype: .spin,
                seconds: Date().timeIntervalSince(started), solver: name,
                settings: SolverSettings([.fixed("mode", .text(mode.rawValue))] + agentSettings + [.fixed("steps", .int(steps)), .seed(seed)])))
        }
        let outcomes = completed.map(\.value)
        var samples = [Int8]()
        samples.reserveCapacity(agents * n)
        for outcome in outcomes {
            for lane in 0..<(outcome.spins.count / m) { samples.append(contentsOf: problemSpins(outcome.spins[(lane * m)..<((lane + 1) * m)])) }
        }
        let energies = problem.energies(samples)
        let (trace, meanTrace) = EnergyTrace.combine(outcomes.flatMap(\.recorded))
        meter.finish(bestEnergy: energies.min())
        var settings: SolverSettings = [
            .fixed("mode", .text(mode.rawValue)), .fixed("agents", .int(agents)), .fixed("steps", .int(steps)),
            .fixed("dt", .number(dt)), .fixed("c0", .number(c0)), .fixed("a0", .int(1)),
        ]
        if mode == .heated { settings.list.append(.fixed("heat", .number(heat))) }
        if earlyStop { settings.list.append(.fixed("steps run", .int(outcomes.map(\.stepsRun).max() ?? 0))) }
        settings.list += [.seed(seed), .threads(max(1, min(threads, blocks))), .fixed("layout", .text(usedLayout.rawValue))]
        // Early-stopped blocks record fewer points; the trace keeps the points every block recorded.
        let traceSteps = Array(EnergyTrace.recordSteps(total: steps, every: recordEvery).prefix(trace.count))
        return SampleSet(n: n, samples: samples, energies: energies, vartype: .spin, trace: trace,
                         meanTrace: meanTrace, traceSteps: traceSteps, traceUnit: "step",
                         seconds: Date().timeIntervalSince(started), solver: name,
                         settings: settings)
    }
}
