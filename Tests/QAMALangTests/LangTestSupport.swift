import Foundation
import JupyterKernel
import QAMALang
import Synchronization

/// Records everything a cell sends to its sink.
final class RecordingSink: OutputSink, @unchecked Sendable {
    enum Event: Equatable {
        case stream(String, String)
        case display(MimeBundle, displayID: String?, update: Bool)
        case clear(wait: Bool)
    }

    private let lock = NSLock()
    private var recorded: [Event] = []
    var inputReply: String? = "42"
    var prompts: [String] = []

    var events: [Event] { lock.withLock { recorded } }
    var stdout: String { events.compactMap { if case .stream("stdout", let t) = $0 { t } else { nil } }.joined() }
    var stderr: String { events.compactMap { if case .stream("stderr", let t) = $0 { t } else { nil } }.joined() }
    var displays: [MimeBundle] { events.compactMap { if case .display(let d, _, _) = $0 { d } else { nil } } }

    func stream(_ name: String, _ text: String) { lock.withLock { recorded.append(.stream(name, text)) } }
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        lock.withLock { recorded.append(.display(data, displayID: displayID, update: update)) }
    }
    func clearOutput(wait: Bool) { lock.withLock { recorded.append(.clear(wait: wait)) } }
    func input(prompt: String, password: Bool) throws -> String {
        prompts.append(prompt)
        guard let inputReply else { throw CancellationError() }
        return inputReply
    }
}

/// A kernel session driven the way the kernel core drives it.
final class LangSession {
    let interpreter = QAMAInterpreter()
    private(set) var count = 0
    let sink = RecordingSink()

    @discardableResult
    func run(_ code: String, allowStdin: Bool = true, silent: Bool = false,
             userExpressions: [String: String] = [:]) -> ExecutionOutcome {
        count += 1
        interpreter.resetInterrupt()
        return interpreter.execute(ExecutionRequest(code: code, executionCount: count, silent: silent, allowStdin: allowStdin,
                                                    userExpressions: userExpressions), output: sink)
    }

    /// The text/plain result of a cell that must succeed ("" when it has no result).
    func text(_ code: String) -> String {
        let outcome = run(code)
        if let e = outcome.error { return "ERROR \(e.name): \(e.value)" }
        return outcome.result?["text/plain"] ?? ""
    }

    /// The error of a cell that must fail.
    func error(_ code: String) -> ExecutionError? { run(code).error }
}
