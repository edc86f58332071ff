/// A compiled quadratic model (dimod's BQM with named weights):
///
///     E(x) = E₀(x) + Σ_p value(p) · E_p(x),   each E_b(x) = offset_b + Σ_i a_b[i] x_i + Σ_{i<j} b_b[ij] x_i x_j
///
/// over binary or spin variables. All blocks share one upper-triangular sparsity pattern, so applying
/// new param values is one pass over the nonzeros with no re-expansion of any expression.
public struct CompiledModel: Sendable {
    public let vartype: Vartype
    /// One display name per variable, e.g. `x[0,3]` or `x[t=1,i=4,k=2]`.
    public let names: [String]
    /// Row i's couplings are to `columns[rowStart[i] ..< rowStart[i + 1]]`, all with column > i, sorted.
    public let rowStart: [Int]
    public let columns: [Int32]
    /// `blocks[0]` has `param == nil` (the constant part); every other block belongs to one param.
    public let blocks: [TermBlock]
    public let constraints: [ConstraintRecord]
    /// The expression-level id of each model variable, ascending (model index k ↔ `variableIDs[k]`).
    /// For models not built from an `Expression` this is `0 ..< n`.
    public let variableIDs: [Int]
    /// Derived data (the symmetric Ising pattern), built on first use and shared by copies.
    let cache = IsingCache()

    public struct TermBlock: Sendable {
        public let param: String?
        /// `n` entries, or empty when the block has no linear part.
        public let linear: [Double]
        /// Aligned with `columns`, or empty when the block has no quadratic part.
        public let quadratic: [Double]
        public let offset: Double
        /// Pattern positions where `quadratic` is nonzero, ascending — only when that is under a quarter
        /// of the pattern (a param touching few couplings); nil otherwise.
        public let support: [Int32]?

        public init(param: String?, linear: [Double], quadratic: [Double], offset: Double) {
            self.param = param
            self.linear = linear
            self.quadratic = quadratic
            self.offset = offset
            self.support = param == nil ? nil : Self.sparseSupport(quadratic)
        }

        private static func sparseSupport(_ q: [Double]) -> [Int32]? {
            if q.isEmpty { return [] }
            var out: [Int32] = []
            let cap = q.count / 4
            for k in q.indices where q[k] != 0 {
                if out.count >= cap { return nil }
                out.append(Int32(k))
            }
            return out
        }

        /// E_b(x) for a sample in the model's vartype.
        func energy(_ x: UnsafeBufferPointer<Int8>, rowStart: [Int], columns: [Int32]) -> Double {
            var e = offset
            if !linear.isEmpty { for i in 0..<x.count where x[i] != 0 { e += linear[i] * Double(x[i]) } }
            if !quadratic.isEmpty {
                quadratic.withUnsafeBufferPointer { q in
                    columns.withUnsafeBufferPointer { c in
                        for i in 0..<x.count where x[i] != 0 {
                            var field = 0.0
                            for k in rowStart[i]..<rowStart[i + 1] { field += q[k] * Double(x[Int(c[k])]) }
                            e += Double(x[i]) * field
                        }
                    }
                }
            }
            return e
        }
    }

    public init(vartype: Vartype, names: [String], rowStart: [Int], columns: [Int32], blocks: [TermBlock],
                constraints: [ConstraintRecord] = [], variableIDs: [Int]? = nil) {
        precondition(rowStart.count == names.count + 1 && rowStart.last == columns.count)
        precondition(blocks.first?.param == nil, "blocks[0] must be the constant block")
        self.vartype = vartype
        self.names = names
        self.rowStart = rowStart
        self.columns = columns
        self.blocks = blocks
        self.constraints = constraints
        self.variableIDs = variableIDs ?? Array(0..<names.count)
        precondition(self.variableIDs.count == names.count, "one variable id per variable")
    }

    /// The model index of the variable with expression id `id`, or nil when the model does not use it.
    public func index(ofVariable id: Int) -> Int? {
        var lo = 0, hi = variableIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if variableIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < variableIDs.count && variableIDs[lo] == id ? lo : nil
    }

    public var variableCount: Int { names.count }
    public var couplingCount: Int { columns.count }
    /// The params this model depends on, in block order.
    public var params: [String] { blocks.compactMap(\.param) }
    /// Fraction of the n(n−1)/2 possible couplings present in the pattern.
    public var density: Double {
        let n = Double(variableCount)
        return n < 2 ? 0 : Double(couplingCount) / (n * (n - 1) / 2)
    }

