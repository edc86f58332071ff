/// Sums many expressions in time linear in their total size (one hash insert per term).
/// `Expression.sum` uses it; the language uses it for comprehension sums.
public struct ExpressionAccumulator: Sendable {
    public private(set) var result = Expression()

    public init() {}

    public mutating func add(_ e: Expression, scale: Double = 1) { result.add(e, scale: scale) }
    mutating func addProductToResult(_ a: Expression, _ b: Expression, _ scale: Double) throws {
        try result.addProduct(a, b, scale: scale)
    }

    /// Makes room for about `terms` more quadratic terms (avoids rehashing while a big sum grows).
    public mutating func reserveQuadratic(_ terms: Int) { result.reserveQuadratic(terms) }

    public mutating func add(_ c: Double) { result.addOffset(ParamLinear(c)) }
    public mutating func addLinear(_ id: Int, _ c: ParamLinear, registry: VariableRegistry) {
        result.adopt(registry)
        result.addLinear(id, c)
    }
    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear, registry: VariableRegistry) {
        result.adopt(registry)
        result.addQuadratic(i, j, c)
    }
}

extension Expression {
    /// Σ of the expressions, linear in their total size.
    public static func sum<S: Sequence>(_ terms: S) -> Expression where S.Element == Expression {
        var acc = ExpressionAccumulator()
        for t in terms { acc.add(t) }
        return acc.result
    }

    /// Σ_k weights[k] · variables[k].
    public static func dot(_ weights: [Double], _ variables: [Expression]) throws -> Expression {
        guard weights.count == variables.count else {
            throw ExpressionError("dot needs as many weights as variables (\(weights.count) vs \(variables.count))")
        }
        var acc = ExpressionAccumulator()
        for (w, v) in zip(weights, variables) where w != 0 { acc.add(v, scale: w) }
        return acc.result
    }

    /// xᵀ J x for an n×n row-major `matrix`: Σ_{a,b} J[a,b] · x_a · x_b (the diagonal folds as squares do).
    public static func quad(_ matrix: [Double], _ variables: [Expression]) throws -> Expression {
        let n = variables.count
        guard matrix.count == n * n else {
            throw ExpressionError("quad needs a \(n)×\(n) matrix for \(n) variables, got \(matrix.count) entries")
        }
        // Single variables (the usual case) go straight into the hash maps.
        let single: [Int]? = variables.allSatisfy(\.isSingleVariable) ? variables.map { $0.linear.keys.first! } : nil
        if let ids = single, let registry = variables.first?.registry {
            var out = Expression()
            out.registry = registry
            out.quadratic.reserveCapacity(n * (n - 1) / 2)
            for a in 0..<n {
                if a & 63 == 0 { try Cancellation.poll() }
                for b in 0..<n {
                    let w = matrix[a * n + b]
                    if w != 0 { out.addQuadratic(ids[a], ids[b], ParamLinear(w)) }
                }
            }
            return out
        }
        var acc = ExpressionAccumulator()
        for a in 0..<n {
            try Cancellation.poll()
            for b in 0..<n where matrix[a * n + b] != 0 {
                acc.add(try variables[a].multiplied(by: variables[b]), scale: matrix[a * n + b])
            }
        }
        return acc.result
    }

    /// True for exactly `1 · v` (no offset, one linear term with coefficient 1).
    public var isSingleVariable: Bool {
        termCount == 1 && linearCount == 1 && offset.isZero && linear.first!.value == .one
    }
}
