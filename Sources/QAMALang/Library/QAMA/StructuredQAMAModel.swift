import IsingCore
import IsingSolvers
import QAMA
import Synchronization

/// A `qama(...)` model as the language holds it: always its structured form (v2: Q, K and the value field,
/// O(H·N·d); v1: the token couplings J and field h, O(H·N²)), and the generic model (every coupling written
/// out) only when it is small or something asks for it.
///
/// Small models — at most `eagerCouplingLimit` couplings when expanded — are expanded at once, as they always
/// were: their summaries, terms, solves and figures are the generic model's, byte for byte. Larger ones stay
/// structured until a caller needs explicit couplings (`ising(m)`, `qubo(m)`, `export`, `exact()`, `cim()`, `sb()`,
/// tempering, gap, precision, `sa(layout: "generic")`); that caller expands them, after the memory estimate.
/// Energies, `r.terms`, `landscape`, `sweep` and re-weighting work on the structured form without expanding.
final class StructuredQAMAModel: Sendable {
    enum Form: Sendable {
        case v2(QAMAV2Structure)
        case v1(QAMAV1Structure)
    }

    /// Expanded at build time up to this many couplings (≈ 25 MB of model): H = 8 heads of 512 tokens are
    /// just above it. Below it the generic path is fast and every saved notebook's outputs stay as they were.
    static let eagerCouplingLimit = 1 << 20

    let form: Form
    private let expansion = Mutex<QAMAHamiltonian?>(nil)
    /// The structured problem of the last solve and the weights it was built with, for the next solve at the
    /// same weights (a sweep over another param, or a re-solve).
    private let lastProblem = Mutex<(weights: [Double], problem: StructuredProblem)?>(nil)

    init(_ form: Form) throws {
        self.form = form
        if expandedCouplingCount <= Self.eagerCouplingLimit { _ = try hamiltonian() }
    }

    /// v1 computes its [H, N, N] token couplings at build time (and a structured solve keeps S = J + Jᵀ beside
    /// them): checked against the session's memory budget before anything is computed. Shapes that are not
    /// [H, N, d] or [N, d] are left to the formulation's own, more specific error.
    static func checkV1Budget(query: NDArray) throws {
        let shape = query.shape
        guard shape.count == 2 || shape.count == 3 else { return }
        let heads = shape.count == 3 ? shape[0] : 1, tokens = shape[shape.count - 2]
        try Allocation.check(bytes: 3 * Double(heads) * Double(tokens) * Double(tokens) * 8,
                             "qama(..., formulation: \"v1\") over \(heads) heads of \(tokens) tokens (its token couplings)")
    }

    var layout: QAMALayout {
        switch form { case .v2(let s): s.layout; case .v1(let s): s.layout }
    }

    var expandedCouplingCount: Int {
        switch form { case .v2(let s): s.expandedCouplingCount; case .v1(let s): s.expandedCouplingCount }
    }

    /// The params of the model, in the generic model's block order.
    var params: [String] {
        switch form { case .v2(let s): s.params; case .v1(let s): s.params }
    }

    /// Whether the generic model exists (built small, or expanded since).
    var isExpanded: Bool { expansion.withLock { $0 != nil } }

    /// The generic Hamiltonian: built now if it was not yet (memory checked first), then kept.
    func hamiltonian() throws -> QAMAHamiltonian {
        if let h = expansion.withLock({ $0 }) { return h }
        try Allocation.check(bytes: expandedBytes, "expanding this QAMA model into \(expandedCouplingCount) couplings")
        let built: QAMAHamiltonian
        switch form {
        case .v2(let s): built = .v2(try s.expanded())
        case .v1(let s): built = .v1(try s.expanded())
        }
        expansion.withLock { if $0 == nil { $0 = built } }
        return built
    }

    /// What the generic model will hold (its couplings, one block per param, and v2's [H, N, N] coupling matrix).
    var expandedBytes: Double {
        switch form {
        case .v2(let s): QAMAV2Hamiltonian.memoryEstimate(s.layout, params: s.options.params.count).bytes
        case .v1(let s):
            MemoryEstimate.forModel(variables: s.layout.variableCount, couplings: s.expandedCouplingCount,
                                    blocks: 1 + s.options.params.count).bytes
        }
    }

    var kind: String {
        switch form {
        case .v1(let s):
            "QAMA attention (v1): \(s.layout.heads) heads × \(s.layout.tokens) tokens × \(s.layout.bits) bits, \(s.options.coupling.rawValue) coupling"
        case .v2(let s):
            "QAMA attention (v2): \(s.layout.heads) heads × \(s.layout.tokens) tokens"
        }
    }

    // MARK: the structured problem

    /// The structured problem at `params` (α, β, γ resolved), for `StructuredSimulatedAnnealing`.
    enum StructuredProblem: Sendable {
        case v2(StructuredQAMAProblem)
        case v1(StructuredQAMAV1Problem)

        func energy(_ x: [Int8]) -> Double {
            switch self { case .v2(let p): p.energy(x); case .v1(let p): p.energy(x) }
        }

        var variableCount: Int {
            switch self { case .v2(let p): p.variableCount; case .v1(let p): p.variableCount }
        }
    }

    private var weights: (alpha: Weight, beta: Weight, gamma: Weight) {
        switch form {
        case .v2(let s): (s.options.alpha, s.options.beta, s.options.gamma)
        case .v1(let s): (s.options.alpha, s.options.beta, s.options.gamma)
        }
    }

