import Foundation

/// An expression's terms as a `TermAccumulator` finishes them: one array of packed keys (`TermKey`, ascending:
/// linear terms by id, then quadratic terms by pair), one of constant coefficients, and the param parts of the
/// few coefficients that have them. Immutable and shared between copies of an `Expression`.
///
/// This is how a large sum lives: compiling walks it in order (no hashing, rows already sorted), adding two of
/// them merges them, scaling maps the coefficients. Only code that asks for `linear` / `quadratic` as hash
/// maps gets them built — once, cached here.
public final class SortedTerms: @unchecked Sendable {
    public let keys: [UInt64]
    /// The constant part of each term's coefficient (0 where it has only param parts).
    public let constants: [Double]
    /// Param parts, by term index then param name.
    public let paramParts: [(index: Int, term: ParamLinear.Term)]
    /// Terms `0 ..< linearCount` are linear.
    public let linearCount: Int
    /// Small additions merged into these terms in a row (`Expression.add` switches to hash maps after a few).
    var smallMerges = 0

    private let lock = NSLock()
    private var cachedLinear: [Int: ParamLinear]?
    private var cachedQuadratic: [VariablePair: ParamLinear]?

    init(keys: [UInt64], constants: [Double], paramParts: [(index: Int, term: ParamLinear.Term)]) {
        self.keys = keys
        self.constants = constants
        self.paramParts = paramParts
        var l = 0
        while l < keys.count && !TermKey.isQuadratic(keys[l]) { l += 1 }
        linearCount = l
    }

    public var count: Int { keys.count }
    public var quadraticCount: Int { keys.count - linearCount }
    public var hasParams: Bool { !paramParts.isEmpty }

    /// Every term with its whole coefficient, in key order.
    public func forEach(_ body: (_ key: UInt64, _ coefficient: ParamLinear) throws -> Void) rethrows {
        var p = 0
        for k in keys.indices {
            if p < paramParts.count && paramParts[p].index == k {
                var terms: [ParamLinear.Term] = []
                while p < paramParts.count && paramParts[p].index == k { terms.append(paramParts[p].term); p += 1 }
                try body(keys[k], ParamLinear(constant: constants[k], sortedTerms: terms))
            } else {
                try body(keys[k], ParamLinear(constants[k]))
            }
        }
    }

    /// Every param any coefficient mentions, sorted.
    public var params: [String] { Set(paramParts.map(\.term.param)).sorted() }

    public var linear: [Int: ParamLinear] {
        lock.withLock {
            if let cachedLinear { return cachedLinear }
            var d: [Int: ParamLinear] = [:]
            d.reserveCapacity(linearCount)
            forEach { key, c in if !TermKey.isQuadratic(key) { d[TermKey.first(key)] = c } }
            cachedLinear = d
            return d
        }
    }

    public var quadratic: [VariablePair: ParamLinear] {
        lock.withLock {
            if let cachedQuadratic { return cachedQuadratic }
            var d: [VariablePair: ParamLinear] = [:]
            d.reserveCapacity(quadraticCount)
            forEach { key, c in if TermKey.isQuadratic(key) { d[VariablePair(TermKey.first(key), TermKey.second(key))] = c } }
            cachedQuadratic = d
            return d
        }
    }

    /// The terms with every coefficient multiplied by `s` (`s` ≠ 0).
    func scaled(by s: Double) -> SortedTerms {
        SortedTerms(keys: keys, constants: constants.map { $0 * s },
                    paramParts: paramParts.map { ($0.index, ParamLinear.Term(param: $0.term.param, coefficient: $0.term.coefficient * s)) })
    }
}
