/// Penalty builders for constraints. Each returns an expression that is ≥ 0 everywhere and 0 exactly
/// on the assignments that satisfy the constraint (minimised over its slack bits, if any), and carries
/// a `ConstraintPenalty` so a result can report which constraints a sample breaks and by how much.
///
/// Slack is used only when no slack-free quadratic penalty exists, and then in log encoding with the
/// range taken from the left-hand side's bounds: ⌈log₂(U + 1)⌉ bits for a slack range 0…U.
///
/// `onehot`/`khot`/`atmost`/`atleast` count the entries equal to 1: a binary x counts as x, a spin s
/// as (1 + s)/2.
public enum Constraints {
    public enum Comparison: String, Sendable { case equal = "==", lessOrEqual = "<=", greaterOrEqual = ">=" }

    /// Exactly one entry is 1: (Σ v − 1)².
    public static func onehot(_ v: [Expression], name: String? = nil) throws -> Expression {
        try khot(v, 1, name: name ?? defaultName("onehot", v, nil))
    }

    /// Exactly k entries are 1: (Σ v − k)².
    public static func khot(_ v: [Expression], _ k: Int, name: String? = nil) throws -> Expression {
        let (count, registry) = try counting(v, "khot")
        guard k >= 0 && k <= v.count else { throw ExpressionError("khot needs 0 ≤ k ≤ \(v.count), got \(k)") }
        let lhs = count + LinearForm(terms: [], constant: -Double(k))
        return try penalty(name ?? defaultName("khot", v, k), .equal, lhs, squared: lhs, registry: registry)
    }

    /// At most k entries are 1.
    public static func atmost(_ v: [Expression], _ k: Int, name: String? = nil) throws -> Expression {
        let (count, registry) = try counting(v, "atmost")
        return try atmost(count: count, n: v.count, k, name: name ?? defaultName("atmost", v, k), registry: registry)
    }

    /// At least k entries are 1.
    public static func atleast(_ v: [Expression], _ k: Int, name: String? = nil) throws -> Expression {
        let (count, registry) = try counting(v, "atleast")
        return try atleast(count: count, n: v.count, k, name: name ?? defaultName("atleast", v, k), registry: registry)
    }

    /// `lhs == rhs`, `lhs <= rhs` or `lhs >= rhs` for linear sides without params.
    public static func constraint(_ lhs: Expression, _ comparison: Comparison, _ rhs: Expression,
                                  name: String) throws -> Expression {
        let registry = lhs.registry ?? rhs.registry
        let diff = comparison == .greaterOrEqual ? rhs - lhs : lhs - rhs
        let d = try LinearForm(diff, what: "a constraint")
        if comparison == .equal { return try penalty(name, .equal, d, squared: d, registry: registry) }
        // d ≤ 0. Unit coefficients on binaries are counts: use the slack-free forms where they exist.
        let allBinary = d.terms.allSatisfy { registry?.vartype(of: $0.id) == .binary }
        if allBinary && !d.terms.isEmpty && d.constant == d.constant.rounded() {
            let ones = LinearForm(terms: d.terms.map { ($0.id, 1.0) }, constant: 0)
            if d.terms.allSatisfy({ $0.coefficient == 1 }) {
                return try atmost(count: ones, n: d.terms.count, countBound(-d.constant, n: d.terms.count), name: name, registry: registry)
            }
            if d.terms.allSatisfy({ $0.coefficient == -1 }) {
                return try atleast(count: ones, n: d.terms.count, countBound(d.constant, n: d.terms.count), name: name, registry: registry)
            }
        }
        return try lessOrEqualWithSlack(d, name: name, registry: registry)
    }

    // MARK: private

    /// A count bound from a user's number, clamped to −1…n+1 (what a count of n entries can tell apart), so
    /// `sum(x) <= 1e300` means "any number of them" and no conversion to Int traps.
    static func countBound(_ x: Double, n: Int) -> Int {
        x >= Double(n) + 1 ? n + 1 : x <= -1 ? -1 : Int(x)
    }

    private static func atmost(count: LinearForm, n: Int, _ k: Int, name: String,
                               registry: VariableRegistry?) throws -> Expression {
        let lhs = count + LinearForm(terms: [], constant: -Double(k))
        if k >= n { return try penalty(name, .lessOrEqual, lhs, squared: lhs, squareScale: 0, registry: registry) }
        guard k >= 0 else { throw ExpressionError("\(name) can never be satisfied (at most \(k) of \(n))") }
        if k == 0 {  // Σ v itself
            return try penalty(name, .lessOrEqual, lhs, squared: count, squareScale: 0, linearScale: 1, registry: registry)
        }
        if k == 1 {  // Σ_{i<j} v_i v_j = (S² − S)/2
            return try penalty(name, .lessOrEqual, lhs, squared: count, squareScale: 0.5, linearScale: -0.5,
                           registry: registry)
        }
        return try lessOrEqualWithSlack(lhs, name: name, registry: registry)
    }

