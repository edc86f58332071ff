import Foundation
import IsingCore

/// Compiles expression nodes into kernels, or says it cannot (nil): then the evaluator runs the node as
/// before. Whatever it compiles computes what the evaluator would, to the last bit; where a kernel cannot
/// know that at compile time (an index in range, a degree-2 product) it bails at run time and the evaluator
/// takes over for that one value.
///
/// Names resolve as the evaluator resolves them: loop variables (slots) first, then the evaluator's scopes,
/// the session's bindings and the builtins; inside a user function's body (inlined) only its parameters,
/// the bindings and the builtins, as a call sees them.
final class KernelCompiler {
    private let evaluator: Evaluator
    private let session: Session
    /// Loop variables and numeric locals, by name.
    var slots: [String: Int] = [:]
    /// Names whose bindings change while the kernels run (a loop nest's accumulators): never read.
    var changing: Set<String> = []
    /// Params the kernels mention, in order of first use (a term's `param` indexes this).
    private(set) var params: [String] = []
    /// A user function's parameters while its body is compiled in place of a call.
    private var inlined: [String: Kernel]? = nil
    private var inlineDepth = 0
    static let maxInlineDepth = 16
    /// Slots handed out so far (the frame's size).
    private(set) var slotCount = 0

    /// A fresh slot for a loop variable or numeric local.
    func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    init(evaluator: Evaluator) {
        self.evaluator = evaluator
        self.session = evaluator.session
    }

    func compile(_ node: ExprNode) -> Kernel? {
        switch node.kind {
        case .number(let x): return .constant(x)
        case .bool(let b): return .bool { _ in b }
        case .identifier(let name): return identifier(name)
        case .unary(let op, let operand): return unary(op, operand)
        case .binary(let op, let lhs, let rhs, _): return binary(op, lhs, rhs)
        case .index(let base, let items): return index(base, items)
        case .call(let callee, let arguments): return call(callee, arguments)
        case .comprehension(let function, let loops, let condition, let body):
            return function == "sum" ? nestedSum(loops, condition, body, range: node.range) : nil
        case .string, .array, .range, .member: return nil
        }
    }

    /// A loop bound or numeric local: a number kernel, or nil.
    func number(_ node: ExprNode) -> NumberKernel? { compile(node)?.numberKernel }

    // MARK: names

    private func identifier(_ name: String) -> Kernel? {
        // Loop variables first (inside an inlined body only its own comprehensions' — `slots` is swapped),
        // then the function's parameters, then what the evaluator would find.
        if let slot = slots[name] { return .number { $0.slots[slot] } }
        if let k = inlined?[name] { return k }
        guard let value = resolve(name) else { return nil }
        return kernel(for: value)
    }

    /// A name's value as the evaluator finds it when the kernels start (nil where it names nothing, or a
    /// value that changes while they run).
    func resolve(_ name: String) -> Value? {
        if changing.contains(name) { return nil }
        return evaluator.resolve(name, seesScopes: inlined == nil)
    }

    private func kernel(for value: Value) -> Kernel? {
        switch value {
        case .number(let x): return .constant(x)
        case .bool(let b): return .bool { _ in b }
        case .param(let name):
            let p = paramIndex(name)
            return .terms { $0.push(.constant(1, param: p)) }
        case .variables(let x) where x.ids.count == 1 && x.shape.allSatisfy({ $0 == 1 }):
            let id = x.ids[0], spin = x.vartype == .spin
            return .terms { $0.pushVariable(id, spin: spin) }
        case .expr(let e):
            guard let terms = kernelTerms(of: e) else { return nil }
            let fromVariables = e.registry != nil
            return .terms { f in
                if fromVariables { f.fromVariables = true }
                for t in terms { f.push(t) }
            }
        case .tensor, .variables, .array, .function: return .value(value)
        default: return nil
        }
    }

