import Foundation

/// Parameters shared by the solver builtins, each with a positioned ValueError.
extension Param where T == (hot: Double, cold: Double)? {
    /// `beta: [hot, cold]` when given: two finite numbers, positive when `positive` (a geometric ladder);
    /// nil: the solver picks the range from the couplings.
    static func betaRange(positive: Bool = false) -> Param<(hot: Double, cold: Double)?> {
        make(label: "beta", kind: .tensor, shown: "[hot, cold]", required: false,
             doc: "inverse temperatures, hottest first; default from the couplings") { args, slot in
            guard let b = try args.tensor(slot) else { return nil }
            guard b.count == 2, b.storage.allSatisfy({ (positive ? $0 > 0 : $0 >= 0) && $0.isFinite }) else {
                throw LanguageError.value("\(args.callee)() beta: must be [hot, cold], two \(positive ? "positive" : "non-negative") numbers",
                                          at: args.range(slot))
            }
            return (b.storage[0], b.storage[1])
        }
    }
}

extension Param where T == Int? {
    /// `threads:` (at least 1); nil means the solver's default (every core).
    static var threads: Param<Int?> { .positive("threads", "default: every core") }
}
