/// A polynomial of degree ≤ 2 over decision variable ids, with coefficients linear in params:
///
///     offset + Σ_i linear[i] · v_i + Σ_{i<j} quadratic[(i, j)] · v_i v_j
///
/// Terms live in hash maps, so adding a term is O(1) and summing many expressions is linear in their
/// total size (use `add(_:)`, `+=` or `ExpressionAccumulator`; `a + b` merges the smaller into the
/// larger). Squares fold as they appear: a binary x² = x and a spin s² = 1, which is why an expression
/// knows the `VariableRegistry` its ids come from.
public struct Expression: Sendable {
    /// Where the ids come from; nil only for a constant expression.
    public internal(set) var registry: VariableRegistry?
    public internal(set) var offset: ParamLinear
    public internal(set) var linear: [Int: ParamLinear]
    public internal(set) var quadratic: [VariablePair: ParamLinear]
    /// Constraints whose penalties this expression contains (with the weight they carry here).
    public internal(set) var penalties: [ConstraintPenalty]

    public init() { self.init(constant: .zero) }

    /// A constant expression whose value may depend on params.
    public init(constant: ParamLinear) {
        registry = nil
        offset = constant
        linear = [:]
        quadratic = [:]
        penalties = []
    }

    public init(_ constant: Double) { self.init(constant: ParamLinear(constant)) }

    /// The expression `v_id`.
    public init(variable id: Int, registry: VariableRegistry) {
        self.init()
        self.registry = registry
        linear[id] = .one
    }

    public static let zero = Expression()

    // MARK: shape

    /// 0 for a constant, 1 for a linear expression, 2 otherwise.
    public var degree: Int { !quadratic.isEmpty ? 2 : !linear.isEmpty ? 1 : 0 }
    public var isConstant: Bool { linear.isEmpty && quadratic.isEmpty }
    /// Number of linear plus quadratic terms.
    public var termCount: Int { linear.count + quadratic.count }
    /// True when some coefficient (or the offset) depends on a param.
    public var dependsOnParams: Bool {
        !offset.isConstant || linear.values.contains { !$0.isConstant } || quadratic.values.contains { !$0.isConstant }
    }
    /// Every param any coefficient mentions, sorted.
    public var params: [String] {
        var s = Set(offset.params)
        for c in linear.values where !c.isConstant { s.formUnion(c.params) }
        for c in quadratic.values where !c.isConstant { s.formUnion(c.params) }
        return s.sorted()
    }

    /// Every variable id the expression mentions (terms and carried constraints), ascending.
    public var variableIDs: [Int] {
        var lo = Int.max, hi = -1
        func see(_ id: Int) { if id < lo { lo = id }; if id > hi { hi = id } }
        for id in linear.keys { see(id) }
        for p in quadratic.keys { see(p.first); see(p.second) }
        for c in penalties {
            for t in c.terms { see(t.id) }
            for t in c.penaltyTerms { see(t.id) }
        }
        if hi < 0 { return [] }
        // Ids are compact in practice: mark them in a bitmap over their range (no hashing).
        var seen = [Bool](repeating: false, count: hi - lo + 1)
        for id in linear.keys { seen[id - lo] = true }
        for p in quadratic.keys { seen[p.first - lo] = true; seen[p.second - lo] = true }
        for c in penalties {
            for t in c.terms { seen[t.id - lo] = true }
            for t in c.penaltyTerms { seen[t.id - lo] = true }
        }
        return seen.indices.filter { seen[$0] }.map { $0 + lo }
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

    /// Adds `scale · other` in place: O(size of other).
    public mutating func add(_ other: Expression, scale: Double = 1) {
        adoptRegistry(of: other)
        if scale == 0 { return }
        offset += other.offset * scale
        if linear.isEmpty && quadratic.isEmpty && scale == 1 {
            linear = other.linear
            quadratic = other.quadratic
        } else {
            linear.reserveCapacity(linear.count + other.linear.count)
            for (id, c) in other.linear { addLinear(id, scale == 1 ? c : c * scale) }
            quadratic.reserveCapacity(quadratic.count + other.quadratic.count)
            for (key, c) in other.quadratic {
                let v = scale == 1 ? c : c * scale
                var vanished = false
                Self.accumulate(&quadratic[key, default: .zero], v, &vanished)
                if vanished { quadratic[key] = nil }
            }
        }
        for var p in other.penalties {
            p.weight = p.weight * scale
            penalties.append(p)
        }
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
        for k in out.linear.keys { out.linear[k] = out.linear[k]! * s }
        for k in out.quadratic.keys { out.quadratic[k] = out.quadratic[k]! * s }
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
        for (k, v) in linear { out.linear[k] = try v.multiplied(by: c) }
        for (k, v) in quadratic { out.quadratic[k] = try v.multiplied(by: c) }
        for k in out.penalties.indices { out.penalties[k].weight = try out.penalties[k].weight.multiplied(by: c) }
        return out
    }
}
