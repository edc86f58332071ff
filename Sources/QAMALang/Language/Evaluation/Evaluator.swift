import IsingCore
import JupyterKernel

/// Runs statements and evaluates expressions against a session.
///
/// Atomicity: every statement that is not a block — at the top level or inside a `for`/`if` body — is
/// one atomic step: when it fails, the binding changes it made are rolled back and nothing else is, so the
/// completed iterations of an interrupted loop stay. Blocks open local scopes; `let`/`var` inside them
/// vanish at the closing brace. Interrupts are checked at every statement, loop iteration, comprehension
/// step, call and every 1,024 links of an operator chain.
///
/// Depth: the parser bounds nesting; the evaluator also checks the thread's stack (`StackGuard`) on every
/// level it recurses into, which bounds what the parser cannot see (recursion through `func` bodies).
final class Evaluator {
    let session: Session
    let builtins: BuiltinTable
    var scopes: [[String: Bindings.Binding]] = []
    private var callDepth = 0
    private let stack = StackGuard()
    /// The statement that failed (innermost), and the loops it sat in with their completed iterations,
    /// innermost first: what `run` reports as kept.
    var failure: FailureSite? = nil

    struct FailureSite {
        var statement: SourceRange
        /// The loops it sat in, innermost first, with the iterations they completed.
        var loops: [(range: SourceRange, completed: Int, total: Int)] = []
        /// It failed at a loop's head (the interrupt check before an iteration), not inside a statement.
        var atLoopHead = false
    }

    init(session: Session, builtins: BuiltinTable) {
        self.session = session
        self.builtins = builtins
    }

    /// Runs one top-level statement atomically; returns its value (`.nothing` for non-expressions).
    func run(_ statement: Statement) throws -> Value {
        scopes = []
        failure = nil
        session.bindings.beginTransaction()
        // The failing statement rolled back its own changes (see `execute`); what came before it stays.
        defer { session.bindings.commitTransaction() }
        return try execute(statement)
    }

    /// Evaluates a standalone expression without changing bindings (user_expressions).
    func evaluateDetached(_ node: ExprNode) throws -> Value {
        scopes = []
        return try evaluate(node)
    }

    // MARK: statements

    @discardableResult
    private func execute(_ statement: Statement) throws -> Value {
        switch statement.kind {
        case .forLoop, .ifElse:
            // A block is not a step of its own: its statements are.
            return try executeStep(statement)
        default:
            let mark = session.bindings.savepoint
            do {
                let value = try executeStep(statement)
                session.bindings.forget(after: mark)
                return value
            } catch {
                session.bindings.rollBack(to: mark)
                if failure == nil { failure = FailureSite(statement: statement.range) }
                throw error
            }
        }
    }

