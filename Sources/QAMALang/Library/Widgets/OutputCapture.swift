import JupyterKernel

/// The `OutputSink` a re-draw runs with: it collects what the view prints and shows as Jupyter output
/// dicts for an Output widget's `outputs` state, instead of publishing them. Progress displays (those with
/// a display id) are left out: the area shows the finished drawing, not how long it took.
final class OutputCapture: OutputSink, @unchecked Sendable {
    private(set) var outputs: [JSON] = []
    /// Comms (a view that opens widgets of its own) still reach the front end.
    private let comms: OutputSink

    init(forwardingCommsTo comms: OutputSink) { self.comms = comms }

    func stream(_ name: String, _ text: String) {
        if let last = outputs.last, last["output_type"] == "stream", last["name"] == .string(name),
           let earlier = last["text"]?.stringValue {
            outputs[outputs.count - 1] = ["output_type": "stream", "name": .string(name), "text": .string(earlier + text)]
        } else {
            outputs.append(["output_type": "stream", "name": .string(name), "text": .string(text)])
        }
    }

    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        guard displayID == nil else { return }
        outputs.append(["output_type": "display_data", "data": JSON(mimeBundle: data), "metadata": JSON(metadata)])
    }

    func clearOutput(wait: Bool) { outputs = [] }

    func input(prompt: String, password: Bool) throws -> String {
        throw LanguageError.value("input() is not available while a widget re-draws")
    }

    func comm(_ message: CommOutgoing) { comms.comm(message) }

    func error(_ e: LanguageError) {
        outputs.append(["output_type": "error", "ename": .string(e.kind.rawValue), "evalue": .string(e.message),
                        "traceback": [.string("\(e.kind.rawValue): \(e.message)")]])
    }
}
