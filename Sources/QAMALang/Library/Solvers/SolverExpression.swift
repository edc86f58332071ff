import IsingCore
import IsingSolvers

/// A solver written in the cell language ("sa(reads: 8, sweeps: 1000)"), for callers outside a notebook
/// (`qama solve-qubo`, the Python bridge). It is evaluated by the language's own builtins, so every solver
/// and every default is the kernel's; only the seed and the thread count are the batch's to set.
public struct SolverExpression {
    public let source: String
    private let interpreter = QAMAInterpreter(mode: .script)

    /// Checks the expression once: it must evaluate to a Solver and leave `seed:` and `threads:` to the
    /// batch (one seed fixes every problem's stream; the batch, not each solve, is spread over the cores).
    public init(_ source: String) throws {
        self.source = source
        let node: ExprNode
        do { node = try Parser.parseExpression(source, endName: "the end of the solver expression") } catch { throw Self.failure(LanguageError(error), source) }
        if case .call(_, let arguments) = node.kind {
            for a in arguments {
                if let label = a.label, ["seed", "threads"].contains(label) {
                    throw Self.failure(LanguageError(.value, "leave \(label): to the batch (its --\(label) option), not the solver expression",
                                                     at: a.range), source)
                }
            }
        }
        _ = try solver(seed: 0)
    }

    /// The solver with its seed drawn from a session stream seeded by `seed` (as `seed(n); sa(...)` does in
    /// a notebook), running on one thread: a batch runs many of them side by side.
    public func solver(seed: UInt64) throws -> any Solver {
        interpreter.session.seed(seed)
        let runner = CellRunner(session: interpreter.session, builtins: interpreter.builtins)
        switch runner.evaluate(source) {
        case .failure(let e):
            throw Self.failure(e, source)
        case .success(.library(let value as SolverValue)):
            return Self.singleThreaded(value.solver)
        case .success(let other):
            throw Self.failure(LanguageError(.type, "the solver expression must give a Solver such as sa(), sb() or exact(), not \(other.typeName)"),
                               source)
        }
    }

    private static func singleThreaded(_ solver: any Solver) -> any Solver {
        switch solver {
        case var s as SimulatedAnnealing: s.threads = 1; return s
        case var s as SimulatedBifurcation: s.threads = 1; return s
        case var s as ExactSolver: s.threads = 1; return s
        default: return solver  // remote machines: nothing to spread
        }
    }

    private static func failure(_ error: LanguageError, _ source: String) -> SolverExpressionError {
        SolverExpressionError(description: ErrorReport.compilerStyle(error, file: "solver", source: source))
    }
}

/// A solver expression that does not parse, does not evaluate, or is not a Solver; the description is the
/// language's positioned error ("solver:1:5: NameError: …" with the line and a caret).
public struct SolverExpressionError: Error, CustomStringConvertible {
    public let description: String
}
