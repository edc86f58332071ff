import Foundation

/// Checks shared by the solver builtins (counts, thread counts, β ranges), each with a positioned ValueError.
extension SolverArguments {
    /// An integer label that must be at least 1.
    static func positive(_ args: inout CallArguments, _ label: String, default d: Int) throws -> Int {
        let v = try args.int(label: label, default: d)
        guard v >= 1 else { throw LanguageError.value("\(args.callee)() \(label): must be at least 1, got \(v)", at: args.rangeOf(label: label)) }
        return v
    }

    /// `threads:` when given (at least 1); nil means the solver's default (every core).
    static func threads(_ args: inout CallArguments) throws -> Int? {
        guard let t = try args.int(label: "threads") else { return nil }
        guard t >= 1 else { throw LanguageError.value("\(args.callee)() threads: must be at least 1", at: args.rangeOf(label: "threads")) }
        return t
    }

    /// `beta: [hot, cold]` when given: two finite numbers, positive when `positive` (a geometric ladder).
    static func betaRange(_ args: inout CallArguments, positive: Bool = false) throws -> (hot: Double, cold: Double)? {
        guard let b = try args.tensor(label: "beta") else { return nil }
        guard b.count == 2, b.storage.allSatisfy({ (positive ? $0 > 0 : $0 >= 0) && $0.isFinite }) else {
            throw LanguageError.value("\(args.callee)() beta: must be [hot, cold], two \(positive ? "positive" : "non-negative") numbers",
                                      at: args.rangeOf(label: "beta"))
        }
        return (b.storage[0], b.storage[1])
    }

    /// How a β range shows in a solver's settings.
    static func show(_ beta: (hot: Double, cold: Double)?) -> String {
        beta.map { "[\(NumberFormat.format($0.hot)), \(NumberFormat.format($0.cold))]" } ?? "auto"
    }
}
