import IsingCore

/// `sum(i in …, j in … where cond: body)` with its body, condition and loop bounds compiled to kernels:
/// the loops run over integers in slots, the body pushes its terms onto one frame and they go straight
/// into the total's flat buffers — no value, scope or expression is made per term.
///
/// Exactness: a body the kernels cannot reproduce to the last bit for the current loop values (an index out
/// of range, a term of degree 3, a body that repeats a key) is evaluated for those values by the evaluator
/// itself, into the same total and in the same place of the order, so values and errors are the ones the
/// evaluator gives without kernels.
struct CompiledSum {
    enum Sequence {
        /// `lo..<hi` / `lo...hi` with bounds from the enclosing loops' values.
        case range(lower: NumberKernel, upper: NumberKernel, inclusive: Bool)
        /// A fixed list of numbers (a bound Range, an array of numbers, a vector).
        case numbers([Double])
    }

    struct Loop {
        var name: String
        var slot: Int
        var sequence: Sequence
        var node: ExprNode
    }

    var loops: [Loop]
    var condition: (kernel: BoolKernel, node: ExprNode)?
    var body: Kernel
    var bodyNode: ExprNode
    var params: [String]
    /// Slots the frame needs: the loops' and those of sums nested in the body.
    var slotCount: Int

    /// Compiles the comprehension, or nil when any part of it is beyond the kernels.
    static func compile(loops: [(name: String, sequence: ExprNode)], condition: ExprNode?, body: ExprNode,
                        evaluator: Evaluator) -> CompiledSum? {
        let compiler = KernelCompiler(evaluator: evaluator)
        var compiled: [Loop] = []
        for loop in loops {
            guard let sequence = Self.sequence(loop.sequence, compiler) else { return nil }
            let slot = compiler.newSlot()
            compiled.append(Loop(name: loop.name, slot: slot, sequence: sequence, node: loop.sequence))
            compiler.slots[loop.name] = slot
        }
        var cond: (BoolKernel, ExprNode)? = nil
        if let condition {
            guard case .bool(let k)? = compiler.compile(condition) else { return nil }
            cond = (k, condition)
        }
        guard let kernel = compiler.compile(body) else { return nil }
        switch kernel {
        case .constant, .number, .terms: break
        case .bool, .value: return nil
        }
        return CompiledSum(loops: compiled, condition: cond, body: kernel, bodyNode: body, params: compiler.params,
                           slotCount: compiler.slotCount)
    }

    static func sequence(_ node: ExprNode, _ compiler: KernelCompiler) -> Sequence? {
        if case .range(let lo, let hi, let inclusive) = node.kind {
            guard let lower = compiler.number(lo), let upper = compiler.number(hi) else { return nil }
            return .range(lower: lower, upper: upper, inclusive: inclusive)
        }
        // A name bound to a range or to numbers, not shadowed by a loop variable.
        guard case .identifier(let name) = node.kind, compiler.slots[name] == nil, let value = compiler.resolve(name) else { return nil }
        switch value {
        case .range(let r): return .numbers(r.elements.map(Double.init))
        case .array(let items):
            var numbers: [Double] = []
            for case .number(let x) in items { numbers.append(x) }
            return numbers.count == items.count ? .numbers(numbers) : nil
        case .tensor(let t) where t.rank == 1: return .numbers(t.storage)
        default: return nil
        }
    }
}

