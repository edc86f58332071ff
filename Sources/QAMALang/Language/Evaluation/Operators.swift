import Foundation
import IsingCore

/// Binary and unary operators over values. Errors are thrown without a position; the evaluator points them
/// at the operator.
enum Operators {
    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, session: Session) throws -> Value {
        switch op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return try compare(op, a, b, session: session)
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else {
                throw LanguageError.type("'\(op.rawValue)' needs two Bools, not \(a.typeName) and \(b.typeName)")
            }
            return .bool(op == .and ? x && y : x || y)
        default:
            return try arithmetic(op, a, b, session: session)
        }
    }

    static func unary(_ op: UnaryOperator, _ a: Value, session: Session) throws -> Value {
        switch (op, a) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.not, _): throw LanguageError.type("'!' needs a Bool, not \(a.typeName)")
        case (.negate, .number(let x)): return .number(-x)
        case (.negate, .tensor(let t)): return .tensor(t.map { -$0 })
        case (.negate, _):
            if Symbolic.isSymbolic(a), let e = Symbolic.expression(a, session: session) { return .expr(-e) }
            throw LanguageError.type("cannot negate \(describe(a))")
        }
    }

    // MARK: arithmetic

    private static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, session: Session) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(scalar(op, x, y))
        case (.string(let x), .string(let y)) where op == .add: return .string(x + y)
        case (.array(let x), .array(let y)) where op == .add: return .array(x + y)
        default: break
        }
        if Symbolic.isSymbolic(a) || Symbolic.isSymbolic(b) { return try symbolic(op, a, b, session: session) }
        if isTensorLike(a) && isTensorLike(b) {
            return .tensor(try elementwise(op, try TensorConversion.tensor(from: a), try TensorConversion.tensor(from: b)))
        }
        for case .variables(let x) in [a, b] {
            throw LanguageError.type("\(x.name) is a \(Tensor.dimensions(x.shape)) block of variables: index it (\(x.name)[i, …]) or use sum(...), dot(t, \(x.name)) or quad(J, \(x.name))")
        }
        throw LanguageError.type("cannot apply '\(op.rawValue)' to \(describe(a)) and \(describe(b))")
    }

    private static func isTensorLike(_ v: Value) -> Bool {
        switch v {
        case .number, .tensor: return true
        default: return false
        }
    }

    @inline(__always)
    static func scalar(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        // Floored, so `i % n` is in 0..<n for negative i as well.
        case .remainder: return x - y * (x / y).rounded(.down)
        case .power: return pow(x, y)
        default: return .nan
        }
    }

    static func elementwise(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        if a.shape == b.shape {
            var out = [Double](repeating: 0, count: a.count)
            for k in 0..<a.count { out[k] = scalar(op, a.storage[k], b.storage[k]) }
            return Tensor(shape: a.shape, storage: out)
        }
        if b.count == 1 && b.rank == 0 { let y = b.storage[0]; return a.map { scalar(op, $0, y) } }
        if a.count == 1 && a.rank == 0 { let x = a.storage[0]; return b.map { scalar(op, x, $0) } }
        throw LanguageError.shape("cannot apply '\(op.rawValue)' to tensors of shapes \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape)): element-wise arithmetic needs equal shapes or a scalar")
    }

    private static func symbolic(_ op: BinaryOperator, _ a: Value, _ b: Value, session: Session) throws -> Value {
        guard let x = Symbolic.expression(a, session: session), let y = Symbolic.expression(b, session: session) else {
            throw LanguageError.type("cannot apply '\(op.rawValue)' to \(describe(a)) and \(describe(b))")
        }
        do {
            switch op {
            case .add: return .expr(x + y)
            case .subtract: return .expr(x - y)
            case .multiply: return .expr(try x.multiplied(by: y))
            case .divide:
                guard y.isConstant, !y.dependsOnParams else {
                    throw LanguageError.type("cannot divide by \(describe(b)): divide by a number only")
                }
                guard y.offset.constant != 0 else { throw LanguageError.value("division by zero") }
                return .expr(x * (1 / y.offset.constant))
            case .power:
                guard case .number(let n) = b, n >= 0, n == n.rounded(), n <= 64 else {
                    throw LanguageError.type("an expression can only be raised to a non-negative integer power")
                }
                return .expr(try x.power(Int(n)))
            default:
                throw LanguageError.type("cannot apply '\(op.rawValue)' to \(describe(a)) and \(describe(b))")
            }
        } catch let e as ExpressionError {
            throw Symbolic.languageError(e)
        }
    }

    // MARK: comparisons

    private static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, session: Session) throws -> Value {
        if Symbolic.isSymbolic(a) || Symbolic.isSymbolic(b) {
            guard let x = Symbolic.expression(a, session: session), let y = Symbolic.expression(b, session: session) else {
                throw LanguageError.type("cannot compare \(describe(a)) with \(describe(b))")
            }
            let rel: Relation.Operator
            switch op {
            case .equal: rel = .equal
            case .lessOrEqual: rel = .lessOrEqual
            case .greaterOrEqual: rel = .greaterOrEqual
            default:
                throw LanguageError.type("'\(op.rawValue)' between expressions is not a constraint; use ==, <= or >=")
            }
            return .relation(Relation(lhs: x, op: rel, rhs: y))
        }
        switch (a, b) {
        case (.number(let x), .number(let y)): return .bool(ordered(op, x, y))
        case (.string(let x), .string(let y)):
            return .bool(op == .equal ? x == y : op == .notEqual ? x != y : ordered(op, x, y))
        case (.bool(let x), .bool(let y)) where op == .equal || op == .notEqual:
            return .bool((x == y) == (op == .equal))
        default: break
        }
        if isTensorLike(a) && isTensorLike(b) {
            let x = try TensorConversion.tensor(from: a), y = try TensorConversion.tensor(from: b)
            if x.shape == y.shape {
                return .tensor(Tensor(shape: x.shape, storage: zip(x.storage, y.storage).map { ordered(op, $0, $1) ? 1 : 0 }))
            }
            if y.rank == 0 { return .tensor(x.map { ordered(op, $0, y.storage[0]) ? 1 : 0 }) }
            if x.rank == 0 { return .tensor(y.map { ordered(op, x.storage[0], $0) ? 1 : 0 }) }
            throw LanguageError.shape("cannot compare tensors of shapes \(Tensor.describe(shape: x.shape)) and \(Tensor.describe(shape: y.shape))")
        }
        if op == .equal { return .bool(false) }
        if op == .notEqual { return .bool(true) }
        throw LanguageError.type("cannot compare \(describe(a)) with \(describe(b)) using '\(op.rawValue)'")
    }

    static func ordered<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessOrEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    /// "a Tensor of shape [2, 3]", "a String", … for messages.
    static func describe(_ v: Value) -> String {
        switch v {
        case .tensor(let t): "a Tensor of shape \(Tensor.describe(shape: t.shape))"
        case .variables(let x): "Variables \(x.name) of shape \(Tensor.describe(shape: x.shape))"
        case .expr: "an Expr"
        case .array: "an Array"
        default: "a \(v.typeName)"
        }
    }
}

