import CZeroMQ
import Foundation

/// The one thread that owns a socket. It receives frames and hands them to `onFrames`, and sends
/// whatever other threads queued with `send`, woken through a pipe. This is the single serialising path
/// to the socket that ZeroMQ requires (sockets are not thread-safe).
final class ChannelLoop: @unchecked Sendable {
    let name: String
    private let socket: ZMQSocket
    private let onFrames: (@Sendable ([[UInt8]]) -> Void)?
    /// Whether a received message jumps the queue (control: an interrupt is answered before the usage
    /// requests received with it, whatever their number).
    private let isUrgent: (@Sendable ([[UInt8]]) -> Bool)?
    private let lock = NSLock()
    private var outbox: [[[UInt8]]] = []
    private var stopping = false
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, socket: ZMQSocket, onFrames: (@Sendable ([[UInt8]]) -> Void)?,
         isUrgent: (@Sendable ([[UInt8]]) -> Bool)? = nil) {
        self.name = name
        self.socket = socket
        self.onFrames = onFrames
        self.isUrgent = isUrgent
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "qama-\(name)"
        thread.start()
    }

    /// Queues frames for the socket's thread; callable from any thread.
    func send(_ frames: [[UInt8]]) {
        lock.lock()
        let accepting = !stopping
        if accepting { outbox.append(frames) }
        lock.unlock()
        if accepting { wake() }
    }

    /// Sends everything queued, closes the socket and returns once the thread has finished.
    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        wake()
        finished.wait()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func run() {
        var items = [
            zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(socket: nil, fd: wakeRead, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        let receives = onFrames != nil
        while true {
            if receives {
                _ = zmq_poll(&items, 2, -1)
            } else {
                // A send-only socket sleeps on the pipe alone.
                var pfd = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, -1)
            }
            drainWakePipe()
            if receives, items[0].revents & Int16(ZMQ_POLLIN) != 0 {
                // Drain everything readable now, so bursts are handled in one wake-up; urgent messages first,
                // and each handled message's replies go out before the next is handled.
                var received: [[[UInt8]]] = []
                while let frames = socket.receiveMultipart(dontWait: true) { received.append(frames) }
                if let isUrgent {  // a stable partition, each message looked at once
                    var urgent: [[[UInt8]]] = [], rest: [[[UInt8]]] = []
                    for frames in received {
                        if isUrgent(frames) { urgent.append(frames) } else { rest.append(frames) }
                    }
                    if !urgent.isEmpty { received = urgent + rest }
                }
                for frames in received {
                    onFrames?(frames)
                    _ = sendPending()
                }
            }
            if sendPending() {
                socket.close()
                close(wakeRead)
                close(wakeWrite)
                finished.signal()
                return
            }
        }
    }

    /// Sends what other threads queued; true when the loop is stopping.
    private func sendPending() -> Bool {
        lock.lock()
        let pending = outbox
        outbox.removeAll(keepingCapacity: true)
        let stop = stopping
        lock.unlock()
        for frames in pending { socket.sendMultipart(frames) }
        return stop
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
