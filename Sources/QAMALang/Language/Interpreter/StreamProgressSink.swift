import JupyterKernel

/// The output sink for front ends that print each display once and ignore `update_display_data` (jupyter
/// console): a live display (one with a display id — solver and sweep progress) becomes one stderr line
/// rewritten in place with a carriage return, ending on its final text; everything else passes through.
final class StreamProgressSink: OutputSink, @unchecked Sendable {
    private let base: OutputSink
    private var lineOpen = false

    init(wrapping base: OutputSink) { self.base = base }

    func stream(_ name: String, _ text: String) {
        endLine()
        base.stream(name, text)
    }

    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        guard displayID != nil else {
            endLine()
            base.display(data, metadata: metadata, displayID: nil, update: false)
            return
        }
        base.stream("stderr", Self.rewrite(data))
        lineOpen = true
    }

    /// A live display's text as one terminal line that replaces the previous one (carriage return, erase
    /// line): shared with `qama run`'s `TerminalOutputSink`.
    static func rewrite(_ data: MimeBundle) -> String {
        "\r\u{1B}[2K" + (data["text/plain"] ?? "").replacingOccurrences(of: "\n", with: " ")
    }

    func clearOutput(wait: Bool) { base.clearOutput(wait: wait) }

    func input(prompt: String, password: Bool) throws -> String {
        endLine()
        return try base.input(prompt: prompt, password: password)
    }

    func comm(_ message: CommOutgoing) { base.comm(message) }

    /// Ends an open progress line so what follows (the next output, the cell's result) starts on a fresh line.
    func endLine() {
        if lineOpen {
            base.stream("stderr", "\n")
            lineOpen = false
        }
    }
}
