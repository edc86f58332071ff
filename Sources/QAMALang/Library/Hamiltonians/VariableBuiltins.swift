import IsingCore

/// Decision variables and the Hamiltonian building blocks: `binary`, `spin`, `dot`, `quad`, `onehot`,
/// `khot`, `atmost`, `atleast`, `constraint`. Arithmetic between Exprs is the evaluator's (Operators.swift).
enum VariableBuiltins {
    static func register(into table: inout BuiltinTable) {
        for vartype in [Vartype.binary, .spin] {
            let word = vartype == .binary ? "binary" : "spin"
            let values = vartype == .binary ? "0 or 1" : "−1 or +1"
            let dims = Param<[Int]>.dimensions(), name = Param<String?>.string("name", shown: "\"x\"", "default: v1, v2, …")
            table.register(Builtin(word, [dims, name], doc: """
                A block of \(word) decision variables (each \(values)) with the given shape: `\(word)(3, 5, name: "x")` is \
                3×5, indexed `x[i, j]`, `x[i, :]`. `\(word)()` is one variable. The name is what models and results \
                print (default v1, v2, … in declaration order).
                """
            ) { args, session in
                let shape = try args[dims], given = try args[name]
                _ = try Allocation.elements(shape, Allocation.call(word, shape))  // one 8-byte id per variable
                let name = given ?? "v\(session.registry.allBlocks.count + 1)"
                guard !name.isEmpty else { throw LanguageError.value("\(word)() name: must not be empty", at: args.rangeOf(label: "name")) }
                let block = session.registry.declare(name: name, shape: shape, vartype: vartype)
                return .variables(Variables(ids: Array(block.ids), shape: shape, vartype: vartype, name: name))
            })
        }

        let weights = Param<Value>.value(at: "t"), variables = Param<Value>.value(at: "x")
        table.register(Builtin(
            "dot", [weights, variables],
            doc: "Σ_k t[k]·x[k]: a tensor of weights against a block of variables of the same size (flattened in row-major order), giving an Expr. With two tensors, their dot product (a Number)."
        ) { args, session in
            let a = try args[weights], b = try args[variables]
            switch (a, b) {
            case (.variables(let x), _):
                return try weightedSum(weights: b, x, args: args, weightsArgument: 1, session: session)
            case (_, .variables(let x)):
                return try weightedSum(weights: a, x, args: args, weightsArgument: 0, session: session)
            default:
                let t = try tensor(a, args: args, at: 0), u = try tensor(b, args: args, at: 1)
                guard t.count == u.count else {
                    throw LanguageError.shape("dot(): sizes differ (\(t.count) and \(u.count))", at: args.callRange)
                }
                return .number(zip(t.storage, u.storage).reduce(0) { $0 + $1.0 * $1.1 })
            }
        })

        let couplings = Param<Tensor>.tensor(at: "J"), block = Param<Variables>.variables(at: "x")
        table.register(Builtin(
            "quad", [couplings, block],
            doc: "xᵀJx = Σ_{i,j} J[i, j]·x[i]·x[j] for an n×n tensor J and n variables x (the diagonal folds: x² = x for binaries, s² = 1 for spins)."
        ) { args, session in
            let j = try args[couplings], x = try args[block]
            let n = x.ids.count
            guard n.multipliedReportingOverflow(by: n) == (j.count, false), j.rank == 2 || n == 1 else {
                throw LanguageError.shape("quad(): J must be \(n)×\(n) for \(n) variables, got \(Tensor.describe(shape: j.shape))",
                                          at: args.rangeOf(argument: 0))
            }
            // Up to n(n+1)/2 distinct terms of ~48 bytes each (Expression's hashed terms).
            try Allocation.check(bytes: Double(n) * Double(n + 1) / 2 * 48, "quad() over \(n) variables")
            return try expression(args) { try Expression.quad(j.storage, Symbolic.expressions(of: x, session: session)) }
        })

        registerCounting(&table, "onehot", k: false,
                         doc: "A penalty (Σ v − 1)² that is 0 exactly when one entry of v is 1; registers the constraint so results report whether it holds.") {
            try Constraints.onehot($0, name: $2)
        }
        registerCounting(&table, "khot", k: true,
                         doc: "A penalty (Σ v − k)² that is 0 exactly when k entries of v are 1; registers the constraint so results report whether it holds.") {
            try Constraints.khot($0, $1, name: $2)
        }
        registerCounting(&table, "atmost", k: true,
                         doc: "A penalty that is 0 exactly when at most k entries of v are 1 (slack bits added when needed); registers the constraint.") {
            try Constraints.atmost($0, $1, name: $2)
        }
        registerCounting(&table, "atleast", k: true,
                         doc: "A penalty that is 0 exactly when at least k entries of v are 1 (slack bits added when needed); registers the constraint.") {
            try Constraints.atleast($0, $1, name: $2)
        }

        let relation = Param<Value>.value(at: "lhs == rhs | lhs <= rhs | lhs >= rhs")
        let constraintName = Param<String?>.string("name", shown: "\"c\"", "default: the relation's text when short")
        table.register(Builtin("constraint", [relation, constraintName], doc: """
            A penalty Expr that is 0 exactly when the linear relation holds (≥ 0 otherwise; slack bits are added for \
            inequalities that need them) and registers the constraint under `name`, so `r.broken` and `r.terms` \
            report it. Scale it with a param to weight it: `λ * constraint(sum(i in 0..<n: x[i]) <= 3, name: "cap")`.
            """
        ) { args, session in
            let v = try args[relation], given = try args[constraintName]
            guard case .relation(let rel) = v else {
                throw LanguageError.type("constraint() takes a relation such as `x[0] + x[1] == 1` or `sum(...) <= 2`, not \(v.typeName)",
                                         at: args.rangeOf(argument: 0))
            }
            let comparison = Constraints.Comparison(rawValue: rel.op.rawValue)!
            let name = given ?? defaultName(rel)
            return try expression(args) { try Constraints.constraint(rel.lhs, comparison, rel.rhs, name: name) }
        })
    }