    private func executeStep(_ statement: Statement) throws -> Value {
        try checkInterrupted(statement.range)
        guard stack.hasRoom else { throw NestingLimit.tooDeep(at: statement.range) }
        switch statement.kind {
        case .binding(let kind, let name, let nameRange, let node):
            var value = try evaluate(node)
            if kind == .param {
                guard case .number(let x) = value else {
                    throw LanguageError.type("a param takes a Number, not \(Operators.describe(value))", at: node.range)
                }
                try Self.requireFinite(x, param: name, at: node.range)
            }
            if case .param(let p) = value, kind != .param {
                // `let g = γ` aliases the param symbolically; keep it an Expr so it stays symbolic.
                value = .expr(Expression(constant: ParamLinear(param: p)))
            }
            if builtins[name] != nil && kind == .param {
                throw LanguageError.name("'\(name)' is a builtin and cannot be a param name", at: nameRange)
            }
            if kind != .param, !scopes.isEmpty {
                scopes[scopes.count - 1][name] = Bindings.Binding(kind: kind, value: value, order: 0)
            } else {
                if !scopes.isEmpty, kind == .param {
                    throw LanguageError.syntax("params must be declared at the top level of a cell", at: statement.range)
                }
                session.bindings.bind(name, kind: kind, value: value)
            }
            return .nothing
        case .assign(let name, let nameRange, let node):
            if case .binary(let op, let lhs, let rhs, let opRange) = node.kind, op == .add || op == .subtract,
               case .identifier(name) = lhs.kind {
                try accumulate(name, op, rhs, opRange: opRange, nameRange: nameRange, valueRange: node.range)
                return .nothing
            }
            let value = try evaluate(node)
            try assign(name, value, nameRange: nameRange, valueRange: node.range)
            return .nothing
        case .function(let name, let parameters, let body, let bodySource):
            guard scopes.isEmpty else {
                throw LanguageError.syntax("functions must be declared at the top level of a cell", at: statement.range)
            }
            session.bindings.bind(name, kind: .func, value: .function(.user(UserFunction(name: name, parameters: parameters, body: body, bodySource: bodySource))))
            return .nothing
        case .forLoop(let variable, let sequenceNode, let body):
            if session.compilesKernels, let nest = CompiledLoop.compile(statement, evaluator: self) {
                try run(nest)
                return .nothing
            }
            let sequence = try evaluate(sequenceNode)
            let items: Iteration.Items
            do { items = try Iteration.items(of: sequence, session: session) } catch let e as LanguageError {
                throw e.located(sequenceNode.range)
            }
            for k in 0..<items.count {
                do {
                    try checkInterrupted(statement.range)
                    let item = try items.element(k)
                    scopes.append([variable: Bindings.Binding(kind: .let, value: item, order: 0)])
                    defer { scopes.removeLast() }
                    for s in body { try execute(s) }
                } catch {
                    if failure == nil { failure = FailureSite(statement: statement.range, atLoopHead: true) }
                    failure?.loops.append((statement.range, k, items.count))
                    throw error
                }
            }
            return .nothing
        case .ifElse(let conditionNode, let then, let otherwise):
            let condition = try evaluate(conditionNode)
            guard case .bool(let c) = condition else {
                throw LanguageError.type("an 'if' condition must be a Bool, not \(Operators.describe(condition))", at: conditionNode.range)
            }
            if let branch = c ? then : otherwise {
                scopes.append([:])
                defer { scopes.removeLast() }
                for s in branch { try execute(s) }
            }
            return .nothing
        case .expression(let node):
            return try evaluate(node)
        }
    }

    private func assign(_ name: String, _ value: Value, nameRange: SourceRange, valueRange: SourceRange) throws {
        for k in stride(from: scopes.count - 1, through: 0, by: -1) {
            guard let b = scopes[k][name] else { continue }
            guard b.kind == .var else {
                throw LanguageError.type("cannot assign to '\(name)': it is a let constant (declare it with var)", at: nameRange)
            }
            scopes[k][name]?.value = value
            return
        }
        guard let b = session.bindings[name] else {
            throw LanguageError.name("'\(name)' is not defined; declare it first with var \(name) = …", at: nameRange)
        }
        switch b.kind {
        case .var: session.bindings.update(name, value: value)
        case .param:
            guard case .number(let x) = value else {
                throw LanguageError.type("the param '\(name)' takes a Number, not \(Operators.describe(value))", at: valueRange)
            }
            try Self.requireFinite(x, param: name, at: valueRange)
            session.bindings.update(name, value: value)
        case .let:
            throw LanguageError.type("cannot assign to '\(name)': it is a let constant (declare it with var, or rebind it with let)", at: nameRange)
        case .func:
            throw LanguageError.type("cannot assign to '\(name)': it is a function", at: nameRange)
        }
    }

