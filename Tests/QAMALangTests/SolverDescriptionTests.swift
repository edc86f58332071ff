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
}
