import IsingCore
import QAMA

/// `qama(Q, K, V, formulation:, ...)`: the QAMA attention Hamiltonian of DESIGN.md in either formulation.
/// Every default, in the signature and the build, is read from the QAMA option types.
enum QAMAModelBuiltin {
    /// Labels only one formulation takes: giving one to the other is an error naming the formulation.
    static let v2Only = ["e2v"]
    static let v1Only = ["bits", "coupling", "normalize"]

    static var signature: String {
        let v2 = QAMAV2Options(), v1 = QAMAV1Options()
        func w(_ x: Weight) -> String { x.number.map(NumberFormat.format) ?? x.description }
        return "qama(Q, K, V, formulation: \"v2\" | \"v1\", alpha: \(w(v2.alpha)), beta: \(w(v2.beta)), gamma: \(w(v2.gamma)), "
            + "e2v: ones(d); v1: bits: \(v1.bits), alpha: \(w(v1.alpha)), beta: \(w(v1.beta)), gamma: \(w(v1.gamma)), "
            + "coupling: \"\(v1.coupling.rawValue)\" | \"\(QAMACoupling.allCases.filter { $0 != v1.coupling }.map(\.rawValue).joined(separator: "\" | \""))\", "
            + "normalize: \(v1.normalize))"
    }

    static var builtin: Builtin {
        Builtin(
            name: "qama",
            signature: signature,
            doc: """
            The QAMA multi-head attention Hamiltonian (arXiv 2504.11083) from Q, K, V of shape [H, N, d] (or [N, d] for one \
            head). formulation "v2" (default, the published paper): one bit x[t, j] per head and token; \
            E = −α Σ_{j≠k} J x x − β·N Σ h x + P Σ_j Σ_{t≠t'} x x with J = (QKᵀ + KQᵀ)/(2√d) (zero diagonal), \
            h = mean over d of V ⊙ e2v and P = (γ/2)·√(2/π)·N/(H−1). formulation "v1" (the April 2025 draft): \
            `bits` soft-selection bits per token, Jensen–Shannon (`coupling: "js"`) or QKᵀ/√d (`"dot"`) couplings, \
            value entropy, standardised per head when `normalize`. alpha, beta and gamma take numbers or params \
            (`gamma: γ` keeps γ re-weightable); r.terms names the three terms "query-key", "value", "head overlap".
            """,
            labels: ["formulation", "alpha", "beta", "gamma", "e2v", "bits", "coupling", "normalize"]
        ) { args, session in
            let q = try args.tensor(at: 0), k = try args.tensor(at: 1)
            let v = try args.tensor(at: 2)
            let formulation = try args.choice(label: "formulation", QAMAHamiltonian.formulations) ?? QAMAHamiltonian.formulations[0]
            let foreign = formulation == "v2" ? v1Only : v2Only
            if let label = foreign.first(where: { args.has(label: $0) }) {
                let other = formulation == "v2" ? "v1" : "v2"
                let which = formulation == "v2" && !args.has(label: "formulation") ? "\"v2\" (the default)" : "\"\(formulation)\""
                throw LanguageError.value("qama(): '\(label):' belongs to formulation \"\(other)\", but this call builds formulation \(which); "
                                          + "pass formulation: \"\(other)\" or drop '\(label):'", at: args.rangeOf(label: label))
            }
            let hamiltonian: QAMAHamiltonian
            if formulation == "v2" {
                var options = QAMAV2Options()
                if let a = try weight(&args, "alpha") { options.alpha = a }
                if let b = try weight(&args, "beta") { options.beta = b }
                if let g = try weight(&args, "gamma") { options.gamma = g }
                if let e = try args.tensor(label: "e2v") {
                    guard e.rank == 1 else {
                        throw LanguageError.shape("qama() 'e2v:' must be a vector of length d, not shape \(Tensor.describe(shape: e.shape))",
                                                  at: args.rangeOf(label: "e2v"))
                    }
                    options.e2v = e.storage
                }
                try args.finish()
                hamiltonian = try build(args) { try QAMAHamiltonian(query: q, key: k, value: v, options: options) }
            } else {
                var options = QAMAV1Options()
                if let bits = try args.int(label: "bits") { options.bits = bits }
                if let a = try weight(&args, "alpha") { options.alpha = a }
                if let b = try weight(&args, "beta") { options.beta = b }
                if let g = try weight(&args, "gamma") { options.gamma = g }
                if let c = try args.choice(label: "coupling", QAMACoupling.allCases.map(\.rawValue)) { options.coupling = QAMACoupling(rawValue: c)! }
                if let n = try args.bool(label: "normalize") { options.normalize = n }
                try args.finish()
                hamiltonian = try build(args) { try QAMAHamiltonian(query: q, key: k, value: v, options: options) }
            }
            let handle = ModelStore.of(session).register(hamiltonian.model, origin: .qama(hamiltonian))
            return .library(ModelValue(handle: handle, session: SessionReference(session)))
        }
    }

    private static func build(_ args: CallArguments, _ body: () throws -> QAMAHamiltonian) throws -> QAMAHamiltonian {
        do { return try body() } catch { throw LibraryErrors.language(error).located(args.callRange) }
    }

    /// A number, or a param (the term then goes to that param's block).
    private static func weight(_ args: inout CallArguments, _ label: String) throws -> Weight? {
        switch args.value(label: label) {
        case nil: return nil
        case .param(let name)?: return .param(name)
        case .number(let x)?: return .value(x)
        case let other?:
            throw LanguageError.type("qama() '\(label):' must be a Number or a param, not \(other.typeName)", at: args.rangeOf(label: label))
        }
    }
}
