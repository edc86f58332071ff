/// A registered constraint: `Σ terms + constant  (== | <=)  0`, kept so a result can say which
/// constraints a sample breaks and by how much. Indices are model variable indices.
///
/// The penalty that enforces it is, at a sample, `weight · (squareScale · L² + linearScale · L)` with
/// `L = Σ penaltyTerms + penaltyConstant` (its terms include slack bits). That lets `r.terms` report
/// each constraint's share of the energy without keeping the expanded penalty around.
public struct ConstraintRecord: Sendable, Equatable {
    public enum Relation: String, Sendable, Equatable { case equal = "==", lessOrEqual = "<=" }
    public var name: String
    public var terms: [(index: Int, coefficient: Double)]
    public var constant: Double
    public var relation: Relation
    /// The param that weights this constraint's penalty, if any (for `r.terms`).
    public var param: String?
    public var penaltyTerms: [(index: Int, coefficient: Double)]
    public var penaltyConstant: Double
    public var squareScale: Double
    public var linearScale: Double
    /// The penalty's weight (1 unless scaled, e.g. `λ * khot(x, 2)` has weight λ).
    public var weight: ParamLinear
    /// Model indices of the slack bits this constraint added.
    public var slackIndices: [Int]

    public init(name: String, terms: [(index: Int, coefficient: Double)], constant: Double, relation: Relation,
                param: String? = nil) {
        self.name = name
        self.terms = terms
        self.constant = constant
        self.relation = relation
        self.param = param
        // Without an explicit penalty form, the natural one: (lhs)² for ==.
        self.penaltyTerms = terms
        self.penaltyConstant = constant
        self.squareScale = 1
        self.linearScale = 0
        self.weight = param.map { ParamLinear(param: $0) } ?? .one
        self.slackIndices = []
    }

    public init(name: String, terms: [(index: Int, coefficient: Double)], constant: Double, relation: Relation,
                penaltyTerms: [(index: Int, coefficient: Double)], penaltyConstant: Double, squareScale: Double,
                linearScale: Double, weight: ParamLinear, slackIndices: [Int]) {
        self.name = name
        self.terms = terms
        self.constant = constant
        self.relation = relation
        self.param = weight.terms.count == 1 ? weight.terms[0].param : nil
        self.penaltyTerms = penaltyTerms
        self.penaltyConstant = penaltyConstant
        self.squareScale = squareScale
        self.linearScale = linearScale
        self.weight = weight
        self.slackIndices = slackIndices
    }

    /// Σ terms + constant at a sample (model vartype).
    public func lhs<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        var lhs = constant
        for t in terms { lhs += t.coefficient * Double(x[x.startIndex + t.index]) }
        return lhs
    }

    /// How far a sample (model vartype) is from satisfying the constraint; 0 when satisfied.
    public func violation<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        let v = lhs(x)
        switch relation {
        case .equal: return abs(v)
        case .lessOrEqual: return max(0, v)
        }
    }

    /// Whether a sample breaks the constraint. The tolerance is relative to the constraint's own scale
    /// (|constant| + Σ |coefficient|), so `1e8·x₀ + 0.1·x₁ == 100000000.1` holds at x = [1, 1] although
    /// its left side rounds to about 1e-9 (while x = [1, 0], off by 0.1, is broken), and a constraint with unit
    /// coefficients keeps a margin of a few 1e-10.
    public func isBroken<C: RandomAccessCollection>(_ x: C) -> Bool where C.Element == Int8, C.Index == Int {
        violation(x) > Self.relativeTolerance * scale
    }

    /// |constant| + Σ |coefficient|, at least 1: the size rounding errors in `lhs` are measured against.
    public var scale: Double { max(1, terms.reduce(abs(constant)) { $0 + abs($1.coefficient) }) }

    public static let relativeTolerance = 1e-10

    /// squareScale · L² + linearScale · L at a sample, before the weight.
    public func unweightedPenalty<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        var l = penaltyConstant
        for t in penaltyTerms { l += t.coefficient * Double(x[x.startIndex + t.index]) }
        return squareScale * l * l + linearScale * l
    }

    /// The penalty's energy at a sample with params applied.
    public func penaltyEnergy<C: RandomAccessCollection>(_ x: C, params: [String: Double]) throws -> Double
    where C.Element == Int8, C.Index == Int {
        try weight.value(params) * unweightedPenalty(x)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.constant == b.constant && a.relation == b.relation && a.param == b.param
            && a.terms.map(\.index) == b.terms.map(\.index) && a.terms.map(\.coefficient) == b.terms.map(\.coefficient)
            && a.penaltyTerms.map(\.index) == b.penaltyTerms.map(\.index)
            && a.penaltyTerms.map(\.coefficient) == b.penaltyTerms.map(\.coefficient)
            && a.penaltyConstant == b.penaltyConstant && a.squareScale == b.squareScale
            && a.linearScale == b.linearScale && a.weight == b.weight && a.slackIndices == b.slackIndices
    }
}
