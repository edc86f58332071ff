import IsingCore
import QAMA
import Synchronization

/// A compiled model as the language holds it: the `CompiledModel` plus what the language knows about where
/// it came from (needed by `r.value(x)` and `weights(r)`). A class so that a Model value, the
/// results solved from it and the compile cache share one instance: params are never baked in, so one
/// compiled model serves every param value.
final class ModelHandle: Sendable {
    enum Origin: Sendable {
        /// Compiled from an Expr (model index k is session variable `compiled.variableIDs[k]`).
        case expression
        /// Built by `qama(...)`: the Hamiltonian keeps the layout (x[t, i, k] ↔ index) and J, h for decoding.
        case qama(QAMAHamiltonian)
        case maxcut(GraphData)
        /// Read back by `load("model.json")` (the file's name).
        case file(String)
    }

    let compiled: CompiledModel
    let origin: Origin
    /// Position in the session's compile order, for display ("model 3").
    let serial: Int

    /// The Ising problem of the last solve, kept so that the next one (after `γ = 8`, or in a sweep)
    /// re-weights it in place — O(param nonzeros + n) — instead of copying every coupling again.
    private let lastProblem = Mutex<IsingProblem?>(nil)

    init(compiled: CompiledModel, origin: Origin, serial: Int) {
        self.compiled = compiled
        self.origin = origin
        self.serial = serial
    }

    /// The model's Ising problem at `params`, bit for bit `compiled.isingProblem(params:)`.
    func isingProblem(params: [String: Double]) throws -> IsingProblem {
        try lastProblem.withLock { cached in
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

    var qama: QAMAHamiltonian? {
        if case .qama(let h) = origin { return h }
        return nil
    }

    /// The model index of a session variable id, if the model uses it.
    func index(ofVariable id: Int) -> Int? {
        if case .expression = origin { return compiled.index(ofVariable: id) }
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
