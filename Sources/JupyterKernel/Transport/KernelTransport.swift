/// The four message channels a kernel core talks on (the heartbeat is the transport's own business).
public enum Channel: String, Sendable, CaseIterable {
    case shell, control, stdin, iopub
}

/// What the kernel core needs from a transport: deliver decoded incoming messages, send outgoing ones.
/// Implementations: `ZMQTransport` (the real sockets) and `InMemoryTransport` (tests).
public protocol KernelTransport: AnyObject, Sendable {
    /// Begins delivering incoming messages (from the transport's own threads) to `deliver`, and iopub
    /// subscriptions (the topic a client subscribed to; empty for all) to `subscribed`.
    func start(deliver: @escaping @Sendable (Message, Channel) -> Void,
               subscribed: @escaping @Sendable ([UInt8]) -> Void) throws
    /// Queues a message; callable from any thread. Order is kept per channel.
    func send(_ message: Message, on channel: Channel)
    /// Sends what is queued and releases the sockets.
    func stop()
}

extension KernelTransport {
    /// Starts without listening to subscriptions.
    public func start(deliver: @escaping @Sendable (Message, Channel) -> Void) throws {
        try start(deliver: deliver, subscribed: { _ in })
    }
}
