import IsingCore
import QAMA

/// `qama(Q, K, V, formulation:, ...)`: the QAMA attention Hamiltonian of DESIGN.md in either formulation.
/// Every default, in the signature and the build, is read from the QAMA option types.
enum QAMAModelBuiltin {
    static var builtin: Builtin {
        let v2 = QAMAV2Options(), v1 = QAMAV1Options()
        let q = Param<Tensor>.tensor(at: "Q"), k = Param<Tensor>.tensor(at: "K"), v = Param<Tensor>.tensor(at: "V")
        let formulation = Param<String?>.choice("formulation", QAMAHamiltonian.formulations)
        // v2's parameters (the main list) and v1's (a section): alpha, beta, gamma show each one's defaults.
        let alpha2 = Param.weight("alpha", v2.alpha), beta2 = Param.weight("beta", v2.beta), gamma2 = Param.weight("gamma", v2.gamma)
        let e2v = Param<Tensor?>.tensor("e2v", shown: "ones(d)")
        let bits = Param.integer("bits", default: v1.bits)
        let alpha1 = Param.weight("alpha", v1.alpha), beta1 = Param.weight("beta", v1.beta), gamma1 = Param.weight("gamma", v1.gamma)
        let couplings = [v1.coupling] + QAMACoupling.allCases.filter { $0 != v1.coupling }
        let coupling = Param<String?>.choice("coupling", QAMACoupling.allCases.map(\.rawValue),
                                             shown: couplings.map { "\"\($0.rawValue)\"" }.joined(separator: " | "))
        let normalize = Param.bool("normalize", default: v1.normalize)
        let v1Section: [any DeclaresParameter] = [bits, alpha1, beta1, gamma1, coupling, normalize]
        // Labels only one formulation takes: giving one to the other is an error naming the formulation.
        let v2Section: [any DeclaresParameter] = [alpha2, beta2, gamma2, e2v]
        let v1Labels = Set(v1Section.compactMap(\.parameter.label)), v2Labels = Set(v2Section.compactMap(\.parameter.label))
        return Builtin("qama", [q, k, v, formulation] + v2Section, sections: [("v1", v1Section)], doc: """
            The QAMA multi-head attention Hamiltonian (arXiv 2504.11083) from Q, K, V of shape [H, N, d] (or [N, d] for one \
            head). formulation "v2" (default, the published paper): one bit x[t, j] per head and token; \
            E = −α Σ_{j≠k} J x x − β·N Σ h x + P Σ_j Σ_{t≠t'} x x with J = (QKᵀ + KQᵀ)/(2√d) (zero diagonal), \
            h = mean over d of V ⊙ e2v and P = (γ/2)·√(2/π)·N/(H−1). formulation "v1" (the April 2025 draft): \
            `bits` soft-selection bits per token, Jensen–Shannon (`coupling: "js"`) or QKᵀ/√d (`"dot"`) couplings, \
            value entropy, standardised per head when `normalize`. alpha, beta and gamma take numbers or params \
            (`gamma: γ` keeps γ re-weightable); r.terms names the three terms "query-key", "value", "head overlap".
            """
        ) { args, session in
            let q = try args[q], k = try args[k], v = try args[v]
            let formulation = try args[formulation] ?? QAMAHamiltonian.formulations[0]
            let foreign = formulation == "v2" ? v1Labels.subtracting(v2Labels) : v2Labels.subtracting(v1Labels)
            if let label = args.labeled.compactMap(\.label).first(where: foreign.contains) {
                let other = formulation == "v2" ? "v1" : "v2"
                let which = formulation == "v2" && !args.has(label: "formulation") ? "\"v2\" (the default)" : "\"\(formulation)\""
                throw LanguageError.value("qama(): '\(label):' belongs to formulation \"\(other)\", but this call builds formulation \(which); "
                                          + "pass formulation: \"\(other)\" or drop '\(label):'", at: args.rangeOf(label: label))
            }
            let model: StructuredQAMAModel
            if formulation == "v2" {
                var options = v2
                options.alpha = try args[alpha2]
                options.beta = try args[beta2]
                options.gamma = try args[gamma2]
                if let e = try args[e2v] {
                    guard e.rank == 1 else {
                        throw LanguageError.shape("qama() 'e2v:' must be a vector of length d, not shape \(Tensor.describe(shape: e.shape))",
                                                  at: args.rangeOf(label: "e2v"))
                    }
                    options.e2v = e.storage
                }
                model = try StructuredQAMAModel(.v2(QAMAV2Structure(query: q, key: k, value: v, options: options)))
            } else {
                var options = v1
                options.bits = try args[bits]
                options.alpha = try args[alpha1]
                options.beta = try args[beta1]
                options.gamma = try args[gamma1]
                if let c = try args[coupling] { options.coupling = QAMACoupling(rawValue: c)! }
                options.normalize = try args[normalize]
                try StructuredQAMAModel.checkV1Budget(query: q)
                model = try StructuredQAMAModel(.v1(QAMAV1Structure(query: q, key: k, value: v, options: options)))
            }
            let handle = ModelStore.of(session).register(qama: model)
            return .library(ModelValue(handle: handle, session: SessionReference(session)))
        }
    }
}

extension Param where T == Weight {
    /// A QAMA coefficient: a number, or a param (the term then goes to that param's block); the default
    /// is the QAMA options type's.
    static func weight(_ label: String, _ d: Weight) -> Param<Weight> {
        make(label: label, kind: .any, shown: d.number.map(NumberFormat.format) ?? d.description, required: false,
             doc: "a Number or a param") { args, slot in
            switch args.given(slot)?.value {
            case nil: return d
            case .param(let name)?: return .param(name)
            case .number(let x)?: return .value(x)
            case let other?:
                throw LanguageError.type("qama() '\(label):' must be a Number or a param, not \(other.typeName)", at: args.range(slot))
            }
        }
    }
}
