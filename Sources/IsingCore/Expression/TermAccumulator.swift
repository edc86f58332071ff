/// A sum of many terms built in place: every term is appended to flat buffers (a packed key and a
/// coefficient, 16 bytes), and equal keys are combined once — a stable sort and merge — when the sum is
/// finished, or earlier when the buffers have doubled since the last merge (so memory stays proportional
/// to the number of distinct terms). Appending costs a few machine operations: no hashing, no allocation
/// per term.
///
/// The result equals the same terms summed one by one into an `Expression`: equal keys are summed in the
/// order they were appended (the sort is stable), which is the order a running `Expression` adds them, so
/// the coefficients agree to the last bit and never depend on hash order or on how the terms were batched.
///
/// Coefficients linear in params are kept per param (a parallel stream keyed by term and param), so
/// re-weighting a model built this way stays O(nnz).
public struct TermAccumulator: Sendable {
    public private(set) var registry: VariableRegistry?
    private var offset = ParamLinear.zero
    /// Packed term keys (`TermKey`) and their constant coefficients, in append order after `merged`.
    private var keys: [UInt64] = []
    private var values: [Double] = []
    /// Entries at the front that are sorted and merged.
    private var merged = 0
    /// Terms whose coefficient has a param part: key, param index (into `paramNames`) and coefficient.
    private var paramKeys: [UInt64] = []
    private var paramSlots: [Int32] = []
    private var paramValues: [Double] = []
    private var paramNames: [String] = []
    private var paramIndex: [String: Int32] = [:]
    private var penalties: [ConstraintPenalty] = []
    /// Entry count at which the buffers are merged and the memory budget is asked again.
    private var nextMaintenance = TermAccumulator.firstMaintenance

    static let firstMaintenance = 1 << 20
    /// Whether growing asks the memory budget (off where the caller cannot throw: `Expression.add` merging two
    /// expressions that already exist, which needs no more than they do).
    var checksMemory = true

    public init() {}

    /// Terms appended and not yet merged, plus the merged ones (an upper bound on the distinct terms).
    public var entryCount: Int { keys.count + paramKeys.count }

    // MARK: adding

    /// Ties the sum to a registry (every variable term needs one; `add(_:)` adopts an expression's).
    public mutating func adopt(_ r: VariableRegistry) {
        if let mine = registry {
            precondition(mine === r, "expressions from two different variable registries were combined")
        } else {
            registry = r
        }
    }

    public mutating func addOffset(_ c: ParamLinear) { offset += c }
    public mutating func add(_ c: Double) { offset += ParamLinear(c) }

    /// Adds `c · v_id`.
    @inline(__always)
    public mutating func addLinear(_ id: Int, _ c: Double) throws {
        keys.append(TermKey.linear(id))
        values.append(c)
        if keys.count >= nextMaintenance { try maintain() }
    }

    /// Adds `c · v_i · v_j` for i ≠ j (squares are folded by whoever makes the term).
    @inline(__always)
    public mutating func addQuadratic(_ i: Int, _ j: Int, _ c: Double) throws {
        keys.append(TermKey.quadratic(i, j))
        values.append(c)
        if keys.count >= nextMaintenance { try maintain() }
    }

    /// Adds `c · param · (the term of key)`; `param` from `slot(forParam:)`.
    public mutating func addParamTerm(_ key: UInt64, param: Int32, _ c: Double) throws {
        paramKeys.append(key)
        paramSlots.append(param)
        paramValues.append(c)
        if paramKeys.count >= nextMaintenance { try maintain() }
    }

    /// The index under which a param's coefficients are kept.
    public mutating func slot(forParam name: String) -> Int32 {
        if let k = paramIndex[name] { return k }
        let k = Int32(paramNames.count)
        paramNames.append(name)
        paramIndex[name] = k
        return k
    }

    /// Adds `c · (the term of key)` where c may depend on params.
    public mutating func add(key: UInt64, _ c: ParamLinear) throws {
        if c.constant != 0 {
            keys.append(key)
            values.append(c.constant)
            if keys.count >= nextMaintenance { try maintain() }
        }
        for t in c.terms { try addParamTerm(key, param: slot(forParam: t.param), t.coefficient) }
    }

