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

    public struct TermBlock: Sendable {
        public let param: String?
        /// `n` entries, or empty when the block has no linear part.
        public let linear: [Double]
        /// Aligned with `columns`, or empty when the block has no quadratic part.
        public let quadratic: [Double]
        public let offset: Double

        public init(param: String?, linear: [Double], quadratic: [Double], offset: Double) {
            self.param = param
            self.linear = linear
            self.quadratic = quadratic
            self.offset = offset
        }
    }

    public init(vartype: Vartype, names: [String], rowStart: [Int], columns: [Int32], blocks: [TermBlock],
                constraints: [ConstraintRecord] = []) {
        precondition(rowStart.count == names.count + 1 && rowStart.last == columns.count)
        precondition(blocks.first?.param == nil, "blocks[0] must be the constant block")
        self.vartype = vartype
        self.names = names
        self.rowStart = rowStart
        self.columns = columns
        self.blocks = blocks
        self.constraints = constraints
    }

    public var variableCount: Int { names.count }
    public var couplingCount: Int { columns.count }
    /// The params this model depends on, in block order.
    public var params: [String] { blocks.compactMap(\.param) }

    /// Coefficients with params set to `values`: one pass over the nonzeros per block.
    /// Throws when a param the model uses has no value.
    public func weighted(_ values: [String: Double]) throws -> WeightedCoefficients {
        let n = variableCount
        var linear = [Double](repeating: 0, count: n)
        var quadratic = [Double](repeating: 0, count: columns.count)
        var offset = 0.0
        for block in blocks {
            let w: Double
            if let p = block.param {
                guard let v = values[p] else { throw SolverFailure("the param '\(p)' has no value") }
                w = v
            } else {
                w = 1
            }
            if w == 0 { continue }
            offset += w * block.offset
            if !block.linear.isEmpty { for i in 0..<n { linear[i] += w * block.linear[i] } }
            if !block.quadratic.isEmpty {
                quadratic.withUnsafeMutableBufferPointer { q in
                    block.quadratic.withUnsafeBufferPointer { b in
                        for k in 0..<q.count { q[k] += w * b[k] }
                    }
                }
            }
        }
        return WeightedCoefficients(linear: linear, quadratic: quadratic, offset: offset)
    }

    /// Energy of one sample given in the model's own vartype (0/1 or ±1).
    public func energy<C: RandomAccessCollection>(of sample: C, params: [String: Double]) throws -> Double
    where C.Element == Int8, C.Index == Int {
        try weighted(params).energy(of: sample, rowStart: rowStart, columns: columns)
    }

    /// The Ising problem solvers take, with params applied. For a binary model, x = (s + 1)/2, so the
    /// Ising energy of s equals the model energy of x exactly.
    public func isingProblem(params: [String: Double]) throws -> IsingProblem {
        let w = try weighted(params)
        let n = variableCount
        var h = w.linear
        var offset = w.offset
        var degree = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            for k in rowStart[i]..<rowStart[i + 1] where w.quadratic[k] != 0 {
                degree[i] += 1; degree[Int(columns[k])] += 1
            }
        }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + degree[i] }
        var fill = Array(start.dropLast())
        var cols = [Int32](repeating: 0, count: start[n])
        var vals = [Double](repeating: 0, count: start[n])
        let scale = vartype == .binary ? 0.25 : 1.0
        if vartype == .binary {
            // a·x = a/2·s + a/2 ;  b·x_i x_j = b/4 (s_i s_j + s_i + s_j + 1)
            for i in 0..<n { offset += h[i] / 2; h[i] /= 2 }
        }
        // Lower-triangle entries (j, i) of row j come from rows i < j, visited in increasing i, so
        // filling rows in i order keeps every row's columns sorted: first the lower ones, then the upper.
        for i in 0..<n {
            for k in rowStart[i]..<rowStart[i + 1] where w.quadratic[k] != 0 {
                let j = Int(columns[k]), b = w.quadratic[k]
                if vartype == .binary { h[i] += b / 4; h[j] += b / 4; offset += b / 4 }
                cols[fill[i]] = Int32(j); vals[fill[i]] = b * scale; fill[i] += 1
                cols[fill[j]] = Int32(i); vals[fill[j]] = b * scale; fill[j] += 1
            }
        }
        return IsingProblem(n: n, h: h, rowStart: start, columns: cols, values: vals, offset: offset)
    }
}

/// A model's coefficients with every param applied.
public struct WeightedCoefficients: Sendable {
    public var linear: [Double]
    /// Aligned with the model's `columns`.
    public var quadratic: [Double]
    public var offset: Double

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

/// A registered constraint: `Σ terms + constant  (== | <=)  0`, kept so a result can say which
/// constraints a sample breaks and by how much.
public struct ConstraintRecord: Sendable, Equatable {
    public enum Relation: String, Sendable, Equatable { case equal = "==", lessOrEqual = "<=" }
    public var name: String
    public var terms: [(index: Int, coefficient: Double)]
    public var constant: Double
    public var relation: Relation
    /// The param that weights this constraint's penalty, if any (for `r.terms`).
    public var param: String?

    public init(name: String, terms: [(index: Int, coefficient: Double)], constant: Double, relation: Relation,
                param: String? = nil) {
        self.name = name
        self.terms = terms
        self.constant = constant
        self.relation = relation
        self.param = param
    }

    /// How far a sample (model vartype) is from satisfying the constraint; 0 when satisfied.
    public func violation<C: RandomAccessCollection>(_ x: C) -> Double where C.Element == Int8, C.Index == Int {
        var lhs = constant
        for t in terms { lhs += t.coefficient * Double(x[x.startIndex + t.index]) }
        switch relation {
        case .equal: return abs(lhs)
        case .lessOrEqual: return max(0, lhs)
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.constant == b.constant && a.relation == b.relation && a.param == b.param
            && a.terms.map(\.index) == b.terms.map(\.index) && a.terms.map(\.coefficient) == b.terms.map(\.coefficient)
    }
}
