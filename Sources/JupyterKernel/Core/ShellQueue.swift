import Foundation

/// Shell requests waiting for the execution thread, in arrival order. The shell socket's thread keeps
/// receiving while a cell runs, so after an error the requests already received can be aborted.
final class ShellQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Message] = []
    private var closed = false

    func push(_ message: Message) {
        condition.lock()
        if !closed { items.append(message) }
        condition.signal()
        condition.unlock()
    }

    /// The next request, waiting for one; nil once closed.
    func pop() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if closed { return nil }
        return items.removeFirst()
    }

    /// Removes and returns every queued request.
    func takeAll() -> [Message] {
        condition.lock()
        defer { condition.unlock() }
        let all = items
        items.removeAll()
        return all
    }

    /// Puts requests back at the front, keeping their order.
    func putBack(_ messages: [Message]) {
        condition.lock()
        items.insert(contentsOf: messages, at: 0)
        condition.signal()
        condition.unlock()
    }

    /// Stops the execution loop: `pop` returns nil from now on.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
