extension Expression {
    /// The product, folding squares (binary x² = x, spin s² = 1). Throws when a resulting term has
    /// degree 3 or more — the error names the (smallest such) term, e.g. "x[0,1]*x[0,2]*x[1,0] has
    /// degree 3" — or when a coefficient would be a product of two params.
    public func multiplied(by other: Expression) throws -> Expression {
        if other.isConstant { return try scaled(by: other.offset) }
        if isConstant { return try other.scaled(by: offset) }
        if let p = params.first, let q = other.params.first {
            throw ExpressionError("coefficients must be linear in params: \(p) * \(q)")
        }
        // Fail fast before expanding something that cannot fit (e.g. the square of a 10⁷-term sum).
        let expected = (1 + linear.count + quadratic.count) * (1 + other.linear.count + other.quadratic.count)
        try MemoryEstimate.forExpression(terms: Int(min(Double(expected), 1e15))).check("this product")
        var out = Expression()
        out.adoptRegistry(of: self)
        out.adoptRegistry(of: other)
        if degree + other.degree > 2 { try out.checkDegree(self, other) }
        let a = monomials, b = other.monomials
        out.linear.reserveCapacity(linear.count + other.linear.count)
        for (va, ca) in a {
            for (vb, cb) in b {
                let c = try ca.multiplied(by: cb)
                out.addProduct(va, vb, c)
            }
        }
        return out
    }

    /// `self` to a non-negative integer power: e⁰ = 1, e¹ = e, e² = e·e, …
    public func power(_ n: Int) throws -> Expression {
        guard n >= 0 else { throw ExpressionError("an expression can only be raised to a non-negative integer power, not \(n)") }
        if n == 0 { var one = Expression(ParamLinear.one); one.registry = registry; return one }
        var out = self
        for _ in 1..<n { out = try out.multiplied(by: self) }
        return out
    }

    public static func * (a: Expression, b: Expression) throws -> Expression { try a.multiplied(by: b) }

    // MARK: private

    /// Monomials as (first id or -1, second id or -1, coefficient).
    private var monomials: [((Int, Int), ParamLinear)] {
        var out: [((Int, Int), ParamLinear)] = []
        out.reserveCapacity(1 + linear.count + quadratic.count)
        if !offset.isZero { out.append(((-1, -1), offset)) }
        for (id, c) in linear { out.append(((id, -1), c)) }
        for (p, c) in quadratic { out.append(((p.first, p.second), c)) }
        return out
    }

    /// Adds c · (product of the two monomials), which `checkDegree` guaranteed folds to degree ≤ 2.
    private mutating func addProduct(_ a: (Int, Int), _ b: (Int, Int), _ c: ParamLinear) {
        if c.isZero { return }
        let count = (a.0 >= 0 ? 1 : 0) + (a.1 >= 0 ? 1 : 0) + (b.0 >= 0 ? 1 : 0) + (b.1 >= 0 ? 1 : 0)
        if count <= 2 {  // the common case, without allocating: at most two ids among the four slots
            let first = a.0 >= 0 ? a.0 : b.0
            let second = a.0 >= 0 ? (a.1 >= 0 ? a.1 : b.0) : b.1
            switch count {
            case 0: offset += c
            case 1: addLinear(first, c)
            default: addQuadratic(first, second, c)  // a repeated id folds inside addQuadratic
            }
            return
        }
        let ids = fold([a.0, a.1, b.0, b.1].filter { $0 >= 0 })
        switch ids.count {
        case 0: offset += c
        case 1: addLinear(ids[0], c)
        default: addQuadratic(ids[0], ids[1], c)
        }
    }

    /// Reduces a monomial: repeated binary ids collapse to one, pairs of equal spin ids drop out.
    private func fold(_ ids: [Int]) -> [Int] {
        let sorted = ids.sorted()
        var out: [Int] = []
        var k = 0
        while k < sorted.count {
            var m = k
            while m < sorted.count && sorted[m] == sorted[k] { m += 1 }
            let times = m - k
            if registry!.vartype(of: sorted[k]) == .binary || times % 2 == 1 { out.append(sorted[k]) }
            k = m
        }
        return out
    }

    /// Throws for the smallest product monomial that keeps degree ≥ 3 after folding.
    private func checkDegree(_ x: Expression, _ y: Expression) throws {
        var worst: [Int]? = nil
        let xs = x.monomials.map(\.0).filter { $0.0 >= 0 }
        let ys = y.monomials.map(\.0).filter { $0.0 >= 0 }
        for a in xs {
            for b in ys {
                let ids = [a.0, a.1, b.0, b.1].filter { $0 >= 0 }
                if ids.count <= 2 { continue }
                let f = fold(ids)
                if f.count > 2, worst.map({ f.lexicographicallyPrecedes($0) }) ?? true { worst = f }
            }
        }
        if let worst {
            let names = worst.map { registry!.name(of: $0) }.joined(separator: "*")
            throw ExpressionError("\(names) has degree \(worst.count); a term can have degree at most 2")
        }
    }
}
