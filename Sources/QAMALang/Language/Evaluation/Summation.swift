import IsingCore

/// The running total of `sum(i in …: body)`: numbers add as numbers, tensors element-wise, and as soon as
/// a term is symbolic everything goes into one `ExpressionAccumulator` (linear in the total term count).
struct Summation {
    private var number = 0.0
    private var tensor: Tensor?
    private var expression: ExpressionAccumulator?

    mutating func add(_ v: Value, session: Session, range: SourceRange) throws {
        switch v {
        case .number(let x):
            if expression != nil { expression!.add(x) } else if let t = tensor { tensor = t.map { $0 + x } } else { number += x }
        case .tensor(let t):
            guard expression == nil else { throw LanguageError.type("cannot add a Tensor to an Expr in sum(...)", at: range) }
            if let current = tensor {
                do { tensor = try Operators.elementwise(.add, current, t) } catch let e as LanguageError { throw e.located(range) }
            } else {
                tensor = t.map { $0 + number }
            }
        default:
            guard let e = Symbolic.expression(v, session: session) else {
                throw LanguageError.type("sum(...) cannot add \(Operators.describe(v))", at: range)
            }
            guard tensor == nil else { throw LanguageError.type("cannot add an Expr to a Tensor in sum(...)", at: range) }
            if expression == nil {
                expression = ExpressionAccumulator()
                expression!.add(number)
            }
            expression!.add(e)
        }
    }

    var value: Value {
        if let expression { return .expr(expression.result) }
        if let tensor { return .tensor(tensor) }
        return .number(number)
    }
}
