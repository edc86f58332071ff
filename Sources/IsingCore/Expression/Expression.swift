/// A polynomial of degree ≤ 2 over decision variable ids, with coefficients linear in params:
///
///     offset + Σ_i linear[i] · v_i + Σ_{i<j} quadratic[(i, j)] · v_i v_j
///
/// Terms live in one of two forms. Small expressions and ones grown a term at a time keep them in hash maps
/// (adding a term is O(1); `add(_:)`, `+=` and `a + b` merge the smaller into the larger, so a running
/// `acc = acc + term` stays linear). Large sums — what a `TermAccumulator` finishes, and what adding, scaling
/// and multiplying large expressions give — keep them sorted in flat arrays (`SortedTerms`): compiling walks
/// them in order and nothing is hashed. `linear` and `quadratic` read either form; changing a sorted
/// expression a term at a time turns it into hash maps once. The two forms hold the same coefficients, summed
/// in the same order, so every value is the same whichever form made it.
///
/// Squares fold as they appear: a binary x² = x and a spin s² = 1, which is why an expression knows the
/// `VariableRegistry` its ids come from.
public struct Expression: Sendable {
    /// Where the ids come from; nil only for a constant expression.
    public internal(set) var registry: VariableRegistry?
    public internal(set) var offset: ParamLinear
    private var storedLinear: [Int: ParamLinear]
    private var storedQuadratic: [VariablePair: ParamLinear]
    /// The terms in sorted form; when set, the hash maps above are empty.
    public private(set) var sorted: SortedTerms?
    /// Constraints whose penalties this expression contains (with the weight they carry here).
    public internal(set) var penalties: [ConstraintPenalty]

    public internal(set) var linear: [Int: ParamLinear] {
        get { sorted?.linear ?? storedLinear }
        set { unsort(); storedLinear = newValue }
        _modify { unsort(); yield &storedLinear }
    }

    public internal(set) var quadratic: [VariablePair: ParamLinear] {
        get { sorted?.quadratic ?? storedQuadratic }
        set { unsort(); storedQuadratic = newValue }
        _modify { unsort(); yield &storedQuadratic }
    }

    /// Moves sorted terms into the hash maps (before a change one term at a time).
    private mutating func unsort() {
        guard let s = sorted else { return }
        sorted = nil
        storedLinear = s.linear
        storedQuadratic = s.quadratic
    }

    /// Replaces the terms by sorted ones.
    mutating func setSorted(_ terms: SortedTerms?) {
        storedLinear = [:]
        storedQuadratic = [:]
        sorted = terms?.count == 0 ? nil : terms
    }

    public init() { self.init(constant: .zero) }

    /// A constant expression whose value may depend on params.
    public init(constant: ParamLinear) {
        registry = nil
        offset = constant
        storedLinear = [:]
        storedQuadratic = [:]
        sorted = nil
        penalties = []
    }

    public init(_ constant: Double) { self.init(constant: ParamLinear(constant)) }

    /// The expression `v_id`.
    public init(variable id: Int, registry: VariableRegistry) {
        self.init()
        self.registry = registry
        storedLinear[id] = .one
    }

    public static let zero = Expression()

    // MARK: shape

    public var linearCount: Int { sorted?.linearCount ?? storedLinear.count }
    public var quadraticCount: Int { sorted?.quadraticCount ?? storedQuadratic.count }
    /// 0 for a constant, 1 for a linear expression, 2 otherwise.
    public var degree: Int { quadraticCount > 0 ? 2 : linearCount > 0 ? 1 : 0 }
    public var isConstant: Bool { termCount == 0 }
    /// Number of linear plus quadratic terms.
    public var termCount: Int { sorted?.count ?? storedLinear.count + storedQuadratic.count }
    /// True when some coefficient (or the offset) depends on a param.
    public var dependsOnParams: Bool {
        if !offset.isConstant { return true }
        if let sorted { return sorted.hasParams }
        return storedLinear.values.contains { !$0.isConstant } || storedQuadratic.values.contains { !$0.isConstant }
    }
    /// Every param any coefficient mentions, sorted.
    public var params: [String] {
        var s = Set(offset.params)
        if let sorted {
            s.formUnion(sorted.params)
        } else {
            for c in storedLinear.values where !c.isConstant { s.formUnion(c.params) }
            for c in storedQuadratic.values where !c.isConstant { s.formUnion(c.params) }
        }
        return s.sorted()
    }

