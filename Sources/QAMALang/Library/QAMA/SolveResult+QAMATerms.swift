import QAMA

extension SolveResult {
    /// A QAMA model's energy split into its three named terms ("query-key", "value", "head overlap"),
    /// computed by the QAMA module from the decoded best sample — whether or not the weights are params.
    /// nil for other models (and for a QAMA result without samples).
    var qamaTerms: [EnergyTerm]? {
        guard let h = model.qama, reads > 0, let terms = try? h.terms(best, params: params) else { return nil }
        return terms.map { EnergyTerm(name: $0.name, weight: $0.weight, energy: $0.energy) }
    }
}