    /// `e = e + t` / `e = e - t`: when `e` is a `var` holding an Expr, `t` is added to it in place (the
    /// expression is moved out of its binding, so nothing is copied and a loop that grows `e` stays linear in
    /// the number of terms); otherwise exactly what `e = e ± t` evaluates to. Same values, same errors, in
    /// the same order (the right-hand side is evaluated once, after `e` is found).
    private func accumulate(_ name: String, _ op: BinaryOperator, _ rhs: ExprNode, opRange: SourceRange,
                            nameRange: SourceRange, valueRange: SourceRange) throws {
        _ = try lookup(name, range: nameRange)  // an unknown name fails before the right-hand side runs
        let t = try evaluate(rhs)
        let scale: Double = op == .add ? 1 : -1
        // No copy of e's value is held from here on: the in-place add must find it uniquely referenced.
        if isVarHoldingExpr(name), let term = Symbolic.expression(t, session: session) {
            // Nothing below can fail: the change needs no undo record.
            let grow: (inout Value) -> Void = { value in
                guard case .expr(var e) = value else { return }
                value = .nothing
                e.add(term, scale: scale)
                value = .expr(e)
            }
            for k in stride(from: scopes.count - 1, through: 0, by: -1) where scopes[k][name] != nil {
                scopes[k].mutateInPlace(name, grow)
                return
            }
            session.bindings.mutateInPlace(name, grow)
            return
        }
        let current = try lookup(name, range: nameRange)
        let value: Value
        do { value = try Operators.binary(op, current, t, session: session) } catch let e as LanguageError { throw e.located(opRange) }
        try assign(name, value, nameRange: nameRange, valueRange: valueRange)
    }

    /// Whether `name` (as `lookup` finds it) is a `var` holding an Expr.
    private func isVarHoldingExpr(_ name: String) -> Bool {
        func holds(_ b: Bindings.Binding) -> Bool {
            guard b.kind == .var else { return false }
            if case .expr = b.value { return true }
            return false
        }
        for scope in scopes.reversed() { if let b = scope[name] { return holds(b) } }
        return session.bindings[name].map(holds) ?? false
    }

    /// A param weights a block of the model: NaN or ±∞ would make every energy meaningless.
    private static func requireFinite(_ x: Double, param name: String, at range: SourceRange) throws {
        guard x.isFinite else {
            throw LanguageError.value("the param '\(name)' must be a finite number, got \(NumberFormat.format(x))", at: range)
        }
    }

    func checkInterrupted(_ range: SourceRange) throws {
        if session.isInterrupted { throw LanguageError.interrupted(at: range) }
    }

    // MARK: names

    func lookup(_ name: String, range: SourceRange) throws -> Value {
        for scope in scopes.reversed() { if let b = scope[name] { return b.value } }
        if let b = session.bindings[name] { return b.kind == .param ? .param(name) : b.value }
        if let builtin = builtins[name] { return .function(.builtin(builtin)) }
        var message = "'\(name)' is not defined"
        if let guess = NameSuggestion.closest(to: name, among: Array(session.bindings.entries.keys) + builtins.names + scopes.flatMap(\.keys)) {
            message += "; did you mean '\(guess)'?"
        }
        throw LanguageError.name(message, at: range)
    }

    /// What a name means where kernels are compiled (nil where it names nothing): the evaluator's scopes when
    /// `seesScopes` (a function body sees none), the session's bindings, the builtins. As `lookup`.
    func resolve(_ name: String, seesScopes: Bool) -> Value? {
        if seesScopes { for scope in scopes.reversed() { if let b = scope[name] { return b.value } } }
        if let b = session.bindings[name] { return b.kind == .param ? .param(name) : b.value }
        if let builtin = builtins[name] { return .function(.builtin(builtin)) }
        return nil
    }

    // MARK: expressions

