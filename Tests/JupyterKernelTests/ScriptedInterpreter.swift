import Foundation
import JupyterKernel

/// A test-only language, one command per line, so the kernel core can be specified without QAMALang:
/// `print TEXT`, `eprint TEXT`, `result TEXT`, `fail`, `wait` (until interrupted), `input PROMPT`
/// (prints the reply), `display TEXT ID`, `update TEXT ID`, `clear`, `set NAME VALUE`, `get NAME`,
/// `page TEXT`, `json TEXT` (displays TEXT as application/json), `open ID` / `close ID` (a comm to target
/// "echo" from the kernel). State (`set`) survives errors and interrupts.
///
/// Comms: target "echo" accepts comms from front ends; each comm_msg `{"text": T}` is echoed back as
/// `{"echo": T}` on the same comm, and after each batch `{"settled": N}` (N messages in the batch) goes to
/// the batch's last comm; `commLog` lists every event in order.
final class ScriptedInterpreter: Interpreter, @unchecked Sendable {
    private let lock = NSLock()
    private var interrupted = false
    private var variables: [String: String] = [:]
    private var batch = 0
    private var lastComm = ""
    private var received: [String] = []
    var commLog: [String] { lock.withLock { received } }

    var languageInfo: LanguageInfo {
        LanguageInfo(name: "scripted", version: "1.0", mimetype: "text/x-scripted", fileExtension: ".scr",
                     pygmentsLexer: "text", codemirrorMode: "null", implementation: "scripted",
                     implementationVersion: "0.1", banner: "scripted test language")
    }

    func execute(_ request: ExecutionRequest, output: OutputSink) -> ExecutionOutcome {
        var outcome = ExecutionOutcome()
        for line in request.code.split(separator: "\n", omittingEmptySubsequences: true) {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            let argument = words.count > 1 ? words[1] : ""
            switch words[0] {
            case "print": output.stream("stdout", argument + "\n")
            case "eprint": output.stream("stderr", argument + "\n")
            case "result": outcome.result = ["text/plain": argument]
            case "fail":
                outcome.error = ExecutionError(name: "ValueError", value: "failed on purpose", traceback: ["line 1"])
                return outcome
            case "wait":
                while !lock.withLock({ interrupted }) { usleep(1000) }
                outcome.error = ExecutionError(name: "Interrupted", value: "interrupted", traceback: [])
                return outcome
            case "input":
                do { output.stream("stdout", "got " + (try output.input(prompt: argument, password: false)) + "\n") } catch {
                    outcome.error = error as? ExecutionError ?? ExecutionError(name: "Interrupted", value: "\(error)", traceback: [])
                    return outcome
                }
            case "display", "update":
                let parts = argument.split(separator: " ").map(String.init)
                output.display(["text/plain": parts[0]], metadata: [:], displayID: parts.count > 1 ? parts[1] : nil,
                               update: words[0] == "update")
            case "clear": output.clearOutput(wait: false)
            case "set":
                let parts = argument.split(separator: " ").map(String.init)
                lock.withLock { variables[parts[0]] = parts[1] }
            case "get": outcome.result = ["text/plain": lock.withLock { variables[argument] ?? "undefined" }]
            case "page": outcome.payloads.append(.page(["text/plain": argument]))
            case "json": output.display(["application/json": argument, "text/plain": "json"], metadata: [:], displayID: nil, update: false)
            case "open": output.comm(CommOutgoing(kind: .open(targetName: "echo"), commID: argument, data: ["hello": true]))
            case "close": output.comm(CommOutgoing(kind: .close, commID: argument))
            default:
                outcome.error = ExecutionError(name: "SyntaxError", value: "unknown command \(words[0])", traceback: [])
                return outcome
            }
        }
        for (name, expression) in request.userExpressions {
            outcome.userExpressions[name] = .ok(["text/plain": lock.withLock { variables[expression] ?? "undefined" }])
        }
        return outcome
    }

    func complete(code: String, cursorPosition: Int) -> CompletionResult {
        let prefix = String(code.unicodeScalars.prefix(cursorPosition))
        let word = prefix.split(separator: " ").last.map(String.init) ?? ""
        let matches = ["print", "eprint", "page"].filter { $0.hasPrefix(word) }
        return CompletionResult(matches: matches, cursorStart: cursorPosition - word.unicodeScalars.count, cursorEnd: cursorPosition)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MimeBundle? {
        code.hasPrefix("print") ? ["text/plain": "print TEXT: writes TEXT to stdout"] : nil
    }

    func isComplete(code: String) -> CompletenessStatus {
        if code.hasSuffix("\\") { return .incomplete(indent: "  ") }
        return code.hasPrefix("!") ? .invalid : .complete
    }

    var commTargets: [String] { ["echo"] }

    func commReceived(_ event: CommEvent, output: OutputSink) {
        let text = event.data["text"]?.stringValue ?? ""
        lock.withLock {
            batch += 1
            lastComm = event.commID
            switch event.kind {
            case .open: received.append("open \(event.commID)")
            case .message: received.append("msg \(text)")
            case .close: received.append("close \(event.commID)")
            }
        }
        if event.kind == .message { output.comm(CommOutgoing(kind: .message, commID: event.commID, data: ["echo": .string(text)])) }
    }

    func commsSettled(output: OutputSink) {
        let (count, comm) = lock.withLock { () -> (Int, String) in
            defer { batch = 0 }
            return (batch, lastComm)
        }
        output.comm(CommOutgoing(kind: .message, commID: comm, data: ["settled": .int(count)]))
    }

    func interrupt() {
        lock.withLock { interrupted = true }
    }

    func resetInterrupt() {
        lock.withLock { interrupted = false }
    }
}
