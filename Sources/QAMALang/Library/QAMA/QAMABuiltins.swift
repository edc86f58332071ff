import IsingCore
import QAMA

/// The QAMA attention operator: `qama(Q, K, V, ...)`, decoding (`weights`, `mask`, `output`, `headoverlap`),
/// the softmax baselines (`attention`, `importance`) and their comparison (`rankcorr`, `topk`).
enum QAMABuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(QAMAModelBuiltin.builtin)

        table.register(Builtin(
            name: "weights", signature: "weights(r)",
            doc: "The token weights of a QAMA result's best sample as a heads × tokens tensor: the selected bits x[t, j] ∈ {0, 1} (v2), or the soft weights w[t, i] ∈ [0, 1] (v1)."
        ) { args, session in
            let (result, h) = try qamaResult(&args, at: 0)
            try args.finish()
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.tokens], storage: try decode(args) { try h.layout.weights(result.best) }))
        })

        table.register(Builtin(
            name: "mask", signature: "mask(r)",
            doc: "Which tokens each head keeps in a QAMA result's best sample (x = 1 in v2, w > 0 in v1), as a heads × tokens tensor of 0/1."
        ) { args, session in
            let (result, h) = try qamaResult(&args, at: 0)
            try args.finish()
            let m = try decode(args) { try h.layout.mask(result.best) }
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.tokens], storage: m.map { $0 ? 1 : 0 }))
        })

        table.register(Builtin(
            name: "output", signature: "output(r, V)",
            doc: """
            The QAMA operator's output for a result, shaped like V. v2 (the paper): out[t, j, :] = Hs[t, j] · e2v with the \
            per-token energy Hs[t, j] = −(Σ_k J[j,k] x[t,j] x[t,k] + h[t,j] x[t,j]), h from this V; 0 for unselected tokens. \
            v1 (the draft's reference code): each token's energy without the penalty, spread over V's features by each \
            feature's share of the value entropy.
            """
        ) { args, session in
            let (result, h) = try qamaResult(&args, at: 0)
            let v = try args.tensor(at: 1)
            try args.finish()
            let out = try decode(args) { try h.output(result.best, value: v, params: result.params) }
            let heads = h.layout.heads, tokens = h.layout.tokens
            let features = out.count / max(1, heads * tokens)
            let shape = v.shape.count == 2 ? [tokens, features] : [heads, tokens, features]
            return .tensor(Tensor(shape: shape, storage: out))
        })

        table.register(Builtin(
            name: "headoverlap", signature: "headoverlap(r)",
            doc: "How much the heads of a QAMA result's best sample select the same tokens (v1: the same (token, bit) slots) — what γ penalises — as a heads × heads tensor of fractions of the slots (the diagonal is the fraction each head sets)."
        ) { args, session in
            let (result, h) = try qamaResult(&args, at: 0)
            try args.finish()
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.heads], storage: try decode(args) { try h.layout.headOverlap(result.best) }))
        })

        table.register(Builtin(
            name: "attention", signature: "attention(Q, K)",
            doc: "Softmax attention softmax(QKᵀ/√d) per head: a heads × tokens × tokens tensor whose rows sum to 1 (the classical baseline)."
        ) { args, session in
            let q = try args.tensor(at: 0), k = try args.tensor(at: 1)
            try args.finish()
            try checkAttentionSize(q, "attention()")
            let a = try decode(args) { try SoftmaxAttention.attention(query: q, key: k) }
            let n = q.shape.count == 3 ? q.shape[1] : q.shape.first ?? 0
            return .tensor(Tensor(shape: [a.count / max(1, n * n), n, n], storage: a))
        })

        table.register(Builtin(
            name: "importance", signature: "importance(Q, K)",
            doc: "The attention each key token receives, averaged over the queries of its head: a heads × tokens tensor (each head sums to 1)."
        ) { args, session in
            let q = try args.tensor(at: 0), k = try args.tensor(at: 1)
            try args.finish()
            try checkAttentionSize(q, "importance()")
            let s = try decode(args) { try SoftmaxAttention.importance(query: q, key: k) }
            let n = q.shape.count == 3 ? q.shape[1] : q.shape.first ?? 0
            return .tensor(Tensor(shape: [s.count / max(1, n), n], storage: s))
        })

        table.register(Builtin(
            name: "rankcorr", signature: "rankcorr(a, b)",
            doc: "Spearman rank correlation between two token scores (e.g. weights(r) and importance(Q, K)): one number per head (row) for heads × tokens tensors, or one number for vectors. NaN where a head's scores are constant."
        ) { args, session in
            let (a, b, heads, tokens) = try scorePair(&args)
            try args.finish()
            let rho = (0..<heads).map { t in
                AttentionComparison.spearman(Array(a[(t * tokens)..<((t + 1) * tokens)]), Array(b[(t * tokens)..<((t + 1) * tokens)]))
            }
            return heads == 1 && !args.positional[0].isMatrix ? .number(rho[0]) : .tensor(Tensor(rho))
        })

        table.register(Builtin(
            name: "topk", signature: "topk(a, b, k)",
            doc: "The fraction of the k highest-scoring tokens two scores share (ties broken by the lower index): one number per head (row) for heads × tokens tensors, or one number for vectors."
        ) { args, session in
            let (a, b, heads, tokens) = try scorePair(&args)
            let k = try args.int(at: 2)
            try args.finish()
            let overlap = try (0..<heads).map { t in
                try decode(args) {
                    try AttentionComparison.topKOverlap(Array(a[(t * tokens)..<((t + 1) * tokens)]),
                                                        Array(b[(t * tokens)..<((t + 1) * tokens)]), k: k)
                }
            }
            return heads == 1 && !args.positional[0].isMatrix ? .number(overlap[0]) : .tensor(Tensor(overlap))
        })
    }

    // MARK: helpers

    /// The heads × tokens × tokens scores attention builds, checked against the memory budget.
    private static func checkAttentionSize(_ q: Tensor, _ what: String) throws {
        let heads = q.shape.count == 3 ? q.shape[0] : 1, tokens = q.shape.count == 3 ? q.shape[1] : q.shape.first ?? 0
        _ = try Allocation.elements([heads, tokens, tokens], "\(what) over \(heads) heads of \(tokens) tokens")
    }

    /// A Result of a `qama(...)` model and its Hamiltonian.
    static func qamaResult(_ args: inout CallArguments, at i: Int) throws -> (SolveResult, QAMAHamiltonian) {
        let v = try args.value(at: i, "result")
        guard case .library(let r as ResultValue) = v else {
            throw LanguageError.type("\(args.callee)() argument \(i + 1) must be a Result of solve(), not \(v.typeName)", at: args.rangeOf(argument: i))
        }
        guard let h = r.result.model.qama else {
            throw LanguageError.type("\(args.callee)() needs the result of a qama(...) model; this one solved \(r.result.model.kind)",
                                     at: args.rangeOf(argument: i))
        }
        return (r.result, h)
    }

    /// Two score tensors of the same shape, as (a, b, rows, columns): a vector is one row.
    private static func scorePair(_ args: inout CallArguments) throws -> ([Double], [Double], Int, Int) {
        let a = try args.tensor(at: 0), b = try args.tensor(at: 1)
        guard a.shape == b.shape else {
            throw LanguageError.shape("\(args.callee)(): shapes differ (\(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape)))",
                                      at: args.rangeOf(argument: 1))
        }
        guard a.rank == 1 || a.rank == 2, a.count > 0 else {
            throw LanguageError.shape("\(args.callee)() compares vectors or heads × tokens tensors, not shape \(Tensor.describe(shape: a.shape))",
                                      at: args.rangeOf(argument: 0))
        }
        let rows = a.rank == 2 ? a.shape[0] : 1
        return (a.storage, b.storage, rows, a.count / rows)
    }

    private static func decode<T>(_ args: CallArguments, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw LibraryErrors.language(error).located(args.callRange) }
    }
}

private extension CallArguments.Argument {
    var isMatrix: Bool {
        if case .tensor(let t) = value { return t.rank == 2 }
        if case .array(let items) = value, case .array? = items.first { return true }
        return false
    }
}