    /// The weight each block gets: 1 for the constant block, the param's value for the others.
    public func blockWeights(_ values: [String: Double]) throws -> [Double] {
        try blocks.map { block in
            guard let p = block.param else { return 1 }
            guard let v = values[p] else { throw SolverFailure("the param '\(p)' has no value") }
            return v
        }
    }

    /// Coefficients with params set to `values`: one pass over the nonzeros per block (sparse param
    /// blocks touch only their support). Throws when a param the model uses has no value.
    public func weighted(_ values: [String: Double]) throws -> WeightedCoefficients {
        let n = variableCount, m = columns.count
        let w = try blockWeights(values)
        var linear = blocks[0].linear.isEmpty ? [Double](repeating: 0, count: n) : blocks[0].linear
        var quadratic = blocks[0].quadratic.isEmpty ? [Double](repeating: 0, count: m) : blocks[0].quadratic
        var offset = blocks[0].offset
        for (b, block) in blocks.enumerated().dropFirst() where w[b] != 0 {
            let wb = w[b]
            offset += wb * block.offset
            if !block.linear.isEmpty { for i in 0..<n { linear[i] += wb * block.linear[i] } }
            if block.quadratic.isEmpty { continue }
            quadratic.withUnsafeMutableBufferPointer { q in
                block.quadratic.withUnsafeBufferPointer { bq in
                    if let support = block.support {
                        for k in support { q[Int(k)] += wb * bq[Int(k)] }
                    } else {
                        for k in 0..<m { q[k] += wb * bq[k] }
                    }
                }
            }
        }
        return WeightedCoefficients(linear: linear, quadratic: quadratic, offset: offset)
    }

    /// Energy of one sample given in the model's own vartype (0/1 or ±1): Σ_b w_b E_b(x), without
    /// materialising the weighted coefficients.
    public func energy<C: RandomAccessCollection>(of sample: C, params: [String: Double]) throws -> Double
    where C.Element == Int8, C.Index == Int {
        precondition(sample.count == variableCount, "a sample needs \(variableCount) values, got \(sample.count)")
        let w = try blockWeights(params)
        let x = Array(sample)
        return x.withUnsafeBufferPointer { xb in
            var e = 0.0
            for (b, block) in blocks.enumerated() where w[b] != 0 {
                e += w[b] * block.energy(xb, rowStart: rowStart, columns: columns)
            }
            return e
        }
    }

    /// Energies of `samples.count / n` samples stored row-major (model vartype).
    public func energies(of samples: [Int8], params: [String: Double]) throws -> [Double] {
        let n = variableCount
        precondition(n == 0 || samples.count % n == 0, "samples must be a multiple of \(n) values")
        let rows = n == 0 ? 0 : samples.count / n
        let c = try weighted(params)
        return (0..<rows).map { r in c.energy(of: samples[(r * n)..<((r + 1) * n)], rowStart: rowStart, columns: columns) }
    }

    /// The Ising problem solvers take, with params applied. For a binary model, x = (s + 1)/2, so the
    /// Ising energy of s equals the model energy of x exactly.
    ///
    /// The symmetric CSR pattern and the contribution of every coupling no param touches are computed
    /// once and cached; each call then copies those values and recomputes only the param-touched
    /// couplings and the fields, so re-weighting costs O(nonzeros of the param blocks) plus one copy.
    /// Couplings that come out exactly 0 are dropped (solvers never see explicit zeros).
    public func isingProblem(params: [String: Double]) throws -> IsingProblem {
        let base = cache.base(for: self)
        var problem = IsingProblem(n: variableCount, h: [Double](repeating: 0, count: variableCount),
                                   rowStart: base.rowStart, columns: base.columns, values: base.values, offset: 0)
        let zeros = try fill(&problem, base: base, params: params)
        return zeros == 0 ? problem : problem.droppingZeroCouplings()
    }

    /// Re-weights, in place, a problem this model's `isingProblem` returned: only the couplings some
    /// param touches, the fields and the offset are recomputed — O(param nonzeros + n), no copy of the
    /// couplings when `problem`'s storage is not shared (e.g. a solver no longer holds it). The result
    /// is bit for bit what `isingProblem(params:)` returns. Falls back to a fresh build when the
    /// problem has another layout (zero couplings were dropped, or it came from elsewhere).
    public func reweight(_ problem: inout IsingProblem, params: [String: Double]) throws {
        let base = cache.base(for: self)
        let sameLayout = problem.n == variableCount && problem.columns.count == base.columns.count
            && problem.columns.withUnsafeBufferPointer { a in
                base.columns.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
            }
        if sameLayout, try fill(&problem, base: base, params: params) == 0 { return }
        problem = try isingProblem(params: params)
    }

