/// Σ coefficient · v_id + constant with plain-number coefficients: the left-hand side of a constraint.
public struct LinearForm: Sendable {
    public var terms: [(id: Int, coefficient: Double)]
    public var constant: Double

    public init(terms: [(id: Int, coefficient: Double)], constant: Double) {
        self.terms = terms
        self.constant = constant
    }

    /// The form of a linear expression without params; throws otherwise (`what` names the caller).
    public init(_ e: Expression, what: String) throws {
        guard e.degree <= 1 else { throw ExpressionError("\(what) must be linear in the variables") }
        guard !e.dependsOnParams else { throw ExpressionError("\(what) cannot depend on params") }
        terms = e.linear.keys.sorted().map { ($0, e.linear[$0]!.constant) }
        constant = e.offset.constant
    }

    /// Lowest and highest value over every assignment, given each variable's vartype.
    public func bounds(_ registry: VariableRegistry?) -> (low: Double, high: Double) {
        var lo = constant, hi = constant
        for t in terms {
            let spin = registry?.vartype(of: t.id) == .spin
            let a = t.coefficient
            let (vlo, vhi) = spin ? (-abs(a), abs(a)) : (min(0, a), max(0, a))
            lo += vlo; hi += vhi
        }
        return (lo, hi)
    }

    public var hasIntegerCoefficients: Bool {
        constant == constant.rounded() && terms.allSatisfy { $0.coefficient == $0.coefficient.rounded() }
    }

    /// The smallest whole number s ≤ `limit` that makes every coefficient and the constant of s·form
    /// integral, or nil. A count of spins, Σ (1 + s)/2, has s = 2.
    public func integralScale(limit: Int = 64) -> Double? {
        for s in 1...limit where (Double(s) * self).hasIntegerCoefficients { return Double(s) }
        return nil
    }

    /// The form as an expression over `registry`'s variables.
    public func expression(_ registry: VariableRegistry?) -> Expression {
        var e = Expression(constant)
        if let registry { e.adopt(registry) }
        for t in terms { e.addLinear(t.id, ParamLinear(t.coefficient)) }
        return e
    }

    public static func + (a: LinearForm, b: LinearForm) -> LinearForm {
        LinearForm(terms: a.terms + b.terms, constant: a.constant + b.constant)
    }

    public static func * (s: Double, a: LinearForm) -> LinearForm {
        LinearForm(terms: a.terms.map { ($0.id, s * $0.coefficient) }, constant: s * a.constant)
    }
}
