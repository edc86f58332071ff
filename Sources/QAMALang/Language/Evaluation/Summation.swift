import IsingCore

/// The running total of `sum(i in …: body)` (and of a loop nest's `e = e + …`): numbers add as numbers,
/// tensors element-wise, and as soon as a term is symbolic everything goes into one `TermAccumulator`
/// (flat buffers, combined once when the total is read: linear in the number of terms).
struct Summation {
    private var number = 0.0
    private var tensor: Tensor?
    private var expression: TermAccumulator?
    /// Accumulator slots of a kernel's params (its `KernelCompiler.params`), filled on first use.
    private var paramSlots: [Int32]? = nil

    init() {}

    /// A total that starts from an expression (a loop nest's accumulator starts from the variable's value).
    init(expression e: IsingCore.Expression) throws {
        var acc = TermAccumulator()
        try acc.add(e)
        expression = acc
    }

    mutating func add(_ v: Value, session: Session, range: SourceRange, scale: Double = 1) throws {
        switch v {
        case .number(let x):
            addNumber(scale == 1 ? x : x * scale)
        case .tensor(let t):
            guard expression == nil else { throw LanguageError.type("cannot add a Tensor to an Expr in sum(...)", at: range) }
            let t = scale == 1 ? t : t.map { $0 * scale }
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
            startExpression()
            do { try expression!.add(e, scale: scale) } catch let e as MemoryExceeded { throw LanguageError.value(e.message, at: range) }
        }
    }

    @inline(__always)
    mutating func addNumber(_ x: Double) {
        if expression != nil { expression!.add(x) } else if let t = tensor { tensor = t.map { $0 + x } } else { number += x }
    }

    /// Adds the terms a kernel pushed onto `frame` from `start` on (times `sign`, ±1), which name params
    /// by their index in `params`. Bails when the total is a tensor (the evaluator then gives its error).
    mutating func addTerms(_ f: KernelFrame, from start: Int, sign: Double = 1, params: [String], registry: VariableRegistry) throws {
        guard tensor == nil else { throw KernelBail() }
        startExpression()
        if paramSlots == nil, !params.isEmpty {
            paramSlots = params.map { expression!.slot(forParam: $0) }
        }
        if f.fromVariables && expression!.registry == nil { expression!.adopt(registry) }
        for k in start..<f.count {
            let t = f.terms[k]
            let c = sign == 1 ? t.c : t.c * sign
            if c == 0 { continue }
            if t.param < 0 {
                if t.a < 0 { expression!.add(c) } else if t.b < 0 { try expression!.addLinear(t.a, c) } else { try expression!.addQuadratic(t.a, t.b, c) }
            } else if t.a < 0 {
                expression!.addOffset(ParamLinear(param: params[Int(t.param)], coefficient: c))
            } else {
                let key = t.b < 0 ? TermKey.linear(t.a) : TermKey.quadratic(t.a, t.b)
                try expression!.addParamTerm(key, param: paramSlots![Int(t.param)], c)
            }
        }
    }

    private mutating func startExpression() {
        if expression == nil {
            expression = TermAccumulator()
            expression!.add(number)
        }
    }

    /// The total: a Number, a Tensor or an Expr.
    mutating func value() throws -> Value {
        if expression != nil {
            do { return .expr(try expression!.finish()) } catch let e as MemoryExceeded { throw LanguageError.value(e.message) }
        }
        if let tensor { return .tensor(tensor) }
        return .number(number)
    }
}