    private static func atleast(count: LinearForm, n: Int, _ k: Int, name: String,
                                registry: VariableRegistry?) throws -> Expression {
        let lhs = -1 * count + LinearForm(terms: [], constant: Double(k))  // k − S ≤ 0
        if k <= 0 { return try penalty(name, .lessOrEqual, lhs, squared: lhs, squareScale: 0, registry: registry) }
        guard k <= n else { throw ExpressionError("\(name) can never be satisfied (at least \(k) of \(n))") }
        let missing = LinearForm(terms: [], constant: Double(n)) + -1 * count  // entries that are 0
        if k == n {  // Σ (1 − v)
            return try penalty(name, .lessOrEqual, lhs, squared: missing, squareScale: 0, linearScale: 1, registry: registry)
        }
        if k == n - 1 {  // at most one entry is 0
            return try penalty(name, .lessOrEqual, lhs, squared: missing, squareScale: 0.5, linearScale: -0.5,
                           registry: registry)
        }
        return try lessOrEqualWithSlack(lhs, name: name, registry: registry)
    }

    /// d ≤ 0 as (d + slack)² with slack ∈ 0…U in log encoding, U = −min(d).
    private static func lessOrEqualWithSlack(_ d: LinearForm, name: String,
                                             registry: VariableRegistry?) throws -> Expression {
        let (lo, hi) = d.bounds(registry)
        if hi <= 0 { return try penalty(name, .lessOrEqual, d, squared: d, squareScale: 0, registry: registry) }
        guard lo <= 0 else { throw ExpressionError("\(name) can never be satisfied (its left side is at least \(lo))") }
        // The slack counts in whole steps, so the form is scaled to integers first (d ≤ 0 ⇔ s·d ≤ 0):
        // a count of spins, Σ (1 + s)/2, takes s = 2 without the user writing any coefficient.
        guard let scale = d.integralScale() else {
            throw ExpressionError("\(name): an inequality needs coefficients that are whole multiples of a common step for its slack (got \(d.terms.map(\.coefficient).map { "\($0)" }.joined(separator: ", "))); scale it to integers")
        }
        guard let registry else { throw ExpressionError("\(name) has no variables") }
        let scaled = scale * d
        guard -lo * scale < 9_007_199_254_740_992 else {  // 2⁵³: the slack range must be an exact integer
            throw ExpressionError("\(name): its slack would have to span \(-lo * scale) values; the coefficients are too large")
        }
        let range = Int((-lo * scale).rounded())
        let weights = slackWeights(range)
        let slack = registry.declareSlack(for: name, count: weights.count)
        let withSlack = scaled + LinearForm(terms: zip(slack.ids, weights).map { ($0, Double($1)) }, constant: 0)
        return try penalty(name, .lessOrEqual, d, squared: withSlack, slackIDs: Array(slack.ids), registry: registry)
    }

    /// Bit weights 1, 2, 4, …, with the last one capped so the bits reach exactly 0…range.
    static func slackWeights(_ range: Int) -> [Int] {
        if range <= 0 { return [] }
        var weights: [Int] = []
        var total = 0, w = 1
        while total + w < range { weights.append(w); total += w; w *= 2 }
        weights.append(range - total)
        return weights
    }

    /// Builds squareScale·L² + linearScale·L and attaches the constraint to it.
    private static func penalty(_ name: String, _ relation: ConstraintRecord.Relation, _ lhs: LinearForm,
                                squared l: LinearForm, squareScale: Double = 1, linearScale: Double = 0,
                                slackIDs: [Int] = [], registry: VariableRegistry?) throws -> Expression {
        let le = l.expression(registry)
        var e = Expression()
        if let registry { e.adopt(registry) }
        // Linear without params, so only the memory estimate or an interrupt can stop the square.
        if squareScale != 0 { e.add(try le.multiplied(by: le), scale: squareScale) }
        if linearScale != 0 { e.add(le, scale: linearScale) }
        e.attach(ConstraintPenalty(name: name, relation: relation, terms: lhs.terms, constant: lhs.constant,
                                   penaltyTerms: l.terms, penaltyConstant: l.constant, squareScale: squareScale,
                                   linearScale: linearScale, slackIDs: slackIDs))
        return e
    }

    /// Σ of the 0/1 indicators of the entries (spin s counts as (1 + s)/2).
    private static func counting(_ v: [Expression], _ what: String) throws -> (LinearForm, VariableRegistry?) {
        let registry = v.lazy.compactMap(\.registry).first
        // Appended in place (not `form = form + f`, which copies every term per entry: quadratic), with the
        // interrupt polled: onehot(binary(100000)) reaches its memory check at once.
        var form = LinearForm(terms: [], constant: 0)
        for (k, e) in v.enumerated() {
            if k & 1023 == 1023 { try Cancellation.poll() }
            var f = try LinearForm(e, what: "every entry of \(what)")
            if e.isSingleVariable, registry?.vartype(of: f.terms[0].id) == .spin {
                f = LinearForm(terms: [(f.terms[0].id, 0.5)], constant: 0.5)
            }
            form.terms += f.terms
            form.constant += f.constant
        }
        return (form, registry)
    }

    private static func defaultName(_ kind: String, _ v: [Expression], _ k: Int?) -> String {
        let names = v.compactMap { e -> String? in
            guard e.isSingleVariable, let r = e.registry else { return nil }
            return r.name(of: e.linear.keys.first!)
        }
        let list = names.count == v.count && !names.isEmpty
            ? (names.count <= 3 ? names.joined(separator: ", ") : "\(names[0]), …, \(names.last!)")
            : "\(v.count) entries"
        return k.map { "\(kind)(\(list); \($0))" } ?? "\(kind)(\(list))"
    }
}
