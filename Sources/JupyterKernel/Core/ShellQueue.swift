import Foundation

/// Shell requests waiting for the execution thread, in arrival order. The shell socket's thread keeps
/// receiving while a cell runs, so after an error the requests already received can be aborted.
final class ShellQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [(sequence: Int, message: Message)] = []
    private var received = 0
    private var closed = false

    func push(_ message: Message) {
        condition.lock()
        if !closed {
            items.append((received, message))
            received += 1
        }
        condition.signal()
        condition.unlock()
    }

    /// The next request, waiting for one; nil once closed.
    func pop() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if closed { return nil }
        return items.removeFirst().message
    }

    /// The next request if there is one and it satisfies `condition`, without waiting.
    func popFirst(where accepts: (Message) -> Bool) -> Message? {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, let first = items.first, accepts(first.message) else { return nil }
        return items.removeFirst().message
    }

    /// How many requests have arrived so far: a cut-off for "already received".
    var receivedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Removes the queued requests that arrived before `cutoff` for which `shouldRemove` holds, in order.
    func remove(receivedBefore cutoff: Int, where shouldRemove: (Message) -> Bool) -> [Message] {
        condition.lock()
        defer { condition.unlock() }
        var removed: [Message] = []
        items.removeAll { item in
            guard item.sequence < cutoff, shouldRemove(item.message) else { return false }
            removed.append(item.message)
            return true
        }
        return removed
    }

    /// Stops the execution loop: `pop` returns nil from now on.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
