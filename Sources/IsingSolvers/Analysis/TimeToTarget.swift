import Foundation
import IsingCore

/// Time to target: repeated independent solves of one problem, each a success when its best energy reaches
/// the target; the success probability p per solve with an exact (Clopper–Pearson) interval, and the time to
/// reach the target with 99 % confidence by restarts, TTS99 = t · ln(0.01) / ln(1 − p) (t itself once
/// p ≥ 0.99), with the interval that p's interval gives (the spread of t is not included).
///
/// Two time units: wall seconds (t = the mean wall time of one solve, as measured here) and sweeps (t = the
/// sweeps one solve does over all its chains — reproducible, machine-independent, and what a notebook shows).
/// Run r solves with seed `runSeed(base:run: r)`, so the measurement is fixed by the solver's one seed.
public enum TimeToTarget {
    public struct Run: Sendable, Equatable {
        public var seed: UInt64
        public var seconds: Double
        public var bestEnergy: Double
        /// Sweeps (over all chains) at the first trace point at or below the target; nil when missed.
        public var hitSweeps: Double?
        public var success: Bool { hitSweeps != nil }
    }

    public struct Measurement: Sendable {
        public var runs: [Run]
        /// Runs asked for; more than `runs.count` when interrupted.
        public var requested: Int
        /// Sweeps (over all chains) at each point of a run's trace: where the time-to-target curve is known.
        public var budgets: [Double]
        public var interrupted: Bool { runs.count < requested }
    }

    /// A TTS99 value with its interval (from p's interval), in one unit.
    public struct Bounds: Sendable, Equatable {
        public var value: Double
        public var lower: Double
        public var upper: Double
    }

    public struct Summary: Sendable {
        public var interval: BinomialInterval
        public var meanSeconds: Double
        public var sweepsPerRun: Double
        public var seconds: Bounds
        public var sweeps: Bounds
        public var p: Double { interval.estimate }
    }

    /// Runs per solver and the interval's confidence when the caller does not say.
    public static let defaultRuns = 20
    public static let defaultConfidence = 0.95

    public static func runSeed(base: UInt64, run: Int) -> UInt64 {
        var stream = SeededRandom.stream(seed: base, index: run)
        return stream.next()
    }

    /// Energies within this of the target count as reaching it (sums of couplings carry rounding).
    public static func tolerance(_ target: Double) -> Double { 1e-9 * max(1, abs(target)) }

    /// TTS99 = t · ln(1 − 0.99) / ln(1 − p); t when p ≥ 0.99, ∞ when p = 0.
    public static func tts99(p: Double, perRun t: Double) -> Double {
        if p >= 0.99 { return t }
        if p <= 0 { return .infinity }
        return t * log(0.01) / log1p(-p)
    }

    /// Runs `solver` `runs` times with derived seeds. An interrupt ends the measurement and keeps the runs done.
    /// `afterRun(done)` is called after each run.
    public static func measure(_ solver: any SweepBudgeted, problem: IsingProblem, target: Double, runs: Int,
                               control: SolveControl, afterRun: (Int) -> Void = { _ in }) throws -> Measurement {
        guard runs >= 1 else { throw SolverFailure("tts() needs runs ≥ 1, got \(runs)") }
        guard let base = solver.seed else { throw SolverFailure("tts() needs a seeded solver") }
        let tolerance = tolerance(target)
        var done: [Run] = []
        var budgets: [Double] = []
        for r in 0..<runs {
            let seed = runSeed(base: base, run: r)
            let started = Date()
            let samples: SampleSet
            do {
                samples = try solver.withSeed(seed).solve(problem, control: control)
            } catch is SolveCancelled {
                break
            }
            let seconds = Date().timeIntervalSince(started)
            let best = samples.energies.min() ?? .infinity
            if budgets.isEmpty { budgets = solver.traceSweeps(points: samples.trace.count) }
            var hit: Double? = nil
            if best <= target + tolerance {
                hit = samples.trace.indices.first { samples.trace[$0] <= target + tolerance }.map { $0 < budgets.count ? budgets[$0] : solver.sweepsPerSolve }
                    ?? solver.sweepsPerSolve
            }
            done.append(Run(seed: seed, seconds: seconds, bestEnergy: best, hitSweeps: hit))
            afterRun(done.count)
        }
        return Measurement(runs: done, requested: runs, budgets: budgets)
    }

    public static func summarize(_ runs: [Run], sweepsPerRun: Double, confidence: Double = defaultConfidence) -> Summary? {
        guard !runs.isEmpty else { return nil }
        let interval = BinomialInterval(successes: runs.count { $0.success }, trials: runs.count, confidence: confidence)
        let t = runs.reduce(0) { $0 + $1.seconds } / Double(runs.count)
        func bounds(_ unit: Double) -> Bounds {
            // TTS99 falls as p rises: the interval's upper p gives the lower time.
            Bounds(value: tts99(p: interval.estimate, perRun: unit), lower: tts99(p: interval.upper, perRun: unit),
                   upper: tts99(p: interval.lower, perRun: unit))
        }
        return Summary(interval: interval, meanSeconds: t, sweepsPerRun: sweepsPerRun, seconds: bounds(t),
                       sweeps: bounds(sweepsPerRun))
    }

    /// The time-to-target curve: at each budget (sweeps over all chains within one solve), the fraction of
    /// runs that had reached the target by then, with its interval.
    public static func curve(_ runs: [Run], budgets: [Double], confidence: Double = defaultConfidence) -> [BinomialInterval] {
        guard !runs.isEmpty else { return [] }
        return budgets.map { b in
            BinomialInterval(successes: runs.count { ($0.hitSweeps ?? .infinity) <= b }, trials: runs.count,
                             confidence: confidence)
        }
    }
}