    /// A small constant expression as terms, in the order the evaluator's `Expression` keeps them apart
    /// (each key once; a coefficient's param parts as terms of their own).
    private func kernelTerms(of e: IsingCore.Expression) -> [KernelTerm]? {
        guard e.penalties.isEmpty, e.termCount <= 64 else { return nil }
        var out: [KernelTerm] = []
        func add(_ c: ParamLinear, _ a: Int, _ b: Int) {
            let registry = session.registry
            var spins: UInt8 = 0
            if a >= 0 && registry.vartype(of: a) == .spin { spins |= 1 }
            if b >= 0 && registry.vartype(of: b) == .spin { spins |= 2 }
            if c.constant != 0 { out.append(KernelTerm(c: c.constant, param: -1, spins: spins, a: a, b: b)) }
            for t in c.terms { out.append(KernelTerm(c: t.coefficient, param: paramIndex(t.param), spins: spins, a: a, b: b)) }
        }
        if !e.offset.isZero { add(e.offset, -1, -1) }
        for id in e.linear.keys.sorted() { add(e.linear[id]!, id, -1) }
        for pair in e.quadratic.keys.sorted() { add(e.quadratic[pair]!, pair.first, pair.second) }
        return out.enumerated().sorted {
            TermArithmetic.precedes($0.element, $1.element) || (!TermArithmetic.precedes($1.element, $0.element) && $0.offset < $1.offset)
        }.map(\.element)
    }

    private func paramIndex(_ name: String) -> Int32 {
        if let k = params.firstIndex(of: name) { return Int32(k) }
        params.append(name)
        return Int32(params.count - 1)
    }

    // MARK: operators

    private func unary(_ op: UnaryOperator, _ operand: ExprNode) -> Kernel? {
        guard let k = compile(operand) else { return nil }
        switch (op, k) {
        case (.negate, .constant(let x)): return .constant(-x)
        case (.negate, .number(let f)): return .number { -(try f($0)) }
        case (.negate, .terms(let f)):
            return .terms { frame in
                let start = frame.count
                try f(frame)
                TermArithmetic.scale(frame, from: start, by: -1)
            }
        case (.not, .bool(let f)): return .bool { !(try f($0)) }
        default: return nil
        }
    }

