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
        // A large product is collected in flat buffers and merged once (sorted terms); a small one in hash maps.
        // Both receive the same contributions in the same order, so the coefficients are the same.
        let large = linearCount * other.linearCount + termCount + other.termCount > Self.sortedProductSize
        if large, let square = try squareOfLinear(other) { return square }
        if large {
            try out.checkProduct(self, other)
            var acc = TermAccumulator()
            if let r = out.registry { acc.adopt(r) }
            try Self.expandProduct(self, other, scale: 1, into: &acc)
            return try acc.finish()
        }
        try out.addProduct(self, other)
        return out
    }

    /// `self · self` for a linear expression without params (`(Σ a_i s_i)²`, a constraint's square), written
    /// straight into sorted terms: each pair once, no buffer to sort. The coefficients are the ones the general
    /// product sums: a pair's c_i·c_j + c_j·c_i (= 2·c_i·c_j exactly), a binary's c_i·off + c_i·off + c_i², the
    /// offset's off² and then every spin's c_i² in id order. nil when `other` is not the same linear expression.
    private func squareOfLinear(_ other: Expression) throws -> Expression? {
        guard quadraticCount == 0, other.quadraticCount == 0, !dependsOnParams, !other.dependsOnParams,
              offset == other.offset, linearCount == other.linearCount, let registry else { return nil }
        if let a = sorted, let b = other.sorted {
            guard a === b || (a.keys == b.keys && a.constants == b.constants) else { return nil }
        } else if linear != other.linear {
            return nil
        }
        try checkProduct(self, other)
        let terms = sortedLinear
        let n = terms.count, off = offset.constant
        var keys: [UInt64] = [], values: [Double] = []
        keys.reserveCapacity(n + n * (n - 1) / 2)
        values.reserveCapacity(n + n * (n - 1) / 2)
        var constant = off != 0 ? off * off : 0
        for (id, c) in terms {
            let ci = c.constant
            var v = 0.0
            if off != 0 { v += ci * off; v += ci * off }
            if registry.vartype(of: id) == .binary { v += ci * ci } else { constant += ci * ci }
            if v != 0 { keys.append(TermKey.linear(id)); values.append(v) }
        }
        for a in 0..<n {
            if a & 63 == 0 { try Cancellation.poll() }
            let (i, ci) = (terms[a].key, terms[a].value.constant)
            for b in (a + 1)..<max(a + 1, n) {
                let p = ci * terms[b].value.constant
                if p != 0 { keys.append(TermKey.quadratic(i, terms[b].key)); values.append(p + p) }
            }
        }
        var out = Expression(constant: ParamLinear(constant))
        out.registry = registry
        out.setSorted(SortedTerms(keys: keys, constants: values, paramParts: []))
        return out
    }

    /// From this many product terms on, `multiplied(by:)` collects them in flat buffers.
    static let sortedProductSize = 4096

    /// Adds `scale · a · b` in place, without materialising the product (what a sum of products, such
    /// as Σ J_ij w_i w_j, should use). Same errors as `multiplied(by:)`.
    public mutating func addProduct(_ a: Expression, _ b: Expression, scale: Double = 1) throws {
        adoptRegistry(of: a)
        adoptRegistry(of: b)
        if scale == 0 { return }
        if a.isConstant || b.isConstant {
            if a.dependsOnParams && b.dependsOnParams {
                throw ExpressionError("coefficients must be linear in params: \(a.params[0]) * \(b.params[0])")
            }
            let (c, e) = a.isConstant ? (a.offset, b) : (b.offset, a)
            add(try e.scaled(by: c * scale).droppingPenalties)
            return
        }
        try checkProduct(a, b)
        let growth = a.linearCount * b.linearCount
        if quadraticCount + growth > quadratic.capacity { quadratic.reserveCapacity(quadraticCount + growth) }
        try Self.expandProduct(a, b, scale: scale, into: &self)
    }

    /// The checks before expanding a product of two non-constant expressions: params on both sides, memory,
    /// degree.
    private func checkProduct(_ a: Expression, _ b: Expression) throws {
        if a.dependsOnParams && b.dependsOnParams {
            throw ExpressionError("coefficients must be linear in params: \(a.params[0]) * \(b.params[0])")
        }
        // Fail fast before expanding something that cannot fit (e.g. the square of a 10⁷-term sum).
        let expected = Double(1 + a.termCount) * Double(1 + b.termCount)
        do { try MemoryBudget.check(MemoryEstimate.forExpression(terms: Int(min(expected, 1e15))).bytes, "this product") }
        catch let e as MemoryExceeded { throw ExpressionError(e.message) }
        if a.degree + b.degree > 2 { try checkDegree(a, b) }
    }

    /// Every contribution of `scale · a · b` (both non-constant, checked), in a fixed order: the constant parts
    /// times everything, then linear × linear in key order, then whatever involves a quadratic term, folded.
    private static func expandProduct<S: ProductSink>(_ a: Expression, _ b: Expression, scale: Double, into out: inout S) throws {
        let polls = a.linearCount * b.linearCount > 1 << 16  // a long expansion: let an interrupt land
        let aLinear = a.sortedLinear, bLinear = b.sortedLinear
        // Constant parts times everything.
        if !a.offset.isZero { try addScaledTerms(of: b, by: a.offset * scale, into: &out) }
        if !b.offset.isZero {
            try addScaledTerms(of: a, by: b.offset * scale, into: &out)
            if !a.offset.isZero { out.addOffset(try (a.offset * scale).multiplied(by: b.offset)) }  // counted once
        }
        // Several products land on the same key (c_i·c_j and c_j·c_i, every s_i² on the offset), so the
        // terms are visited in key order: floating-point sums then never depend on hash order, which
        // Swift seeds per process.
        for (i, ci) in aLinear {
            if polls { try Cancellation.poll() }
            let c = ci * scale
            for (j, cj) in bLinear { try out.addQuadratic(i, j, try c.multiplied(by: cj)) }
        }
        // Anything involving a quadratic term folds back to degree ≤ 2 (checked above).
        if a.quadraticCount > 0 || b.quadraticCount > 0 {
            let aQuadratic = a.sortedQuadratic, bQuadratic = b.sortedQuadratic
            let registry = a.registry ?? b.registry
            for (p, cp) in aQuadratic {
                for (j, cj) in bLinear { try out.addFolded([p.first, p.second, j], try (cp * scale).multiplied(by: cj), registry) }
                for (r, cr) in bQuadratic {
                    try out.addFolded([p.first, p.second, r.first, r.second], try (cp * scale).multiplied(by: cr), registry)
                }
            }
            for (r, cr) in bQuadratic {
                for (i, ci) in aLinear { try out.addFolded([i, r.first, r.second], try (ci * scale).multiplied(by: cr), registry) }
            }
        }
    }

    /// Adds c · (every non-constant term of e), excluding e's offset (the caller handles offset × offset).
    private static func addScaledTerms<S: ProductSink>(of e: Expression, by c: ParamLinear, into out: inout S) throws {
        for (id, v) in e.sortedLinear { try out.addLinear(id, try v.multiplied(by: c)) }
        for (p, v) in e.sortedQuadratic { try out.addQuadratic(p.first, p.second, try v.multiplied(by: c)) }
    }

    /// The linear terms in id order.
    var sortedLinear: [(key: Int, value: ParamLinear)] {
        if let sorted {
            var out: [(key: Int, value: ParamLinear)] = []
            out.reserveCapacity(sorted.linearCount)
            sorted.forEach { key, c in if !TermKey.isQuadratic(key) { out.append((TermKey.first(key), c)) } }
            return out
        }
        return linear.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The quadratic terms in pair order.
    var sortedQuadratic: [(key: VariablePair, value: ParamLinear)] {
        if let sorted {
            var out: [(key: VariablePair, value: ParamLinear)] = []
            out.reserveCapacity(sorted.quadraticCount)
            sorted.forEach { key, c in if TermKey.isQuadratic(key) { out.append((VariablePair(TermKey.first(key), TermKey.second(key)), c)) } }
            return out
        }
        return quadratic.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
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

    /// Reduces a monomial: repeated binary ids collapse to one, pairs of equal spin ids drop out.
    static func fold(_ ids: [Int], _ registry: VariableRegistry?) -> [Int] {
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
                let f = Self.fold(a + b, registry)
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

/// Where a product's terms go: an `Expression` (hash maps) or a `TermAccumulator` (flat buffers). Both fold a
/// square as it arrives (binary x·x = x, spin s·s = 1).
protocol ProductSink {
    mutating func addOffset(_ c: ParamLinear)
    mutating func addLinear(_ id: Int, _ c: ParamLinear) throws
    mutating func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear) throws
}

extension ProductSink {
    /// Adds c times the monomial of `ids` reduced by the vartypes (known to fold to degree ≤ 2).
    mutating func addFolded(_ ids: [Int], _ c: ParamLinear, _ registry: VariableRegistry?) throws {
        let f = Expression.fold(ids, registry)
        switch f.count {
        case 0: addOffset(c)
        case 1: try addLinear(f[0], c)
        default: try addQuadratic(f[0], f[1], c)
        }
    }
}

extension Expression: ProductSink {}

extension TermAccumulator: ProductSink {
    public mutating func addLinear(_ id: Int, _ c: ParamLinear) throws {
        if c.isZero { return }
        try add(key: TermKey.linear(id), c)
    }

    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear) throws {
        if c.isZero { return }
        if i == j {
            guard let registry else { preconditionFailure("a variable term needs a registry") }
            if registry.vartype(of: i) == .binary { try addLinear(i, c) } else { addOffset(c) }
            return
        }
        try add(key: TermKey.quadratic(i, j), c)
    }
}
