import Foundation

/// The execution thread waiting for an `input_reply` on stdin; an interrupt or shutdown cancels the wait.
final class InputWaiter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waitingFor: String?
    private var value: String?
    private var cancelled = false

    struct Cancelled: Error {}

    func begin(requestID: String) {
        condition.lock()
        waitingFor = requestID
        value = nil
        cancelled = false
        condition.unlock()
    }

    func wait() throws(Cancelled) -> String {
        condition.lock()
        defer {
            waitingFor = nil
            condition.unlock()
        }
        while value == nil && !cancelled { condition.wait() }
        if let value { return value }
        throw Cancelled()
    }

    /// An `input_reply` arrived; it answers the pending request if its parent is that request (or if the
    /// client left the parent header empty, as some do).
    func deliver(_ reply: Message) {
        condition.lock()
        defer { condition.unlock() }
        guard let expected = waitingFor else { return }
        let parentID = reply.parentHeader["msg_id"]?.stringValue
        guard parentID == nil || parentID == expected else { return }
        value = reply.content["value"]?.stringValue ?? ""
        condition.broadcast()
    }

    func cancel() {
        condition.lock()
        if waitingFor != nil { cancelled = true }
        condition.broadcast()
        condition.unlock()
    }
}