    private func binary(_ op: BinaryOperator, _ lhsNode: ExprNode, _ rhsNode: ExprNode) -> Kernel? {
        guard let lhs = compile(lhsNode), let rhs = compile(rhsNode) else { return nil }
        switch op {
        case .and, .or:
            guard case .bool(let a) = lhs, case .bool(let b) = rhs else { return nil }
            return op == .and ? .bool { try a($0) && b($0) } : .bool { try a($0) || b($0) }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let a = lhs.numberKernel, let b = rhs.numberKernel else { return nil }
            if case .constant(let c) = rhs {  // `A[u, j] == 1`, `i < n`: one closure, the operator chosen now
                switch op {
                case .equal: return .bool { try a($0) == c }
                case .notEqual: return .bool { try a($0) != c }
                case .less: return .bool { try a($0) < c }
                case .lessOrEqual: return .bool { try a($0) <= c }
                case .greater: return .bool { try a($0) > c }
                default: return .bool { try a($0) >= c }
                }
            }
            return .bool { Operators.ordered(op, try a($0), try b($0)) }
        default:
            break
        }
        if case .constant(let x) = lhs, case .constant(let y) = rhs { return .constant(Operators.scalar(op, x, y)) }
        if let a = lhs.numberKernel, let b = rhs.numberKernel {
            return .number { Operators.scalar(op, try a($0), try b($0)) }
        }
        // Symbolic: at least one side is terms, the other terms or a number.
        guard (lhs.isTerms || rhs.isTerms), let a = lhs.termsKernel, let b = rhs.termsKernel else { return nil }
        switch op {
        case .add:
            return .terms { f in
                let start = f.count
                try a(f)
                try b(f)
                TermArithmetic.canonicalize(f, from: start)
            }
        case .subtract:
            return .terms { f in
                let start = f.count
                try a(f)
                let rs = f.count
                try b(f)
                TermArithmetic.scale(f, from: rs, by: -1)
                TermArithmetic.canonicalize(f, from: start)
            }
        case .multiply:
            // A number times terms scales them (as `Expression.scaled(by:)`); terms times terms multiply out.
            if let s = lhs.numberKernel {
                return .terms { f in
                    let x = try s(f), start = f.count
                    try b(f)
                    TermArithmetic.scale(f, from: start, by: x)
                }
            }
            if let s = rhs.numberKernel {
                return .terms { f in
                    let start = f.count
                    try a(f)
                    TermArithmetic.scale(f, from: start, by: try s(f))
                }
            }
            return .terms { f in
                let ls = f.count
                try a(f)
                let rs = f.count
                try b(f)
                try TermArithmetic.multiply(f, ls, rs)
            }
        case .divide:
            guard let s = rhs.numberKernel else { return nil }
            return .terms { f in
                let start = f.count
                try a(f)
                let y = try s(f)
                if y == 0 { throw KernelBail() }  // the evaluator's "division by zero"
                TermArithmetic.scale(f, from: start, by: 1 / y)
            }
        case .power:
            guard case .constant(let n) = rhs, n >= 0, n == n.rounded(), n <= 64 else { return nil }
            let power = Int(n)
            if power == 0 { return .terms { $0.push(.constant(1)) } }
            // e^n = ((e·e)·e)…, as `Expression.power` multiplies.
            return .terms { f in
                let start = f.count
                try a(f)
                let base = f.count
                for k in start..<base { f.push(f.terms[k]) }  // the running product, from e
                for _ in 1..<power {
                    let rs = f.count
                    for k in start..<base { f.push(f.terms[k]) }
                    try TermArithmetic.multiply(f, base, rs)
                }
                f.moveDown(from: base, to: start)
            }
        default:
            return nil
        }
    }


    // MARK: indexing

    private func index(_ baseNode: ExprNode, _ items: [IndexNode]) -> Kernel? {
        guard case .value(let base)? = compile(baseNode) else { return nil }
        var indices: [NumberKernel] = []
        var direct: [Int] = []  // the slot of each index that is a loop variable itself (the usual case)
        for item in items {
            guard case .expr(let e) = item, let k = number(e) else { return nil }
            indices.append(k)
            if case .identifier(let name) = e.kind, let slot = slots[name] { direct.append(slot) }
        }
        if direct.count == indices.count, let k = Self.directIndex(base, slots: direct) { return k }
        switch base {
        case .tensor(let t):
            guard indices.count == t.rank else { return nil }
            let storage = t.storage
            let at = Self.offset(shape: t.shape, indices)
            return .number { storage[try at($0)] }
        case .variables(let x):
            guard indices.count == x.shape.count, !indices.isEmpty else { return nil }
            let ids = x.ids, spin = x.vartype == .spin
            let at = Self.offset(shape: x.shape, indices)
            return .terms { f in f.pushVariable(ids[try at(f)], spin: spin) }
        case .array(let elements):
            guard indices.count == 1 else { return nil }
            var numbers: [Double] = []
            for case .number(let x) in elements { numbers.append(x) }
            guard numbers.count == elements.count else { return nil }
            let at = Self.offset(shape: [numbers.count], indices)
            return .number { numbers[try at($0)] }
        default:
            return nil
        }
    }

