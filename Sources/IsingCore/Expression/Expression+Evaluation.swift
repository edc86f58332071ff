extension Expression {
    /// The value at an assignment: `value(id)` gives each variable's value (0/1 for binary, ±1 for spin).
    public func evaluate(params: [String: Double] = [:], _ value: (Int) -> Double) throws -> Double {
        var e = try offset.value(params)
        for (id, c) in linear { e += try c.value(params) * value(id) }
        for (p, c) in quadratic { e += try c.value(params) * value(p.first) * value(p.second) }
        return e
    }
}

extension ConstraintPenalty {
    /// Σ terms + constant at an assignment.
    public func lhs(_ value: (Int) -> Double) -> Double {
        terms.reduce(constant) { $0 + $1.coefficient * value($1.id) }
    }

    /// How far the constraint is from holding; 0 when satisfied.
    public func violation(_ value: (Int) -> Double) -> Double {
        let v = lhs(value)
        return relation == .equal ? abs(v) : max(0, v)
    }
}
