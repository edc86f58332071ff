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
    /// The solver as its builtin described it (figures title results with it).
    let solver: SolverDescription
    /// The best sample's energy split by block and constraint (IsingCore's `energyBreakdown`), computed once:
    /// `terms`, `broken` and the display all read it.
    let breakdown: EnergyBreakdown?

    init(model: ModelHandle, spins: SampleSet, params: [String: Double], solver: SolverDescription) {
        self.model = model
        let samples = spins.converted(to: model.vartype).sortedByEnergy()
        self.samples = samples
        self.params = params
        self.solver = solver
        // An unexpanded QAMA model has no blocks to break down (its terms come from the structured form).
        self.breakdown = samples.reads > 0
            ? model.builtModel.flatMap { try? $0.energyBreakdown(sample: Array(samples.sample(0)), params: params) } : nil
    }

    var n: Int { samples.n }
    var reads: Int { samples.reads }
    var bestEnergy: Double { samples.energies.first ?? .nan }
    var best: ArraySlice<Int8> { samples.reads > 0 ? samples.sample(0) : [] }

    /// The best sample's energy as `r.terms` lists it: one line per block (the param-free "objective",
    /// then each param, value × block energy), each followed by the share of it that every constraint's
    /// penalty holds (a penalty weighted by λ + 1 appears under both "objective" and λ).
    var terms: [EnergyTerm] {
        // A QAMA model names its three terms instead (issue 15, SolveResult+QAMATerms.swift).
        if let qama = qamaTerms { return qama }
        guard let b = breakdown else { return [] }
        var out: [EnergyTerm] = []
        for block in b.blocks {
            out.append(EnergyTerm(name: block.param ?? "objective", weight: block.weight, energy: block.contribution))
            for c in b.constraints {
                if let share = b.share(of: c, inBlock: block) {
                    out.append(EnergyTerm(name: c.name, weight: nil, energy: share, isConstraint: true))
                }
            }
        }
        return out
    }

    /// Constraints the best sample breaks, with how far off each is.
    var broken: [(name: String, violation: Double)] {
        breakdown?.broken.map { ($0.name, $0.violation) } ?? []
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
}
