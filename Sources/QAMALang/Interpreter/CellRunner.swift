import JupyterKernel

/// Runs one cell's source in a session: parse everything first (a syntax error runs nothing), then the
/// statements in order, each atomically. Shared by the Jupyter interpreter and `qama run`.
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
        let program: Program
        do { program = try Parser.parse(code) } catch {
            return Outcome(result: nil, error: ErrorMapping.languageError(error))
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
                var e = ErrorMapping.languageError(error)
                if e.range == nil { e.range = statement.range }
                return Outcome(result: nil, error: e)
            }
        }
        return Outcome(result: last, error: nil)
    }

    /// Evaluates one expression without changing any binding (`user_expressions`).
    func evaluate(_ expression: String) -> Result<Value, LanguageError> {
        do {
            let node = try Parser.parseExpression(expression)
            return .success(try Evaluator(session: session, builtins: builtins).evaluateDetached(node))
        } catch {
            return .failure(ErrorMapping.languageError(error))
        }
    }

    private func isNothing(_ v: Value) -> Bool { if case .nothing = v { true } else { false } }
}
