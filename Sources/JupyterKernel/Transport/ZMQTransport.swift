import CZeroMQ
import Foundation

/// The ZeroMQ transport: shell/control/stdin ROUTER, iopub XPUB (so subscriptions are seen, protocol 5.5), heartbeat ROUTER echoing through
/// `zmq_proxy` on its own thread, each socket owned by one thread, every message signed and checked.
public final class ZMQTransport: KernelTransport, @unchecked Sendable {
    private let connection: ConnectionFile
    private let codec: WireCodec
    private let context = ZMQContext()
    private var loops: [Channel: ChannelLoop] = [:]
    private var heartbeat: ZMQSocket?
    private let heartbeatDone = DispatchSemaphore(value: 0)
    private let log: @Sendable (String) -> Void

    private var sockets: [(Channel, ZMQSocket)] = []

    /// Binds every socket right away — before the interpreter is even created, so clients that connect
    /// early are not left waiting for a reconnect, and a port in use fails here, before anything runs.
    public init(connection: ConnectionFile, log: @escaping @Sendable (String) -> Void) throws {
        self.connection = connection
        self.codec = WireCodec(signer: try HMACSigner(key: Array(connection.key.utf8), scheme: connection.signatureScheme))
        self.log = log
        let ports: [(Channel, Int32, Int)] = [
            (.shell, ZMQ_ROUTER, connection.shellPort), (.control, ZMQ_ROUTER, connection.controlPort),
            (.stdin, ZMQ_ROUTER, connection.stdinPort), (.iopub, ZMQ_XPUB, connection.iopubPort),
        ]
        do {
            for (channel, type, port) in ports {
                sockets.append((channel, try makeSocket(type: type, port: port)))
            }
            heartbeat = try makeSocket(type: ZMQ_ROUTER, port: connection.hbPort)
        } catch {
            for (_, socket) in sockets { socket.close() }
            context.terminate()
            throw error
        }
    }

    /// Starts the socket threads; incoming messages that arrived since binding are delivered first.
    public func start(deliver: @escaping @Sendable (Message, Channel) -> Void,
                      subscribed: @escaping @Sendable ([UInt8]) -> Void) throws {
        for (channel, socket) in sockets {
            let codec = self.codec
            let log = self.log
            var receive: (@Sendable ([[UInt8]]) -> Void)? = nil
            if channel == .iopub {
                // XPUB receives one frame per (un)subscription: 1 or 0, then the topic.
                receive = { @Sendable (frames: [[UInt8]]) -> Void in
                    guard let frame = frames.first, frame.first == 1 else { return }
                    subscribed(Array(frame.dropFirst()))
                }
            } else {
                receive = { @Sendable (frames: [[UInt8]]) -> Void in
                    do {
                        deliver(try codec.decode(frames), channel)
                    } catch {
                        log("dropped a message on \(channel.rawValue): \(error)")
                    }
                }
            }
            loops[channel] = ChannelLoop(name: channel.rawValue, socket: socket, onFrames: receive,
                                         isUrgent: channel == .control ? WireCodec.isInterruptRequest : nil)
        }
        // Start only once the table is complete: replies may be sent as soon as the first loop runs.
        for loop in loops.values { loop.start() }
        let hb = heartbeat!
        let done = heartbeatDone
        let thread = Thread {
            // Echo every ping back to its sender, as ipykernel's heartbeat does; returns on context shutdown.
            _ = zmq_proxy(hb.handle, hb.handle, nil)
            hb.close()
            done.signal()
        }
        thread.name = "qama-heartbeat"
        thread.start()
    }

    private func makeSocket(type: Int32, port: Int) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: type)
        if type == ZMQ_XPUB { socket.makeVerbosePublisher() }
        do {
            if let secret = connection.curveSecretKey { try socket.makeCurveServer(secretKeyZ85: secret) }
            try socket.bind(connection.endpoint(port: port))
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    public func send(_ message: Message, on channel: Channel) {
        loops[channel]?.send(codec.encode(message))
    }

    public func stop() {
        for channel in [Channel.shell, .control, .stdin, .iopub] { loops[channel]?.stop() }
        context.shutdown()
        if heartbeat != nil { heartbeatDone.wait() }
        context.terminate()
    }
}
