/// The energy of one sample split the way `r.terms` shows it: the constant block and each param's block
/// (value × block energy), and each registered constraint's penalty, with how far the sample is from
/// satisfying it. Constraint penalties are a view *inside* the blocks (they are part of the block
/// energies), so `total` is the sum of the block contributions only. A penalty weighted by
/// `c₀ + Σ c_p·p` (e.g. `(λ + 1) * onehot(x)`) lies in several blocks: `share(of:inBlock:)` gives the
/// part of it that each block holds.
public struct EnergyBreakdown: Sendable {
    public struct Block: Sendable {
        public var param: String?
        /// The param's value (1 for the constant block).
        public var weight: Double
        /// E_b(x), the block's energy before weighting.
        public var energy: Double
        public var contribution: Double { weight * energy }
    }

    public struct Constraint: Sendable {
        public var name: String
        public var relation: ConstraintRecord.Relation
        /// Σ terms + constant at the sample.
        public var lhs: Double
        public var violation: Double
        /// Broken beyond the constraint's relative tolerance (`ConstraintRecord.isBroken`).
        public var isBroken: Bool
        /// squareScale · L² + linearScale · L at the sample, before the weight.
        public var unweightedPenalty: Double
        /// The penalty's weight, c₀ + Σ c_p·p.
        public var weight: ParamLinear
        /// The penalty's energy at the sample, params applied.
        public var penalty: Double
        public var isSatisfied: Bool { !isBroken }
    }

    public var blocks: [Block]
    public var constraints: [Constraint]
    public var total: Double { blocks.reduce(0) { $0 + $1.contribution } }
    /// The constraints the sample breaks.
    public var broken: [Constraint] { constraints.filter(\.isBroken) }

    /// The part of a constraint's penalty that sits in `block`: c₀·P in the constant block and
    /// c_p·value(p)·P in param p's block; nil when the weight has no part there.
    public func share(of c: Constraint, inBlock block: Block) -> Double? {
        guard let p = block.param else { return c.weight.constant == 0 ? nil : c.weight.constant * c.unweightedPenalty }
        let k = c.weight.coefficient(of: p)
        return k == 0 ? nil : k * block.weight * c.unweightedPenalty
    }
}

extension CompiledModel {
    /// `r.terms`: the sample's energy split by block and by constraint penalty (sample in model vartype).
    public func energyBreakdown<C: RandomAccessCollection>(sample: C, params: [String: Double]) throws -> EnergyBreakdown
    where C.Element == Int8, C.Index == Int {
        precondition(sample.count == variableCount, "a sample needs \(variableCount) values, got \(sample.count)")
        let w = try blockWeights(params)
        let x = Array(sample)
        let blockTerms = x.withUnsafeBufferPointer { xb in
            blocks.enumerated().map { b, block in
                EnergyBreakdown.Block(param: block.param, weight: w[b],
                                      energy: block.energy(xb, rowStart: rowStart, columns: columns))
            }
        }
        let constraintTerms = try constraints.map { c in
            EnergyBreakdown.Constraint(name: c.name, relation: c.relation, lhs: c.lhs(x), violation: c.violation(x),
                                       isBroken: c.isBroken(x), unweightedPenalty: c.unweightedPenalty(x),
                                       weight: c.weight, penalty: try c.penaltyEnergy(x, params: params))
        }
        return EnergyBreakdown(blocks: blockTerms, constraints: constraintTerms)
    }
}
