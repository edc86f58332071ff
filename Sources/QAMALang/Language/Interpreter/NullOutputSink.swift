import JupyterKernel

/// Discards everything; the session's sink between cells.
final class NullOutputSink: OutputSink {
    func stream(_ name: String, _ text: String) {}
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {}
    func clearOutput(wait: Bool) {}
    func input(prompt: String, password: Bool) throws -> String {
        throw LanguageError.value("input() is not available here")
    }
}
