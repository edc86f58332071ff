import Foundation

/// Collects fast `print` output into fewer `stream` messages, as ipykernel's OutStream does: text is
/// sent when `interval` has passed since the first unsent write, when `maxBytes` are pending, when the
/// other stream is written (to keep stdout/stderr order), or on `flush` (before any other output).
final class StreamBatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var name = ""
    private var pending = ""
    private var pendingBytes = 0
    private var timerArmed = false
    private let interval: Double
    private let maxBytes: Int
    private let emit: @Sendable (_ name: String, _ text: String) -> Void

    init(interval: Double = 0.05, maxBytes: Int = 1 << 20, emit: @escaping @Sendable (String, String) -> Void) {
        self.interval = interval
        self.maxBytes = maxBytes
        self.emit = emit
    }

    func write(_ stream: String, _ text: String) {
        guard !text.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if pendingBytes > 0, stream != name { flushLocked() }
        name = stream
        pending += text
        pendingBytes += text.utf8.count
        if pendingBytes >= maxBytes {
            flushLocked()
        } else if !timerArmed {
            timerArmed = true
            DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [weak self] in self?.flush() }
        }
    }

    func flush() {
        lock.lock()
        flushLocked()
        lock.unlock()
    }

    // Emitting under the lock keeps stream messages ordered against each other and against whatever
    // the caller publishes right after `flush`.
    private func flushLocked() {
        timerArmed = false
        guard pendingBytes > 0 else { return }
        let text = pending
        pending = ""
        pendingBytes = 0
        emit(name, text)
    }
}
