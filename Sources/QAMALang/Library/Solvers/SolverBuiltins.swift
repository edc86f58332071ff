import Foundation
import IsingCore
import IsingSolvers

/// `sa(...)`, `sb(...)`, `exact()` and `solve(m, solver)`.
enum SolverBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "sa",
            signature: "sa(reads: \(annealingDefaults.reads), sweeps: \(annealingDefaults.sweeps), beta: [hot, cold], schedule: "
                + AnnealingSchedule.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " | ") + ", seed:, threads:, layout: "
                + SolveLayout.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " | ") + ")",
            doc: """
            Simulated annealing: single-spin-flip Metropolis, one β per sweep from hot to cold. The default β range \
            comes from the couplings as dwave-samplers picks it. Reads run in parallel on `threads` (default: every \
            core) with per-read random streams, so results depend on the seed only. The seed defaults to a draw \
            from the session stream (`seed(n)`). `layout:` picks the form a qama(...) model is annealed in: "structured"             (Q and K kept low-rank, v1 bits sharing a token field: no coupling written out), "generic" (every coupling),             or "auto" (structured for qama models above \(StructuredQAMAModel.eagerCouplingLimit) couplings when cheaper).
            """,
            labels: ["reads", "sweeps", "beta", "schedule", "seed", "threads", "layout"],
            choices: ["schedule": AnnealingSchedule.allCases.map(\.rawValue), "layout": SolveLayout.allCases.map(\.rawValue)]
        ) { args, session in
            try .library(annealing(&args, session: session))
        })

        table.register(Builtin(
            name: "sb",
            signature: "sb(mode: " + SimulatedBifurcation.Mode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " | ")
                + ", agents: \(bifurcationDefaults.agents), steps: \(bifurcationDefaults.steps), dt:, c0:, seed:, threads:)",
            doc: """
            Simulated bifurcation (Goto et al.): `agents` oscillator trajectories integrated for `steps` steps of `dt`; \
            ballistic (bSB), discrete (dSB) or heated dSB. dt defaults to the largest stable step for the couplings, \
            min(1, 1.8/√(1 + c0·ρ)) with ρ their spectral radius; c0 to 0.5/(σ_J √N). The seed defaults to a draw \
            from the session stream.
            """,
            labels: ["mode", "agents", "steps", "dt", "c0", "seed", "threads"],
            choices: ["mode": SimulatedBifurcation.Mode.allCases.map(\.rawValue)]
        ) { args, session in
            // Every default comes from `SimulatedBifurcation` itself; dt and c0 stay nil ("auto") so the
            // solver picks its stable step and coupling scale from the problem.
            let defaults = bifurcationDefaults
            let mode = try args.choice(label: "mode", SimulatedBifurcation.Mode.allCases.map(\.rawValue)) ?? defaults.mode.rawValue
            let agents = try SolverArguments.positive(&args, "agents", default: defaults.agents)
            let steps = try SolverArguments.positive(&args, "steps", default: defaults.steps)
            let dt = try args.number(label: "dt") ?? defaults.dt
            let c0 = try args.number(label: "c0") ?? defaults.c0
            let seed = try SolverArguments.seed(&args, session: session)
            let threads = try SolverArguments.threads(&args)
            try args.finish()
            if let dt, !(dt > 0 && dt.isFinite) { throw LanguageError.value("sb() dt: must be positive", at: args.rangeOf(label: "dt")) }
            if let c0, !(c0 > 0 && c0.isFinite) { throw LanguageError.value("sb() c0: must be positive", at: args.rangeOf(label: "c0")) }
            var solver = defaults
            solver.mode = .init(rawValue: mode)!
            solver.agents = agents
            solver.steps = steps
            solver.dt = dt
            solver.c0 = c0
            solver.seed = seed
            if let threads { solver.threads = threads }
            let settings: [(String, String)] = [
                ("mode", mode), ("agents", "\(agents)"), ("steps", "\(steps)"), ("dt", dt.map(NumberFormat.format) ?? "auto"),
                ("c0", c0.map(NumberFormat.format) ?? "auto"), ("seed", "\(seed)"),
            ] + (threads.map { [("threads", "\($0)")] } ?? [])
            return .library(SolverValue(solver: solver, settings: settings, label: "sb · \(agents) agents",
                                       work: { p in Double(agents) * Double(steps) * Double(p.n + p.columns.count) }))
        })

        table.register(Builtin(
            name: "exact", signature: "exact()",
            doc: "Exhaustive search over every state (Gray code), returning all ground states; refuses more than \(ExactSolver.maxVariables) variables."
        ) { args, session in
            try args.finish()
            return .library(SolverValue(solver: ExactSolver(), settings: [], label: "exact",
                                       work: { p in p.n >= 62 ? .infinity : Double(1 << p.n) * (1 + Double(p.columns.count) / Double(max(p.n, 1))) }))
        })

        table.register(Builtin(
            name: "solve", signature: "solve(m, solver)",
            doc: """
            Solves a Model (or an Expr, compiled on demand and cached) with a solver — sa(), sb(), exact() or cim() — \
            using the params' current values, and returns a Result: best energy, energy by term, broken constraints, \
            samples. Without a solver it uses sa() with its defaults. A long solve shows live progress; interrupting \
            cancels it and keeps every binding.
            """
        ) { args, session in
            let model = try ModelArgument.handle(&args, at: 0, session: session)
            let solverArgument = args.optionalValue(at: 1)
            try args.finish()
            let solver: SolverValue
            switch solverArgument {
            case nil:
                var none = CallArguments(callee: "sa", positional: [], callRange: args.callRange)
                solver = try annealing(&none, session: session)
            case .library(let s as SolverValue)?:
                solver = s
            case let other?:
                throw LanguageError.type("solve() argument 2 must be a Solver such as sa(), sb(), exact() or cim(...), not \(other.typeName)",
                                         at: args.rangeOf(argument: 1))
            }
            do {
                let result = try SolveService.solve(model, with: solver, params: session.paramValues, session: session)
                return .library(ResultValue(result: result))
            } catch let e as LanguageError {
                throw e.located(args.callRange)
            }
        })
    }

    /// The solvers' own defaults, read (never restated) by the builtins and their signatures.
    static var annealingDefaults: SimulatedAnnealing { SimulatedAnnealing() }
    static var bifurcationDefaults: SimulatedBifurcation { SimulatedBifurcation() }

    static func annealing(_ args: inout CallArguments, session: Session) throws -> SolverValue {
        let defaults = annealingDefaults
        let reads = try SolverArguments.positive(&args, "reads", default: defaults.reads)
        let sweeps = try SolverArguments.positive(&args, "sweeps", default: defaults.sweeps)
        let beta = try SolverArguments.betaRange(&args) ?? defaults.betaRange
        let schedule = try args.choice(label: "schedule", AnnealingSchedule.allCases.map(\.rawValue)) ?? defaults.schedule.rawValue
        let seed = try SolverArguments.seed(&args, session: session)
        let threads = try SolverArguments.threads(&args)
        let layout = try args.choice(label: "layout", SolveLayout.allCases.map(\.rawValue))
        try args.finish()
        var solver = defaults
        solver.reads = reads
        solver.sweeps = sweeps
        solver.betaRange = beta
        solver.schedule = AnnealingSchedule(rawValue: schedule)!
        solver.seed = seed
        if let threads { solver.threads = threads }
        let settings: [(String, String)] = [
            ("reads", "\(reads)"), ("sweeps", "\(sweeps)"),
            ("beta", SolverArguments.show(beta)),
            ("schedule", schedule), ("seed", "\(seed)"),
        ] + (threads.map { [("threads", "\($0)")] } ?? []) + (layout.map { [("layout", $0)] } ?? [])
        return SolverValue(solver: solver, settings: settings, label: "sa · \(reads) reads",
                           work: { p in Double(reads) * Double(sweeps) * Double(p.n + p.columns.count) },
                           layout: layout.flatMap(SolveLayout.init(rawValue:)) ?? .auto)
    }
}
