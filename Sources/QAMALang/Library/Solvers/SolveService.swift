import IsingCore

/// One solve: apply the params, run the solver on a worker thread with a live progress display and the
/// interrupt wired to cancellation, and wrap the samples as a `SolveResult` in the model's own vartype.
enum SolveService {
    /// - Parameters:
    ///   - params: the param values to solve with (the session's current values, or a sweep's).
    ///   - showProgress: false inside a sweep, whose own display reports progress.
    static func solve(_ model: ModelHandle, with solver: SolverValue, params: [String: Double], session: Session,
                      showProgress: Bool = true) throws -> SolveResult {
        // sa() on a large qama(...) model (or with layout: "structured"): no coupling is written out.
        if let qama = try StructuredSolve.chooses(model, solver) {
            return try StructuredSolve.solve(qama, model: model, with: solver, params: params, session: session, showProgress: showProgress)
        }
        let problem = try model.isingProblem(params: params)
        try requireFinite(problem, params: params)
        let runner = SolveRunner(label: solver.label,
                                 showsProgress: showProgress && solver.work(problem) > SolverValue.progressThreshold,
                                 output: session.output, isInterrupted: session.cancellationCheck)
        let engine = solver.solver
        let spins: SampleSet
        do {
            spins = try runner.run({ control in try engine.solve(problem, control: control) }) { samples in
                let best = samples.energies.min().map { " · best energy " + NumberFormat.short($0) } ?? ""
                return "\(solver.label) · done\(best)"
            }
        } catch {
            solver.notes?.flush(to: session)
            if let cancelled = error as? SolveCancelled, let partial = cancelled.partial {
                InterruptedResult.keep(SolveResult(model: model, spins: partial, params: params, solver: solver.description), session: session)
            }
            throw error
        }
        solver.notes?.flush(to: session)
        return SolveResult(model: model, spins: spins, params: params, solver: solver.description)
    }

    /// A NaN or infinite coefficient makes every energy meaningless (and SA's acceptance table undefined):
    /// refuse it before solving, with a SolverError that says where it came from.
    static func requireFinite(_ problem: IsingProblem, params: [String: Double]) throws {
        func text(_ x: Double) -> String { x.isNaN ? "nan" : NumberFormat.format(x) }
        let bad: String?
        if !problem.offset.isFinite { bad = "the constant \(text(problem.offset))" }
        else if let i = problem.h.firstIndex(where: { !$0.isFinite }) { bad = "\(text(problem.h[i])) on variable \(i + 1) of \(problem.n)" }
        else if let k = problem.values.firstIndex(where: { !$0.isFinite }) { bad = "a coupling of \(text(problem.values[k]))" }
        else { bad = nil }
        guard let bad else { return }
        let odd = params.keys.sorted().filter { !params[$0]!.isFinite }
        let hint = odd.isEmpty ? "check the numbers and tensors it was built from (0/0, log(0), inf)"
            : "the param\(odd.count == 1 ? "" : "s") \(odd.joined(separator: ", ")) \(odd.count == 1 ? "is" : "are") not finite"
        throw LanguageError.solver("the model has a coefficient that is not a finite number (\(bad)); \(hint)")
    }
}