    /// Every variable id the expression mentions (terms and carried constraints), ascending.
    public var variableIDs: [Int] {
        var lo = Int.max, hi = -1
        func see(_ id: Int) { if id < lo { lo = id }; if id > hi { hi = id } }
        forEachTermIDs { a, b in see(a); if b >= 0 { see(b) } }
        for c in penalties {
            for t in c.terms { see(t.id) }
            for t in c.penaltyTerms { see(t.id) }
        }
        if hi < 0 { return [] }
        // Ids are compact in practice: mark them in a bitmap over their range (no hashing).
        var seen = [Bool](repeating: false, count: hi - lo + 1)
        forEachTermIDs { a, b in seen[a - lo] = true; if b >= 0 { seen[b - lo] = true } }
        for c in penalties {
            for t in c.terms { seen[t.id - lo] = true }
            for t in c.penaltyTerms { seen[t.id - lo] = true }
        }
        return seen.indices.filter { seen[$0] }.map { $0 + lo }
    }

    /// The ids of every term (b = -1 for a linear one), in no particular order.
    private func forEachTermIDs(_ body: (Int, Int) -> Void) {
        if let sorted {
            for key in sorted.keys {
                if TermKey.isQuadratic(key) { body(TermKey.first(key), TermKey.second(key)) } else { body(Int(key), -1) }
            }
        } else {
            for id in storedLinear.keys { body(id, -1) }
            for p in storedQuadratic.keys { body(p.first, p.second) }
        }
    }

    public func coefficient(of id: Int) -> ParamLinear { linear[id] ?? .zero }
    public func coefficient(of i: Int, _ j: Int) -> ParamLinear {
        i == j ? .zero : quadratic[VariablePair(i, j)] ?? .zero
    }

    // MARK: adding terms in place

    public mutating func addOffset(_ c: ParamLinear) { offset += c }

    public mutating func addLinear(_ id: Int, _ c: ParamLinear) {
        if c.isZero { return }
        var vanished = false
        Self.accumulate(&linear[id, default: .zero], c, &vanished)
        if vanished { linear[id] = nil }
    }

