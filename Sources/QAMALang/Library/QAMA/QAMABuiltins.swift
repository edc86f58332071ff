import IsingCore
import QAMA

/// The QAMA attention operator: `qama(Q, K, V, ...)`, decoding (`weights`, `mask`, `output`, `headoverlap`),
/// the softmax baselines (`attention`, `importance`) and their comparison (`rankcorr`, `topk`).
enum QAMABuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(QAMAModelBuiltin.builtin)

        let qamaResult = Param<QAMAResult>.qamaResult(at: "r")
        table.register(Builtin(
            "weights", [qamaResult],
            doc: "The token weights of a QAMA result's best sample as a heads × tokens tensor: the selected bits x[t, j] ∈ {0, 1} (v2), or the soft weights w[t, i] ∈ [0, 1] (v1)."
        ) { args, session in
            let (result, h) = try args[qamaResult]
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.tokens], storage: try h.layout.weights(result.best)))
        })

        table.register(Builtin(
            "mask", [qamaResult],
            doc: "Which tokens each head keeps in a QAMA result's best sample (x = 1 in v2, w > 0 in v1), as a heads × tokens tensor of 0/1."
        ) { args, session in
            let (result, h) = try args[qamaResult]
            let m = try h.layout.mask(result.best)
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.tokens], storage: m.map { $0 ? 1 : 0 }))
        })

        let value = Param<Tensor>.tensor(at: "V")
        table.register(Builtin("output", [qamaResult, value], doc: """
            The QAMA operator's output for a result, shaped like V. v2 (the paper): out[t, j, :] = Hs[t, j] · e2v with the \
            per-token energy Hs[t, j] = −(Σ_k J[j,k] x[t,j] x[t,k] + h[t,j] x[t,j]), h from this V; 0 for unselected tokens. \
            v1 (the draft's reference code): each token's energy without the penalty, spread over V's features by each \
            feature's share of the value entropy.
            """
        ) { args, session in
            let (result, h) = try args[qamaResult]
            let v = try args[value]
            let out = try h.output(result.best, value: v, params: result.params)
            let heads = h.layout.heads, tokens = h.layout.tokens
            let features = out.count / max(1, heads * tokens)
            let shape = v.shape.count == 2 ? [tokens, features] : [heads, tokens, features]
            return .tensor(Tensor(shape: shape, storage: out))
        })

        table.register(Builtin(
            "headoverlap", [qamaResult],
            doc: "How much the heads of a QAMA result's best sample select the same tokens (v1: the same (token, bit) slots) — what γ penalises — as a heads × heads tensor of fractions of the slots (the diagonal is the fraction each head sets)."
        ) { args, session in
            let (result, h) = try args[qamaResult]
            return .tensor(Tensor(shape: [h.layout.heads, h.layout.heads], storage: try h.layout.headOverlap(result.best)))
        })

        let query = Param<Tensor>.tensor(at: "Q"), key = Param<Tensor>.tensor(at: "K")
        table.register(Builtin(
            "attention", [query, key],
            doc: "Softmax attention softmax(QKᵀ/√d) per head: a heads × tokens × tokens tensor whose rows sum to 1 (the classical baseline)."
        ) { args, session in
            let q = try args[query], k = try args[key]
            try checkAttentionSize(q, "attention()")
            let a = try SoftmaxAttention.attention(query: q, key: k)
            let n = tokens(of: q)
            return .tensor(Tensor(shape: [a.count / max(1, n * n), n, n], storage: a))
        })

        table.register(Builtin(
            "importance", [query, key],
            doc: "The attention each key token receives, averaged over the queries of its head: a heads × tokens tensor (each head sums to 1)."
        ) { args, session in
            let q = try args[query], k = try args[key]
            try checkAttentionSize(q, "importance()")
            let s = try SoftmaxAttention.importance(query: q, key: k)
            let n = tokens(of: q)
            return .tensor(Tensor(shape: [s.count / max(1, n), n], storage: s))
        })

        let a = Param<Tensor>.tensor(at: "a"), b = Param<Tensor>.tensor(at: "b"), k = Param<Int>.integer(at: "k")
        table.register(Builtin(
            "rankcorr", [a, b],
            doc: "Spearman rank correlation between two token scores (e.g. weights(r) and importance(Q, K)): one number per head (row) for heads × tokens tensors, or one number for vectors. NaN where a head's scores are constant."
        ) { args, session in
            let (a, b, heads, tokens) = try scorePair(args)
            let rho = (0..<heads).map { t in
                AttentionComparison.spearman(Array(a[(t * tokens)..<((t + 1) * tokens)]), Array(b[(t * tokens)..<((t + 1) * tokens)]))
            }
            return heads == 1 && !args.positional[0].isMatrix ? .number(rho[0]) : .tensor(Tensor(rho))
        })

        table.register(Builtin(
            "topk", [a, b, k],
            doc: "The fraction of the k highest-scoring tokens two scores share (ties broken by the lower index): one number per head (row) for heads × tokens tensors, or one number for vectors."
        ) { args, session in
            let (a, b, heads, tokens) = try scorePair(args)
            let k = try args[k]
            let overlap = try (0..<heads).map { t in
                try AttentionComparison.topKOverlap(Array(a[(t * tokens)..<((t + 1) * tokens)]),
                                                    Array(b[(t * tokens)..<((t + 1) * tokens)]), k: k)
            }
            return heads == 1 && !args.positional[0].isMatrix ? .number(overlap[0]) : .tensor(Tensor(overlap))
        })
    }

    // MARK: helpers

    /// The heads × tokens × tokens scores attention builds, checked against the memory budget.
    private static func checkAttentionSize(_ q: Tensor, _ what: String) throws {
        let heads = q.shape.count == 3 ? q.shape[0] : 1, tokens = tokens(of: q)
        _ = try Allocation.elements([heads, tokens, tokens], "\(what) over \(heads) heads of \(tokens) tokens")
    }

    /// Tokens of a query tensor [H, N, d] or [N, d].
    private static func tokens(of q: Tensor) -> Int { q.shape.count == 3 ? q.shape[1] : q.shape.first ?? 0 }


    /// Two score tensors of the same shape, as (a, b, rows, columns): a vector is one row.
    private static func scorePair(_ args: CallArguments) throws -> ([Double], [Double], Int, Int) {
        let a = try args.tensor(at: 0), b = try args.tensor(at: 1)
        guard a.shape == b.shape else {
            throw LanguageError.shape("\(args.callee)(): shapes differ (\(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape)))",
                                      at: args.rangeOf(argument: 1))
        }
        guard let (rows, columns) = a.rowsAndColumns else {
            throw LanguageError.shape("\(args.callee)() compares vectors or heads × tokens tensors, not shape \(Tensor.describe(shape: a.shape))",
                                      at: args.rangeOf(argument: 0))
        }
        return (a.storage, b.storage, rows, columns)
    }

}

private extension CallArguments.Argument {
    var isMatrix: Bool {
        if case .tensor(let t) = value { return t.rank == 2 }
        if case .array(let items) = value, case .array? = items.first { return true }
        return false
    }
}

/// A Result of a `qama(...)` model and its Hamiltonian.
typealias QAMAResult = (SolveResult, StructuredQAMAModel)

extension Param where T == QAMAResult {
    static func qamaResult(at name: String) -> Param<QAMAResult> {
        make(label: nil, name: name, kind: .library("Result"), shown: nil, required: true, doc: "a Result of a qama(...) model") { args, slot in
            let result = try Param<SolveResult>.result(at: name).read(args)
            guard let h = result.model.qama else {
                throw LanguageError.type("\(args.callee)() needs the result of a qama(...) model; this one solved \(result.model.kind)",
                                         at: args.range(slot))
            }
            return (result, h)
        }
    }
}

