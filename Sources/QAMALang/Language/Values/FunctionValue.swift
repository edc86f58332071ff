/// A callable: a one-expression user function (`func f(a, b) = e`) or a builtin (including methods bound
/// to a value, such as `r.value`).
public enum FunctionValue {
    case user(UserFunction)
    case builtin(Builtin)

    public var name: String {
        switch self {
        case .user(let f): f.name
        case .builtin(let b): b.name
        }
    }

    public var signature: String {
        switch self {
        case .user(let f): "func \(f.name)(\(f.parameters.joined(separator: ", "))) = \(f.bodySource)"
        case .builtin(let b): b.signature
        }
    }
}

/// `func name(parameters) = body`. The body is evaluated with the parameters bound on top of the bindings
/// at call time (so later cells can redefine what it refers to).
public struct UserFunction {
    public var name: String
    public var parameters: [String]
    var body: ExprNode
    /// The body as written, for display.
    public var bodySource: String
}
