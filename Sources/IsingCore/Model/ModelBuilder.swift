/// Accumulates coefficients (per param) and compiles them into a `CompiledModel`.
/// Everything that makes a model — the expression compiler, `qama(...)`, file readers — goes through here.
public struct ModelBuilder: Sendable {
    public let vartype: Vartype
    public let names: [String]
    private var blockIndex: [String?: Int] = [nil: 0]
    private var blockParams: [String?] = [nil]
    private var linear: [[Double]]
    private var offsets: [Double] = [0]
    // COO triples per block, i < j.
    private var rows: [[Int32]] = [[]]
    private var cols: [[Int32]] = [[]]
    private var vals: [[Double]] = [[]]
    private var constraints: [ConstraintRecord] = []

    public init(vartype: Vartype, names: [String]) {
        self.vartype = vartype
        self.names = names
        self.linear = [[Double](repeating: 0, count: names.count)]
    }

    public var variableCount: Int { names.count }

    private mutating func block(_ param: String?) -> Int {
        if let b = blockIndex[param] { return b }
        let b = blockParams.count
        blockIndex[param] = b
        blockParams.append(param)
        linear.append([Double](repeating: 0, count: names.count))
        offsets.append(0)
        rows.append([]); cols.append([]); vals.append([])
        return b
    }

    public mutating func reserveQuadratic(_ count: Int, param: String? = nil) {
        let b = block(param)
        rows[b].reserveCapacity(count); cols[b].reserveCapacity(count); vals[b].reserveCapacity(count)
    }

    public mutating func addOffset(_ c: Double, param: String? = nil) {
        let b = block(param)
        offsets[b] += c
    }

    public mutating func addLinear(_ i: Int, _ c: Double, param: String? = nil) {
        let b = block(param)
        linear[b][i] += c
    }

    /// Adds c·v_i·v_j. i == j folds to the linear part (x² = x) or the offset (s² = 1).
    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: Double, param: String? = nil) {
        if c == 0 { return }
        let b = block(param)
        if i == j {
            if vartype == .binary { linear[b][i] += c } else { offsets[b] += c }
            return
        }
        let (a, z) = i < j ? (i, j) : (j, i)
        rows[b].append(Int32(a)); cols[b].append(Int32(z)); vals[b].append(c)
    }

    public mutating func addConstraint(_ record: ConstraintRecord) { constraints.append(record) }

    /// Merges duplicates, builds the shared pattern and aligns each block to it.
    public func compile() -> CompiledModel {
        let n = names.count
        // Union pattern by counting sort on rows, then per-row sort of columns.
        var count = [Int](repeating: 0, count: n + 1)
        for b in rows.indices { for r in rows[b] { count[Int(r) + 1] += 1 } }
        for i in 0..<n { count[i + 1] += count[i] }
        let total = count[n]
        var fill = Array(count.dropLast())
        var keyCol = [Int32](repeating: 0, count: total)
        var keyBlock = [Int32](repeating: 0, count: total)
        var keyVal = [Double](repeating: 0, count: total)
        for b in rows.indices {
            for k in rows[b].indices {
                let r = Int(rows[b][k]), p = fill[r]
                keyCol[p] = cols[b][k]; keyBlock[p] = Int32(b); keyVal[p] = vals[b][k]; fill[r] += 1
            }
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = []
        columns.reserveCapacity(total)
        var entries: [(col: Int32, block: Int32, val: Double)] = []
        var perBlock: [[(Int, Double)]] = Array(repeating: [], count: rows.count)  // (pattern position, value)
        for i in 0..<n {
            entries.removeAll(keepingCapacity: true)
            for p in count[i]..<count[i + 1] { entries.append((keyCol[p], keyBlock[p], keyVal[p])) }
            entries.sort { $0.col < $1.col }
            var last: Int32 = -1
            for e in entries {
                if e.col != last { columns.append(e.col); last = e.col }
                perBlock[Int(e.block)].append((columns.count - 1, e.val))
            }
            rowStart[i + 1] = columns.count
        }
        var blocks: [CompiledModel.TermBlock] = []
        for b in blockParams.indices {
            var q: [Double] = []
            if !perBlock[b].isEmpty {
                q = [Double](repeating: 0, count: columns.count)
                for (p, v) in perBlock[b] { q[p] += v }
            }
            let lin = linear[b].contains { $0 != 0 } ? linear[b] : []
            blocks.append(.init(param: blockParams[b], linear: lin, quadratic: q, offset: offsets[b]))
        }
        return CompiledModel(vartype: vartype, names: names, rowStart: rowStart, columns: columns, blocks: blocks,
                             constraints: constraints)
    }
}
