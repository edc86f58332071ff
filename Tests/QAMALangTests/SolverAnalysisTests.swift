import Foundation
import JupyterKernel
import Testing

/// pt(), pa(), gap() and tts() through the language.
@Suite("Solvers: replica exchange, population annealing, spectral gap, time to target")
struct DomainSolverAnalysisTests {
    /// An antiferromagnetic ring of six spins with unequal bonds: ground energy −(1 + 2 + 3 + 1.5 + 2.5 + 0.5) =
    /// −10.5 (alternating spins, two states); two domain walls on the two weakest bonds (−7.5) or elsewhere are
    /// local minima a quench can stop in. (Equal bonds would let sequential sweeps at low temperature carry
    /// domain walls round the ring for ever: a poor test model.)
    static let ring = "let y = spin(6, name: \"y\")\nlet E = y[0] * y[1] + 2 * y[1] * y[2] + 3 * y[2] * y[3] + 1.5 * y[3] * y[4] + 2.5 * y[4] * y[5] + 0.5 * y[5] * y[0]"

    @Test func ptAndPaShowTheirSettingsAndRefuseBadOnes() {
        let s = LangSession()
        #expect(s.text("pt(replicas: 4, sweeps: 100, seed: 5)") == "pt(replicas: 4, sweeps: 100, beta: auto, reads: 1, seed: 5)")
        #expect(s.text("pt(beta: [0.5, 2], seed: 1, threads: 2)") == "pt(replicas: 16, sweeps: 1000, beta: [0.5, 2], reads: 1, seed: 1, threads: 2)")
        #expect(s.text("pa(population: 20, sweeps: 50, seed: 3)") == "pa(population: 20, sweeps: 50, steps: 5, beta: auto, schedule: geometric, seed: 3)")
        #expect(s.error("pt(replicas: 0)")?.name == "ValueError")
        #expect(s.error("pt(beta: [0, 1])")?.name == "ValueError", "a geometric ladder needs β > 0")
        #expect(s.error("pa(sweeps: 10, steps: 11)")?.name == "ValueError")
        #expect(s.error("pa(schedule: \"cubic\")")?.name == "ValueError")
        #expect(s.error("pt(temperature: 3)")?.name == "TypeError")
    }

    @Test func ptAndPaReachTheRingsGroundStateReproducibly() {
        let s = LangSession()
        _ = s.text(Self.ring)
        #expect(s.number("solve(E, pt(replicas: 4, sweeps: 50, seed: 2)).energy") == -10.5)
        #expect(s.number("solve(E, pa(population: 10, sweeps: 20, seed: 2)).energy") == -10.5)
        let a = s.text("solve(E, pt(replicas: 4, sweeps: 20, reads: 3, seed: 9, threads: 1)).energies")
        let b = s.text("solve(E, pt(replicas: 4, sweeps: 20, reads: 3, seed: 9, threads: 2)).energies")
        #expect(a == b && a == "[-10.5, -10.5, -10.5]")
    }

    /// One spin in a field: δ = 1 + e^(−2βh) (two-state chain). At β = 0 any model gives δ = 2/n.
    @Test func gapOfHandSolvableChains() {
        let s = LangSession()
        _ = s.text("let x = spin(1, name: \"x\")\nlet F = x[0]")
        #expect(abs(s.number("gap(F, beta: 0.5).gap") - (1 + exp(-1.0))) < 1e-12)
        #expect(abs(s.number("gap(F, beta: 0.5).relaxation") - 1 / (1 + exp(-1.0))) < 1e-12)
        _ = s.text(Self.ring)
        #expect(abs(s.number("gap(E, beta: 0).gap") - 2.0 / 6) < 1e-12)
    }

    @Test func gapCurveMarksItsMinimumAndDrawsIt() {
        let s = LangSession()
        _ = s.text(Self.ring)
        _ = s.text("let g = gap(E, betas: [0, 0.5, 1, 2])")
        let gaps = (0..<4).map { s.number("g.gap[\($0)]") }
        #expect(gaps == gaps.sorted(by: >), "the ring's gap closes as it cools")
        #expect(s.number("g.min") == gaps[3])
        #expect(s.number("g.argmin") == 2)
        let bundle = s.bundle("g")
        #expect(bundle["image/svg+xml"]?.hasPrefix("<svg") == true)
        let plain = bundle["text/plain"] ?? ""
        #expect(plain.hasPrefix("minimum gap "))
        #expect(plain.contains("at β = 2"))
        #expect(s.bundle("g") == bundle, "the display is the same bytes every time")
    }