    /// Adds `scale · e`: its terms, its offset and the constraints it carries (weighted by `scale`).
    public mutating func add(_ e: Expression, scale: Double = 1) throws {
        if let r = e.registry { adopt(r) }
        if scale == 0 { return }
        offset += scale == 1 ? e.offset : e.offset * scale
        if keys.isEmpty {  // a later exact reserve would reallocate on every small addition: appends grow geometrically
            keys.reserveCapacity(e.termCount)
            values.reserveCapacity(e.termCount)
        }
        if let sorted = e.sorted {
            // Already sorted and merged: appended as they are (a later merge sees a sorted run).
            for k in sorted.keys.indices where sorted.constants[k] != 0 {
                keys.append(sorted.keys[k])
                values.append(scale == 1 ? sorted.constants[k] : sorted.constants[k] * scale)
            }
            // Parts of one param follow each other: its slot is looked up once per run, not hashed per term.
            var last: (name: String, slot: Int32)? = nil
            for part in sorted.paramParts {
                if last?.name != part.term.param { last = (part.term.param, slot(forParam: part.term.param)) }
                try addParamTerm(sorted.keys[part.index], param: last!.slot,
                                 scale == 1 ? part.term.coefficient : part.term.coefficient * scale)
            }
            if keys.count >= nextMaintenance { try maintain() }
        } else {
            for (id, c) in e.linear { try add(key: TermKey.linear(id), scale == 1 ? c : c * scale) }
            for (pair, c) in e.quadratic { try add(key: TermKey.quadratic(pair.first, pair.second), scale == 1 ? c : c * scale) }
        }
        for var p in e.penalties {
            p.weight = p.weight * scale
            penalties.append(p)
        }
    }

    // MARK: finishing

    /// The sum as an `Expression` (equal keys combined; terms that cancel to 0 dropped), its terms in the
    /// sorted form (`SortedTerms`): no hash map is built.
    public mutating func finish() throws -> Expression {
        mergeBuffers()
        let params = mergedParamTerms()
        var out = Expression(constant: offset)
        out.registry = registry
        out.penalties = penalties
        if params.isEmpty {
            if !keys.isEmpty { out.setSorted(SortedTerms(keys: keys, constants: values, paramParts: [])) }
            return out
        }
        // Constant and param streams, both sorted by key, merged into one list of terms.
        var allKeys: [UInt64] = [], constants: [Double] = [], parts: [(index: Int, term: ParamLinear.Term)] = []
        allKeys.reserveCapacity(keys.count + params.count)
        constants.reserveCapacity(keys.count + params.count)
        var p = 0, k = 0
        while k < keys.count || p < params.count {
            if p == params.count || (k < keys.count && keys[k] < params[p].key) {
                allKeys.append(keys[k]); constants.append(values[k]); k += 1
                continue
            }
            let key = params[p].key
            if k < keys.count && keys[k] == key { constants.append(values[k]); k += 1 } else { constants.append(0) }
            allKeys.append(key)
            while p < params.count && params[p].key == key {
                parts.append((allKeys.count - 1, ParamLinear.Term(param: paramNames[Int(params[p].param)], coefficient: params[p].value)))
                p += 1
            }
        }
        out.setSorted(SortedTerms(keys: allKeys, constants: constants, paramParts: parts))
        return out
    }

    // MARK: merging

    /// Merges when the buffers have doubled since the last merge, then asks the memory budget whether
    /// they may double again (off the per-term path: once per doubling).
    private mutating func maintain() throws {
        mergeBuffers()
        let entries = Swift.max(keys.count, paramKeys.count)
        nextMaintenance = Swift.max(Self.firstMaintenance, 2 * entries)
        // Doubling the buffers, plus the sort's scratch copy, must fit.
        if checksMemory { try MemoryBudget.check(Double(nextMaintenance) * 32, "this expression (\(entries) distinct terms so far)") }
    }

    /// Sorts the constant stream by key (stably) and sums equal keys in append order.
    private mutating func mergeBuffers() {
        if merged == keys.count { return }
        TermSort.stableSort(keys: &keys, values: &values)
        var w = 0
        for r in 0..<keys.count {
            if w > 0 && keys[w - 1] == keys[r] {
                values[w - 1] += values[r]
            } else {
                keys[w] = keys[r]
                values[w] = values[r]
                w += 1
            }
        }
        // Keys that summed to exactly 0 are dropped (an Expression drops a term that cancels).
        var z = 0
        for r in 0..<w where values[r] != 0 {
            keys[z] = keys[r]
            values[z] = values[r]
            z += 1
        }
        keys.removeSubrange(z...)
        values.removeSubrange(z...)
        merged = keys.count
    }

    /// The param stream, sorted by (key, param name) and merged.
    private func mergedParamTerms() -> [(key: UInt64, param: Int32, value: Double)] {
        if paramKeys.isEmpty { return [] }
        // Param indices in name order, so a term's params come out sorted as ParamLinear keeps them.
        let byName = paramNames.indices.sorted { paramNames[$0] < paramNames[$1] }
        var rank = [Int32](repeating: 0, count: paramNames.count)
        for (r, k) in byName.enumerated() { rank[k] = Int32(r) }
        // Usually already in order (one param, terms appended in key order): then no sort.
        var inOrder = true
        for i in paramKeys.indices.dropFirst()
            where (paramKeys[i], rank[Int(paramSlots[i])]) < (paramKeys[i - 1], rank[Int(paramSlots[i - 1])]) {
            inOrder = false
            break
        }
        let order = inOrder ? Array(paramKeys.indices) : paramKeys.indices.sorted {
            (paramKeys[$0], rank[Int(paramSlots[$0])], $0) < (paramKeys[$1], rank[Int(paramSlots[$1])], $1)
        }
        var out: [(key: UInt64, param: Int32, value: Double)] = []
        for i in order {
            if let last = out.last, last.key == paramKeys[i], last.param == paramSlots[i] {
                out[out.count - 1].value += paramValues[i]
            } else {
                out.append((paramKeys[i], paramSlots[i], paramValues[i]))
            }
        }
        return out.filter { $0.value != 0 }
    }
}

