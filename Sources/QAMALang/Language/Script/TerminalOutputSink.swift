import Foundation
import IsingCore
import JupyterKernel

/// The `OutputSink` of `qama run`: streams go to stdout/stderr; a displayed value prints its text/plain on
/// stdout, and a figure (image/svg+xml) is also written to the figures folder as figure-001.svg, … ; a live
/// display (one with a display id: solver progress) is drawn as one rewritten line on stderr when stderr is
/// a terminal, and not shown otherwise.
final class TerminalOutputSink: OutputSink, @unchecked Sendable {
    private let figuresDirectory: String?
    private let progressOnTerminal: Bool
    private var figureCount = 0
    private var progressLineOpen = false
    private let lock = NSLock()

    init(figuresDirectory: String?, progressOnTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.figuresDirectory = figuresDirectory
        self.progressOnTerminal = progressOnTerminal
    }

    func stream(_ name: String, _ text: String) {
        lock.withLock {
            endProgressLine()
            write(text, to: name == "stderr" ? FileHandle.standardError : FileHandle.standardOutput)
        }
    }

    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        lock.withLock {
            if displayID != nil {
                guard progressOnTerminal else { return }
                write(StreamProgressSink.rewrite(data), to: FileHandle.standardError)
                progressLineOpen = true
                return
            }
            endProgressLine()
            var text = data["text/plain"] ?? ""
            if let svg = data["image/svg+xml"], let dir = figuresDirectory {
                figureCount += 1
                let path = URL(fileURLWithPath: dir).appendingPathComponent("figure-\(NumberFormat.zeroPadded(figureCount, width: 3)).svg").path
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    try TextFile.write(svg, to: path)
                    text += (text.isEmpty ? "" : "\n") + "[figure saved to \(path)]"
                } catch {
                    write("qama: \((error as? FormatError)?.message ?? "cannot write \(path): \(error.localizedDescription)")\n", to: FileHandle.standardError)
                }
            }
            write(text + "\n", to: FileHandle.standardOutput)
        }
    }

    func clearOutput(wait: Bool) {}

    func input(prompt: String, password: Bool) throws -> String {
        lock.withLock {
            endProgressLine()
            write(prompt, to: FileHandle.standardOutput)
        }
        guard let line = readLine() else { throw LanguageError.value("input(): standard input is closed") }
        return line
    }

    /// Ends an open progress line so the next output starts on a fresh line.
    func finish() { lock.withLock { endProgressLine() } }

    private func endProgressLine() {
        if progressLineOpen {
            write("\n", to: FileHandle.standardError)
            progressLineOpen = false
        }
    }

    private func write(_ text: String, to handle: FileHandle) { handle.write(Data(text.utf8)) }
}
