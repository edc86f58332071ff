import IsingCore

extension StructuredQAMAV1Problem {
    /// Unordered bit couplings the expanded model holds: within heads every pair of the H·N·q bits of a head,
    /// across heads the same (token, bit) in each head pair.
    public var expandedCouplingCount: Int {
        let perHead = tokens * bits
        return heads * perHead * (perHead - 1) / 2 + (heads * (heads - 1) / 2) * perHead
    }

    public var expandedMemoryEstimate: MemoryEstimate {
        MemoryEstimate.forModel(variables: variableCount, couplings: expandedCouplingCount)
    }

    /// The same Hamiltonian with every bit coupling written out through `ModelBuilder` (binary variables in
    /// the order t·N·q + i·q + k), coefficient by coefficient as `QAMAV1Hamiltonian` compiles it: linear
    /// −α·J_ii·c_k² − β·h_i·c_k, −2α·J_ii·c_k·c_l within a token, −α·(J_ij + J_ji)·c_k·c_l across tokens, P
    /// across heads. O(H·N²·q²) time and memory, checked first.
    public func expandedModel() throws -> CompiledModel {
        try expandedMemoryEstimate.check("the expanded QAMA v1 model")
        let n = tokens, q = bits, c = bitWeights, p = penalty
        var names: [String] = []
        names.reserveCapacity(variableCount)
        for t in 0..<heads { for i in 0..<n { for k in 0..<q { names.append("x[t=\(t),i=\(i),k=\(k)]") } } }
        var builder = ModelBuilder(vartype: .binary, names: names)
        builder.reserveQuadratic(expandedCouplingCount)
        for t in 0..<heads {
            for i in 0..<n {
                let sRow = (t * n + i) * n, jii = symmetricCoupling[sRow + i] / 2
                for k in 0..<q {
                    let row = (t * n + i) * q + k
                    builder.addLinear(row, -alpha * jii * c[k] * c[k])
                    builder.addLinear(row, -beta * field[t * n + i] * c[k])
                    for l in (k + 1)..<q { builder.addQuadratic(row, row + (l - k), -2 * alpha * jii * c[k] * c[l]) }
                    for j in (i + 1)..<n {
                        let pair = -alpha * symmetricCoupling[sRow + j] * c[k]
                        for l in 0..<q { builder.addQuadratic(row, (t * n + j) * q + l, pair * c[l]) }
                    }
                    for other in (t + 1)..<heads { builder.addQuadratic(row, (other * n + i) * q + k, p) }
                }
            }
        }
        return builder.compile()
    }
}