    /// α, β, γ at `params`; an unset or non-finite param is a SolverError naming it.
    func resolvedWeights(_ params: [String: Double]) throws -> [Double] {
        let w = weights
        let values = try [w.alpha, w.beta, w.gamma].map { try $0.resolved(params) }
        for (name, weight, value) in zip3(["alpha", "beta", "gamma"], [w.alpha, w.beta, w.gamma], values) where !value.isFinite {
            throw LanguageError.solver("the model has a coefficient that is not a finite number (\(name) = \(weight) is \(value)); "
                                       + "the param \(weight) is not finite")
        }
        return values
    }

    func structuredProblem(params: [String: Double]) throws -> StructuredProblem {
        let w = try resolvedWeights(params)
        if let cached = lastProblem.withLock({ $0 }), cached.weights == w { return cached.problem }
        let problem: StructuredProblem
        switch form {
        case .v2(let s):
            problem = .v2(try StructuredQAMAProblem(heads: s.layout.heads, tokens: s.layout.tokens, features: s.layout.features,
                                                    query: s.query.storage, key: s.key.storage, valueField: s.field,
                                                    alpha: w[0], beta: w[1], gamma: w[2]))
        case .v1(let s):
            problem = .v1(try StructuredQAMAV1Problem(heads: s.layout.heads, tokens: s.layout.tokens, bits: s.layout.bits,
                                                      coupling: s.coefficients.coupling, field: s.coefficients.field,
                                                      alpha: w[0], beta: w[1], gamma: w[2]))
        }
        lastProblem.withLock { $0 = (w, problem) }
        return problem
    }

    /// Bytes a structured solve holds beyond the model (v2: Float rows of Q and K and per-token constants; v1: S = J + Jᵀ).
    var structuredBytes: Double {
        let l = layout
        switch form {
        case .v2: return Double(l.heads * l.tokens) * (Double((l.features + 7) / 8 * 8) * 8 + 16)
        case .v1: return Double(l.heads) * Double(l.tokens) * Double(l.tokens) * 8
        }
    }

    // MARK: energies and terms without expanding

    /// E(x) at `params` for a 0/1 sample: the generic model's energy when it exists, else the structured one.
    func energy(_ x: [Int8], params: [String: Double]) throws -> Double {
        if let h = expansion.withLock({ $0 }) { return try h.model.energy(of: x, params: params) }
        return try structuredProblem(params: params).energy(x)
    }

    /// The three named terms at a sample: the generic Hamiltonian's when it exists (as always), else from the
    /// structured form in O(H·N·d) (v2) or O(H·N²) (v1).
    func terms<C: RandomAccessCollection>(_ sample: C, params: [String: Double]) throws -> [QAMATerm]
    where C.Element == Int8, C.Index == Int {
        if let h = expansion.withLock({ $0 }) { return try h.terms(sample, params: params) }
        let w = try resolvedWeights(params)
        let x = sample.map { $0 > 0 ? Int8(1) : 0 }
        let e: (queryKey: Double, value: Double, headOverlap: Double)
        switch try structuredProblem(params: params) {
        case .v2(let p): e = p.termEnergies(x)
        case .v1(let p): e = p.termEnergies(x)
        }
        return [QAMATerm(name: QAMATerm.queryKey, weight: w[0], energy: e.queryKey),
                QAMATerm(name: QAMATerm.value, weight: w[1], energy: e.value),
                QAMATerm(name: QAMATerm.headOverlap, weight: w[2], energy: e.headOverlap)]
    }

    /// The operator's output (`output(r, V)`). v2 structured: Hs[t, j] from the low-rank form, times e2v; v1
    /// needs only J and h, which its structure holds, so it always decodes through the v1 Hamiltonian's formula.
    func output<C: RandomAccessCollection>(_ sample: C, value: NDArray, params: [String: Double]) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        if let h = expansion.withLock({ $0 }) { return try h.output(sample, value: value, params: params) }
        switch form {
        case .v1: return try hamiltonian().output(sample, value: value, params: params)
        case .v2(let s):
            let l = s.layout, e2v = s.e2v
            let features = value.shape.last ?? 0
            guard value.storage.count == l.heads * l.tokens * features, features == e2v.count,
                  value.shape.count == 3 ? value.shape[0] == l.heads && value.shape[1] == l.tokens : (l.heads == 1 && value.shape.count == 2 && value.shape[0] == l.tokens) else {
                throw LanguageError.shape("V has shape \(Tensor.describe(shape: value.shape)) but the QAMA model has H = \(l.heads) heads, "
                                          + "N = \(l.tokens) tokens and e2v of length \(e2v.count)")
            }
            var field = [Double](repeating: 0, count: l.heads * l.tokens)
            for row in field.indices {
                var sum = 0.0
                for f in 0..<features { sum += value.storage[row * features + f] * e2v[f] }
                field[row] = sum / Double(features)
            }
            guard case .v2(let problem) = try structuredProblem(params: params) else { return [] }
            let energies = problem.tokenEnergies(sample.map { $0 > 0 ? Int8(1) : 0 }, field: field)
            var out = [Double](repeating: 0, count: energies.count * features)
            for row in energies.indices where energies[row] != 0 {
                for f in 0..<features { out[row * features + f] = energies[row] * e2v[f] }
            }
            return out
        }
    }
}

private func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
    (0..<min(a.count, b.count, c.count)).map { (a[$0], b[$0], c[$0]) }
}
