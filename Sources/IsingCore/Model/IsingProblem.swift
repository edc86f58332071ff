/// What every solver accepts: E(s) = offset + Σ_i h_i s_i + Σ_{i<j} J_ij s_i s_j over s ∈ {±1}ⁿ.
///
/// Couplings are stored as a symmetric CSR matrix holding both (i, j) and (j, i) with the same value
/// J_ij and no diagonal, so a solver reads the local field of spin i from one contiguous row.
public struct IsingProblem: Sendable {
    public let n: Int
    public var h: [Double]
    /// Row i's neighbours are `columns[rowStart[i] ..< rowStart[i + 1]]`, with `values` alongside.
    public let rowStart: [Int]
    public let columns: [Int32]
    public var values: [Double]
    public var offset: Double

    public init(n: Int, h: [Double], rowStart: [Int], columns: [Int32], values: [Double], offset: Double) {
        precondition(h.count == n && rowStart.count == n + 1 && columns.count == values.count)
        self.n = n
        self.h = h
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
        self.offset = offset
    }

    /// Builds from an edge list (i ≠ j, any order); duplicate edges add up, zero couplings are dropped.
    public init(n: Int, h: [Double], edges: [(Int, Int, Double)], offset: Double = 0) {
        var degree = [Int](repeating: 0, count: n + 1)
        var merged: [Int: Double] = [:]
        merged.reserveCapacity(edges.count)
        for (a, b, w) in edges {
            precondition(a != b && a >= 0 && b >= 0 && a < n && b < n, "edge (\(a), \(b)) out of range or a self loop")
            let (i, j) = a < b ? (a, b) : (b, a)
            merged[i * n + j, default: 0] += w
        }
        let keys = merged.keys.sorted().filter { merged[$0]! != 0 }
        for key in keys { degree[key / n] += 1; degree[key % n] += 1 }
        var rowStart = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { rowStart[i + 1] = rowStart[i] + degree[i] }
        var fill = Array(rowStart.dropLast())
        var columns = [Int32](repeating: 0, count: rowStart[n])
        var values = [Double](repeating: 0, count: rowStart[n])
        // Keys are sorted by (i, j), so each row's columns come out sorted too.
        for key in keys {
            let i = key / n, j = key % n, w = merged[key]!
            columns[fill[i]] = Int32(j); values[fill[i]] = w; fill[i] += 1
            columns[fill[j]] = Int32(i); values[fill[j]] = w; fill[j] += 1
        }
        for i in 0..<n {  // the (j, i) entries were appended in i order, so sort each row
            let r = rowStart[i]..<rowStart[i + 1]
            let sorted = zip(columns[r], values[r]).sorted { $0.0 < $1.0 }
            for (k, (c, v)) in zip(r, sorted) { columns[k] = c; values[k] = v }
        }
        self.init(n: n, h: h, rowStart: rowStart, columns: columns, values: values, offset: offset)
    }

    /// Number of distinct couplings (i < j).
    public var couplingCount: Int { columns.count / 2 }

    /// Energy of one spin vector (entries ±1).
    public func energy<C: RandomAccessCollection>(_ s: C) -> Double where C.Element == Int8, C.Index == Int {
        precondition(s.count == n)
        var e = offset
        let base = s.startIndex
        for i in 0..<n {
            let si = Double(s[base + i])
            var field = 0.0
            for k in rowStart[i]..<rowStart[i + 1] where Int(columns[k]) > i {
                field += values[k] * Double(s[base + Int(columns[k])])
            }
            e += si * (h[i] + field)
        }
        return e
    }
}
