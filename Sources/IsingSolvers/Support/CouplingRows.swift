/// The one operation the local-field solvers (SA, exact) need from the couplings in their inner loop:
/// after spin i changes, add `scale · J_ij` to the cached field of every neighbour j.
///
/// Two layouts conform; the kernels are generic over them, so each is specialised with no indirection.
protocol CouplingRows {
    /// Upper bound on the work (entries touched) of one `addRow`, for sizing cancellation checks.
    var maxRowLength: Int { get }
    func addRow(_ i: Int, scaledBy scale: Double, into fields: UnsafeMutablePointer<Double>)
}

/// Compressed rows over the problem's symmetric CSR arrays (valid while those arrays are pinned).
struct SparseRows: CouplingRows {
    let rowStart: UnsafePointer<Int>
    let columns: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let maxRowLength: Int

    @inline(__always)
    func addRow(_ i: Int, scaledBy scale: Double, into fields: UnsafeMutablePointer<Double>) {
        var k = rowStart[i]
        let end = rowStart[i + 1]
        while k < end {
            fields[Int(columns[k])] += scale * values[k]
            k += 1
        }
    }
}

/// A row-major n × n matrix (zero diagonal): the update is one contiguous, vectorisable pass.
struct DenseRows: CouplingRows {
    let matrix: UnsafePointer<Double>
    let n: Int
    var maxRowLength: Int { n }

    @inline(__always)
    func addRow(_ i: Int, scaledBy scale: Double, into fields: UnsafeMutablePointer<Double>) {
        let row = matrix + i * n
        for j in 0..<n { fields[j] += scale * row[j] }
    }
}

/// Pins the problem's couplings in the requested layout for the duration of `body`.
struct CouplingStore: Sendable {
    let rowStart: [Int]
    let columns: [Int32]
    let values: [Double]
    /// Row-major n × n, only when the resolved layout is dense.
    let dense: [Double]?
    let n: Int

    func withRows<R>(_ sparse: (SparseRows) throws -> R, _ denseBody: (DenseRows) throws -> R) rethrows -> R {
        if let dense {
            return try dense.withUnsafeBufferPointer { try denseBody(DenseRows(matrix: $0.baseAddress!, n: n)) }
        }
        var longest = 0
        for i in 0..<n { longest = max(longest, rowStart[i + 1] - rowStart[i]) }
        return try rowStart.withUnsafeBufferPointer { starts in
            try columns.withUnsafeBufferPointer { cols in
                try values.withUnsafeBufferPointer { vals in
                    // Empty arrays may have no base address; a dangling-but-unused pointer is then fine.
                    let c = cols.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)!
                    let v = vals.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!
                    return try sparse(SparseRows(rowStart: starts.baseAddress!, columns: c, values: v,
                                                 maxRowLength: longest))
                }
            }
        }
    }
}
