import Foundation
import IsingCore
import IsingSolvers

/// `sa(...)`, `sb(...)`, `exact()` and `solve(m, solver)`. Every default is read from the solver type.
enum SolverBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register([sa, sb, exact, solve])
    }

    /// The solvers' own defaults, read (never restated) by the declarations.
    static var annealingDefaults: SimulatedAnnealing { SimulatedAnnealing() }
    static var bifurcationDefaults: SimulatedBifurcation { SimulatedBifurcation() }

    static var sa: Builtin {
        let defaults = annealingDefaults
        let reads = Param.positive("reads", default: defaults.reads), sweeps = Param.positive("sweeps", default: defaults.sweeps)
        let beta = Param.betaRange(), schedule = Param.choice("schedule", default: defaults.schedule)
        let seed = Param.seed, threads = Param.threads
        let layout = Param.choice("layout", SolveLayout.allCases.map(\.rawValue))
        return Builtin("sa", [reads, sweeps, beta, schedule, seed, threads, layout], doc: """
            Simulated annealing: single-spin-flip Metropolis, one β per sweep from hot to cold. The default β range \
            comes from the couplings as dwave-samplers picks it. Reads run in parallel on `threads` (default: every \
            core) with per-read random streams, so results depend on the seed only. The seed defaults to a draw \
            from the session stream (`seed(n)`). `layout:` picks the form a qama(...) model is annealed in: \
            "structured" (Q and K kept low-rank, v1's bits sharing a token field: no coupling written out), "generic" \
            (every coupling), or "auto", the default (structured for qama models above \
            \(StructuredQAMAModel.eagerCouplingLimit) couplings when a structured sweep is cheaper).
            """
        ) { args, _ in
            var solver = defaults
            solver.reads = try args[reads]
            solver.sweeps = try args[sweeps]
            solver.betaRange = try args[beta] ?? defaults.betaRange
            solver.schedule = try args[schedule]
            let seed = try args[seed]
            solver.seed = seed
            let threads = try args[threads]
            if let threads { solver.threads = threads }
            // Shown among the settings only when given, so results that never chose a layout print as before.
            let chosenLayout = try args[layout]
            let (r, s) = (solver.reads, solver.sweeps)
            let description = SolverDescription(
                name: "sa", label: "sa · \(r) reads", title: "sa · \(r) reads",
                settings: SolverSettings([.fixed("reads", .int(r)), .fixed("sweeps", .int(s)), .fixed("beta", .optional(solver.betaRange)),
                           .fixed("schedule", .text(solver.schedule.rawValue)), .seed(seed)]
                    + (threads.map { [Setting.threads($0)] } ?? [])
                    + (chosenLayout.map { [Setting.fixed("layout", .text($0))] } ?? [])))
            return .library(SolverValue(solver: solver, description: description,
                                       work: { p in Double(r) * Double(s) * Double(p.n + p.columns.count) },
                                       layout: chosenLayout.flatMap(SolveLayout.init(rawValue:)) ?? .auto))
        }
    }

    /// `sa()` with its defaults (the solver `solve(m)` and `sweep(...)` use when given none): draws its seed
    /// from the session stream like any `sa()` call.
    static func defaultSolver(session: Session, callRange: SourceRange?) throws -> SolverValue {
        let value = try sa.invoke(CallArguments(callee: "sa", positional: [], callRange: callRange), session: session)
        guard case .library(let s as SolverValue) = value else { preconditionFailure("sa() returns a Solver") }
        return s
    }

    static var sb: Builtin {
        // Every default comes from `SimulatedBifurcation` itself; dt and c0 stay nil ("auto") so the
        // solver picks its stable step and coupling scale from the problem.
        let defaults = bifurcationDefaults
        let mode = Param.choice("mode", default: defaults.mode)
        let agents = Param.positive("agents", default: defaults.agents), steps = Param.positive("steps", default: defaults.steps)
        let dt = Param.positiveNumber("dt", "default: the largest stable step"), c0 = Param.positiveNumber("c0", "default: 0.5/(σ_J √N)")
        let seed = Param.seed, threads = Param.threads
        return Builtin("sb", [mode, agents, steps, dt, c0, seed, threads], doc: """
            Simulated bifurcation (Goto et al.): `agents` oscillator trajectories integrated for `steps` steps of `dt`; \
            ballistic (bSB), discrete (dSB) or heated dSB. dt defaults to the largest stable step for the couplings, \
            min(1, 1.8/√(1 + c0·ρ)) with ρ their spectral radius; c0 to 0.5/(σ_J √N). The seed defaults to a draw \
            from the session stream.
            """
        ) { args, _ in
            var solver = defaults
            solver.mode = try args[mode]
            solver.agents = try args[agents]
            solver.steps = try args[steps]
            solver.dt = try args[dt] ?? defaults.dt
            solver.c0 = try args[c0] ?? defaults.c0
            let seed = try args[seed]
            solver.seed = seed
            let threads = try args[threads]
            if let threads { solver.threads = threads }
            let (a, s) = (solver.agents, solver.steps)
            let description = SolverDescription(
                name: "sb", label: "sb · \(a) agents", title: "sb \(solver.mode.rawValue) · \(a) agents",
                settings: SolverSettings([.fixed("mode", .text(solver.mode.rawValue)), .fixed("agents", .int(a)), .fixed("steps", .int(s)),
                           .fixed("dt", .optional(solver.dt)), .fixed("c0", .optional(solver.c0)), .seed(seed)]
                    + (threads.map { [Setting.threads($0)] } ?? [])))
            return .library(SolverValue(solver: solver, description: description,
                                       work: { p in Double(a) * Double(s) * Double(p.n + p.columns.count) }))
        }
    }

    static var exact: Builtin {
        Builtin("exact", doc: "Exhaustive search over every state (Gray code), returning all ground states; refuses more than \(ExactSolver.maxVariables) variables.") { _, _ in
            .library(SolverValue(solver: ExactSolver(), description: SolverDescription(name: "exact"),
                                 work: { p in p.n >= 62 ? .infinity : Double(1 << p.n) * (1 + Double(p.columns.count) / Double(max(p.n, 1))) }))
        }
    }

    static var solve: Builtin {
        let m = Param.model(), solver = Param<SolverValue?>.solver(at: "solver")
        return Builtin("solve", [m, solver], doc: """
            Solves a Model (or an Expr, compiled on demand and cached) with a solver — sa(), sb(), exact() or cim() — \
            using the params' current values, and returns a Result: best energy, energy by term, broken constraints, \
            samples. Without a solver it uses sa() with its defaults. A long solve shows live progress; interrupting \
            cancels it and keeps every binding.
            """
        ) { args, session in
            let model = try args[m]
            let solver = try args[solver] ?? defaultSolver(session: session, callRange: args.callRange)
            return .library(ResultValue(result: try SolveService.solve(model, with: solver, params: session.paramValues, session: session)))
        }
    }
}

extension Param where T == SolverValue? {
    /// An optional Solver (`sa()`, `sb()`, …); the builtin uses `sa()` with its defaults without one.
    static func solver(at name: String) -> Param<SolverValue?> {
        make(label: nil, name: name, kind: .library("Solver"), shown: nil, required: false, doc: "default: sa()") { args, slot in
            switch args.given(slot)?.value {
            case nil: return nil
            case .library(let s as SolverValue)?: return s
            case let other?:
                throw LanguageError.type("\(args.callee)() argument \(args.index(slot) + 1) must be a Solver such as sa(), sb(), exact() or cim(...), not \(other.typeName)",
                                         at: args.range(slot))
            }
        }
    }
}
