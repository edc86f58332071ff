#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value bound for the duration of a closure on the current thread (a pthread key): what the language
/// binds around a cell for library code to read (the interrupt check, the memory budget). Not a
/// `@TaskLocal`: cells run on plain threads, and task-local storage outside a task crashes in the statically
/// linked `qama` binary. Reading costs one `pthread_getspecific`.
public final class ThreadBound<Value>: @unchecked Sendable {
    private let key: pthread_key_t

    public init() {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        key = k
    }

    private final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The value bound on this thread, if any.
    public var value: Value? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(p).takeUnretainedValue().value
    }

    /// Runs `body` with `value` bound on this thread (nil unbinds), restoring the previous binding after.
    public func withValue<T>(_ value: Value?, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        let box = value.map { Unmanaged.passRetained(Box($0)) }
        pthread_setspecific(key, box?.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            box?.release()
        }
        return try body()
    }
}