    /// `t[i, j]` / `x[i, j]` where every index is a loop variable: the offset read straight from the slots (no
    /// closure per index). Same checks as `offset`.
    private static func directIndex(_ base: Value, slots: [Int]) -> Kernel? {
        @inline(__always) func ok(_ x: Double, _ n: Int) -> Bool { x >= 0 && x < Double(n) && x == x.rounded(.towardZero) }
        switch (base, slots.count) {
        case (.tensor(let t), 1) where t.rank == 1:
            let storage = t.storage, n = t.shape[0], s0 = slots[0]
            return .number { f in
                let a = f.slots[s0]
                guard ok(a, n) else { throw KernelBail() }
                return storage[Int(a)]
            }
        case (.tensor(let t), 2) where t.rank == 2:
            let storage = t.storage, n0 = t.shape[0], n1 = t.shape[1], s0 = slots[0], s1 = slots[1]
            return .number { f in
                let a = f.slots[s0], b = f.slots[s1]
                guard ok(a, n0), ok(b, n1) else { throw KernelBail() }
                return storage[Int(a) * n1 + Int(b)]
            }
        case (.variables(let x), 1) where x.shape.count == 1:
            let ids = x.ids, n = x.shape[0], s0 = slots[0], spin = x.vartype == .spin
            return .terms { f in
                let a = f.slots[s0]
                guard ok(a, n) else { throw KernelBail() }
                f.pushVariable(ids[Int(a)], spin: spin)
            }
        case (.variables(let x), 2) where x.shape.count == 2:
            let ids = x.ids, n0 = x.shape[0], n1 = x.shape[1], s0 = slots[0], s1 = slots[1], spin = x.vartype == .spin
            return .terms { f in
                let a = f.slots[s0], b = f.slots[s1]
                guard ok(a, n0), ok(b, n1) else { throw KernelBail() }
                f.pushVariable(ids[Int(a) * n1 + Int(b)], spin: spin)
            }
        default:
            return nil
        }
    }

    /// The row-major offset of an element; bails on an index that is not an integer in range (the evaluator
    /// then gives its error).
    private static func offset(shape: [Int], _ indices: [NumberKernel]) -> (KernelFrame) throws -> Int {
        @inline(__always) func checked(_ x: Double, _ n: Int) throws -> Int {
            guard x >= 0, x < Double(n), x == x.rounded(.towardZero) else { throw KernelBail() }
            return Int(x)
        }
        switch indices.count {
        case 1:
            let i = indices[0], n = shape[0]
            return { try checked(try i($0), n) }
        case 2:
            let i = indices[0], j = indices[1], n0 = shape[0], n1 = shape[1]
            return { try checked(try i($0), n0) * n1 + checked(try j($0), n1) }
        default:
            var strides = [Int](repeating: 1, count: shape.count)
            for k in stride(from: shape.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * shape[k + 1] }
            return { f in
                var o = 0
                for k in 0..<indices.count { o += try checked(try indices[k](f), shape[k]) * strides[k] }
                return o
            }
        }
    }

    // MARK: sums inside a body

