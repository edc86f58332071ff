import Foundation
import IsingCore

/// `sweep(m, γ, values, solver)`: one solve per value of a param; `sweep(m, β, values, γ, values, solver)`:
/// one solve per point of a grid over two params (m may be an array of models: a batch solved at every
/// point). The session's params are left untouched; an interrupt keeps the points already solved.
enum SweepBuiltin {
    static func register(into table: inout BuiltinTable) {
        // The one-param form's parameters; the grid form (six positional) is shown as an alternative.
        let m = Param<Value>.value(at: "m", kind: .model), param = Param<Value>.value(at: "γ")
        let values = Param<Value>.value(at: "values", kind: .tensor), solver = Param<Value?>.optional(at: "solver", kind: .library("Solver"))
        let gridForm = Param<[CallArguments.Argument]>.rest("more", kind: .any).hidden()
        table.register(Builtin("sweep", [m, param, values, solver, gridForm],
                               alternatives: ["sweep(m, β, values, γ, values, solver)"], doc: """
            Solves m once per value of the param γ (the param's own value is left as it was) and returns a Sweep: \
            best energy and energy by term per value, and for QAMA models the decoded sparsity, shown as a figure \
            and a table. With two params and two lists it solves every point of the grid (m may be an array of models \
            sharing the params: a batch, averaged) and returns a grid Sweep: s.term(name), s.ratio(a, b) and \
            s.heatmap(...) over the grid. Every solve re-weights the model (never rebuilds) with the same solver and \
            seed, so the points compare on equal terms. Interrupting keeps the points already solved.
            """
        ) { args, session in
            if args.count >= 5 { return try grid(args, session: session) }
            let model = try ModelArgument.handle(args, at: 0, session: session)
            let name = try paramName(args, at: 1)
            let values = try valueList(args, at: 2)
            let solverArgument = args.optionalValue(at: 3)
            try requireParam(name, of: [model], args, at: 1)
            let solver = try solverValue(solverArgument, args, at: 3, session: session)
            let driver = SweepDriver(models: [model], solver: solver, session: session, label: "sweep \(name) · \(solver.label)")
            let outcome = try driver.run(points: values.map { [name: $0] }, describe: { "\(name) = \(NumberFormat.format(values[$0]))" },
                                         callRange: args.callRange)
            return .library(SweepValue(param: name, values: Array(values.prefix(outcome.results.count)),
                                      results: outcome.results.map { $0[0] }))
        })
    }

    /// `sweep(m | [m1, m2, …], p, values, q, values, solver)`: rows over p, columns over q.
    private static func grid(_ args: CallArguments, session: Session) throws -> Value {
        let models = try modelBatch(args, session: session)
        let rowParam = try paramName(args, at: 1), rowValues = try valueList(args, at: 2)
        let columnParam = try paramName(args, at: 3), columnValues = try valueList(args, at: 4)
        let solverArgument = args.optionalValue(at: 5)
        guard args.count <= 6 else {
            throw LanguageError.type("sweep() takes 6 positional arguments but got \(args.count)", at: args.rangeOf(argument: 6))
        }
        guard rowParam != columnParam else {
            throw LanguageError.value("sweep(): a grid needs two different params, not \(rowParam) twice", at: args.rangeOf(argument: 3))
        }
        try requireParam(rowParam, of: models, args, at: 1)
        try requireParam(columnParam, of: models, args, at: 3)
        let solver = try solverValue(solverArgument, args, at: 5, session: session)
        var points: [[String: Double]] = []
        for r in rowValues { for c in columnValues { points.append([rowParam: r, columnParam: c]) } }
        let batch = models.count > 1 ? " × \(models.count) models" : ""
        let driver = SweepDriver(models: models, solver: solver, session: session,
                                 label: "sweep \(rowParam) × \(columnParam)\(batch) · \(solver.label)")
        let columns = columnValues.count
        let outcome = try driver.run(points: points, describe: { k in
            "\(rowParam) = \(NumberFormat.format(rowValues[k / columns])), \(columnParam) = \(NumberFormat.format(columnValues[k % columns]))"
        }, callRange: args.callRange)
        return .library(GridSweepValue(params: (rowParam, columnParam), rowValues: rowValues, columnValues: columnValues,
                                      results: outcome.results))
    }

    /// One model, or a non-empty array of models (a batch).
    private static func modelBatch(_ args: CallArguments, session: Session) throws -> [ModelHandle] {
        let v = try args.value(at: 0, "model")
        guard case .array(let items) = v else {
            return [try ModelArgument.handle(v, session: session, callee: "sweep", range: args.rangeOf(argument: 0))]
        }
        guard !items.isEmpty else {
            throw LanguageError.value("sweep() needs at least one model", at: args.rangeOf(argument: 0))
        }
        return try items.map { try ModelArgument.handle($0, session: session, callee: "sweep", range: args.rangeOf(argument: 0)) }
    }

    private static func paramName(_ args: CallArguments, at i: Int) throws -> String {
        let p = try args.value(at: i, "param")
        guard case .param(let name) = p else {
            throw LanguageError.type("sweep() argument \(i + 1) must be a param (declared with `param γ = …`), not \(p.typeName)",
                                     at: args.rangeOf(argument: i))
        }
        return name
    }

    private static func valueList(_ args: CallArguments, at i: Int) throws -> [Double] {
        let values = try args.tensor(at: i)
        guard values.count > 0, values.storage.allSatisfy(\.isFinite) else {
            throw LanguageError.value("sweep() needs at least one finite value", at: args.rangeOf(argument: i))
        }
        return values.storage
    }

    private static func requireParam(_ name: String, of models: [ModelHandle], _ args: CallArguments, at i: Int) throws {
        for (k, model) in models.enumerated() where !model.params.contains(name) {
            let which = models.count > 1 ? "model \(k + 1) of the batch" : "the model"
            throw LanguageError.value("sweep(): \(which) does not depend on \(name) (its params: \(model.params.isEmpty ? "none" : model.params.joined(separator: ", ")))",
                                      at: args.rangeOf(argument: i))
        }
    }

    private static func solverValue(_ argument: Value?, _ args: CallArguments, at i: Int, session: Session) throws -> SolverValue {
        switch argument {
        case nil:
            return try SolverBuiltins.defaultSolver(session: session, callRange: args.callRange)
        case .library(let s as SolverValue)?: return s
        case let other?:
            throw LanguageError.type("sweep() argument \(i + 1) must be a Solver, not \(other.typeName)", at: args.rangeOf(argument: i))
        }
    }
}
