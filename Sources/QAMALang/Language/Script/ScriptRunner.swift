import Foundation

/// `qama run FILE.qama [--figures DIR]`: runs a script headless in a fresh session. Every top-level
/// expression statement not followed by `;` prints its text/plain to stdout (as do `show`, `print`);
/// figures are also written to DIR as figure-001.svg, …; progress of long solves appears on stderr when it
/// is a terminal. The first error stops the script: `FILE:LINE:COLUMN: Kind: message`, the line and a caret
/// on stderr, exit code 1. Ctrl-C interrupts the running statement (a solve stops at its next check) and
/// exits 130; a second Ctrl-C kills the process outright.
public enum ScriptRunner {
    public static func run(path: String, figuresDirectory: String?) -> Int32 {
        let source: String
        do { source = try String(contentsOfFile: path, encoding: .utf8) } catch {
            FileHandle.standardError.write(Data("qama: cannot read \(path): \(error.localizedDescription)\n".utf8))
            return 1
        }
        let sink = TerminalOutputSink(figuresDirectory: figuresDirectory)
        let interpreter = QAMAInterpreter(mode: .script)
        interpreter.session.beginCell(output: sink, allowStdin: true)
        let sigint = interruptOnSIGINT(interpreter)
        defer { sigint.cancel() }
        let outcome = CellRunner(session: interpreter.session, builtins: interpreter.builtins)
            .run(source, displayEachExpression: true)
        sink.finish()
        if let error = outcome.error {
            FileHandle.standardError.write(Data((ErrorReport.compilerStyle(error, file: path, source: source) + "\n").utf8))
            return error.kind == .interrupted ? 130 : 1
        }
        return 0
    }

    /// The first SIGINT asks the interpreter to stop; it then gets the default action back, so a second
    /// Ctrl-C ends a script that does not stop.
    private static func interruptOnSIGINT(_ interpreter: QAMAInterpreter) -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interpreter.interrupt()
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
        return source
    }
}
