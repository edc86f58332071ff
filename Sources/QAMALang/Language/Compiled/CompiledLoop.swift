import IsingCore

/// A `for` nest whose statements are loops over ranges, `if`s, numeric `let`s and accumulations
/// `e = e + t` / `e = e - t` into `var`s declared outside it, compiled to kernels: the nest runs over integer
/// slots and each accumulation appends its terms to a running total (flat buffers) that is written back to
/// its variable once, when the nest ends, fails or is interrupted. This is the loop a user writes to build a
/// penalty (`for i … { for j … { e = e + w[i, j] * x[i] * x[j] } }`), at the cost of a comprehension.
///
/// Semantics are the evaluator's: the same values (a statement the kernels cannot reproduce for the current
/// loop values runs through the evaluator in its place), and on an error or an interrupt every completed
/// statement is kept and the failure is reported with the loops' completed iterations, as the evaluator does.
final class CompiledLoop {
    indirect enum Step {
        case loop(slot: Int, sequence: CompiledSum.Sequence, sequenceNode: ExprNode, body: [Step], range: SourceRange,
                  visible: [(name: String, slot: Int)])
        case branch(condition: BoolKernel, node: ExprNode, then: [Step], otherwise: [Step]?, range: SourceRange,
                    visible: [(name: String, slot: Int)])
        case local(slot: Int, kernel: NumberKernel, node: ExprNode, range: SourceRange, visible: [(name: String, slot: Int)])
        case accumulate(target: Int, sign: Double, kernel: Kernel, node: ExprNode, range: SourceRange,
                        visible: [(name: String, slot: Int)])
    }

    /// A variable the nest accumulates into, and where its binding is.
    struct Target {
        var name: String
        /// The evaluator scope that holds it, or nil for the session's bindings.
        var scope: Int?
    }

    private(set) var root: Step
    private(set) var targets: [Target] = []
    private(set) var params: [String] = []
    /// Slots the frame needs.
    var slotCount: Int { compiler.slotCount }

    private let compiler: KernelCompiler
    private let evaluator: Evaluator

    private init(evaluator: Evaluator) {
        self.evaluator = evaluator
        compiler = KernelCompiler(evaluator: evaluator)
        root = .local(slot: 0, kernel: { _ in 0 }, node: ExprNode(kind: .number(0), range: SourceRange(at: .start)),
                      range: SourceRange(at: .start), visible: [])
    }

    /// The compiled nest of a `for` statement, or nil when it holds anything beyond the kernels.
    static func compile(_ statement: Statement, evaluator: Evaluator) -> CompiledLoop? {
        let nest = CompiledLoop(evaluator: evaluator)
        var names: Set<String> = []
        guard nest.collectTargets(statement, into: &names), !names.isEmpty else { return nil }
        nest.compiler.changing = names
        var visible: [(name: String, slot: Int)] = []
        guard let root = nest.step(statement, visible: &visible) else { return nil }
        nest.root = root
        nest.params = nest.compiler.params
        return nest
    }

    // MARK: compiling

    /// The accumulation targets of the nest: `var`s outside it holding a Number or an Expr. False when a
    /// statement is not one the nest can compile.
    private func collectTargets(_ statement: Statement, into names: inout Set<String>) -> Bool {
        switch statement.kind {
        case .forLoop(_, _, let body):
            return body.allSatisfy { collectTargets($0, into: &names) }
        case .ifElse(_, let then, let otherwise):
            return then.allSatisfy { collectTargets($0, into: &names) }
                && (otherwise ?? []).allSatisfy { collectTargets($0, into: &names) }
        case .binding(let kind, _, _, _):
            return kind == .let
        case .assign(let name, _, let node):
            guard case .binary(let op, let lhs, _, _) = node.kind, op == .add || op == .subtract,
                  case .identifier(name) = lhs.kind, let target = locate(name) else { return false }
            if !targets.contains(where: { $0.name == name }) { targets.append(target) }
            names.insert(name)
            return true
        default:
            return false
        }
    }

    /// Where `name` is bound, when it is a `var` holding a Number or an Expr.
    private func locate(_ name: String) -> Target? {
        func usable(_ b: Bindings.Binding) -> Bool {
            guard b.kind == .var else { return false }
            switch b.value {
            case .number, .expr: return true
            default: return false
            }
        }
        for k in stride(from: evaluator.scopes.count - 1, through: 0, by: -1) {
            if let b = evaluator.scopes[k][name] { return usable(b) ? Target(name: name, scope: k) : nil }
        }
        guard let b = evaluator.session.bindings[name], usable(b) else { return nil }
        return Target(name: name, scope: nil)
    }

    private func newSlot() -> Int { compiler.newSlot() }

