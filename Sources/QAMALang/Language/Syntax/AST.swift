/// The syntax tree of a cell. Every node carries its source range; binary operators also carry the
/// operator's own range (errors such as a ShapeError point at the operator).
struct ExprNode {
    indirect enum Kind {
        case number(Double)
        case string([StringPart])
        case bool(Bool)
        case identifier(String)
        case array([ExprNode])
        case unary(UnaryOperator, ExprNode)
        case binary(BinaryOperator, ExprNode, ExprNode, opRange: SourceRange)
        case range(ExprNode, ExprNode, inclusive: Bool)
        case call(ExprNode, [ArgumentNode])
        /// `sum(i in a, j in b where cond: body)`: `function` is the callee's name.
        case comprehension(function: String, loops: [(name: String, sequence: ExprNode)], condition: ExprNode?, body: ExprNode)
        case index(ExprNode, [IndexNode])
        case member(ExprNode, String, nameRange: SourceRange)
    }

    var kind: Kind
    var range: SourceRange
}

enum StringPart {
    case text(String)
    case interpolation(ExprNode)
}

struct ArgumentNode {
    var label: String?
    var value: ExprNode
    var range: SourceRange
}

enum IndexNode {
    /// `:` — the whole axis.
    case all(SourceRange)
    case expr(ExprNode)
}

enum UnaryOperator: String { case negate = "-", not = "!" }

enum BinaryOperator: String {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
}

struct Statement {
    enum Kind {
        case binding(Bindings.Kind, name: String, nameRange: SourceRange, value: ExprNode)
        case assign(name: String, nameRange: SourceRange, value: ExprNode)
        case function(name: String, parameters: [String], body: ExprNode, bodySource: String)
        case forLoop(variable: String, sequence: ExprNode, body: [Statement])
        case ifElse(condition: ExprNode, then: [Statement], otherwise: [Statement]?)
        case expression(ExprNode)
    }

    var kind: Kind
    var range: SourceRange
    /// A top-level statement followed by `;` (its value is not displayed).
    var endsWithSemicolon = false
}

/// A parsed cell.
struct Program {
    var statements: [Statement]
    /// The last statement ended with `;`: the cell shows no result.
    var suppressesResult: Bool
}