    /// Writes h, offset and the param-touched couplings of `problem` (whose other couplings already hold
    /// the cached untouched values). Returns how many couplings are exactly 0.
    private func fill(_ problem: inout IsingProblem, base: IsingCache.Base, params: [String: Double]) throws -> Int {
        let w = try blockWeights(params)
        let n = variableCount
        let binary = vartype == .binary
        let scale = binary ? 0.25 : 1.0
        // Weighted linear part and offset, in block order.
        var linear = blocks[0].linear.isEmpty ? [Double](repeating: 0, count: n) : blocks[0].linear
        var offset = blocks[0].offset
        for (b, block) in blocks.enumerated().dropFirst() where w[b] != 0 {
            offset += w[b] * block.offset
            if !block.linear.isEmpty { for i in 0..<n { linear[i] += w[b] * block.linear[i] } }
        }
        var touched = [Double](repeating: 0, count: binary ? n : 0)
        var touchedTotal = 0.0
        var magnitude = base.fixedMagnitude
        var zeros = base.zeroCount
        let paramBlocks = blocks.indices.dropFirst().filter { w[$0] != 0 && !blocks[$0].quadratic.isEmpty }
        let weights = paramBlocks.map { w[$0] }
        let quadratics = paramBlocks.map { blocks[$0].quadratic }
        let q0 = blocks[0].quadratic
        problem.values.withUnsafeMutableBufferPointer { v in
            for s in base.touchedPositions.indices {
                let k = Int(base.touchedPositions[s])
                var j = q0.isEmpty ? 0 : q0[k]
                for (wb, qb) in zip(weights, quadratics) { j += wb * qb[k] }
                v[Int(base.upperSlot[k])] = j * scale
                v[Int(base.lowerSlot[k])] = j * scale
                magnitude += abs(j * scale)
                if j == 0 { zeros += 1 }
                if binary {
                    touched[Int(base.touchedRows[s])] += j * 0.25
                    touched[Int(columns[k])] += j * 0.25
                    touchedTotal += j * 0.25
                }
            }
        }
        if binary {
            // a·x = a/2·s + a/2 ;  b·x_i x_j = b/4 (s_i s_j + s_i + s_j + 1)
            var half = 0.0
            for i in 0..<n {
                half += linear[i] / 2
                linear[i] = linear[i] / 2 + base.fixedField[i] + touched[i]
            }
            offset += half + base.fixedOffset + touchedTotal
        }
        problem.h = linear
        problem.offset = offset
        magnitude += abs(offset)
        for x in linear { magnitude += abs(x) }
        try EnergyScale.check(magnitude) { largestCoefficient(params) }
        return zeros
    }
}

extension CompiledModel {
    /// The model's largest coefficient by magnitude with params applied, named as a user wrote it
    /// ("Q(x0, x1)" binary, "J(s0, s1)" spin; "h(x3)", "offset"), for error messages; ties go to the first.
    func largestCoefficient(_ params: [String: Double]) -> (name: String, value: Double) {
        guard let c = try? weighted(params) else { return ("offset", .infinity) }
        let (single, pair) = vartype == .binary ? ("Q", "Q") : ("h", "J")
        var best = (name: "offset", value: c.offset)
        func consider(_ label: @autoclosure () -> String, _ v: Double) {
            if !(abs(v) <= abs(best.value)) { best = (label(), v) }
        }
        for i in 0..<variableCount { consider("\(single)(\(names[i]))", c.linear[i]) }
        for i in 0..<variableCount {
            for k in rowStart[i]..<rowStart[i + 1] { consider("\(pair)(\(names[i]), \(names[Int(columns[k])]))", c.quadratic[k]) }
        }
        return best
    }
}

/// A model's coefficients with every param applied.
public struct WeightedCoefficients: Sendable {
    public var linear: [Double]
    /// Aligned with the model's `columns`.
    public var quadratic: [Double]
    public var offset: Double

    public init(linear: [Double], quadratic: [Double], offset: Double) {
        self.linear = linear
        self.quadratic = quadratic
        self.offset = offset
    }

    public func energy<C: RandomAccessCollection>(of x: C, rowStart: [Int], columns: [Int32]) -> Double
    where C.Element == Int8, C.Index == Int {
        var e = offset
        let base = x.startIndex
        for i in 0..<linear.count {
            let xi = Double(x[base + i])
            if xi == 0 { continue }
            var field = linear[i]
            for k in rowStart[i]..<rowStart[i + 1] { field += quadratic[k] * Double(x[base + Int(columns[k])]) }
            e += xi * field
        }
        return e
    }
}