    private func step(_ statement: Statement, visible: inout [(name: String, slot: Int)]) -> Step? {
        switch statement.kind {
        case .forLoop(let variable, let sequenceNode, let body):
            guard let sequence = CompiledSum.sequence(sequenceNode, compiler) else { return nil }
            let outer = visible
            let savedSlots = compiler.slots
            defer { compiler.slots = savedSlots; visible = outer }
            let slot = newSlot()
            compiler.slots[variable] = slot
            visible.append((variable, slot))
            guard let steps = block(body, visible: &visible) else { return nil }
            return .loop(slot: slot, sequence: sequence, sequenceNode: sequenceNode, body: steps, range: statement.range,
                         visible: outer)
        case .ifElse(let conditionNode, let then, let otherwise):
            guard case .bool(let condition)? = compiler.compile(conditionNode) else { return nil }
            let outer = visible
            guard let thenSteps = block(then, visible: &visible) else { return nil }
            visible = outer
            var otherSteps: [Step]? = nil
            if let otherwise {
                guard let s = block(otherwise, visible: &visible) else { return nil }
                otherSteps = s
                visible = outer
            }
            return .branch(condition: condition, node: conditionNode, then: thenSteps, otherwise: otherSteps,
                           range: statement.range, visible: outer)
        case .binding(.let, let name, _, let node):
            guard let kernel = compiler.number(node) else { return nil }
            let seen = visible
            let slot = newSlot()
            compiler.slots[name] = slot
            visible.append((name, slot))
            return .local(slot: slot, kernel: kernel, node: node, range: statement.range, visible: seen)
        case .assign(let name, _, let node):
            guard case .binary(let op, _, let rhs, _) = node.kind, let target = targets.firstIndex(where: { $0.name == name }),
                  compiler.slots[name] == nil, let kernel = compiler.compile(rhs) else { return nil }
            switch kernel {
            case .constant, .number, .terms: break
            case .bool, .value: return nil
            }
            return .accumulate(target: target, sign: op == .add ? 1 : -1, kernel: kernel, node: rhs, range: statement.range,
                               visible: visible)
        default:
            return nil
        }
    }

    /// A block's statements; its `let`s end with it.
    private func block(_ statements: [Statement], visible: inout [(name: String, slot: Int)]) -> [Step]? {
        let savedSlots = compiler.slots
        defer { compiler.slots = savedSlots }
        var out: [Step] = []
        for s in statements {
            guard let step = step(s, visible: &visible) else { return nil }
            out.append(step)
        }
        return out
    }
}

/// The mutable state of a running nest, behind one pointer (closures share it without a class's run-time
/// exclusivity checks): the running totals, the loops running now and the counters.
private struct NestState {
    var totals: [Summation]
    /// The loops running now, outermost first: (statement range, completed iterations, total).
    var active: [(range: SourceRange, completed: Int, total: Int)] = []
    var steps = 0, statements = 0, bailed = 0
}

extension Evaluator {
    /// Runs a compiled `for` nest; its accumulations reach their variables when it ends, fails or is interrupted.
    func run(_ nest: CompiledLoop) throws {
        var totals: [Summation] = []
        for target in nest.targets {
            switch binding(of: target)?.value {
            case .expr(let e)?: totals.append(try Summation(expression: e))
            case .number(let x)?:
                var t = Summation()
                t.addNumber(x)
                totals.append(t)
            default: preconditionFailure("CompiledLoop.locate admits Number and Expr variables only")
            }
        }
        let state = UnsafeMutablePointer<NestState>.allocate(capacity: 1)
        state.initialize(to: NestState(totals: totals))
        defer {
            session.kernelRuns.compiled += state.pointee.statements - state.pointee.bailed
            session.kernelRuns.bailed += state.pointee.bailed
            state.deinitialize(count: 1)
            state.deallocate()
        }
        let frame = KernelFrame(slotCount: nest.slotCount)
        let root = link(nest.root, nest: nest, frame: frame, state: state)
        do {
            try root()
        } catch {
            try? writeBack(nest, &state.pointee.totals)
            throw error
        }
        try writeBack(nest, &state.pointee.totals)
    }

