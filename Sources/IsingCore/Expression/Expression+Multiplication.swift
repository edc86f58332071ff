extension Expression {
    /// The product, folding squares (binary x² = x, spin s² = 1). Throws when a resulting term has
    /// degree 3 or more — the error names the (smallest such) term, e.g. "x[0,1]*x[0,2]*x[1,0] has
    /// degree 3; a term can have degree at most 2" — or when a coefficient would be a product of two
    /// params ("coefficients must be linear in params: γ * δ"), or when the product cannot fit in memory.
    public func multiplied(by other: Expression) throws -> Expression {
        // A constant times a penalty keeps the penalty's constraint (weighted by the constant), whichever
        // side it is on — `λ * constraint(…)` as well as `constraint(…) * λ`, even when the penalty
        // itself is a constant such as (2s)² = 4.
        if other.isConstant && (other.penalties.isEmpty || !isConstant) { return try scaled(by: other.offset) }
        if isConstant { return try other.scaled(by: offset) }
        var out = Expression()
        out.adoptRegistry(of: self)
        out.adoptRegistry(of: other)
        try out.addProduct(self, other)
        return out
    }

    /// Adds `scale · a · b` in place, without materialising the product (what a sum of products, such
    /// as Σ J_ij w_i w_j, should use). Same errors as `multiplied(by:)`.
    public mutating func addProduct(_ a: Expression, _ b: Expression, scale: Double = 1) throws {
        adoptRegistry(of: a)
        adoptRegistry(of: b)
        if scale == 0 { return }
        if a.dependsOnParams && b.dependsOnParams {
            throw ExpressionError("coefficients must be linear in params: \(a.params[0]) * \(b.params[0])")
        }
        if a.isConstant || b.isConstant {
            let (c, e) = a.isConstant ? (a.offset, b) : (b.offset, a)
            add(try e.scaled(by: c * scale).droppingPenalties)
            return
        }
        // Fail fast before expanding something that cannot fit (e.g. the square of a 10⁷-term sum).
        let expected = Double(1 + a.termCount) * Double(1 + b.termCount)
        do { try MemoryBudget.check(MemoryEstimate.forExpression(terms: Int(min(expected, 1e15))).bytes, "this product") }
        catch let e as MemoryExceeded { throw ExpressionError(e.message) }
        if a.degree + b.degree > 2 { try checkDegree(a, b) }
        let growth = a.linear.count * b.linear.count
        let polls = growth > 1 << 16  // a long expansion: let an interrupt land
        if quadratic.count + growth > quadratic.capacity { quadratic.reserveCapacity(quadratic.count + growth) }

        // Constant parts times everything.
        if !a.offset.isZero { try addScaledTerms(of: b, by: a.offset * scale) }
        if !b.offset.isZero {
            try addScaledTerms(of: a, by: b.offset * scale)
            if !a.offset.isZero { offset += try (a.offset * scale).multiplied(by: b.offset) }  // counted once
        }
        // Several products land on the same key (c_i·c_j and c_j·c_i, every s_i² on the offset), so the
        // terms are visited in key order: floating-point sums then never depend on hash order, which
        // Swift seeds per process.
        let aLinear = a.linear.sorted { $0.key < $1.key }, bLinear = b.linear.sorted { $0.key < $1.key }
        // Linear × linear: the bulk of most products, without any allocation.
        for (i, ci) in aLinear {
            if polls { try Cancellation.poll() }
            let c = ci * scale
            for (j, cj) in bLinear { addQuadratic(i, j, try c.multiplied(by: cj)) }
        }
        // Anything involving a quadratic term folds back to degree ≤ 2 (checked above).
        if !a.quadratic.isEmpty || !b.quadratic.isEmpty {
            let aQuadratic = a.quadratic.sorted { $0.key < $1.key }, bQuadratic = b.quadratic.sorted { $0.key < $1.key }
            for (p, cp) in aQuadratic {
                for (j, cj) in bLinear { addFolded([p.first, p.second, j], try (cp * scale).multiplied(by: cj)) }
                for (r, cr) in bQuadratic {
                    addFolded([p.first, p.second, r.first, r.second], try (cp * scale).multiplied(by: cr))
                }
            }
            for (r, cr) in bQuadratic {
                for (i, ci) in aLinear { addFolded([i, r.first, r.second], try (ci * scale).multiplied(by: cr)) }
            }
        }
    }

    /// `self` to a non-negative integer power: e⁰ = 1, e¹ = e, e² = e·e, …
    public func power(_ n: Int) throws -> Expression {
        guard n >= 0 else { throw ExpressionError("an expression can only be raised to a non-negative integer power, not \(n)") }
        if n == 0 { var one = Expression(constant: .one); one.registry = registry; return one }
        var out = self
        for _ in 1..<n { out = try out.multiplied(by: self) }
        return out
    }

    public static func * (a: Expression, b: Expression) throws -> Expression { try a.multiplied(by: b) }

    // MARK: private

    /// The expression without carried constraints (a product is no longer the penalty itself).
    var droppingPenalties: Expression { var e = self; e.penalties = []; return e }

    /// Adds c · (every non-constant term of e), excluding e's offset (the caller handles offset × offset).
    private mutating func addScaledTerms(of e: Expression, by c: ParamLinear) throws {
        for (id, v) in e.linear { addLinear(id, try v.multiplied(by: c)) }
        for (p, v) in e.quadratic { addQuadratic(p.first, p.second, try v.multiplied(by: c)) }
    }

    /// Adds c times the monomial of `ids` reduced by the vartypes (known to fold to degree ≤ 2).
    private mutating func addFolded(_ ids: [Int], _ c: ParamLinear) {
        let f = fold(ids)
        switch f.count {
        case 0: offset += c
        case 1: addLinear(f[0], c)
        default: addQuadratic(f[0], f[1], c)
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
            if registry!.vartype(of: sorted[k]) == .binary || (m - k) % 2 == 1 { out.append(sorted[k]) }
            k = m
        }
        return out
    }

    /// Throws for the smallest product monomial that keeps degree ≥ 3 after folding.
    private func checkDegree(_ x: Expression, _ y: Expression) throws {
        func monomials(_ e: Expression) -> [[Int]] {
            e.linear.keys.map { [$0] } + e.quadratic.keys.map { [$0.first, $0.second] }
        }
        var worst: [Int]? = nil
        let ys = monomials(y)
        for a in monomials(x) {
            for b in ys where a.count + b.count > 2 {
                let f = fold(a + b)
                if f.count > 2, worst.map({ f.lexicographicallyPrecedes($0) }) ?? true { worst = f }
            }
        }
        if let worst {
            let names = worst.map { registry!.name(of: $0) }.joined(separator: "*")
            throw ExpressionError("\(names) has degree \(worst.count); a term can have degree at most 2")
        }
    }
}

extension ExpressionAccumulator {
    /// Adds `scale · a · b` without materialising the product.
    public mutating func addProduct(_ a: Expression, _ b: Expression, scale: Double = 1) throws {
        try addProductToResult(a, b, scale)
    }
}
