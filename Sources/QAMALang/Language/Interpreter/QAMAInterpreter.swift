import JupyterKernel

/// The kernel's language: executes cells of the QAMA language in one session that lives as long as the
/// kernel, and answers completion, inspection and is_complete requests.
///
/// Threading (as `Interpreter` requires): everything runs on the execution thread except `interrupt()`,
/// which raises the session's interrupt flag from any thread; the running statement then stops within
/// 100 ms with `Interrupted`, keeping every binding made before it. (Hence `@unchecked Sendable`: the one
/// cross-thread entry point, `interrupt()`, touches only an atomic.)
public final class QAMAInterpreter: Interpreter, @unchecked Sendable {
    public let session: Session
    let builtins: BuiltinTable

    public init(mode: Session.Mode = .notebook) {
        session = Session(output: NullOutputSink(), mode: mode)
        builtins = .standard
    }

    public convenience init() { self.init(mode: .notebook) }

    public var languageInfo: LanguageInfo {
        LanguageInfo(name: "qama", version: QAMAVersion.language, mimetype: "text/x-qama", fileExtension: ".qama",
                     pygmentsLexer: "swift", codemirrorMode: "swift", implementation: "qama",
                     implementationVersion: QAMAVersion.kernel,
                     banner: "QAMA \(QAMAVersion.kernel) — Ising/QUBO Hamiltonians, solvers and the QAMA attention operator",
                     helpLinks: [])
    }

    public func execute(_ request: ExecutionRequest, output: OutputSink) -> ExecutionOutcome {
        // A terminal front end ignores display updates: live progress goes to it as one rewritten stderr line.
        let output = request.frontEndUpdatesDisplays ? output : StreamProgressSink(wrapping: output)
        session.beginCell(output: output, allowStdin: request.allowStdin)
        defer { session.beginCell(output: NullOutputSink(), allowStdin: false) }
        let runner = CellRunner(session: session, builtins: builtins)
        let run = runner.run(request.code)
        var outcome = ExecutionOutcome()
        if let error = run.error {
            outcome.error = ExecutionError(name: error.kind.rawValue, value: error.message,
                                           traceback: ErrorReport.traceback(error, source: request.code))
        } else if let value = run.result, !request.silent {
            outcome.result = DisplayForm.bundle(value, session: session)
        }
        outcome.payloads = session.payloads
        // In name order: expressions may draw from the session's random stream, and hash order must not decide who draws first.
        for (name, expression) in request.userExpressions.sorted(by: { $0.key < $1.key }) {
            switch runner.evaluate(expression) {
            case .success(let v): outcome.userExpressions[name] = .ok(DisplayForm.bundle(v, session: session))
            case .failure(let e):
                outcome.userExpressions[name] = .error(ExecutionError(name: e.kind.rawValue, value: e.message,
                                                                     traceback: ErrorReport.traceback(e, source: expression)))
            }
        }
        (output as? StreamProgressSink)?.endLine()
        return outcome
    }

    public func complete(code: String, cursorPosition: Int) -> CompletionResult {
        Completion(session: session, builtins: builtins).complete(code: code, cursor: cursorPosition)
    }

    public func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MimeBundle? {
        Inspection(session: session, builtins: builtins).inspect(code: code, cursor: cursorPosition, detailLevel: detailLevel)
    }

    public func isComplete(code: String) -> CompletenessStatus { Completeness.check(code) }

    // Widgets (Widgets/WidgetHub.swift): the comm targets behind `interact`.
    public var commTargets: [String] { WidgetHub.targets }
    public func commReceived(_ event: CommEvent, output: OutputSink) {
        WidgetHub.of(session).receive(event, output: output, session: session)
    }
    public func commsSettled(output: OutputSink) { WidgetHub.of(session).settle(output: output, session: session) }

    public func interrupt() { session.interruption.raise() }
    public func resetInterrupt() { session.interruption.clear() }
}
