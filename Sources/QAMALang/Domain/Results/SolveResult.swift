import IsingCore

/// Everything a solve produced, in the model's own terms: the samples converted to the model's vartype and
/// sorted by energy (so `r.samples`, `r.best` and the display are deterministic), the param values the
/// solve used, and the model it solved. A `Result` value wraps one of these.
struct SolveResult: Sendable {
    let model: ModelHandle
    /// Model vartype, sorted by energy (lowest first).
    let samples: SampleSet
    /// The param values at solve time (what the energies were computed with).
    let params: [String: Double]

    init(model: ModelHandle, spins: SampleSet, params: [String: Double]) {
        self.model = model
        self.samples = spins.converted(to: model.compiled.vartype).sortedByEnergy()
        self.params = params
    }

    var compiled: CompiledModel { model.compiled }
    var n: Int { samples.n }
    var reads: Int { samples.reads }
    var bestEnergy: Double { samples.energies.first ?? .nan }
    var best: ArraySlice<Int8> { samples.reads > 0 ? samples.sample(0) : [] }

    /// The best sample's energy split into the constant part and one term per param (value × block energy).
    var terms: [EnergyTerm] { qamaTerms ?? EnergyTerm.breakdown(of: compiled, sample: Array(best), params: params) }

    /// Constraints the best sample breaks, with how far off each is.
    var broken: [(name: String, violation: Double)] {
        let x = best
        return compiled.constraints.compactMap { c in
            let v = c.violation(x)
            return v > 1e-9 ? (c.name, v) : nil
        }
    }
}

/// One line of `r.terms`: a named part of the energy at a sample. Constraint lines (`isConstraint`) are the
/// share of the term above them that the constraint's penalty contributes.
struct EnergyTerm: Sendable, Equatable {
    /// "objective" for the param-free block, the param's name, or the constraint's name.
    var name: String
    /// The param's value (1 for the objective); nil for constraint lines.
    var weight: Double?
    var energy: Double
    var isConstraint = false

    static func breakdown(of model: CompiledModel, sample x: [Int8], params: [String: Double]) -> [EnergyTerm] {
        var out: [EnergyTerm] = []
        for block in model.blocks {
            var e = block.offset
            if !block.linear.isEmpty {
                for i in 0..<x.count where x[i] != 0 { e += block.linear[i] * Double(x[i]) }
            }
            if !block.quadratic.isEmpty {
                for i in 0..<x.count where x[i] != 0 {
                    for k in model.rowStart[i]..<model.rowStart[i + 1] {
                        e += block.quadratic[k] * Double(x[i]) * Double(x[Int(model.columns[k])])
                    }
                }
            }
            let w = block.param.map { params[$0] ?? 0 } ?? 1
            out.append(EnergyTerm(name: block.param ?? "objective", weight: w, energy: w * e))
            // The constraints whose penalty sits in this block (weighted by this param, or unweighted).
            for c in model.constraints where c.weight.params.first == block.param {
                let pe = (try? c.penaltyEnergy(x, params: params)) ?? .nan
                out.append(EnergyTerm(name: c.name, weight: nil, energy: pe, isConstraint: true))
            }
        }
        return out
    }
}
