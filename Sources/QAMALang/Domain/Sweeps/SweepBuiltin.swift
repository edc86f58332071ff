import Foundation
import IsingCore

/// `sweep(m, γ, values, solver)`: one solve per value of a param, with the session's param untouched.
enum SweepBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "sweep", signature: "sweep(m, γ, values, solver)",
            doc: """
            Solves m once per value of the param γ (the param's own value is left as it was) and returns a Sweep: \
            best energy and energy by term per value, and for QAMA models the decoded sparsity, shown as a figure \
            and a table. Every solve uses the same solver (and seed), so the values are compared on equal terms.
            """
        ) { args, session in
            let model = try ModelArgument.handle(&args, at: 0, session: session)
            let p = try args.value(at: 1, "param")
            let values = try args.tensor(at: 2)
            let solverArgument = args.optionalValue(at: 3)
            try args.finish()
            guard case .param(let name) = p else {
                throw LanguageError.type("sweep() argument 2 must be a param (declared with `param γ = …`), not \(p.typeName)",
                                         at: args.rangeOf(argument: 1))
            }
            guard values.count > 0, values.storage.allSatisfy(\.isFinite) else {
                throw LanguageError.value("sweep() needs at least one finite value", at: args.rangeOf(argument: 2))
            }
            if !model.compiled.params.contains(name) {
                throw LanguageError.value("sweep(): the model does not depend on \(name) (its params: \(model.compiled.params.isEmpty ? "none" : model.compiled.params.joined(separator: ", ")))",
                                          at: args.rangeOf(argument: 1))
            }
            let solver: SolverValue
            switch solverArgument {
            case nil:
                var none = CallArguments(callee: "sa", positional: [], callRange: args.callRange)
                solver = try SolverBuiltins.annealing(&none, session: session)
            case .domain(let s as SolverValue)?: solver = s
            case let other?:
                throw LanguageError.type("sweep() argument 4 must be a Solver, not \(other.typeName)", at: args.rangeOf(argument: 3))
            }
            return .domain(try run(model, param: name, values: values.storage, solver: solver, session: session,
                                   callRange: args.callRange))
        })
    }

    /// The solves, with one progress display for the whole sweep when it is expected to take a while: updated
    /// after each solve, and left showing a fixed line (no timings) at the end.
    static func run(_ model: ModelHandle, param: String, values: [Double], solver: SolverValue, session: Session,
                    callRange: SourceRange?) throws -> SweepValue {
        let base = session.paramValues
        var results: [SolveResult] = []
        let label = "sweep \(param) · \(solver.label)"
        var display: String? = nil
        var perSolve = 0.0
        if let problem = try? model.isingProblem(params: base) { perSolve = solver.work(problem) }
        if perSolve * Double(values.count) > SolverValue.progressThreshold {
            display = ProgressView.nextDisplayID()
        }
        let started = Date()
        var lastUpdate = Date.distantPast
        for (k, v) in values.enumerated() {
            if let id = display, Date().timeIntervalSince(lastUpdate) >= 0.25 {
                let progress = SolveProgress(fraction: Double(k) / Double(values.count), bestEnergy: results.map(\.bestEnergy).min())
                session.output.display(ProgressView.bundle(label: label + " = \(NumberFormat.format(v)) (\(k + 1)/\(values.count))",
                                                           progress: progress, elapsed: Date().timeIntervalSince(started)),
                                       metadata: [:], displayID: id, update: k > 0)
                lastUpdate = Date()
            }
            var params = base
            params[param] = v
            do {
                results.append(try SolveService.solve(model, with: solver, params: params, session: session, showProgress: false))
            } catch let e as LanguageError {
                if let id = display {
                    session.output.display(ProgressView.finished(label + " · " + (e.kind == .interrupted ? "interrupted" : "failed")),
                                           metadata: [:], displayID: id, update: true)
                }
                throw e.located(callRange)
            }
        }
        if let id = display {
            session.output.display(ProgressView.finished("\(label) · \(values.count) solves done"), metadata: [:], displayID: id,
                                   update: true)
        }
        return SweepValue(param: param, values: values, results: results)
    }
}
