import IsingCore

/// Values that take part in Hamiltonian algebra: an Expr, a Param, a single decision variable, or a Number
/// next to one of those. Converting them to an IsingCore `Expression` is what every symbolic operator and
/// library builtin (`dot`, `khot`, `constraint`, …) does first.
public enum Symbolic {
    /// The value as an expression, or nil when it is not numeric-symbolic (a Tensor, a String, a
    /// multi-variable block, …).
    public static func expression(_ v: Value, session: Session) -> Expression? {
        switch v {
        case .expr(let e): return e
        case .number(let x): return Expression(x)
        case .bool(let b): return Expression(b ? 1 : 0)
        case .param(let name): return Expression(constant: ParamLinear(param: name))
        case .variables(let x) where x.ids.count == 1 && x.shape.allSatisfy({ $0 == 1 }):
            return session.registry.expression(x.ids[0])
        case .tensor(let t) where t.count == 1 && t.rank == 0: return Expression(t.storage[0])
        default: return nil
        }
    }

    /// True when the value is an Expr, a Param or a scalar Variables (a Number alone is not symbolic).
    public static func isSymbolic(_ v: Value) -> Bool {
        switch v {
        case .expr, .param: return true
        case .variables(let x): return x.ids.count == 1 && x.shape.allSatisfy { $0 == 1 }
        default: return false
        }
    }

    /// One expression per variable of a block, in row-major order (for `dot`, `quad`, `khot`, …).
    public static func expressions(of x: Variables, session: Session) -> [Expression] {
        x.ids.map { session.registry.expression($0) }
    }

    /// IsingCore's messages become ValueErrors ("x[0]*x[1]*x[2] has degree 3; …",
    /// "coefficients must be linear in params: γ * δ").
    public static func languageError(_ e: ExpressionError) -> LanguageError { .value(e.message) }
}