    // MARK: helpers

    private static func registerCounting(_ table: inout BuiltinTable, _ name: String, k: Bool,
                                         doc: String,
                                         build: @escaping ([Expression], Int, String?) throws -> Expression) {
        let entries = Param<Value>.value(at: "v"), count = Param<Int>.integer(at: "k"), label = Param<String?>.string("name")
        table.register(Builtin(name, k ? [entries, count, label] : [entries, label], doc: doc) { args, session in
            let entries = try entryExpressions(try args[entries], args, at: 0, session: session)
            let count = try k ? args[count] : 1
            let given = try args[label]
            return try expression(args) { try build(entries, count, given) }
        })
    }

    /// The entries of a counting constraint: a Variables block (all of it, row-major) or an array of Exprs.
    private static func entryExpressions(_ v: Value, _ args: CallArguments, at i: Int, session: Session) throws -> [Expression] {
        switch v {
        case .variables(let x): return Symbolic.expressions(of: x, session: session)
        case .array(let items):
            return try items.map { item in
                guard let e = Symbolic.expression(item, session: session) else {
                    throw LanguageError.type("\(args.callee)() needs variables or an array of Exprs; an entry is \(item.typeName)",
                                             at: args.rangeOf(argument: i))
                }
                return e
            }
        default:
            throw LanguageError.type("\(args.callee)() argument \(i + 1) must be Variables such as x[i, :], not \(v.typeName)",
                                     at: args.rangeOf(argument: i))
        }
    }


    private static func tensor(_ v: Value, args: CallArguments, at i: Int) throws -> Tensor {
        do { return try TensorConversion.tensor(from: v) } catch {
            throw LanguageError.type("\(args.callee)() argument \(i + 1) must be a Tensor or Variables, not \(v.typeName)",
                                     at: args.rangeOf(argument: i))
        }
    }

    private static func weightedSum(weights: Value, _ x: Variables, args: CallArguments, weightsArgument: Int,
                                    session: Session) throws -> Value {
        let t = try tensor(weights, args: args, at: weightsArgument)
        guard t.count == x.ids.count else {
            throw LanguageError.shape("dot(): \(t.count) weights for \(x.ids.count) variables (\(x.name) is \(Tensor.dimensions(x.shape)))",
                                      at: args.rangeOf(argument: weightsArgument))
        }
        return try expression(args) { try Expression.dot(t.storage, Symbolic.expressions(of: x, session: session)) }
    }

    /// Runs an IsingCore builder (its ExpressionError becomes a ValueError at the call, in the evaluator).
    private static func expression(_ args: CallArguments, _ build: () throws -> Expression) throws -> Value {
        .expr(try build())
    }

    /// "x[0] + x[1] <= 1" when short, else "constraint".
    private static func defaultName(_ rel: Relation) -> String {
        let text = ExpressionText.describe(rel.lhs) + " " + rel.op.rawValue + " " + ExpressionText.describe(rel.rhs)
        return text.count <= 40 ? text : "constraint"
    }
}

extension Param where T == Variables {
    /// A block of decision variables (`x`, `x[1, :]`).
    static func variables(at name: String) -> Param<Variables> {
        make(label: nil, name: name, kind: .library("Variables"), shown: nil, required: true, doc: "") { args, slot in
            let v = try args.required(slot)
            guard case .variables(let x) = v else {
                throw LanguageError.type("\(args.callee)() argument \(args.index(slot) + 1) must be Variables, not \(v.typeName)", at: args.range(slot))
            }
            return x
        }
    }
}
