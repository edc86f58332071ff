import Foundation

/// Remembers recently seen signatures so a replayed (captured and re-sent) message is rejected, as
/// jupyter_client's Session does. Bounded: the oldest signatures are forgotten first.
public final class ReplayGuard: @unchecked Sendable {
    private let capacity: Int
    private var seen: Set<[UInt8]> = []
    private var order: [[UInt8]] = []
    private var next = 0
    private let lock = NSLock()

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(1, capacity)
    }

    /// Records the signature; false when it was already seen.
    public func admit(_ signature: [UInt8]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !seen.contains(signature) else { return false }
        seen.insert(signature)
        if order.count < capacity {
            order.append(signature)
        } else {
            seen.remove(order[next])
            order[next] = signature
            next = (next + 1) % capacity
        }
        return true
    }
}
