import Testing
import Foundation
import JupyterKernel
import QAMALang

/// Records everything cells send to an output sink, in order (thread-safe: solvers report from their threads).
/// A cell's own recorder forwards to its session's, so a test can look at one cell or at the whole session.
final class RecordingSink: OutputSink, @unchecked Sendable {
    enum Event: Equatable {
        case stream(String, String)
        case display(MimeBundle, displayID: String?, update: Bool)
        case clear(wait: Bool)
    }

    private let lock = NSLock()
    private var recorded: [Event] = []
    private let forward: RecordingSink?
    /// What `input()` receives; nil makes input fail as a frontend without stdin would.
    var inputReply: String? = "42"
    var prompts: [String] = []

    init(forwardingTo forward: RecordingSink? = nil) { self.forward = forward }

    var events: [Event] { lock.withLock { recorded } }
    var stdout: String { events.compactMap { if case .stream("stdout", let t) = $0 { t } else { nil } }.joined() }
    var stderr: String { events.compactMap { if case .stream("stderr", let t) = $0 { t } else { nil } }.joined() }
    var displays: [MimeBundle] { events.compactMap { if case .display(let d, _, _) = $0 { d } else { nil } } }

    /// The final state of every display, as a notebook saves it: a display_data replaced in place by its updates.
    var savedDisplays: [MimeBundle] {
        var order: [String] = []
        var byID: [String: MimeBundle] = [:]
        var anonymous: [MimeBundle] = []
        for case .display(let data, let id, let update) in events {
            guard let id else { anonymous.append(data); continue }
            if !update && byID[id] == nil { order.append(id) }
            byID[id] = data
        }
        return order.map { byID[$0]! } + anonymous
    }

    private func record(_ e: Event) {
        lock.withLock { recorded.append(e) }
        forward?.record(e)
    }

    func stream(_ name: String, _ text: String) { record(.stream(name, text)) }
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        record(.display(data, displayID: displayID, update: update))
    }
    func clearOutput(wait: Bool) { record(.clear(wait: wait)) }
    func input(prompt: String, password: Bool) throws -> String {
        let reply = forward?.inputReply ?? inputReply
        lock.withLock { prompts.append(prompt) }
        forward?.lock.withLock { forward?.prompts.append(prompt) }
        guard let reply else { throw CancellationError() }
        return reply
    }
}

/// The one language test harness: an interpreter session driven cell by cell the way the kernel core drives
/// it. `text`, `bundle` and `number` are for cells that must succeed — a cell that errors FAILS the test with
/// its error text; `error` is for cells that must fail.
final class LangSession {
    let interpreter = QAMAInterpreter()
    private var count = 0
    /// Everything every cell of this session sent.
    let sink = RecordingSink()

    /// Runs a cell; returns its outcome and what that cell alone sent.
    @discardableResult
    func run(_ code: String, allowStdin: Bool = true, silent: Bool = false,
             userExpressions: [String: String] = [:]) -> (outcome: ExecutionOutcome, sink: RecordingSink) {
        count += 1
        let cell = RecordingSink(forwardingTo: sink)
        interpreter.resetInterrupt()
        let outcome = interpreter.execute(ExecutionRequest(code: code, executionCount: count, silent: silent, allowStdin: allowStdin,
                                                           userExpressions: userExpressions), output: cell)
        return (outcome, cell)
    }

    /// Runs a cell that must succeed and returns its result's text/plain ("" when it has none).
    func text(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        bundle(code, sourceLocation: sourceLocation)["text/plain"] ?? ""
    }

    /// Runs a cell that must succeed and returns its result bundle.
    func bundle(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> MimeBundle {
        let (outcome, _) = run(code)
        if let e = outcome.error {
            Issue.record("cell failed: \(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))\n--- cell:\n\(code)",
                         sourceLocation: sourceLocation)
        }
        return outcome.result ?? [:]
    }

    /// Runs a cell that must fail and returns its error.
    func error(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ExecutionError? {
        let (outcome, _) = run(code)
        if outcome.error == nil { Issue.record("cell unexpectedly succeeded:\n\(code)", sourceLocation: sourceLocation) }
        return outcome.error
    }

    func number(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Double {
        let t = text(code, sourceLocation: sourceLocation)
        guard let x = Double(t) else {
            Issue.record("not a number: \(t)", sourceLocation: sourceLocation)
            return .nan
        }
        return x
    }
}
