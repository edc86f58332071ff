import Foundation

/// SIGINT (the kernelspec's `interrupt_mode: "signal"`) handled on a thread of its own with `sigwait`,
/// so the handler can take locks and call into the core — nothing runs in async-signal context.
/// `blockInterrupts()` must run before any other thread starts, so every thread inherits the mask.
enum SignalWatcher {
    static func blockInterrupts() {
        var set = interruptSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    static func start(onInterrupt: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var set = interruptSet()
            while true {
                var received: Int32 = 0
                if sigwait(&set, &received) == 0, received == SIGINT { onInterrupt() }
            }
        }
        thread.name = "qama-signals"
        thread.start()
    }

    private static func interruptSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        return set
    }
}
