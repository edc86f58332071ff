import Foundation

/// Runs a cell's parse and evaluation on a thread with a large stack, and waits for it.
///
/// Why: the kernel's execution thread is the process's main thread (8 MB on Linux), and a language that
/// nests (brackets, blocks, `func` recursion) needs stack in proportion. The limits in `NestingLimit` and the
/// `StackGuard` checks keep recursion inside whatever stack there is; this thread makes that room generous,
/// so the limits can be the language's (256 levels) rather than the stack's. The stack is reserved, not
/// committed: only the pages a deep cell touches cost memory.
enum DeepStack {
    static let size = 256 << 20

    /// `body` runs on the new thread while the caller blocks, so nothing touches the session concurrently.
    static func run<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            let box = Box(body)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.result = box.body?()
                box.body = nil  // the closure must not outlive withoutActuallyEscaping
                done.signal()
            }
            thread.stackSize = size
            thread.start()
            done.wait()
            return box.result!
        }
    }

    /// Hands the closure and its result between the two threads; the semaphore orders every access.
    private final class Box<R>: @unchecked Sendable {
        var body: (() -> R)?
        var result: R?
        init(_ body: @escaping () -> R) { self.body = body }
    }
}
