/// A constraint carried by the penalty expression that enforces it, so that `λ * khot(x, 2)` keeps
/// knowing which constraint it is and with what weight; compiling turns it into a `ConstraintRecord`.
///
/// The constraint is `Σ terms + constant (== | <=) 0` over variable ids. The penalty's value at a
/// sample is `weight · (squareScale · L² + linearScale · L)` with `L = Σ penaltyTerms + penaltyConstant`
/// (the penalty terms include any slack bits). For 0/1 and ±1 values this equals the expanded penalty
/// expression, because x² = x and s² = 1 hold on the values themselves.
public struct ConstraintPenalty: Sendable, Equatable {
    public var name: String
    public var relation: ConstraintRecord.Relation
    public var terms: [(id: Int, coefficient: Double)]
    public var constant: Double
    public var penaltyTerms: [(id: Int, coefficient: Double)]
    public var penaltyConstant: Double
    public var squareScale: Double
    public var linearScale: Double
    public var weight: ParamLinear
    /// Slack variable ids (a subset of the penalty terms' ids).
    public var slackIDs: [Int]

    public init(name: String, relation: ConstraintRecord.Relation, terms: [(id: Int, coefficient: Double)],
                constant: Double, penaltyTerms: [(id: Int, coefficient: Double)], penaltyConstant: Double,
                squareScale: Double = 1, linearScale: Double = 0, weight: ParamLinear = .one, slackIDs: [Int] = []) {
        self.name = name
        self.relation = relation
        self.terms = terms
        self.constant = constant
        self.penaltyTerms = penaltyTerms
        self.penaltyConstant = penaltyConstant
        self.squareScale = squareScale
        self.linearScale = linearScale
        self.weight = weight
        self.slackIDs = slackIDs
    }

    /// Every field, relation and scales included (two penalties that differ only in their relation are
    /// different constraints).
    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.relation == b.relation && a.constant == b.constant
            && a.terms.map(\.id) == b.terms.map(\.id) && a.terms.map(\.coefficient) == b.terms.map(\.coefficient)
            && a.penaltyTerms.map(\.id) == b.penaltyTerms.map(\.id)
            && a.penaltyTerms.map(\.coefficient) == b.penaltyTerms.map(\.coefficient)
            && a.penaltyConstant == b.penaltyConstant && a.squareScale == b.squareScale
            && a.linearScale == b.linearScale && a.weight == b.weight && a.slackIDs == b.slackIDs
    }
}
