import CZeroMQ

/// A libzmq error with the failing call named (e.g. "bind tcp://127.0.0.1:5555: Address already in use").
public struct ZMQError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
    public var isAddressInUse: Bool { code == EADDRINUSE }

    static func last(_ operation: String) -> ZMQError { ZMQError(operation: operation, code: zmq_errno()) }
}

/// A ZeroMQ context (one per kernel).
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() {
        handle = zmq_ctx_new()
    }

    /// Makes blocking calls in every socket of the context (the heartbeat proxy) return ETERM.
    func shutdown() { zmq_ctx_shutdown(handle) }

    /// Waits until every socket is closed and its lingering messages are sent.
    func terminate() { _ = zmq_ctx_term(handle) }
}

/// One ZeroMQ socket. Not thread-safe: after setup, exactly one thread uses it (see `ChannelLoop`).
final class ZMQSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init(context: ZMQContext, type: Int32) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type) else { throw .last("socket") }
        self.handle = handle
        var linger: Int32 = 1000  // flush pending replies on close, but never hang at exit
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    /// An XPUB socket that reports every subscription, also repeated ones (so each new client is welcomed).
    func makeVerbosePublisher() {
        var on: Int32 = 1
        zmq_setsockopt(handle, ZMQ_XPUB_VERBOSE, &on, MemoryLayout<Int32>.size)
    }

    /// Turns the socket into a CurveZMQ server with the connection file's Z85 secret key.
    func makeCurveServer(secretKeyZ85: String) throws(ZMQError) {
        var on: Int32 = 1
        guard zmq_setsockopt(handle, ZMQ_CURVE_SERVER, &on, MemoryLayout<Int32>.size) == 0 else { throw .last("curve server") }
        let key = Array(secretKeyZ85.utf8)
        let status = key.withUnsafeBytes { zmq_setsockopt(handle, ZMQ_CURVE_SECRETKEY, $0.baseAddress, $0.count) }
        guard status == 0 else { throw .last("curve secret key") }
    }

    func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw .last("bind \(endpoint)") }
    }

    func close() { zmq_close(handle) }

    /// Receives every frame of one message (blocking unless `dontWait`); nil when nothing was there
    /// or the context is shutting down.
    func receiveMultipart(dontWait: Bool = false) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            if zmq_msg_recv(&message, handle, dontWait ? ZMQ_DONTWAIT : 0) < 0 {
                if frames.isEmpty { return nil }
                continue  // later frames of a message always arrive with the first; retry on EINTR
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    @discardableResult
    func sendMultipart(_ frames: [[UInt8]]) -> Bool {
        for (k, frame) in frames.enumerated() {
            let flags = k + 1 < frames.count ? ZMQ_SNDMORE : 0
            var status: Int32 = -1
            repeat {
                status = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            } while status < 0 && zmq_errno() == EINTR
            if status < 0 { return false }
        }
        return true
    }
}
