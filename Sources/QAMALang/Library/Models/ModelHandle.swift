import IsingCore
import QAMA
import Synchronization

/// A compiled model as the language holds it: the `CompiledModel` plus what the language knows about where
/// it came from (needed by `r.value(x)` and `weights(r)`). A class so that a Model value, the
/// results solved from it and the compile cache share one instance: params are never baked in, so one
/// compiled model serves every param value.
///
/// A large `qama(...)` model has no compiled model until something asks for one (`StructuredQAMAModel`):
/// `compiled` then expands it, after the memory estimate. What a summary needs (variables, vartype, params,
/// constraints) is known without expanding.
final class ModelHandle: Sendable {
    enum Origin: Sendable {
        /// Compiled from an Expr (model index k is session variable `compiled.variableIDs[k]`).
        case expression
        /// Built by `qama(...)`: the structured form (and the generic Hamiltonian once expanded) keeps the layout
        /// (x[t, i, k] ↔ index) and what decoding needs.
        case qama(StructuredQAMAModel)
        case maxcut(GraphData)
        /// Read back by `load("model.json")` (the file's name).
        case file(String)
    }

    private let eager: CompiledModel?
    let origin: Origin
    /// Position in the session's compile order, for display ("model 3").
    let serial: Int

    /// The Ising problem of the last solve, kept so that the next one (after `γ = 8`, or in a sweep)
    /// re-weights it in place — O(param nonzeros + n) — instead of copying every coupling again.
    private let lastProblem = Mutex<IsingProblem?>(nil)

    init(compiled: CompiledModel, origin: Origin, serial: Int) {
        eager = compiled
        self.origin = origin
        self.serial = serial
    }

    /// A `qama(...)` model: compiled when (and if) it is expanded.
    init(qama: StructuredQAMAModel, serial: Int) {
        eager = nil
        origin = .qama(qama)
        self.serial = serial
    }

    /// The compiled model; a structured QAMA model is expanded now if it was not (memory checked first).
    var compiled: CompiledModel {
        get throws {
            if let eager { return eager }
            guard case .qama(let q) = origin else { preconditionFailure("a model without a compiled form is a qama model") }
            return try q.hamiltonian().model
        }
    }

    /// The compiled model if it exists, without expanding anything.
    var builtModel: CompiledModel? {
        if let eager { return eager }
        if case .qama(let q) = origin, q.isExpanded { return try? q.hamiltonian().model }
        return nil
    }

    var vartype: Vartype { builtModel?.vartype ?? .binary }
    var variableCount: Int { builtModel?.variableCount ?? qama?.layout.variableCount ?? 0 }
    var params: [String] { builtModel?.params ?? qama?.params ?? [] }
    var constraints: [ConstraintRecord] { builtModel?.constraints ?? [] }
    /// Couplings of the compiled model; for an unexpanded QAMA model, how many it would have.
    var couplingCount: Int { builtModel?.couplingCount ?? qama?.expandedCouplingCount ?? 0 }
    var names: [String] {
        if let m = builtModel { return m.names }
        guard let l = qama?.layout else { return [] }
        var out: [String] = []
        out.reserveCapacity(l.variableCount)
        for t in 0..<l.heads { for i in 0..<l.tokens {
            if l.bits == 1 { out.append("x[t=\(t),j=\(i)]") } else { for k in 0..<l.bits { out.append(l.name(head: t, token: i, bit: k)) } }
        } }
        return out
    }

    /// E(x) at `params` for a sample in the model's vartype, without expanding a structured model.
    func energy(of x: [Int8], params: [String: Double]) throws -> Double {
        if builtModel == nil, let q = qama { return try q.energy(x, params: params) }
        return try compiled.energy(of: x, params: params)
    }

    /// The model's Ising problem at `params`, bit for bit `compiled.isingProblem(params:)`.
    func isingProblem(params: [String: Double]) throws -> IsingProblem {
        let compiled = try self.compiled
        return try lastProblem.withLock { cached in
            // Taken out of the cache first, so that once the previous solve has let go of its copy the
            // couplings are uniquely referenced and the re-weight writes into them.
            if var problem = cached.take() {
                try compiled.reweight(&problem, params: params)
                cached = problem
                return problem
            }
            let problem = try compiled.isingProblem(params: params)
            cached = problem
            return problem
        }
    }

    var qama: StructuredQAMAModel? {
        if case .qama(let h) = origin { return h }
        return nil
    }

    /// The model index of a session variable id, if the model uses it.
    func index(ofVariable id: Int) -> Int? {
        if case .expression = origin, let eager { return eager.index(ofVariable: id) }
        return nil
    }

    /// What the model is, in a few words ("QAMA 4×16×4", "maxcut(G11)", "expression").
    var kind: String {
        switch origin {
        case .expression: "expression"
        case .qama(let h): h.kind
        case .maxcut(let g): "maxcut(\(g.name))"
        case .file(let name): "loaded from \(name)"
        }
    }
}