    @Test func gapRefusesLargeModelsAndBadArguments() throws {
        let s = LangSession()
        _ = s.text("let b = spin(21, name: \"b\")\nlet big = sum(i in 0..<20: b[i] * b[i + 1])")
        let e = try #require(s.error("gap(big, beta: 1)"))
        #expect(e.name == "SolverError")
        #expect(e.value == "gap() builds the 2^n-state Metropolis chain and is limited to 20 spins; this model has 21")
        #expect(e.traceback.joined(separator: "\n").contains("^"))
        _ = s.text(Self.ring)
        #expect(s.error("gap(E)")?.name == "ValueError")
        #expect(s.error("gap(E, beta: 1, betas: [1, 2])")?.name == "ValueError")
        #expect(s.error("gap(E, beta: -1)")?.name == "ValueError")
    }

    @Test func ttsTableCountsSuccessesWithExactIntervals() {
        let s = LangSession()
        _ = s.text(Self.ring)
        _ = s.text("let t = tts(E, pt(replicas: 4, sweeps: 30, seed: 3), target: -10.5, runs: 10)")
        #expect(s.number("t.runs") == 10)
        #expect(s.number("t.successes") == 10)
        #expect(s.number("t.p") == 1)
        // All ten: the lower end is 0.025^(1/10); TTS99 is one run, 4 replicas × 30 sweeps.
        #expect(abs(s.number("t.lower") - pow(0.025, 0.1)) < 1e-12)
        #expect(s.number("t.sweeps") == 120)
        #expect(s.number("t.per_run") == 120)
        #expect(s.number("t.seconds") > 0 && s.number("t.tts") == s.number("t.seconds"))
        let plain = s.text("t")
        #expect(plain.hasPrefix("Time to target E ≤ -10.5 (95% exact intervals; TTS99 in sweeps of all chains; seconds in t.tts)"))
        let row = plain.split(separator: "\n").first { $0.hasPrefix("pt(") }.map(String.init) ?? ""
        // Columns: solver, at target, p, p's interval, sweeps per run, TTS99, TTS99's interval
        // (120·ln 0.01 / ln(1 − 0.025^(1/10)) = 469.9 at the interval's lower p).
        #expect(row.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                == ["pt(replicas: 4, sweeps: 30, beta: auto, reads: 1)", "10/10", "1", "0.6915 … 1", "120", "120", "120 … 469.9"])
        _ = s.text("let u = tts(E, pt(replicas: 4, sweeps: 30, seed: 3), target: -10.5, runs: 10)")
        #expect(s.bundle("u") == s.bundle("t"), "same seed, same display bytes (no wall-clock numbers in it)")
    }

    @Test func ttsComparesSeveralSolversAndMarksTheFastest() {
        let s = LangSession()
        _ = s.text(Self.ring)
        // pa with 10 sweeps has one temperature step: a quench, which stops in the ring's local minima.
        _ = s.text("let t = tts(E, [sa(reads: 1, sweeps: 40, seed: 1), pt(replicas: 4, sweeps: 30, seed: 1), pa(population: 8, sweeps: 10, seed: 1)], target: -10.5, runs: 6)")
        #expect(s.text("t.successes") == "[6, 6, 0]")
        #expect(s.text("t.per_run") == "[40, 120, 80]")
        let plain = s.text("t")
        #expect(plain.contains("sa(reads: 1, sweeps: 40, beta: auto, schedule: geometric) ◀ fastest"))
        #expect(s.bundle("t")["image/svg+xml"]?.contains("fraction of runs at target") == true)
        // An unreachable target: no successes, TTS99 ∞.
        _ = s.text("let v = tts(E, pt(replicas: 2, sweeps: 5, seed: 1), target: -11, runs: 4)")
        #expect(s.number("v.successes") == 0)
        #expect(s.number("v.sweeps") == .infinity)
        #expect(abs(s.number("v.upper") - (1 - pow(0.025, 0.25))) < 1e-12)
        #expect(abs(s.number("v.sweeps_lower") - 10 * log(0.01) / log(pow(0.025, 0.25))) < 1e-9)
        let row = s.text("v").split(separator: "\n").first { $0.hasPrefix("pt(") }.map(String.init) ?? ""
        #expect(row.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                == ["pt(replicas: 2, sweeps: 5, beta: auto, reads: 1)", "0/4", "0", "0 … 0.6024", "10", "∞", "49.94 … ∞"])
    }

    @Test func ttsRefusesSolversWithoutASweepBudget() {
        let s = LangSession()
        _ = s.text(Self.ring)
        let e = s.error("tts(E, sb(), target: -10.5)")
        #expect(e?.name == "TypeError")
        #expect(e?.value == "tts() times solvers with a sweep budget — sa(), pt(), pa() — not sb()")
        #expect(s.error("tts(E, sa())")?.name == "ValueError", "target: is required")
        #expect(s.error("tts(E, sa(), target: -10.5, confidence: 1)")?.name == "ValueError")
    }
}
