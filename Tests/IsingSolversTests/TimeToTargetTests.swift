import Foundation
import IsingCore
import IsingSolvers
import Testing

@Suite("Time to target and binomial intervals")
struct TimeToTargetTests {
    /// P(X = k) for X ~ Binomial(n, p), summed directly: the independent reference for the intervals.
    static func pmf(_ k: Int, _ n: Int, _ p: Double) -> Double {
        exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    @Test("zero or all successes: the closed forms 1 − (α/2)^(1/N) and (α/2)^(1/N)")
    func ends() {
        let none = BinomialInterval(successes: 0, trials: 10)
        #expect(none.lower == 0)
        #expect(abs(none.upper - (1 - pow(0.025, 0.1))) < 1e-12)  // 0.308497…
        let all = BinomialInterval(successes: 10, trials: 10)
        #expect(all.upper == 1)
        #expect(abs(all.lower - pow(0.025, 0.1)) < 1e-12)  // 0.691503…
    }

    @Test("the endpoints solve P(X ≥ k | p_lo) = α/2 and P(X ≤ k | p_hi) = α/2", arguments: [(5, 10), (1, 20), (37, 50), (3, 1000)])
    func endpoints(k: Int, n: Int) {
        let ci = BinomialInterval(successes: k, trials: n)
        let upperTail = (k...n).reduce(0.0) { $0 + Self.pmf($1, n, ci.lower) }
        let lowerTail = (0...k).reduce(0.0) { $0 + Self.pmf($1, n, ci.upper) }
        #expect(abs(upperTail - 0.025) < 1e-10)
        #expect(abs(lowerTail - 0.025) < 1e-10)
    }

    @Test("5 of 10 gives the textbook interval 0.187086 … 0.812914")
    func textbook() {
        let ci = BinomialInterval(successes: 5, trials: 10)
        #expect(abs(ci.lower - 0.187086) < 5e-7 && abs(ci.upper - 0.812914) < 5e-7)
        #expect(ci.estimate == 0.5)
    }

    /// Clopper–Pearson covers p with probability ≥ the confidence for every p. Exactly (sum over k), and in
    /// 2000 simulated experiments: there the coverage estimate has a standard error of
    /// √(0.95·0.05/2000) ≈ 0.0049, so a correct interval is above 0.95 − 3·0.0049 ≈ 0.935 except with
    /// probability about 0.1 % (and the seeded simulation makes the test's outcome fixed).
    @Test("intervals cover the true p at the stated rate", arguments: [(0.3, 50), (0.05, 100), (0.9, 20)])
    func coverage(p: Double, n: Int) {
        let intervals = (0...n).map { BinomialInterval(successes: $0, trials: n) }
        let exact = (0...n).reduce(0.0) { $0 + (intervals[$1].contains(p) ? Self.pmf($1, n, p) : 0) }
        #expect(exact >= 0.95, "exact coverage \(exact)")
        var rng = SeededRandom(seed: 20)
        var covered = 0
        for _ in 0..<2000 {
            var k = 0
            for _ in 0..<n where rng.nextUnit() < p { k += 1 }
            if intervals[k].contains(p) { covered += 1 }
        }
        #expect(Double(covered) / 2000 >= 0.935, "simulated coverage \(covered) of 2000")
    }

    @Test("TTS99 = t·ln 0.01 / ln(1 − p), t once p ≥ 0.99, ∞ at p = 0")
    func tts99() {
        #expect(abs(TimeToTarget.tts99(p: 0.5, perRun: 1) - 6.643856189774724) < 1e-12)
        #expect(abs(TimeToTarget.tts99(p: 0.1, perRun: 2) - 2 * log(0.01) / log(0.9)) < 1e-12)
        #expect(TimeToTarget.tts99(p: 0.995, perRun: 3) == 3)
        #expect(TimeToTarget.tts99(p: 0, perRun: 3) == .infinity)
    }

    @Test("a measurement is fixed by the solver's seed; its interval brackets the estimate")
    func measures() throws {
        let problem = TestModels.integerGlass(n: 30, density: 0.2, seed: 11)
        let ground = try ExactSolver(threads: 2).solve(problem, control: .none).energies.min()!
        let sa = SimulatedAnnealing(reads: 1, sweeps: 20, seed: 5, threads: 1)
        let a = try TimeToTarget.measure(sa, problem: problem, target: ground, runs: 40, control: .none)
        let b = try TimeToTarget.measure(sa, problem: problem, target: ground, runs: 40, control: .none)
        #expect(a.runs.map(\.bestEnergy) == b.runs.map(\.bestEnergy))
        #expect(a.runs.map(\.hitSweeps) == b.runs.map(\.hitSweeps))
        #expect(a.runs.map(\.seed) == (0..<40).map { TimeToTarget.runSeed(base: 5, run: $0) })
        #expect(Set(a.runs.map(\.seed)).count == 40)
        for run in a.runs { #expect(run.success == (run.bestEnergy <= ground + 1e-9)) }
        let summary = try #require(TimeToTarget.summarize(a.runs, sweepsPerRun: sa.sweepsPerSolve))
        let k = a.runs.count { $0.success }
        #expect(k > 0 && k < 40, "20 sweeps sometimes reach the ground state of this glass: \(k) of 40")
        #expect(summary.interval == BinomialInterval(successes: k, trials: 40))
        #expect(summary.sweeps.value == TimeToTarget.tts99(p: Double(k) / 40, perRun: 20))
        #expect(summary.sweeps.lower <= summary.sweeps.value && summary.sweeps.value <= summary.sweeps.upper)
        // The curve over the budget rises to the final success count.
        let budgets = sa.traceSweeps(points: 20)
        #expect(budgets == (1...20).map(Double.init))
        let curve = TimeToTarget.curve(a.runs, budgets: budgets)
        #expect(curve.map(\.successes) == curve.map(\.successes).sorted())
        #expect(curve.last?.successes == k)
    }

    @Test("an unreachable target: no successes, TTS infinite, p below 1 − 0.025^(1/N)")
    func unreachable() throws {
        let problem = TestModels.integerGlass(n: 12, seed: 2)
        let ground = TestModels.bruteForce(problem).energy
        let pt = ParallelTempering(replicas: 3, sweeps: 10, seed: 1, threads: 1)
        let m = try TimeToTarget.measure(pt, problem: problem, target: ground - 1, runs: 8, control: .none)
        let s = try #require(TimeToTarget.summarize(m.runs, sweepsPerRun: pt.sweepsPerSolve))
        #expect(s.interval.successes == 0 && s.sweeps.value == .infinity && s.sweeps.upper == .infinity)
        #expect(abs(s.interval.upper - (1 - pow(0.025, 1.0 / 8))) < 1e-12)
        #expect(s.sweeps.lower == TimeToTarget.tts99(p: s.interval.upper, perRun: 30))
    }

    @Test("an interrupt ends the measurement and keeps the runs done")
    func interrupt() throws {
        let problem = TestModels.random(n: 20, seed: 3)
        let control = SolveControl()
        let m = try TimeToTarget.measure(PopulationAnnealing(population: 8, sweeps: 20, seed: 2, threads: 1), problem: problem,
                                         target: -100, runs: 10, control: control,
                                         afterRun: { if $0 == 3 { control.cancel() } })
        #expect(m.runs.count == 3 && m.requested == 10 && m.interrupted)
    }
}
