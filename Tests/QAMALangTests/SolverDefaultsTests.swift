import Foundation
import IsingSolvers
import QAMALang
import RemoteCIM
import Testing

/// The language reads every solver default from the solver type (one truth per fact); issue 12 item 2 and
/// issue 14: `sb()` used to pass `dt: 1` and gave a cut of 29 on G1.
@Suite("Solver defaults come from the solver types")
struct SolverDefaultsTests {
    @Test func annealingDefaultsAreTheTypes() {
        let s = LangSession()
        let defaults = SimulatedAnnealing()
        #expect(s.number("sa().reads") == Double(defaults.reads))
        #expect(s.number("sa().sweeps") == Double(defaults.sweeps))
        #expect(s.text("sa().schedule") == "\"\(defaults.schedule.rawValue)\"")
        #expect(s.text("sa().beta") == "\"auto\"")
    }

    @Test func bifurcationDefaultsAreTheTypes() {
        let s = LangSession()
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
        let s = LangSession()
        let sa = SimulatedAnnealing(), sb = SimulatedBifurcation()
        let saHelp = s.interpreter.inspect(code: "sa", cursorPosition: 2, detailLevel: 0)?["text/plain"] ?? ""
        #expect(saHelp.contains("sa(reads: \(sa.reads), sweeps: \(sa.sweeps), beta: [hot, cold], schedule: \"geometric\" | \"linear\", seed:, threads:, layout: \"auto\" | \"structured\" | \"generic\")"))
        let sbHelp = s.interpreter.inspect(code: "sb", cursorPosition: 2, detailLevel: 0)?["text/plain"] ?? ""
        #expect(sbHelp.contains("sb(mode: \"ballistic\" | \"discrete\" | \"heated\", agents: \(sb.agents), steps: \(sb.steps), dt:, c0:, seed:, threads:)"))
    }

    /// The issue's reproducer: G1 with 64 agents × 2000 steps and no dt reaches a good cut (best known 11624).
    @Test(arguments: ["ballistic", "discrete"])
    func sbWithoutDtCutsG1Well(mode: String) {
        let s = LangSession()
        let cut = s.number("""
            let g = graph("G1")
            cut(g, solve(maxcut(g), sb(mode: "\(mode)", agents: 64, steps: 2000, seed: 1)).best)
            """)
        #expect(cut >= 11500)
    }

    /// Each solver type with its defaults, by the solver's name. A solver builtin missing here fails
    /// `everySolverBuiltinUsesItsTypesDefaults`, so a new solver cannot skip this check.
    static var solverTypes: [String: Any] { [
        "sa": SimulatedAnnealing(), "sb": SimulatedBifurcation(), "pt": ParallelTempering(), "pa": PopulationAnnealing(),
        "exact": ExactSolver(), "cim": CIMClient(machine: .embedded),
    ] }

    /// Walks the builtin table: every builtin that makes a Solver (its value's `name` is its own name) is
    /// called with no arguments, and each of its declared labels that names a setting the solver type
    /// has a concrete default for must show that default.
    @Test func everySolverBuiltinUsesItsTypesDefaults() {
        let s = LangSession()
        var checked = 0
        for name in BuiltinTable.standard.names {
            let made = s.run("\(name)()").outcome
            guard made.error == nil, made.result?["text/plain"]?.hasPrefix(name + "(") == true,
                  s.run("\(name)().name").outcome.result?["text/plain"] == "\"\(name)\"" else { continue }
            guard let type = Self.solverTypes[name] else {
                Issue.record("\(name)() makes a Solver but its type is not in solverTypes")
                continue
            }
            let defaults = Dictionary(Mirror(reflecting: type).children.compactMap { c in c.label.map { ($0, c.value) } },
                                      uniquingKeysWith: { a, _ in a })
            for label in BuiltinTable.standard[name]!.labels where label != "seed" {
                // A setting the Solver value does not show (threads) is left to the type entirely.
                guard let value = defaults[label],
                      let shown = s.run("\(name)().\(label)").outcome.result?["text/plain"] else { continue }
                switch value {
                case let x as Int: #expect(shown == "\(x)", "\(name) \(label)"); checked += 1
                case let x as Double: #expect(Double(shown) == x, "\(name) \(label)"); checked += 1
                case let x as Bool: #expect(shown == "\"\(x)\"", "\(name) \(label)"); checked += 1
                case let x as any RawRepresentable:
                    #expect(shown == "\"\(x.rawValue)\"", "\(name) \(label)"); checked += 1
                default: continue  // nil: the solver decides from the problem ("auto"), checked by name above
                }
            }
        }
        // sa: reads, sweeps, schedule; sb: mode, agents, steps; pt: replicas, sweeps, reads; pa: population,
        // sweeps, schedule; cim: samples, timeout, mode.
        #expect(checked >= 15)
    }
}