    func evaluate(_ node: ExprNode) throws -> Value {
        guard stack.hasRoom else { throw NestingLimit.tooDeep(at: node.range) }
        switch node.kind {
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .string(let parts):
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .interpolation(let e): s += try evaluate(e).printed
                }
            }
            return .string(s)
        case .identifier(let name): return try lookup(name, range: node.range)
        case .array(let items): return .array(try items.map(evaluate))
        case .unary(let op, let operand):
            let v = try evaluate(operand)
            do { return try Operators.unary(op, v, session: session) } catch let e as LanguageError { throw e.located(node.range) }
        case .binary(_, let lhs, _, _) where Self.isBinary(lhs):
            return try evaluateChain(node)
        case .binary(let op, let lhs, let rhs, let opRange):
            let a = try evaluate(lhs)
            if op == .and || op == .or {
                guard case .bool(let x) = a else {
                    throw LanguageError.type("'\(op.rawValue)' needs Bools, not \(Operators.describe(a))", at: lhs.range)
                }
                if op == .and && !x { return .bool(false) }
                if op == .or && x { return .bool(true) }
            }
            let b = try evaluate(rhs)
            do { return try Operators.binary(op, a, b, session: session) } catch let e as LanguageError { throw e.located(opRange) }
        case .range(let lo, let hi, let inclusive):
            let a = try integer(try evaluate(lo), lo.range, "a range bound")
            let b = try integer(try evaluate(hi), hi.range, "a range bound")
            return .range(RangeValue(lower: a, upper: b, inclusive: inclusive))
        case .call(let calleeNode, let arguments):
            return try call(calleeNode, arguments, range: node.range)
        case .comprehension(let function, let loops, let condition, let body):
            guard function == "sum" else {
                throw LanguageError.type("only sum(...) takes the comprehension form 'i in …: body', not \(function)(...)", at: node.range)
            }
            var total = Summation()
            if session.compilesKernels, let plan = CompiledSum.compile(loops: loops, condition: condition, body: body, evaluator: self) {
                try run(plan, into: &total, range: node.range)
            } else {
                scopes.append([:])
                defer { scopes.removeLast() }
                try comprehend(loops[...], condition, body, into: &total, range: node.range)
            }
            do { return try total.value() } catch let e as LanguageError { throw e.located(node.range) }
        case .index(let baseNode, let items):
            let base = try evaluate(baseNode)
            var specs: [Indexing.Spec] = []
            for item in items {
                switch item {
                case .all: specs.append(.all)
                case .expr(let e):
                    switch try evaluate(e) {
                    case .range(let r): specs.append(.range(r))
                    case let v: specs.append(.at(try integer(v, e.range, "an index")))
                    }
                }
            }
            // Errors name the value as the user wrote it (`x`), not its internal name (`v2`).
            var written: String? = nil
            if case .identifier(let name) = baseNode.kind { written = name }
            do { return try Indexing.index(base, specs, session: session, written: written) } catch let e as LanguageError { throw e.located(node.range) }
        case .member(let baseNode, let name, let nameRange):
            let base = try evaluate(baseNode)
            do { return try Members.member(base, name, session: session) } catch { throw LanguageError(error).located(nameRange) }
        }
    }

    private static func isBinary(_ node: ExprNode) -> Bool { if case .binary = node.kind { true } else { false } }

    /// A left-leaning chain such as `1+1+…+1` (10,000 terms) or `a && b || c`, folded in a loop from the left
    /// instead of recursing once per link. Same order and same errors as the recursive form.
    private func evaluateChain(_ node: ExprNode) throws -> Value {
        var links: [(op: BinaryOperator, lhsRange: SourceRange, rhs: ExprNode, opRange: SourceRange)] = []
        var leftmost = node
        while case .binary(let op, let lhs, let rhs, let opRange) = leftmost.kind {
            links.append((op, lhs.range, rhs, opRange))
            leftmost = lhs
        }
        var acc = try evaluate(leftmost)
        for (k, link) in links.reversed().enumerated() {
            if k & 1023 == 1023 { try checkInterrupted(link.opRange) }
            if link.op == .and || link.op == .or {
                guard case .bool(let x) = acc else {
                    throw LanguageError.type("'\(link.op.rawValue)' needs Bools, not \(Operators.describe(acc))", at: link.lhsRange)
                }
                if link.op == .and && !x { acc = .bool(false); continue }
                if link.op == .or && x { acc = .bool(true); continue }
            }
            let b = try evaluate(link.rhs)
            do { acc = try Operators.binary(link.op, acc, b, session: session) } catch let e as LanguageError { throw e.located(link.opRange) }
        }
        return acc
    }

    private func integer(_ v: Value, _ range: SourceRange, _ what: String) throws -> Int {
        guard case .number(let x) = v else {
            throw LanguageError.type("\(what) must be an integer Number, not \(Operators.describe(v))", at: range)
        }
        guard x == x.rounded(), abs(x) < 9_007_199_254_740_992 else {
            throw LanguageError.value("\(what) must be an integer, got \(NumberFormat.format(x))", at: range)
        }
        return Int(x)
    }

    private func comprehend(_ loops: ArraySlice<(name: String, sequence: ExprNode)>, _ condition: ExprNode?, _ body: ExprNode,
                            into total: inout Summation, range: SourceRange) throws {
        guard let loop = loops.first else {
            if let condition {
                guard case .bool(let keep) = try evaluate(condition) else {
                    throw LanguageError.type("a 'where' condition must be a Bool", at: condition.range)
                }
                if !keep { return }
            }
            try total.add(try evaluate(body), session: session, range: body.range)
            return
        }
        let items: Iteration.Items
        do { items = try Iteration.items(of: try evaluate(loop.sequence), session: session) } catch let e as LanguageError {
            throw e.located(loop.sequence.range)
        }
        for k in 0..<items.count {
            try checkInterrupted(range)
            scopes[scopes.count - 1][loop.name] = Bindings.Binding(kind: .let, value: try items.element(k), order: 0)
            try comprehend(loops.dropFirst(), condition, body, into: &total, range: range)
        }
        scopes[scopes.count - 1][loop.name] = nil
    }

    // MARK: calls

    private func call(_ calleeNode: ExprNode, _ arguments: [ArgumentNode], range: SourceRange) throws -> Value {
        let callee = try evaluate(calleeNode)
        guard case .function(let function) = callee else {
            throw LanguageError.type("\(Operators.describe(callee)) is not a function", at: calleeNode.range)
        }
        var positional: [CallArguments.Argument] = []
        var labeled: [CallArguments.Argument] = []
        for a in arguments {
            let v = try evaluate(a.value)
            let arg = CallArguments.Argument(label: a.label, value: v, range: a.label == nil ? a.value.range : a.range)
            if a.label == nil { positional.append(arg) } else { labeled.append(arg) }
        }
        try checkInterrupted(range)
        let at = SourceRange(calleeNode.range.start, range.end)
        switch function {
        case .builtin(let builtin):
            let args = CallArguments(callee: builtin.name, positional: positional, labeled: labeled, callRange: at)
            // The error boundary: whatever a builtin throws becomes a LanguageError of its user-facing kind
            // (UserFacingError), positioned at the call unless it already points at an argument.
            do {
                return try builtin.invoke(args, session: session)
            } catch {
                throw LanguageError(error).located(at)
            }
        case .user(let f):
            if let l = labeled.first {
                throw LanguageError.type("\(f.name)() takes no labeled arguments", at: l.range)
            }
            guard positional.count == f.parameters.count else {
                throw LanguageError.type("\(f.name)() takes \(f.parameters.count) argument\(f.parameters.count == 1 ? "" : "s") but got \(positional.count)", at: at)
            }
            guard callDepth < NestingLimit.maxCalls else {
                throw LanguageError.value("calls nested too deeply (more than \(NestingLimit.maxCalls)); does \(f.name)() call itself without end?", at: at)
            }
            var frame: [String: Bindings.Binding] = [:]
            for (p, a) in zip(f.parameters, positional) { frame[p] = Bindings.Binding(kind: .let, value: a.value, order: 0) }
            let saved = scopes
            scopes = [frame]
            callDepth += 1
            defer { scopes = saved; callDepth -= 1 }
            do {
                return try evaluate(f.body)
            } catch let e as LanguageError {
                // The body may come from an earlier cell: point at this call instead.
                var moved = e
                moved.range = at
                throw moved
            }
        }
    }
}
