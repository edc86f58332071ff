import IsingCore

extension StructuredQAMAProblem {
    /// Unordered couplings the expanded model holds: H·N(N−1)/2 within heads, N·H(H−1)/2 across them.
    public var expandedCouplingCount: Int {
        heads * tokens * (tokens - 1) / 2 + tokens * heads * (heads - 1) / 2
    }

    /// What `expandedModel()` will need, to check before building it.
    public var expandedMemoryEstimate: MemoryEstimate {
        MemoryEstimate.forModel(variables: variableCount, couplings: expandedCouplingCount)
    }

    /// The same Hamiltonian with every coupling written out, through `ModelBuilder` (binary variables
    /// x[t,j] at index t·N + j): for comparison with the generic solvers, and for whatever needs explicit
    /// couplings (export, exact, the CIM). O(H·N²·d) time and O(H·N²) memory, checked first.
    public func expandedModel() throws -> CompiledModel {
        try expandedMemoryEstimate.check("the expanded QAMA model")
        let d = features, scale = 1 / (2 * Double(d).squareRoot())
        var builder = ModelBuilder(vartype: .binary,
                                   names: (0..<variableCount).map { "x[\($0 / tokens),\($0 % tokens)]" })
        builder.reserveQuadratic(expandedCouplingCount)
        query.withUnsafeBufferPointer { q in
            key.withUnsafeBufferPointer { k in
                for t in 0..<heads {
                    for j in 0..<tokens {
                        let a = (t * tokens + j) * d
                        for l in (j + 1)..<max(j + 1, tokens) {
                            let b = (t * tokens + l) * d
                            var dot = 0.0
                            for f in 0..<d { dot += q[a + f] * k[b + f] + k[a + f] * q[b + f] }
                            // Both ordered pairs (j,l) and (l,j) of Σ_{j≠k}.
                            builder.addQuadratic(t * tokens + j, t * tokens + l, -2 * alpha * dot * scale)
                        }
                    }
                }
            }
        }
        for i in 0..<variableCount { builder.addLinear(i, packed.linear[i]) }
        if heads >= 2 {
            for j in 0..<tokens {
                for t in 0..<heads {
                    for u in (t + 1)..<heads { builder.addQuadratic(t * tokens + j, u * tokens + j, 2 * penalty) }
                }
            }
        }
        return builder.compile()
    }
}
