extension CompiledModel {
    /// The same model over the other vartype, with identical energies (s = 2x − 1 / x = (s + 1)/2),
    /// converted block by block so params stay symbolic. The pattern is kept, so a round trip
    /// QUBO → Ising → QUBO restores every coefficient (exactly for dyadic values).
    public func converted(to target: Vartype) -> CompiledModel {
        guard target != vartype else { return self }
        let n = variableCount
        let toSpin = target == .spin
        let newBlocks = blocks.map { block -> TermBlock in
            var lin = block.linear.isEmpty ? [Double](repeating: 0, count: n) : block.linear
            var off = block.offset
            var quad = block.quadratic
            if toSpin {
                // a·x = a/2·s + a/2 ;  b·x_i x_j = b/4 (s_i s_j + s_i + s_j + 1)
                for i in 0..<n { off += lin[i] / 2; lin[i] /= 2 }
                if !quad.isEmpty {
                    for i in 0..<n {
                        for k in rowStart[i]..<rowStart[i + 1] {
                            let b = quad[k], j = Int(columns[k])
                            lin[i] += b / 4; lin[j] += b / 4; off += b / 4; quad[k] = b / 4
                        }
                    }
                }
            } else {
                // a·s = 2a·x − a ;  b·s_i s_j = 4b x_i x_j − 2b x_i − 2b x_j + b
                for i in 0..<n { off -= lin[i]; lin[i] *= 2 }
                if !quad.isEmpty {
                    for i in 0..<n {
                        for k in rowStart[i]..<rowStart[i + 1] {
                            let b = quad[k], j = Int(columns[k])
                            lin[i] -= 2 * b; lin[j] -= 2 * b; off += b; quad[k] = 4 * b
                        }
                    }
                }
            }
            let keepLinear = lin.contains { $0 != 0 }
            return TermBlock(param: block.param, linear: keepLinear ? lin : [], quadratic: quad, offset: off)
        }
        let newConstraints = constraints.map { c -> ConstraintRecord in
            func convert(_ terms: [(index: Int, coefficient: Double)], _ constant: Double)
                -> ([(index: Int, coefficient: Double)], Double) {
                var k = constant
                let t = terms.map { term -> (index: Int, coefficient: Double) in
                    if toSpin { k += term.coefficient / 2; return (term.index, term.coefficient / 2) }
                    k -= term.coefficient
                    return (term.index, term.coefficient * 2)
                }
                return (t, k)
            }
            let (t, k) = convert(c.terms, c.constant)
            let (pt, pk) = convert(c.penaltyTerms, c.penaltyConstant)
            return ConstraintRecord(name: c.name, terms: t, constant: k, relation: c.relation, penaltyTerms: pt,
                                    penaltyConstant: pk, squareScale: c.squareScale, linearScale: c.linearScale,
                                    weight: c.weight, slackIndices: c.slackIndices)
        }
        return CompiledModel(vartype: target, names: names, rowStart: rowStart, columns: columns, blocks: newBlocks,
                             constraints: newConstraints, variableIDs: variableIDs)
    }

    /// h/J/offset (Ising) with params applied: what `ising(m)` shows.
    public func isingTable(params: [String: Double]) throws -> CoefficientTable {
        try converted(to: .spin).table(params: params)
    }

    /// Q/offset (QUBO, linear terms on the diagonal) with params applied: what `qubo(m)` shows.
    public func quboTable(params: [String: Double]) throws -> CoefficientTable {
        try converted(to: .binary).table(params: params)
    }

    /// This model's own coefficients with params applied, as lists.
    public func table(params: [String: Double]) throws -> CoefficientTable {
        let w = try weighted(params)
        var couplings: [CoefficientTable.Coupling] = []
        couplings.reserveCapacity(columns.count)
        for i in 0..<variableCount {
            for k in rowStart[i]..<rowStart[i + 1] where w.quadratic[k] != 0 {
                couplings.append(.init(i: i, j: Int(columns[k]), value: w.quadratic[k]))
            }
        }
        return CoefficientTable(vartype: vartype, names: names, linear: w.linear, couplings: couplings,
                                offset: w.offset)
    }
}

/// A model's coefficients as plain lists: `linear[i]` (h for Ising, the QUBO diagonal for binary),
/// couplings (i < j, ascending) and the offset.
public struct CoefficientTable: Sendable {
    public struct Coupling: Sendable, Equatable {
        public var i: Int
        public var j: Int
        public var value: Double
        public init(i: Int, j: Int, value: Double) {
            self.i = i
            self.j = j
            self.value = value
        }
    }

    public var vartype: Vartype
    public var names: [String]
    public var linear: [Double]
    public var couplings: [Coupling]
    public var offset: Double

    public init(vartype: Vartype, names: [String], linear: [Double], couplings: [Coupling], offset: Double) {
        self.vartype = vartype
        self.names = names
        self.linear = linear
        self.couplings = couplings
        self.offset = offset
    }

    /// Builds a one-block model (no params) from the table.
    public func model() -> CompiledModel {
        var b = ModelBuilder(vartype: vartype, names: names)
        b.reserveQuadratic(couplings.count)
        b.addOffset(offset)
        for (i, a) in linear.enumerated() where a != 0 { b.addLinear(i, a) }
        for c in couplings { b.addQuadratic(c.i, c.j, c.value) }
        return b.compile()
    }
}
