/// The interrupt, for long work outside the solvers (expanding a product of large sums, `quad` over a big
/// matrix, building a constraint's penalty): the language binds `check` around a cell, and loops that may
/// run for seconds call `poll()` now and then, so an interrupt lands within 100 ms wherever the time goes.
/// Bound per thread (a task-local value works in synchronous code), so concurrent sessions do not mix.
public enum Cancellation {
    @TaskLocal public static var check: (@Sendable () -> Bool)? = nil

    /// Throws `SolveCancelled` when the bound check says the work was interrupted.
    @inline(__always)
    public static func poll() throws {
        if let check, check() { throw SolveCancelled() }
    }
}
