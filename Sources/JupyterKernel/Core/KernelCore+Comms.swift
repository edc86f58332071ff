/// Comm messages from front ends (comm_open, comm_msg, comm_close on shell) and to them (through a
/// cell's or a comm handler's `OutputSink.comm`).
///
/// Ordering: comm messages are shell requests, handled on the execution thread in arrival order with
/// cells, as ipykernel does. So a slider moved while a cell runs takes effect after that cell, and a cell
/// sent after a move sees the move. When one comm message is taken off the queue, every comm message queued
/// right behind it is taken too; the interpreter receives each (cheap: record, echo) and then settles once
/// (the expensive part, e.g. a re-solve, runs on the latest state only). Twenty moves queued behind a
/// running re-solve thus cost one more re-solve, not twenty.
extension KernelCore {
    static func isComm(_ message: Message) -> Bool {
        ["comm_open", "comm_msg", "comm_close"].contains(message.msgType)
    }

    func handleComms(startingWith first: Message) {
        var batch = [first]
        while let next = queue.popFirst(where: Self.isComm) { batch.append(next) }
        for request in batch { publish("status", ["execution_state": "busy"], parent: request) }
        // Interruptible like a cell: an interrupt stops a re-solve the messages started.
        interpreter.resetInterrupt()
        setExecuting(true)
        var last: CellOutput? = nil
        for request in batch {
            let output = CellOutput(core: self, parent: request, allowStdin: false)
            if receive(request, output: output) { last = output }
            output.finish()
        }
        if let last {  // the last message the interpreter was handed
            interpreter.commsSettled(output: last)
            last.finish()
        }
        setExecuting(false)
        for request in batch { publish("status", ["execution_state": "idle"], parent: request) }
    }

    /// Hands one message to the interpreter; false when it was not (no such comm, unknown target).
    private func receive(_ request: Message, output: CellOutput) -> Bool {
        let content = request.content
        guard let commID = content["comm_id"]?.stringValue, !commID.isEmpty else {
            log("\(request.msgType) without a comm_id: ignored")
            return false
        }
        let data = content["data"] ?? .emptyObject
        switch request.msgType {
        case "comm_open":
            let target = content["target_name"]?.stringValue ?? ""
            guard interpreter.commTargets.contains(target) else {
                // As ipykernel's CommManager: a comm to a target nobody registered is closed straight back.
                log("no comm target '\(target)': closing comm \(commID)")
                publish("comm_close", ["comm_id": .string(commID), "data": .emptyObject], parent: request)
                return false
            }
            // The id of a comm that is open (a live widget): taking it would cut the live one off (its later
            // messages would go to the new one). Refused, and nothing is closed: a comm_close would close the
            // live widget in the front end too.
            if let live = comms.target(of: commID) {
                log("comm_open for \(commID), which is open already (target '\(live)'): refused, the open comm is kept")
                return false
            }
            comms.opened(commID, target: target)
            interpreter.commReceived(CommEvent(kind: .open(targetName: target), commID: commID, data: data,
                                               metadata: request.metadata, buffers: request.buffers), output: output)
        case "comm_msg":
            guard comms.target(of: commID) != nil else {
                log("no comm \(commID): ignored comm_msg")
                return false
            }
            interpreter.commReceived(CommEvent(kind: .message, commID: commID, data: data, metadata: request.metadata,
                                               buffers: request.buffers), output: output)
        default:
            guard comms.target(of: commID) != nil else {
                log("no comm \(commID): ignored comm_close")
                return false
            }
            comms.closed(commID)
            interpreter.commReceived(CommEvent(kind: .close, commID: commID, data: data, metadata: request.metadata),
                                     output: output)
        }
        return true
    }

    /// Publishes a comm message from the interpreter and keeps the registry of open comms current.
    func sendComm(_ message: CommOutgoing, parent: Message) {
        var content: [String: JSON] = ["comm_id": .string(message.commID), "data": message.data]
        let msgType: String
        switch message.kind {
        case .open(let target):
            comms.opened(message.commID, target: target)
            content["target_name"] = .string(target)
            msgType = "comm_open"
        case .message:
            guard comms.target(of: message.commID) != nil else {
                log("comm \(message.commID) is not open: message not sent")
                return
            }
            msgType = "comm_msg"
        case .close:
            comms.closed(message.commID)
            msgType = "comm_close"
        }
        publish(msgType, .object(content), parent: parent, metadata: message.metadata, buffers: message.buffers)
    }
}
