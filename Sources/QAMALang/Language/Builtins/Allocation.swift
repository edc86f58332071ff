import IsingCore

/// Size checks for builtins that allocate from user numbers: the element count is multiplied with overflow
/// checks and the bytes compared with the memory budget (`MemoryBudget`), so `zeros(2^32, 2^32)` and
/// `randn(100000, 100000)` are ValueErrors with the numbers in them, never a trap or an abort.
enum Allocation {
    /// The element count of `shape`, checked: throws when it overflows or when `bytesEach` per element
    /// exceed the memory budget. `what` names the call, e.g. "randn(100000, 100000)".
    static func elements(_ shape: [Int], bytesEach: Int = 8, _ what: String) throws -> Int {
        guard let count = MemoryBudget.product(shape) else {
            throw LanguageError.value("\(what) has more elements than fit in memory (\(shape.map(String.init).joined(separator: " × ")))")
        }
        try check(bytes: Double(count) * Double(bytesEach), what)
        return count
    }

    /// Throws a ValueError when `bytes` exceed the memory budget.
    static func check(bytes: Double, _ what: String) throws {
        try MemoryBudget.check(bytes, what)  // MemoryExceeded is a ValueError (UserFacingError)
    }

    /// "randn(100000, 100000)": a call with its dimensions, for messages.
    static func call(_ name: String, _ dims: [Int]) -> String {
        "\(name)(\(dims.map(String.init).joined(separator: ", ")))"
    }
}