    /// Adds c·v_i·v_j; i == j folds (binary x² = x, spin s² = 1). Needs `registry` for that fold.
    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear) {
        if c.isZero { return }
        if i == j {
            guard let registry else { preconditionFailure("a variable term needs a registry") }
            if registry.vartype(of: i) == .binary { addLinear(i, c) } else { offset += c }
            return
        }
        let key = VariablePair(i, j)
        var vanished = false
        Self.accumulate(&quadratic[key, default: .zero], c, &vanished)
        if vanished { quadratic[key] = nil }
    }

    /// Adds `scale · other` in place: O(size of other) when `other` is small next to `self` (into the hash
    /// maps), O(size of both) when it is not (a sorted merge, no hashing).
    public mutating func add(_ other: Expression, scale: Double = 1) {
        adoptRegistry(of: other)
        if scale == 0 { return }
        offset += other.offset * scale
        if other.termCount > 0 {
            if termCount == 0 && scale == 1 {
                storedLinear = other.storedLinear
                storedQuadratic = other.storedQuadratic
                sorted = other.sorted
            } else if let merges = sortedMerges(adding: other) {
                var acc = TermAccumulator()
                acc.checksMemory = false
                try! acc.add(self.droppingPenalties)
                try! acc.add(other.droppingPenalties, scale: scale)
                let merged = try! acc.finish()
                merged.sorted?.smallMerges = merges
                setSorted(merged.sorted)
            } else {
                linear.reserveCapacity(linearCount + other.linearCount)
                for (id, c) in other.linear { addLinear(id, scale == 1 ? c : c * scale) }
                quadratic.reserveCapacity(quadraticCount + other.quadraticCount)
                for (key, c) in other.quadratic {
                    let v = scale == 1 ? c : c * scale
                    var vanished = false
                    Self.accumulate(&quadratic[key, default: .zero], v, &vanished)
                    if vanished { quadratic[key] = nil }
                }
            }
        }
        for var p in other.penalties {
            p.weight = p.weight * scale
            penalties.append(p)
        }
    }

    /// From this many terms on, adding an expression of comparable size merges sorted terms.
    static let sortedMergeSize = 1024

    /// Whether adding `other` merges sorted terms (O(size of both), no hashing) rather than going into hash
    /// maps (O(size of other) once the maps exist, O(size of self) to build them), and if so how many small
    /// merges in a row the result has seen. Comparable sizes merge. A sorted expression takes a few small
    /// additions by merging (`objective + penalty`); the fifth in a row turns it into hash maps, as a loop
    /// adding a term at a time needs to stay linear.
    private func sortedMerges(adding other: Expression) -> Int? {
        let comparable = other.termCount * 8 >= termCount
        if comparable && (sorted != nil || other.termCount >= Self.sortedMergeSize) { return 0 }
        if let sorted, sorted.smallMerges < 4 { return sorted.smallMerges + 1 }
        return nil
    }

    /// Makes room for about `terms` more quadratic terms.
    public mutating func reserveQuadratic(_ terms: Int) { quadratic.reserveCapacity(quadratic.count + terms) }

    /// Attaches a constraint record to this expression (used by the constraint builders).
    public mutating func attach(_ penalty: ConstraintPenalty) { penalties.append(penalty) }

    mutating func adoptRegistry(of other: Expression) {
        if let r = other.registry { adopt(r) }
    }

    /// Ties a (constant) expression to a registry so variable terms can be added to it.
    public mutating func adopt(_ r: VariableRegistry) {
        if let mine = registry {
            precondition(mine === r, "expressions from two different variable registries were combined")
        } else {
            registry = r
        }
    }

    @inline(__always)
    private static func accumulate(_ slot: inout ParamLinear, _ c: ParamLinear, _ vanished: inout Bool) {
        slot += c
        vanished = slot.isZero
    }

    // MARK: operators

    public static func + (a: Expression, b: Expression) -> Expression {
        // Merge the smaller into the larger so that a running `acc = acc + term` stays linear overall.
        if a.termCount >= b.termCount {
            var out = a; out.add(b); return out
        }
        var out = b
        out.add(a)
        // Keep the left operand's constraints first for a stable order.
        out.penalties = a.penalties + b.penalties
        return out
    }

    public static func - (a: Expression, b: Expression) -> Expression {
        var out = a
        out.add(b, scale: -1)
        return out
    }

    public static prefix func - (a: Expression) -> Expression { a * -1 }

    public static func * (a: Expression, s: Double) -> Expression {
        if s == 0 { var z = Expression(); z.registry = a.registry; return z }
        var out = a
        out.offset = out.offset * s
        if let sorted = a.sorted {
            out.setSorted(sorted.scaled(by: s))
        } else {
            for k in out.storedLinear.keys { out.storedLinear[k] = out.storedLinear[k]! * s }
            for k in out.storedQuadratic.keys { out.storedQuadratic[k] = out.storedQuadratic[k]! * s }
        }
        for k in out.penalties.indices { out.penalties[k].weight = out.penalties[k].weight * s }
        return out
    }

    public static func * (s: Double, a: Expression) -> Expression { a * s }

    public static func + (a: Expression, c: Double) -> Expression { var out = a; out.offset += ParamLinear(c); return out }
    public static func + (c: Double, a: Expression) -> Expression { a + c }
    public static func - (a: Expression, c: Double) -> Expression { a + (-c) }
    public static func - (c: Double, a: Expression) -> Expression { -a + c }

    public static func += (a: inout Expression, b: Expression) { a.add(b) }
    public static func -= (a: inout Expression, b: Expression) { a.add(b, scale: -1) }

    /// `c · self`, where c may depend on params. Throws when c has params and so do our coefficients.
    public func scaled(by c: ParamLinear) throws -> Expression {
        if c.isConstant { return self * c.constant }
        if let p = params.first { throw ExpressionError("coefficients must be linear in params: \(p) * \(c.terms[0].param)") }
        var out = self
        out.offset = try offset.multiplied(by: c)
        if let sorted {
            // Sorted terms stay sorted: each constant coefficient v becomes c·v (ParamLinear's `c * v`: c's
            // constant times v, and each of c's params times v), key by key, with no sort.
            var parts: [(index: Int, term: ParamLinear.Term)] = []
            parts.reserveCapacity(sorted.count * c.terms.count)
            for k in 0..<sorted.count {
                for t in c.terms { parts.append((k, ParamLinear.Term(param: t.param, coefficient: t.coefficient * sorted.constants[k]))) }
            }
            out.setSorted(SortedTerms(keys: sorted.keys, constants: sorted.constants.map { c.constant * $0 }, paramParts: parts))
        } else {
            for (k, v) in linear { out.linear[k] = try v.multiplied(by: c) }
            for (k, v) in quadratic { out.quadratic[k] = try v.multiplied(by: c) }
        }
        for k in out.penalties.indices { out.penalties[k].weight = try out.penalties[k].weight.multiplied(by: c) }
        return out
    }
}
