/// The energy of one sample split the way `r.terms` shows it: the constant block, each param's block
/// (value × block energy) and each registered constraint's penalty, with how far the sample is
/// from satisfying it. Constraint penalties are a view *inside* the blocks (they are part of the
/// block energies), so `total` is the sum of the block contributions only.
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
        /// The penalty's energy at the sample, params applied.
        public var penalty: Double
        public var param: String?
        public var isSatisfied: Bool { violation == 0 }
    }

    public var blocks: [Block]
    public var constraints: [Constraint]
    public var total: Double { blocks.reduce(0) { $0 + $1.contribution } }
    /// The constraints the sample breaks.
    public var broken: [Constraint] { constraints.filter { !$0.isSatisfied } }
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
                                       penalty: try c.penaltyEnergy(x, params: params), param: c.param)
        }
        return EnergyBreakdown(blocks: blockTerms, constraints: constraintTerms)
    }
}