    /// `sum(j in …: body)` inside a body: its loops run inside the kernel. A number sum adds as the evaluator
    /// adds numbers; a symbolic one pushes every iteration's terms and merges them in iteration order (what
    /// the evaluator's running total does). One that runs no iteration bails: the evaluator's value is then
    /// the Number 0, not an Expr.
    private func nestedSum(_ loops: [(name: String, sequence: ExprNode)], _ condition: ExprNode?, _ body: ExprNode,
                           range: SourceRange) -> Kernel? {
        let saved = slots
        defer { slots = saved }
        var compiled: [(slot: Int, sequence: CompiledSum.Sequence)] = []
        for loop in loops {
            guard let sequence = CompiledSum.sequence(loop.sequence, self) else { return nil }
            let slot = newSlot()
            slots[loop.name] = slot
            compiled.append((slot, sequence))
        }
        var keep: BoolKernel? = nil
        if let condition {
            guard case .bool(let k)? = compile(condition) else { return nil }
            keep = k
        }
        guard let kernel = compile(body) else { return nil }
        let session = self.session
        let keepAll: BoolKernel = keep ?? { _ in true }
        /// Runs `visit` for every combination of the loops that passes the condition. The first loop's parts
        /// are bound to plain constants (no array or optional is read per iteration: reading a closure out of
        /// one retains it).
        let first = compiled[0], inner = Array(compiled.dropFirst())
        func runInner(_ f: KernelFrame, _ depth: Int, _ visit: () throws -> Void) throws {
            if depth == inner.count {
                if try keepAll(f) { try visit() }
                return
            }
            let slot = inner[depth].slot
            switch inner[depth].sequence {
            case .range(let lower, let upper, let inclusive):
                let lo = try Evaluator.integerBound(try lower(f))
                let hi = try Evaluator.integerBound(try upper(f)) + (inclusive ? 1 : 0)
                var v = lo
                while v < hi {
                    if f.tick(), session.isInterrupted { throw LanguageError.interrupted(at: range) }
                    f.slots[slot] = Double(v)
                    try runInner(f, depth + 1, visit)
                    v += 1
                }
            case .numbers(let values):
                for x in values {
                    if f.tick(), session.isInterrupted { throw LanguageError.interrupted(at: range) }
                    f.slots[slot] = x
                    try runInner(f, depth + 1, visit)
                }
            }
        }
        let firstSlot = first.slot, nested = !inner.isEmpty
        let (lower, upper, inclusive, values): (NumberKernel?, NumberKernel?, Bool, [Double]) = {
            switch first.sequence {
            case .range(let lo, let hi, let inc): return (lo, hi, inc, [])
            case .numbers(let v): return (nil, nil, false, v)
            }
        }()
        let lowerBound = lower ?? { _ in 0 }, upperBound = upper ?? { _ in Double(values.count) }
        let fromValues = lower == nil
        func run(_ f: KernelFrame, _ visit: () throws -> Void) throws {
            let lo = try Evaluator.integerBound(try lowerBound(f))
            let hi = try Evaluator.integerBound(try upperBound(f)) + (inclusive ? 1 : 0)
            var v = lo
            while v < hi {
                if f.tick(), session.isInterrupted { throw LanguageError.interrupted(at: range) }
                f.slots[firstSlot] = fromValues ? values[v] : Double(v)
                if nested { try runInner(f, 0, visit) } else if try keepAll(f) { try visit() }
                v += 1
            }
        }
        switch kernel {
        case .constant, .number:
            let k = kernel.numberKernel!
            return .number { f in
                var total = 0.0
                try run(f) { total += try k(f) }
                return total
            }
        case .terms(let k):
            return .terms { f in
                let start = f.count
                var ran = false
                try run(f) { try k(f); ran = true }
                if !ran { throw KernelBail() }
                TermArithmetic.canonicalize(f, from: start)
            }
        case .bool, .value:
            return nil
        }
    }

    // MARK: calls

    private func call(_ calleeNode: ExprNode, _ arguments: [ArgumentNode]) -> Kernel? {
        guard case .value(.function(let function))? = compile(calleeNode),
              arguments.allSatisfy({ $0.label == nil }) else { return nil }
        var args: [Kernel] = []
        for a in arguments {
            guard let k = compile(a.value) else { return nil }
            args.append(k)
        }
        switch function {
        case .user(let f):
            // The body in place of the call, its parameters bound to the arguments' kernels.
            guard f.parameters.count == args.count, inlineDepth < Self.maxInlineDepth else { return nil }
            let saved = inlined, savedSlots = slots
            inlined = Dictionary(zip(f.parameters, args), uniquingKeysWith: { $1 })
            slots = [:]  // a function's body does not see the caller's loop variables
            inlineDepth += 1
            defer { inlined = saved; slots = savedSlots; inlineDepth -= 1 }
            return compile(f.body)
        case .builtin(let b):
            guard let scalar = b.scalar, args.count == 1, let x = args[0].numberKernel else { return nil }
            if case .constant(let c) = args[0] { return .constant(scalar(c)) }
            return .number { scalar(try x($0)) }
        }
    }
}
