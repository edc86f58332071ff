import Foundation
import IsingSolvers
import Testing

/// The language reads every solver default from the solver type (one truth per fact); issue 12 item 2 and
/// issue 14: `sb()` used to pass `dt: 1` and gave a cut of 29 on G1.
@Suite("Solver defaults come from the solver types")
struct SolverDefaultsTests {
    @Test func annealingDefaultsAreTheTypes() {
        let s = DomainSession()
        let defaults = SimulatedAnnealing()
        #expect(s.number("sa().reads") == Double(defaults.reads))
        #expect(s.number("sa().sweeps") == Double(defaults.sweeps))
        #expect(s.text("sa().schedule") == "\"\(defaults.schedule.rawValue)\"")
        #expect(s.text("sa().beta") == "\"auto\"")
    }

    @Test func bifurcationDefaultsAreTheTypes() {
        let s = DomainSession()
        let defaults = SimulatedBifurcation()
        #expect(defaults.dt == nil && defaults.c0 == nil, "the solver picks dt and c0 from the problem")
        #expect(s.number("sb().agents") == Double(defaults.agents))
        #expect(s.number("sb().steps") == Double(defaults.steps))
        #expect(s.text("sb().mode") == "\"\(defaults.mode.rawValue)\"")
        #expect(s.text("sb().dt") == "\"auto\"")
        #expect(s.text("sb().c0") == "\"auto\"")
        #expect(s.number("sb(dt: 0.5).dt") == 0.5)
    }

    @Test func signaturesShowTheTypesDefaults() {
        let s = DomainSession()
        let sa = SimulatedAnnealing(), sb = SimulatedBifurcation()
        let saHelp = s.interpreter.inspect(code: "sa", cursorPosition: 2, detailLevel: 0)?["text/plain"] ?? ""
        #expect(saHelp.contains("sa(reads: \(sa.reads), sweeps: \(sa.sweeps), beta: [hot, cold], schedule: \"geometric\" | \"linear\", seed:, threads:, layout: \"auto\" | \"structured\" | \"generic\")"))
        let sbHelp = s.interpreter.inspect(code: "sb", cursorPosition: 2, detailLevel: 0)?["text/plain"] ?? ""
        #expect(sbHelp.contains("sb(mode: \"ballistic\" | \"discrete\" | \"heated\", agents: \(sb.agents), steps: \(sb.steps), dt:, c0:, seed:, threads:)"))
    }

    /// The reproducer: G1 with 64 agents × 2000 steps and no dt reaches a good cut (best known 11624).
    @Test(arguments: ["ballistic", "discrete"])
    func sbWithoutDtCutsG1Well(mode: String) {
        let s = DomainSession()
        let cut = s.number("""
            let g = graph("G1")
            cut(g, solve(maxcut(g), sb(mode: "\(mode)", agents: 64, steps: 2000, seed: 1)).best)
            """)
        #expect(cut >= 11500)
    }
}