/// How a term is packed into one sortable word: a linear term is its id; a quadratic term sets the top bit
/// above its smaller id (bits 32…62) and its larger id (bits 0…31). Sorting the words orders linear terms by
/// id before quadratic terms by pair, as `VariablePair` orders them.
public enum TermKey {
    @inline(__always) public static func linear(_ id: Int) -> UInt64 { UInt64(id) }

    @inline(__always) public static func quadratic(_ i: Int, _ j: Int) -> UInt64 {
        let (a, b) = i < j ? (i, j) : (j, i)
        return 1 << 63 | UInt64(a) << 32 | UInt64(b)
    }

    @inline(__always) public static func isQuadratic(_ key: UInt64) -> Bool { key >> 63 == 1 }
    /// The id of a linear term, or the smaller id of a quadratic one.
    @inline(__always) public static func first(_ key: UInt64) -> Int {
        isQuadratic(key) ? Int((key >> 32) & 0x7FFF_FFFF) : Int(key)
    }
    @inline(__always) public static func second(_ key: UInt64) -> Int { Int(key & 0xFFFF_FFFF) }
}

/// A stable least-significant-digit radix sort of (key, value) pairs by key: one pass per byte in which the
/// keys differ, so a million terms sort in a few passes over memory, with no comparisons.
enum TermSort {
    static func stableSort(keys: inout [UInt64], values: inout [Double]) {
        let n = keys.count
        if n < 2 { return }
        // Already in order (terms from nested loops often arrive sorted): nothing to do.
        var sorted = true
        keys.withUnsafeBufferPointer { k in
            for i in 1..<n where k[i] < k[i - 1] { sorted = false; break }
        }
        if sorted { return }
        // Two sorted runs (a sorted expression plus another one appended): one stable merge pass.
        var descent = 1
        while keys[descent] >= keys[descent - 1] { descent += 1 }
        var twoRuns = true
        keys.withUnsafeBufferPointer { k in
            for i in (descent + 1)..<max(descent + 1, n) where k[i] < k[i - 1] { twoRuns = false; break }
        }
        if twoRuns {
            mergeRuns(&keys, &values, split: descent)
            return
        }
        if n < 64 {
            let order = (0..<n).sorted { (keys[$0], $0) < (keys[$1], $1) }
            keys = order.map { keys[$0] }
            values = order.map { values[$0] }
            return
        }
        radixSort(&keys, &values)
    }

    /// Merges the sorted runs [0, split) and [split, n), the first run first among equal keys.
    private static func mergeRuns(_ keys: inout [UInt64], _ values: inout [Double], split: Int) {
        let n = keys.count
        var outKeys = [UInt64](repeating: 0, count: n), outValues = [Double](repeating: 0, count: n)
        var i = 0, j = split, w = 0
        while i < split || j < n {
            if j == n || (i < split && keys[i] <= keys[j]) {
                outKeys[w] = keys[i]; outValues[w] = values[i]; i += 1
            } else {
                outKeys[w] = keys[j]; outValues[w] = values[j]; j += 1
            }
            w += 1
        }
        keys = outKeys
        values = outValues
    }

    private static func radixSort(_ keys: inout [UInt64], _ values: inout [Double]) {
        let n = keys.count
        // One histogram per byte, in one pass.
        var counts = [Int](repeating: 0, count: 8 * 256)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for byte in 0..<8 { c[byte << 8 | Int((key >> (8 * UInt64(byte))) & 0xFF)] += 1 }
                }
            }
        }
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchValues = [Double](repeating: 0, count: n)
        for byte in 0..<8 {
            let base = byte << 8
            // A byte that every key shares cannot change the order.
            if (0..<256).contains(where: { counts[base + $0] == n }) { continue }
            var start = [Int](repeating: 0, count: 256)
            var sum = 0
            for d in 0..<256 { start[d] = sum; sum += counts[base + d] }
            let shift = 8 * UInt64(byte)
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    scratchKeys.withUnsafeMutableBufferPointer { sk in
                        scratchValues.withUnsafeMutableBufferPointer { sv in
                            for i in 0..<n {
                                let d = Int((k[i] >> shift) & 0xFF)
                                let p = start[d]
                                sk[p] = k[i]
                                sv[p] = v[i]
                                start[d] = p + 1
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            swap(&values, &scratchValues)
        }
    }
}