    /// A step as one closure that runs it, everything it needs bound when linking: running the nest then
    /// reads no enum, optional or array of closures per iteration (each such read retains what it reads).
    private func link(_ step: CompiledLoop.Step, nest: CompiledLoop, frame: KernelFrame,
                      state: UnsafeMutablePointer<NestState>) -> () throws -> Void {
        let registry = session.registry, params = nest.params

        func withScope<T>(_ visible: [(name: String, slot: Int)], _ body: () throws -> T) rethrows -> T {
            state.pointee.bailed += 1
            scopes.append(frame.scope(visible))
            defer { scopes.removeLast() }
            return try body()
        }

        func fail(_ statement: SourceRange, atLoopHead: Bool = false) {
            if failure == nil {
                failure = FailureSite(statement: statement,
                                      loops: state.pointee.active.reversed().map { ($0.range, $0.completed, $0.total) },
                                      atLoopHead: atLoopHead)
            }
        }

        func chain(_ steps: [CompiledLoop.Step]) -> () throws -> Void {
            let linked = steps.map { link($0, nest: nest, frame: frame, state: state) }
            return linked.dropFirst().reduce(linked.first ?? {}) { previous, next in { try previous(); try next() } }
        }

        switch step {
        case .loop(let slot, let sequence, let sequenceNode, let body, let range, let visible):
            let run = chain(body)
            let everyIteration = body.contains { !$0.isAccumulation }  // an outer loop: check each time
            let (lower, upper, inclusive, values): (NumberKernel, NumberKernel, Bool, [Double]) = {
                switch sequence {
                case .range(let lo, let hi, let inc): return (lo, hi, inc, [])
                case .numbers(let v): return ({ _ in 0 }, { _ in Double(v.count) }, false, v)
                }
            }()
            let fromValues = !values.isEmpty
            return { [unowned self] in
                var lo = 0, hi = 0
                do {
                    lo = try Self.integerBound(try lower(frame))
                    hi = try Self.integerBound(try upper(frame)) + (inclusive ? 1 : 0)
                } catch is KernelBail {
                    let value: Value
                    do { value = try withScope(visible) { try self.evaluate(sequenceNode) } } catch { fail(range); throw error }
                    guard case .range(let r) = value else { preconditionFailure("a range node evaluates to a range or throws") }
                    lo = r.lower; hi = r.end
                }
                let count = Swift.max(0, hi - lo)
                state.pointee.active.append((range, 0, count))
                defer { state.pointee.active.removeLast() }
                let level = state.pointee.active.count - 1
                for k in 0..<count {
                    state.pointee.steps &+= 1
                    state.pointee.active[level].completed = k
                    if everyIteration || state.pointee.steps & 1023 == 0 {
                        do { try self.checkInterrupted(range) } catch { fail(range, atLoopHead: true); throw error }
                    }
                    frame.slots[slot] = fromValues ? values[k] : Double(lo + k)
                    try run()
                }
            }
        case .branch(let condition, let node, let then, let otherwise, let range, let visible):
            let runThen = chain(then), runOtherwise = chain(otherwise ?? [])
            return { [unowned self] in
                let c: Bool
                do { c = try condition(frame) } catch is KernelBail {
                    let value: Value
                    do { value = try withScope(visible) { try self.evaluate(node) } } catch { fail(range); throw error }
                    guard case .bool(let b) = value else {
                        fail(range)
                        throw LanguageError.type("an 'if' condition must be a Bool, not \(Operators.describe(value))", at: node.range)
                    }
                    c = b
                }
                if c { try runThen() } else { try runOtherwise() }
            }
        case .local(let slot, let kernel, let node, let range, let visible):
            return { [unowned self] in
                do { frame.slots[slot] = try kernel(frame) } catch is KernelBail {
                    let value: Value
                    do { value = try withScope(visible) { try self.evaluate(node) } } catch { fail(range); throw error }
                    guard case .number(let x) = value else { preconditionFailure("a number kernel's node evaluates to a Number or throws") }
                    frame.slots[slot] = x
                }
            }
        case .accumulate(let target, let sign, let kernel, let node, let range, let visible):
            let session = self.session
            /// The statement through the evaluator: its right-hand side, added with its sign.
            let evaluated = { [unowned self] in
                do {
                    let value = try withScope(visible) { try self.evaluate(node) }
                    try state.pointee.totals[target].add(value, session: session, range: node.range, scale: sign)
                } catch { fail(range); throw error }
            }
            switch kernel {
            case .constant(let x):
                let v = sign == 1 ? x : x * sign
                return {
                    state.pointee.statements += 1
                    state.pointee.totals[target].addNumber(v)
                }
            case .number(let k):
                return {
                    state.pointee.statements += 1
                    do { state.pointee.totals[target].addNumber(sign == 1 ? try k(frame) : try k(frame) * sign) } catch is KernelBail {
                        try evaluated()
                    }
                }
            case .terms(let k):
                return {
                    state.pointee.statements += 1
                    frame.reset()
                    do {
                        try k(frame)
                        try state.pointee.totals[target].addTerms(frame, from: 0, sign: sign, params: params, registry: registry)
                    } catch is KernelBail {
                        try evaluated()
                    } catch {
                        fail(range)
                        throw error
                    }
                }
            case .bool, .value:
                preconditionFailure("CompiledLoop admits number and terms accumulations only")
            }
        }
    }

    private func binding(of target: CompiledLoop.Target) -> Bindings.Binding? {
        if let k = target.scope { return scopes[k][target.name] }
        return session.bindings[target.name]
    }

    private func writeBack(_ nest: CompiledLoop, _ totals: inout [Summation]) throws {
        for (k, target) in nest.targets.enumerated() {
            let value = try totals[k].value()
            if let s = target.scope { scopes[s][target.name]?.value = value } else { session.bindings.update(target.name, value: value) }
        }
    }
}

extension CompiledLoop.Step {
    var isAccumulation: Bool { if case .accumulate = self { true } else { false } }
}
