import Foundation
import JupyterKernel

/// A kernel core on an in-memory transport with its execution loop on a background thread, plus a
/// client-side helper to send requests and read what comes back.
final class KernelHarness: @unchecked Sendable {
    let transport = InMemoryTransport()
    let interpreter = ScriptedInterpreter()
    let core: KernelCore
    let finished = DispatchSemaphore(value: 0)
    let session = UUID().uuidString

    init() throws {
        core = KernelCore(interpreter: interpreter, transport: transport)
        try core.start()
        let core = self.core, finished = self.finished
        Thread { core.run(); finished.signal() }.start()
    }

    func request(_ msgType: String, _ content: JSON = .emptyObject, on channel: Channel = .shell) -> Message {
        let message = Message(identities: [Array("client".utf8)],
                              header: MessageHeader.make(msgType: msgType, session: session, username: "test"),
                              content: content)
        transport.inject(message, on: channel)
        return message
    }

    /// The first message on `channel` whose parent is `request` (optionally of one type).
    func first(_ channel: Channel, of msgType: String? = nil, parent request: Message) -> Message? {
        transport.first { ch, m in
            ch == channel && m.parentHeader["msg_id"]?.stringValue == request.msgID && (msgType == nil || m.msgType == msgType)
        }?.1
    }

    /// Every iopub message for `request`, in order, up to and including its idle status.
    func iopub(for request: Message) -> [Message] {
        var out: [Message] = []
        for (channel, m) in transport.allSent where channel == .iopub && m.parentHeader["msg_id"]?.stringValue == request.msgID {
            out.append(m)
        }
        return out
    }

    func waitIdle(_ request: Message) -> Bool {
        transport.first { ch, m in
            ch == .iopub && m.msgType == "status" && m.content["execution_state"] == "idle"
                && m.parentHeader["msg_id"]?.stringValue == request.msgID
        } != nil
    }

    func shutdown() {
        _ = request("shutdown_request", ["restart": false], on: .control)
        finished.wait()
    }
}
