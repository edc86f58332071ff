/// The `OutputSink` for one `execute_request`: streams are batched, everything else is published at
/// once (after flushing pending stream text so the order on iopub is the order the cell produced it).
final class CellOutput: OutputSink, @unchecked Sendable {
    private let core: KernelCore
    private let parent: Message
    private let allowStdin: Bool
    private let batcher: StreamBatcher

    init(core: KernelCore, parent: Message, allowStdin: Bool) {
        self.core = core
        self.parent = parent
        self.allowStdin = allowStdin
        self.batcher = StreamBatcher { [core, parent] name, text in
            core.publish("stream", ["name": .string(name), "text": .string(text)], parent: parent)
        }
    }

    func stream(_ name: String, _ text: String) {
        batcher.write(name == "stderr" ? "stderr" : "stdout", text)
    }

    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        batcher.flush()
        var content: [String: JSON] = ["data": JSON(mimeBundle: data), "metadata": JSON(metadata), "transient": .emptyObject]
        if let displayID { content["transient"] = ["display_id": .string(displayID)] }
        // update_display_data without a display id cannot target anything: show it as new output.
        let type = update && displayID != nil ? "update_display_data" : "display_data"
        core.publish(type, .object(content), parent: parent)
    }

    func clearOutput(wait: Bool) {
        batcher.flush()
        core.publish("clear_output", ["wait": .bool(wait)], parent: parent)
    }

    func input(prompt: String, password: Bool) throws -> String {
        guard allowStdin else {
            throw ExecutionError(name: "StdinNotImplementedError",
                                 value: "input was called, but this frontend does not support input requests.",
                                 traceback: [])
        }
        batcher.flush()
        return try core.requestInput(prompt: prompt, password: password, parent: parent)
    }

    func comm(_ message: CommOutgoing) {
        batcher.flush()
        core.sendComm(message, parent: parent)
    }

    /// Sends whatever stream text is pending (end of the cell, before its result).
    func finish() { batcher.flush() }
}
