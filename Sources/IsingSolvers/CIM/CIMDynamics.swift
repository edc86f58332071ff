import Foundation
import IsingCore
import Synchronization

/// A simulated measurement-feedback coherent Ising machine with chaotic amplitude control (CAC;
/// Leleu et al., PRL 122, 040607 (2019) and Commun. Phys. 4, 266 (2021)).
///
/// Each sample integrates, by forward Euler with step `dt`, the in-phase amplitudes x_i of the optical
/// pulses and one error variable e_i per pulse:
///
///     dx_i/dt = −x_i³ + (p − 1) x_i − β e_i (Σ_j J_ij x_j + h_i √a)
///     de_i/dt = −ξ e_i (x_i² − a)
///
/// The measured field is fed back with the sign that lowers E = Σ h s + Σ J s s (so, a ferromagnetic
/// J < 0 pulls amplitudes together); h couples through an ancilla pulse held at the target amplitude √a.
/// The error variables grow on pulses whose amplitude is below √a and shrink on those above, so the
/// amplitudes cannot settle in a heterogeneous local minimum: the dynamics keeps visiting new spin
/// configurations (sign x), and `optimize` mode returns the best one each sample visited. The pump p and
/// the target a are ramped over the first `rampFraction` of the steps and then held; amplitudes are
/// clipped at 1.5 √a as the reference implementations do.
public struct CIMDynamics: Solver {
    /// `optimize`: each sample is the lowest-energy spin configuration its trajectory visited.
    /// `sample`: each sample is the configuration measured at the end of its trajectory.
    public enum Mode: String, Sendable, CaseIterable {
        case optimize, sample
    }

    public var samples: Int
    public var steps: Int
    public var dt: Double
    public var mode: Mode
    /// Pump p at the first step and at the end of the ramp.
    public var pumpStart: Double
    public var pumpEnd: Double
    /// Target squared amplitude a at the first step and at the end of the ramp.
    public var amplitudeStart: Double
    public var amplitudeEnd: Double
    /// Fraction of `steps` over which p and a are ramped.
    public var rampFraction: Double
    /// ξ, the rate of the error variables.
    public var errorRate: Double
    /// β, the feedback strength; nil means √(2n / Σ_ij J_ij²), which makes the dynamics scale-free (an
    /// integer-quantised problem behaves as the original did).
    public var coupling: Double?
    public var seed: UInt64
    /// Worker threads; 0 = one per core. Results do not depend on it.
    public var threads: Int

    public init(samples: Int = 16, steps: Int = 1000, dt: Double = 0.075, mode: Mode = .optimize,
                pumpStart: Double = -0.5, pumpEnd: Double = 1.0,
                amplitudeStart: Double = 1.0, amplitudeEnd: Double = 3.0, rampFraction: Double = 0.9,
                errorRate: Double = 0.3, coupling: Double? = nil, seed: UInt64 = 0, threads: Int = 0) {
        self.samples = samples
        self.steps = steps
        self.dt = dt
        self.mode = mode
        self.pumpStart = pumpStart
        self.pumpEnd = pumpEnd
        self.amplitudeStart = amplitudeStart
        self.amplitudeEnd = amplitudeEnd
        self.rampFraction = rampFraction
        self.errorRate = errorRate
        self.coupling = coupling
        self.seed = seed
        self.threads = threads
    }

    public var name: String { "cim-dynamics" }

    /// β actually used on `problem`.
    public func feedbackStrength(for problem: IsingProblem) -> Double {
        if let coupling { return coupling }
        var squares = 0.0
        for v in problem.values { squares += v * v }
        for v in problem.h { squares += 2 * v * v }  // the ancilla's row and column
        return squares > 0 ? (2 * Double(problem.n) / squares).squareRoot() : 1
    }

    /// Throws when a setting other than samples, mode and seed (which each job brings) cannot run: the
    /// machine checks this once, at start, rather than failing every job.
    public func checkSettings() throws(SolverFailure) {
        guard steps >= 1 else { throw SolverFailure("steps must be at least 1, got \(steps)") }
        guard dt > 0, dt.isFinite else { throw SolverFailure("dt must be a finite number > 0, got \(dt)") }
        guard (0...1).contains(rampFraction) else { throw SolverFailure("the ramp fraction must be in [0, 1], got \(rampFraction)") }
        for (name, v) in [("pump start", pumpStart), ("pump end", pumpEnd), ("error rate", errorRate)] where !v.isFinite {
            throw SolverFailure("\(name) must be finite, got \(v)")
        }
        guard amplitudeStart > 0, amplitudeEnd > 0, amplitudeStart.isFinite, amplitudeEnd.isFinite else {
            throw SolverFailure("the target amplitudes must be finite and > 0, got \(amplitudeStart) and \(amplitudeEnd)")
        }
        if let coupling, !(coupling > 0 && coupling.isFinite) {
            throw SolverFailure("the feedback strength must be finite and > 0, got \(coupling)")
        }
        guard threads >= 0 else { throw SolverFailure("threads must be ≥ 0, got \(threads)") }
    }

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        guard samples >= 1 else { throw SolverFailure("cim: samples must be at least 1, got \(samples)") }
        do { try checkSettings() } catch { throw SolverFailure("cim: " + error.message) }
        let started = Date()
        let n = problem.n
        let schedule = CIMSchedule(dynamics: self)
        let beta = feedbackStrength(for: problem)
        let tracePoints = min(steps, 200)

        let slots = TrajectorySlots(samples: samples, n: n, tracePoints: tracePoints)
        defer { slots.deallocate() }
        let nextSample = Atomic<Int>(0)
        let stepsDone = Atomic<Int>(0)
        let failure = Mutex<(any Error)?>(nil)
        let totalSteps = Double(samples) * Double(steps)
        let workers = max(1, min(samples, threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount))

        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let trajectory = CIMTrajectory(problem: problem, beta: beta, errorRate: errorRate, dt: dt)
            while true {
                let index = nextSample.add(1, ordering: .relaxed).oldValue
                guard index < samples, failure.withLock({ $0 == nil }) else { return }
                var random = SeededRandom.stream(seed: seed, index: index)
                do {
                    try trajectory.run(schedule: schedule, steps: steps, tracePoints: tracePoints,
                                       keepBest: mode == .optimize, random: &random, into: slots, sample: index,
                                       control: control) {
                        let done = stepsDone.add($0, ordering: .relaxed).newValue
                        control.report(SolveProgress(fraction: Double(done) / totalSteps, message: "cim"))
                    }
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        let spins = Array(slots.spins)
        var energies = [Double](repeating: 0, count: samples)
        for r in 0..<samples { energies[r] = problem.energy(spins[(r * n)..<((r + 1) * n)]) }
        let (trace, meanTrace) = slots.traces()
        let best = energies.min()!
        control.report(SolveProgress(fraction: 1, bestEnergy: best, message: "cim"))
        return SampleSet(n: n, samples: spins, energies: energies, vartype: .spin, trace: trace, meanTrace: meanTrace,
                         seconds: Date().timeIntervalSince(started), solver: name, settings: [
                             .fixed("samples", .int(samples)), .fixed("steps", .int(steps)), .fixed("dt", .number(dt)),
                             .fixed("mode", .text(mode.rawValue)), .fixed("pump", .ramp(from: pumpStart, to: pumpEnd)),
                             .fixed("amplitude", .ramp(from: amplitudeStart, to: amplitudeEnd)), .fixed("ramp", .number(rampFraction)),
                             .fixed("error_rate", .number(errorRate)), .fixed("beta", .number(beta)), .seed(seed),
                         ])
    }
}
