/// The interrupt, for long work outside the solvers (expanding a product of large sums, `quad` over a big
/// matrix, building a constraint's penalty): the language binds `check` around a cell, and loops that may
/// run for seconds call `poll()` now and then, so an interrupt lands within 100 ms wherever the time goes.
/// Bound per thread, so concurrent sessions do not mix.
public enum Cancellation {
    public static let check = ThreadBound<@Sendable () -> Bool>()

    /// Throws `SolveCancelled` when the bound check says the work was interrupted.
    @inline(__always)
    public static func poll() throws {
        if let isCancelled = check.value, isCancelled() { throw SolveCancelled() }
    }
}
