import Testing
import Foundation
import JupyterKernel
import QAMALang

/// Records everything a cell sends to its output sink, in order.
final class DomainRecordingSink: OutputSink, @unchecked Sendable {
    enum Event: Equatable {
        case stream(String, String)
        case display(MimeBundle, displayID: String?, update: Bool)
        case clear
    }

    private let lock = NSLock()
    private var recorded: [Event] = []

    var events: [Event] { lock.withLock { recorded } }

    func stream(_ name: String, _ text: String) { lock.withLock { recorded.append(.stream(name, text)) } }
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        lock.withLock { recorded.append(.display(data, displayID: displayID, update: update)) }
    }
    func clearOutput(wait: Bool) { lock.withLock { recorded.append(.clear) } }
    func input(prompt: String, password: Bool) throws -> String { "" }

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

    var stdout: String { events.compactMap { if case .stream("stdout", let t) = $0 { t } else { nil } }.joined() }
    var stderr: String { events.compactMap { if case .stream("stderr", let t) = $0 { t } else { nil } }.joined() }
}

/// One interpreter session driven cell by cell.
final class DomainSession {
    let interpreter = QAMAInterpreter()
    private var count = 0

    /// Runs a cell; returns its outcome and what it sent to the sink.
    @discardableResult
    func run(_ code: String) -> (outcome: ExecutionOutcome, sink: DomainRecordingSink) {
        count += 1
        let sink = DomainRecordingSink()
        let outcome = interpreter.execute(ExecutionRequest(code: code, executionCount: count), output: sink)
        return (outcome, sink)
    }

    /// Runs a cell that must succeed and returns its result's text/plain ("" when it has none).
    func text(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let (outcome, _) = run(code)
        if let e = outcome.error {
            Issue.record("cell failed: \(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))\n--- cell:\n\(code)",
                         sourceLocation: sourceLocation)
        }
        return outcome.result?["text/plain"] ?? ""
    }

    /// Runs a cell that must succeed and returns its result bundle.
    func bundle(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> MimeBundle {
        let (outcome, _) = run(code)
        if let e = outcome.error {
            Issue.record("cell failed: \(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))", sourceLocation: sourceLocation)
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
