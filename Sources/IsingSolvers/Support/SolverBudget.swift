import IsingCore

/// Checks a solver makes before it allocates anything sized by its parameters: the samples it will return
/// (reads × n) and its working state must fit the memory budget, and its work count must not overflow, so
/// `sa(reads: 1e12)` is a SolverError with the number in it instead of an abort in the allocator.
enum SolverBudget {
    /// Throws a `SolverFailure` when `count` items of `bytesEach` bytes exceed the memory budget.
    static func check(_ count: Int, bytesEach: Double, _ what: String) throws {
        do { try MemoryBudget.check(Double(count) * bytesEach, what) } catch let e as MemoryExceeded {
            throw SolverFailure(e.message)
        }
    }

    /// The product, saturating at `Int.max` (a progress total that cannot overflow).
    static func units(_ factors: Int...) -> Int {
        var n = 1
        for f in factors {
            let (p, overflow) = n.multipliedReportingOverflow(by: max(f, 0))
            if overflow { return .max }
            n = p
        }
        return n
    }
}
