import IsingCore
import JupyterKernel

/// Runs one cell's source in a session: parse everything first (a syntax error runs nothing), then the
/// statements in order, each atomically. Shared by the Jupyter interpreter and `qama run`.
///
/// Both run on a thread with a large stack (`DeepStack`); the syntax tree is also freed there (it is freed
/// recursively, and a 100,000-term chain is that deep).
struct CellRunner {
    let session: Session
    let builtins: BuiltinTable

    struct Outcome {
        /// The value of the cell's last statement when it is an expression not followed by `;`.
        var result: Value?
        var error: LanguageError?
    }

    /// `displayEachExpression` (for `qama run`): every top-level expression statement not followed by `;`
    /// is displayed through the sink as it completes, instead of only the last one being returned.
    func run(_ code: String, displayEachExpression: Bool = false) -> Outcome {
        DeepStack.run { bound { runHere(code, displayEachExpression: displayEachExpression) } }
    }

    private func runHere(_ code: String, displayEachExpression: Bool) -> Outcome {
        let program: Program
        do { program = try Parser.parse(code) } catch {
            return Outcome(result: nil, error: LanguageError(error))
        }
        let evaluator = Evaluator(session: session, builtins: builtins)
        var last: Value? = nil
        for (k, statement) in program.statements.enumerated() {
            do {
                let value = try evaluator.run(statement)
                let isExpression: Bool = if case .expression = statement.kind { true } else { false }
                let shown = isExpression && !statement.endsWithSemicolon && !isNothing(value)
                if displayEachExpression {
                    if shown { session.display(DisplayForm.bundle(value, session: session)) }
                } else if k == program.statements.count - 1 {
                    last = shown && !program.suppressesResult ? value : nil
                }
            } catch {
                var e = LanguageError(error)
                if e.range == nil { e.range = statement.range }
                if e.kind == .interrupted { e.message = interruptedMessage(evaluator.failure, topLevel: statement.range) }
                return Outcome(result: nil, error: e)
            }
        }
        return Outcome(result: last, error: nil)
    }

    /// Evaluates one expression without changing any binding (`user_expressions`).
    func evaluate(_ expression: String) -> Result<Value, LanguageError> {
        DeepStack.run { bound { evaluateHere(expression) } }
    }

    private func evaluateHere(_ expression: String) -> Result<Value, LanguageError> {
        do {
            let node = try Parser.parseExpression(expression)
            return .success(try Evaluator(session: session, builtins: builtins).evaluateDetached(node))
        } catch {
            return .failure(LanguageError(error))
        }
    }

    /// `body` with the session's interrupt and memory budget bound for the library code it calls.
    private func bound<T>(_ body: () -> T) -> T {
        Cancellation.check.withValue(session.cancellationCheck) {
            MemoryBudget.limit.withValue(MemoryBudget.limit(from: session.environment), body)
        }
    }

    /// What an interrupt kept, precisely: the interrupted statement is undone; the statements before it, and
    /// the completed iterations of every loop it sat in, are kept.
    func interruptedMessage(_ failure: Evaluator.FailureSite?, topLevel: SourceRange) -> String {
        let unit = session.mode == .script ? "script" : "cell"
        let site = failure ?? Evaluator.FailureSite(statement: topLevel)
        var text = "the \(unit) was interrupted"
        for (k, loop) in site.loops.enumerated() {
            text += (k == 0 ? "" : ",") + " in iteration \(loop.completed + 1) of \(loop.total) of the loop at line \(loop.range.start.line)"
        }
        if let inner = site.loops.first {
            let done = inner.completed == 1 ? "the 1 completed iteration" : "the \(inner.completed) completed iterations"
            text += site.atLoopHead ? ", before the iteration began; \(done) and the statements before the loop are kept"
                : "; the statement at line \(site.statement.start.line) was undone; \(done) and the statements before it are kept"
        } else {
            text += "; the statement at line \(site.statement.start.line) was undone; every binding made before it is kept"
        }
        if let note = session.interruptNote { text += "; " + note }
        return text
    }

    private func isNothing(_ v: Value) -> Bool { if case .nothing = v { true } else { false } }
}
