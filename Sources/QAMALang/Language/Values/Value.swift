import IsingCore
import JupyterKernel

/// Every value a cell can compute.
///
/// Core values are cases of this enum; the library values (Model, Solver, Result, Sweep, Figure, Table,
/// Graph, …) are one case, `.library`, carrying a `LibraryValue` existential, so Sources/QAMALang/Library/ adds
/// types without touching this file.
///
/// - `.number`: every number is a Double (integers exact up to 2^53).
/// - `.range`: `0..<n` / `1...n`, integral bounds.
/// - `.tensor`: dense n-d Float64 (`Tensor`).
/// - `.variables`: a shaped block of decision variables (ids in the session's `VariableRegistry`);
///   `x[i, j]` of it is an `.expr` of one variable, `x[i, :]` a smaller `.variables`.
/// - `.expr`: IsingCore `Expression` (degree ≤ 2, ParamLinear coefficients).
/// - `.param(name)`: a param used in an expression stays symbolic; its value is `session.paramValues[name]`.
/// - `.relation`: `lhs == rhs` / `lhs <= rhs` / `lhs >= rhs` where either side involves decision
///   variables; what `constraint(...)` takes (see `Relation`).
/// - `.function`: a user `func` or a builtin (also bound methods such as `r.value`).
/// - `.nothing`: what statements and `print` return; never shown.
public enum Value {
    case number(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case range(RangeValue)
    case tensor(Tensor)
    case variables(Variables)
    case expr(Expression)
    case param(String)
    case relation(Relation)
    case function(FunctionValue)
    case library(any LibraryValue)
    case nothing

    /// The name users see in messages and in `who()`.
    public var typeName: String {
        switch self {
        case .number: "Number"
        case .bool: "Bool"
        case .string: "String"
        case .array: "Array"
        case .range: "Range"
        case .tensor: "Tensor"
        case .variables: "Variables"
        case .expr: "Expr"
        case .param: "Param"
        case .relation: "Relation"
        case .function: "Function"
        case .library(let d): d.typeName
        case .nothing: "Nothing"
        }
    }

    /// Every value's `text/plain`; library values add their own mime types.
    public var mimeBundle: MimeBundle {
        if case .library(let d) = self { return d.mimeBundle }
        return ["text/plain": plainText]
    }

    /// The `text/plain` form (what a cell result and `show` display).
    public var plainText: String { ValueFormatter.plain(self) }

    /// The form `print` and string interpolation use: like `plainText`, but a string is its raw text.
    public var printed: String {
        if case .string(let s) = self { return s }
        return plainText
    }
}

/// `a..<b` (exclusive) or `a...b` (inclusive) over integers.
public struct RangeValue: Sendable, Equatable {
    public var lower: Int
    public var upper: Int
    public var inclusive: Bool

    public init(lower: Int, upper: Int, inclusive: Bool) {
        self.lower = lower
        self.upper = upper
        self.inclusive = inclusive
    }

    /// The half-open end.
    public var end: Int { inclusive ? upper + 1 : upper }
    public var count: Int { max(0, end - lower) }
    public var elements: Range<Int> { lower..<max(lower, end) }
    public var description: String { "\(lower)\(inclusive ? "..." : "..<")\(upper)" }
}

/// A shaped block of decision variables: `ids` in row-major order index the session's registry.
public struct Variables: Sendable, Equatable {
    public var ids: [Int]
    public var shape: [Int]
    public var vartype: Vartype
    /// The block's display name, e.g. `x` or `x[1, :]`.
    public var name: String

    public init(ids: [Int], shape: [Int], vartype: Vartype, name: String) {
        precondition(ids.count == shape.reduce(1, *))
        self.ids = ids
        self.shape = shape
        self.vartype = vartype
        self.name = name
    }
}

/// A comparison between expressions that involves decision variables: `x[0] + x[1] == 1`,
/// `sum(...) <= 2`. Comparing plain numbers gives a `.bool`; comparing an `.expr`, `.variables` (scalar) or
/// `.param` with anything numeric gives this. `constraint(rel, name:)` turns it into a penalty.
public struct Relation {
    public enum Operator: String, Sendable, Equatable { case equal = "==", lessOrEqual = "<=", greaterOrEqual = ">=" }
    public var lhs: Expression
    public var op: Operator
    public var rhs: Expression

    public init(lhs: Expression, op: Operator, rhs: Expression) {
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
    }
}
