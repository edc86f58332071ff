import IsingSolvers
import Testing

/// Each solver builtin describes itself (SolverDescription): typed settings for members, the text a Solver
/// shows, and the title figures give its results — no switch on solver names anywhere else.
@Suite("Solver descriptions: typed settings and titles from the solver's builtin")
struct SolverDescriptionTests {
    @Test func settingsAreTyped() {
        let s = LangSession()
        #expect(s.number("sa(seed: 1).reads") == Double(SimulatedAnnealing().reads))
        #expect(s.text("sa(seed: 1).beta") == "\"auto\"")
        #expect(s.text("sa(beta: [0.5, 2], seed: 1).beta") == "\"[0.5, 2]\"")
        #expect(s.text("sa(seed: 1).schedule") == "\"geometric\"")
        #expect(s.number("pa(sweeps: 100, seed: 1).steps") == Double(PopulationAnnealing.defaultSteps(sweeps: 100)))
        #expect(s.number("cim(seed: 3).seed") == 3)
        #expect(s.number("cim(seed: 3).timeout") == 60)
        #expect(s.text("sb(seed: 2, dt: 0.25)") == "sb(mode: ballistic, agents: \(SimulatedBifurcation().agents), steps: \(SimulatedBifurcation().steps), dt: 0.25, c0: auto, seed: 2)")
        #expect(s.text("exact()") == "exact()")
    }

    @Test func figuresTitleResultsWithTheSolversOwnWords() {
        let s = LangSession()
        _ = s.text("let y = spin(3)\nlet E = y[0] * y[1] + y[1] * y[2]")
        #expect(s.text("histogram(solve(E, sb(mode: \"discrete\", agents: 8, steps: 50, seed: 1)))")
                    .hasPrefix("Histogram \"Energy histogram · sb discrete · 8 agents\" of energy over 8 reads\n"))
        #expect(s.text("histogram(solve(E, sa(reads: 4, sweeps: 10, seed: 1)))")
                    .hasPrefix("Histogram \"Energy histogram · sa · 4 reads\" of energy over 4 reads\n"))
        #expect(s.text("histogram(solve(E, pt(seed: 1)))").hasPrefix("Histogram \"Energy histogram · pt\" of energy over 1 reads\n"))
    }

    /// The "solver" row of a Result's display: the run's own settings (IsingCore's `SolverSettings`), auto values
    /// resolved and written to four significant digits; the thread count, which never changes the samples, left out.
    private func solverRow(_ s: LangSession, _ code: String) -> String? {
        s.text(code).split(separator: "\n").first { $0.hasPrefix("solver ") }.map(String.init)
    }

    @Test func resultsShowTheSettingsTheRunUsed() {
        let s = LangSession()
        _ = s.text("let y = spin(3)\nlet E = y[0] * y[1] + y[1] * y[2]")
        // β range by dwave-samplers' rule: hot ln 2 / (2·2) = 0.17329, cold ln(3/0.01) / (2·1) = 2.8519 (spin 1's
        // biases sum to 2, every spin's smallest is 1); 2 of 3 pairs coupled: above SA's dense threshold (0.25).
        #expect(solverRow(s, "solve(E, sa(reads: 4, sweeps: 10, seed: 1, threads: 2))")
                    == "solver       sa(reads: 4, sweeps: 10, beta: [0.1733, 2.852], schedule: geometric, seed: 1, layout: dense)")
        // The configured solver shows what was given, auto where the run decides, and the threads it was given.
        #expect(s.text("sa(reads: 4, sweeps: 10, seed: 1, threads: 2)")
                    == "sa(reads: 4, sweeps: 10, beta: auto, schedule: geometric, seed: 1, threads: 2)")
        // Exact search: 2^3 states, two ground states (+−+ and −+−), both reported.
        #expect(solverRow(s, "solve(E, exact())") == "solver       exact(states: 2^3, ground states: 2, reported: 2, layout: dense)")
        // One replica: no neighbouring pair to exchange.
        #expect(solverRow(s, "solve(E, pt(replicas: 1, sweeps: 5, beta: [0.5, 2], seed: 4))")
                    == "solver       pt(reads: 1, replicas: 1, sweeps: 5, beta: [0.5, 2], exchange acceptance: none, seed: 4, layout: dense)")
    }
}
