extension Expression {
    /// Compiles through `ModelBuilder`. Model variables are the ids the expression uses (its terms and
    /// the constraints it carries), in ascending id order; `CompiledModel.variableIDs` keeps the map.
    /// The model is binary when any of them is binary (spins are then substituted, s = 2x − 1), spin
    /// otherwise. Param-dependent coefficients go to one block per param. Throws when the model would
    /// not fit in memory.
    public func compile(registry explicit: VariableRegistry? = nil,
                        memoryLimit: Double = MemoryEstimate.defaultLimit) throws -> CompiledModel {
        let registry = explicit ?? self.registry
        let ids = variableIDs
        guard ids.isEmpty || registry != nil else { throw ExpressionError("the expression has no variable registry") }
        try MemoryEstimate.forModel(variables: ids.count, couplings: quadraticCount, blocks: 1 + params.count)
            .check("this model", limit: memoryLimit)

        let vartypes = ids.map { registry!.vartype(of: $0) }
        let vartype: Vartype = vartypes.contains(.binary) || ids.isEmpty ? .binary : .spin
        let mixed = vartype == .binary && vartypes.contains(.spin)
        let names = ids.map { registry!.name(of: $0) }
        // id → model index through a dense table over the id range (ids are compact in practice).
        let base = ids.first ?? 0
        var indexOf = [Int32](repeating: -1, count: ids.isEmpty ? 0 : ids.last! - base + 1)
        for (k, id) in ids.enumerated() { indexOf[id - base] = Int32(k) }
        @inline(__always) func index(_ id: Int) -> Int { Int(indexOf[id - base]) }
        func isSpin(_ k: Int) -> Bool { mixed && vartypes[k] == .spin }

        var builder = ModelBuilder(vartype: vartype, names: names)
        builder.variableIDs = ids
        builder.reserveQuadratic(quadraticCount)
        builder.addOffset(offset)
        if let sorted {
            // Sorted terms: rows arrive in order (no per-row sort in the builder) and nothing is hashed.
            if !mixed {
                // Constant parts, then each param part: no ParamLinear is made per term.
                var p = 0
                let parts = sorted.paramParts
                for k in 0..<sorted.count {
                    let key = sorted.keys[k], c = sorted.constants[k]
                    if TermKey.isQuadratic(key) {
                        let i = index(TermKey.first(key)), j = index(TermKey.second(key))
                        if c != 0 { builder.addQuadratic(i, j, c) }
                        while p < parts.count && parts[p].index == k {
                            builder.addQuadratic(i, j, parts[p].term.coefficient, param: parts[p].term.param)
                            p += 1
                        }
                    } else {
                        let i = index(TermKey.first(key))
                        if c != 0 { builder.addLinear(i, c) }
                        while p < parts.count && parts[p].index == k {
                            builder.addLinear(i, parts[p].term.coefficient, param: parts[p].term.param)
                            p += 1
                        }
                    }
                }
            } else {
                sorted.forEach { key, c in
                    if TermKey.isQuadratic(key) {
                        addQuadratic(index(TermKey.first(key)), index(TermKey.second(key)), c, to: &builder, isSpin: isSpin)
                    } else {
                        addLinear(index(TermKey.first(key)), c, to: &builder, isSpin: isSpin)
                    }
                }
            }
            for p in penalties { builder.addConstraint(record(for: p, index: index, isSpin: isSpin)) }
            return builder.compile()
        }
        // Mixed models accumulate several contributions into the same linear slots; visiting keys in
        // sorted order keeps the floating-point sums identical from run to run.
        let linearKeys = mixed ? linear.keys.sorted() : Array(linear.keys)
        for id in linearKeys { addLinear(index(id), linear[id]!, to: &builder, isSpin: isSpin) }
        if mixed {
            for key in quadratic.keys.sorted() {
                addQuadratic(index(key.first), index(key.second), quadratic[key]!, to: &builder, isSpin: isSpin)
            }
        } else {
            for (key, c) in quadratic { builder.addQuadratic(index(key.first), index(key.second), c) }
        }
        for p in penalties { builder.addConstraint(record(for: p, index: index, isSpin: isSpin)) }
        return builder.compile()
    }

    /// A linear term in the model's vartype: a spin in a binary model is substituted, a·s = 2a·x − a.
    private func addLinear(_ k: Int, _ c: ParamLinear, to builder: inout ModelBuilder, isSpin: (Int) -> Bool) {
        if isSpin(k) {
            builder.addLinear(k, c * 2); builder.addOffset(-c)
        } else {
            builder.addLinear(k, c)
        }
    }

    /// A quadratic term in the model's vartype (spins in a binary model substituted).
    private func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear, to builder: inout ModelBuilder, isSpin: (Int) -> Bool) {
        switch (isSpin(i), isSpin(j)) {
        case (false, false): builder.addQuadratic(i, j, c)
        case (true, true):  // b·s_i s_j = 4b x_i x_j − 2b x_i − 2b x_j + b
            builder.addQuadratic(i, j, c * 4); builder.addLinear(i, c * -2); builder.addLinear(j, c * -2)
            builder.addOffset(c)
        case (true, false): builder.addQuadratic(i, j, c * 2); builder.addLinear(j, -c)  // b(2x_i − 1)x_j
        case (false, true): builder.addQuadratic(i, j, c * 2); builder.addLinear(i, -c)
        }
    }

    /// The model-level record of a carried constraint, in the model's vartype.
    private func record(for p: ConstraintPenalty, index: (Int) -> Int, isSpin: (Int) -> Bool) -> ConstraintRecord {
        func convert(_ terms: [(id: Int, coefficient: Double)], _ constant: Double)
            -> ([(index: Int, coefficient: Double)], Double) {
            var c = constant
            var out: [(index: Int, coefficient: Double)] = []
            for t in terms {
                let k = index(t.id)
                if isSpin(k) { out.append((k, 2 * t.coefficient)); c -= t.coefficient } else { out.append((k, t.coefficient)) }
            }
            return (out, c)
        }
        let (terms, constant) = convert(p.terms, p.constant)
        let (pTerms, pConstant) = convert(p.penaltyTerms, p.penaltyConstant)
        return ConstraintRecord(name: p.name, terms: terms, constant: constant, relation: p.relation,
                                penaltyTerms: pTerms, penaltyConstant: pConstant, squareScale: p.squareScale,
                                linearScale: p.linearScale, weight: p.weight, slackIndices: p.slackIDs.map(index))
    }
}
