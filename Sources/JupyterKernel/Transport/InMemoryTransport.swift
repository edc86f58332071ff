import Foundation

/// A transport without sockets, for tests of the kernel core: `inject` plays a client's message, and
/// `waitFor` returns what the core sent, in order, per channel. Messages still go through the wire codec
/// (sign, then verify and decode) so tests exercise exactly what travels on real sockets.
public final class InMemoryTransport: KernelTransport, @unchecked Sendable {
    private let codec: WireCodec
    private let lock = NSCondition()
    private var deliver: (@Sendable (Message, Channel) -> Void)?
    private var subscribed: (@Sendable ([UInt8]) -> Void)?
    private var sent: [(Channel, Message)] = []

    public init(key: String = "in-memory-key") {
        codec = WireCodec(signer: try! HMACSigner(key: Array(key.utf8)))
    }

    public func start(deliver: @escaping @Sendable (Message, Channel) -> Void,
                      subscribed: @escaping @Sendable ([UInt8]) -> Void) throws {
        lock.lock()
        self.deliver = deliver
        self.subscribed = subscribed
        lock.unlock()
    }

    /// Plays a client subscribing to iopub with `topic` (what an XPUB socket reports).
    public func subscribe(topic: [UInt8] = []) {
        lock.lock()
        let subscribed = self.subscribed
        lock.unlock()
        subscribed?(topic)
    }

    public func send(_ message: Message, on channel: Channel) {
        let decoded = (try? codec.decode(codec.encode(message))) ?? message
        lock.lock()
        sent.append((channel, decoded))
        lock.broadcast()
        lock.unlock()
    }

    public func stop() {}

    /// Delivers a client message as if it arrived on `channel` (after a round trip through the codec).
    public func inject(_ message: Message, on channel: Channel) {
        lock.lock()
        let deliver = self.deliver
        lock.unlock()
        guard let decoded = try? codec.decode(codec.encode(message)) else { return }
        deliver?(decoded, channel)
    }

    /// Delivers raw frames as received from a socket; returns the decode error if they are rejected.
    public func injectFrames(_ frames: [[UInt8]], on channel: Channel) -> WireCodec.DecodeError? {
        do {
            let message = try codec.decode(frames)
            lock.lock()
            let deliver = self.deliver
            lock.unlock()
            deliver?(message, channel)
            return nil
        } catch {
            return error
        }
    }

    /// The wire frames a client would send for `message` (signed with this transport's key).
    public func frames(for message: Message) -> [[UInt8]] { codec.encode(message) }

    /// Waits (up to `timeout` seconds) until some sent message matches `predicate` and returns the
    /// first that does. Nil on timeout.
    public func first(timeout: Double = 10, where predicate: (Channel, Message) -> Bool) -> (Channel, Message)? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        var checked = 0
        while true {
            while checked < sent.count {
                let item = sent[checked]
                checked += 1
                if predicate(item.0, item.1) { return item }
            }
            if !lock.wait(until: deadline) { return nil }
        }
    }

    /// Every message sent so far (consumed or not).
    public var allSent: [(Channel, Message)] {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }
}