extension Evaluator {
    /// Runs a compiled comprehension into `total`.
    func run(_ plan: CompiledSum, into total: inout Summation, range: SourceRange) throws {
        let frame = KernelFrame(slotCount: plan.slotCount)
        let names = plan.loops.map { (name: $0.name, slot: $0.slot) }
        let registry = session.registry
        var steps = 0
        var bodies = 0, bailed = 0
        defer { session.kernelRuns.compiled += bodies - bailed; session.kernelRuns.bailed += bailed }

        /// Evaluates `node` with the evaluator, the loop variables of the first `bound` loops in scope.
        func evaluateWithEvaluator(_ node: ExprNode, bound: Int) throws -> Value {
            bailed += 1
            scopes.append(frame.scope(Array(names.prefix(bound))))
            defer { scopes.removeLast() }
            return try evaluate(node)
        }

        // The body's parts bound once to plain constants: reading a closure out of an enum or an optional on
        // every iteration would retain and release it each time.
        let kind: Int, constantValue: Double, numberKernel: NumberKernel, termsKernel: TermsKernel
        switch plan.body {
        case .constant(let x): (kind, constantValue, numberKernel, termsKernel) = (0, x, { _ in x }, { _ in })
        case .number(let k): (kind, constantValue, numberKernel, termsKernel) = (1, 0, k, { _ in })
        case .terms(let k): (kind, constantValue, numberKernel, termsKernel) = (2, 0, { _ in 0 }, k)
        case .bool, .value: preconditionFailure("CompiledSum.compile admits number and terms bodies only")
        }
        let hasCondition = plan.condition != nil
        let condition: BoolKernel = plan.condition?.kernel ?? { _ in true }
        let conditionNode = plan.condition?.node ?? plan.bodyNode
        let bodyNode = plan.bodyNode, params = plan.params, loopCount = plan.loops.count

        func innermost() throws {
            bodies += 1
            if hasCondition {
                let keep: Bool
                do { keep = try condition(frame) } catch is KernelBail {
                    guard case .bool(let b) = try evaluateWithEvaluator(conditionNode, bound: loopCount) else {
                        throw LanguageError.type("a 'where' condition must be a Bool", at: conditionNode.range)
                    }
                    keep = b
                }
                if !keep { return }
            }
            switch kind {
            case 0: total.addNumber(constantValue)
            case 1:
                do { total.addNumber(try numberKernel(frame)) } catch is KernelBail {
                    try total.add(try evaluateWithEvaluator(bodyNode, bound: loopCount), session: session, range: bodyNode.range)
                }
            default:
                frame.reset()
                do {
                    try termsKernel(frame)
                    try total.addTerms(frame, from: 0, params: params, registry: registry)
                } catch is KernelBail {
                    try total.add(try evaluateWithEvaluator(bodyNode, bound: loopCount), session: session, range: bodyNode.range)
                }
            }
        }

        func level(_ d: Int) throws {
            if d == plan.loops.count { return try innermost() }
            let loop = plan.loops[d]
            switch loop.sequence {
            case .range(let lower, let upper, let inclusive):
                var lo = 0, hi = 0
                do {
                    lo = try Self.integerBound(try lower(frame))
                    hi = try Self.integerBound(try upper(frame)) + (inclusive ? 1 : 0)
                } catch is KernelBail {
                    guard case .range(let r) = try evaluateWithEvaluator(loop.node, bound: d) else {
                        preconditionFailure("a range node evaluates to a range or throws")
                    }
                    lo = r.lower; hi = r.end
                }
                var v = lo
                while v < hi {
                    steps &+= 1
                    if steps & 1023 == 0 || d + 1 < plan.loops.count { try checkInterrupted(range) }
                    frame.slots[loop.slot] = Double(v)
                    try level(d + 1)
                    v += 1
                }
            case .numbers(let values):
                for x in values {
                    steps &+= 1
                    if steps & 1023 == 0 || d + 1 < plan.loops.count { try checkInterrupted(range) }
                    frame.slots[loop.slot] = x
                    try level(d + 1)
                }
            }
        }
        try level(0)
    }

    /// A loop bound as the evaluator reads it (an integer Number); bails otherwise, so the evaluator gives its error.
    @inline(__always)
    static func integerBound(_ x: Double) throws -> Int {
        guard x == x.rounded(), abs(x) < 9_007_199_254_740_992 else { throw KernelBail() }
        return Int(x)
    }
}
