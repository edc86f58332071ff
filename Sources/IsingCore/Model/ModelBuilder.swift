/// Accumulates coefficients (per param) and compiles them into a `CompiledModel`.
/// Everything that makes a model — the expression compiler, `qama(...)`, file readers — goes through here.
public struct ModelBuilder: Sendable {
    public let vartype: Vartype
    public let names: [String]
    private var blockIndex: [String: Int] = [:]
    private var blockParams: [String?] = [nil]
    private var linear: [[Double]]
    private var offsets: [Double] = [0]
    // COO triples per block, i < j.
    private var rows: [[Int32]] = [[]]
    private var cols: [[Int32]] = [[]]
    private var vals: [[Double]] = [[]]
    private var constraints: [ConstraintRecord] = []
    /// Expression ids of the variables (see `CompiledModel.variableIDs`); nil means `0 ..< n`.
    public var variableIDs: [Int]?

    public init(vartype: Vartype, names: [String]) {
        self.vartype = vartype
        self.names = names
        self.linear = [[Double](repeating: 0, count: names.count)]
    }

    public var variableCount: Int { names.count }

    /// Quadratic terms added so far (before merging duplicates), over all blocks.
    public var quadraticTermCount: Int { rows.reduce(0) { $0 + $1.count } }

    /// What compiling will need, to check before a large build (`try builder.memoryEstimate.check()`).
    public var memoryEstimate: MemoryEstimate {
        MemoryEstimate.forModel(variables: names.count, couplings: quadraticTermCount, blocks: blockParams.count)
    }

    /// The block of the param used last: terms of one param come in runs, so most look-ups skip hashing.
    private var lastBlock: (param: String, block: Int)? = nil

    @inline(__always)
    private mutating func block(_ param: String?) -> Int {
        guard let param else { return 0 }
        if let last = lastBlock, last.param == param { return last.block }
        if let b = blockIndex[param] { lastBlock = (param, b); return b }
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
    @inline(__always)
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

    /// c may depend on params: its constant goes to the constant block, each param's part to that param's block.
    public mutating func addOffset(_ c: ParamLinear) {
        if c.constant != 0 { addOffset(c.constant) }
        for t in c.terms { addOffset(t.coefficient, param: t.param) }
    }

    public mutating func addLinear(_ i: Int, _ c: ParamLinear) {
        if c.constant != 0 { addLinear(i, c.constant) }
        for t in c.terms { addLinear(i, t.coefficient, param: t.param) }
    }

    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: ParamLinear) {
        if c.constant != 0 { addQuadratic(i, j, c.constant) }
        for t in c.terms { addQuadratic(i, j, t.coefficient, param: t.param) }
    }

    public mutating func addConstraint(_ record: ConstraintRecord) { constraints.append(record) }

    /// Merges duplicates (summed in insertion order, so the result is deterministic), builds the shared
    /// upper-triangular pattern and aligns each block to it. Linear time plus a sort of any row whose
    /// terms arrived out of order.
    public func compile() -> CompiledModel {
        let n = names.count
        let blockCount = rows.count
        // 1. Bucket every triple by row (counting sort), keeping insertion order within a row.
        var start = [Int](repeating: 0, count: n + 1)
        for b in 0..<blockCount { rows[b].withUnsafeBufferPointer { for r in $0 { start[Int(r) + 1] += 1 } } }
        for i in 0..<n { start[i + 1] += start[i] }
        let total = start[n]
        var keyCol = [Int32](repeating: 0, count: total)
        var keySource = [Int](repeating: 0, count: total)  // block << 40 | index within the block's arrays
        do {
            var fill = Array(start.dropLast())
            keyCol.withUnsafeMutableBufferPointer { kc in
                keySource.withUnsafeMutableBufferPointer { ks in
                    for b in 0..<blockCount {
                        rows[b].withUnsafeBufferPointer { rb in
                            cols[b].withUnsafeBufferPointer { cb in
                                for k in 0..<rb.count {
                                    let r = Int(rb[k]), p = fill[r]
                                    kc[p] = cb[k]; ks[p] = b << 40 | k; fill[r] = p + 1
                                }
                            }
                        }
                    }
                }
            }
        }
        // 2. Per row: order by column (stable, so duplicates keep insertion order), assign pattern slots.
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns = [Int32]()
        columns.reserveCapacity(total)
        var slotOf = [Int32](repeating: 0, count: total)  // pattern position of each bucketed triple
        var packed: [UInt64] = [], tmpSource: [Int] = []
        keyCol.withUnsafeMutableBufferPointer { kc in
            keySource.withUnsafeMutableBufferPointer { ks in
                for i in 0..<n {
                    let lo = start[i], hi = start[i + 1]
                    var sorted = true
                    var k = lo + 1
                    while k < hi { if kc[k] <= kc[k - 1] { sorted = false; break }; k += 1 }
                    if !sorted {
                        // Sort (column, position) packed in one word: stable and closure-free.
                        packed.removeAll(keepingCapacity: true)
                        for p in lo..<hi { packed.append(UInt64(UInt32(bitPattern: kc[p])) << 32 | UInt64(p - lo)) }
                        packed.sort()
                        tmpSource.removeAll(keepingCapacity: true)
                        for key in packed { tmpSource.append(ks[lo + Int(key & 0xFFFF_FFFF)]) }
                        for (m, key) in packed.enumerated() { kc[lo + m] = Int32(truncatingIfNeeded: key >> 32); ks[lo + m] = tmpSource[m] }
                    }
                    var last: Int32 = -1
                    for p in lo..<hi {
                        if kc[p] != last { columns.append(kc[p]); last = kc[p] }
                        slotOf[p] = Int32(columns.count - 1)
                    }
                    rowStart[i + 1] = columns.count
                }
            }
        }
        // 3. Scatter each block's values onto the pattern.
        let m = columns.count
        var quadratic = [[Double]](repeating: [], count: blockCount)
        for b in 0..<blockCount where !vals[b].isEmpty { quadratic[b] = [Double](repeating: 0, count: m) }
        keySource.withUnsafeBufferPointer { ks in
            slotOf.withUnsafeBufferPointer { slots in
                for b in 0..<blockCount where !vals[b].isEmpty {
                    quadratic[b].withUnsafeMutableBufferPointer { q in
                        vals[b].withUnsafeBufferPointer { v in
                            for p in 0..<total where ks[p] >> 40 == b {
                                q[Int(slots[p])] += v[ks[p] & ((1 << 40) - 1)]
                            }
                        }
                    }
                }
            }
        }
        // Param blocks in name order, not in the order terms happened to arrive (which can follow hash
        // order): `m.params`, `r.terms` and exported files list params the same way in every process.
        let order = [0] + (1..<blockCount).sorted { blockParams[$0]! < blockParams[$1]! }
        var blocks: [CompiledModel.TermBlock] = []
        for b in order {
            let lin = linear[b].contains { $0 != 0 } ? linear[b] : []
            blocks.append(.init(param: blockParams[b], linear: lin, quadratic: quadratic[b], offset: offsets[b]))
        }
        return CompiledModel(vartype: vartype, names: names, rowStart: rowStart, columns: columns, blocks: blocks,
                             constraints: constraints, variableIDs: variableIDs)
    }
}
