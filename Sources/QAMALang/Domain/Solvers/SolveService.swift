import IsingCore

/// One solve: apply the params, run the solver on a worker thread with a live progress display and the
/// interrupt wired to cancellation, and wrap the samples as a `SolveResult` in the model's own vartype.
enum SolveService {
    /// - Parameters:
    ///   - params: the param values to solve with (the session's current values, or a sweep's).
    ///   - showProgress: false inside a sweep, whose own display reports progress.
    static func solve(_ model: ModelHandle, with solver: SolverValue, params: [String: Double], session: Session,
                      showProgress: Bool = true) throws -> SolveResult {
        let problem: IsingProblem
        do { problem = try model.isingProblem(params: params) } catch { throw DomainErrors.language(error) }
        let runner = SolveRunner(label: solver.label,
                                 showsProgress: showProgress && solver.work(problem) > SolverValue.progressThreshold,
                                 output: session.output, isInterrupted: session.cancellationCheck)
        let engine = solver.solver
        let spins: SampleSet
        do {
            spins = try runner.run({ control in try engine.solve(problem, control: control) }) { samples in
                let best = samples.energies.min().map { " · best energy " + DisplayNumber.short($0) } ?? ""
                return "\(solver.label) · done\(best)"
            }
        } catch {
            solver.notes?.flush(to: session)
            throw DomainErrors.language(error)
        }
        solver.notes?.flush(to: session)
        return SolveResult(model: model, spins: spins, params: params)
    }
}
