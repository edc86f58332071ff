import IsingCore

/// How a solver stores the couplings in its inner loop.
public enum CouplingLayout: String, Sendable, CaseIterable {
    /// Dense when at least a third of all pairs are coupled (and the matrix fits in `denseLimitBytes`).
    case automatic
    /// Compressed rows: Int32 columns, values alongside.
    case sparse
    /// A row-major n × n matrix with zeros on the diagonal.
    case dense

    /// Largest dense matrix `automatic` will build.
    static let denseLimitBytes = 1 << 30

    /// The layout actually used for a problem whose symmetric matrix has `nonzeros` stored entries.
    func resolved(n: Int, nonzeros: Int, bytesPerEntry: Int) -> CouplingLayout {
        switch self {
        case .sparse, .dense: return self
        case .automatic:
            let fits = n * n * bytesPerEntry <= Self.denseLimitBytes
            return fits && n > 0 && 3 * nonzeros >= n * n ? .dense : .sparse
        }
    }
}

extension IsingProblem {
    /// The couplings pinned in `layout` (resolved for this problem), for the local-field kernels.
    func couplingStore(_ layout: CouplingLayout) -> (CouplingStore, CouplingLayout) {
        let used = layout.resolved(n: n, nonzeros: columns.count, bytesPerEntry: MemoryLayout<Double>.size)
        let store = CouplingStore(rowStart: rowStart, columns: columns, values: values,
                                  dense: used == .dense ? denseCouplings() : nil, n: n)
        return (store, used)
    }

    /// The symmetric coupling matrix as a row-major n × n array (diagonal zero).
    func denseCouplings() -> [Double] {
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in rowStart[i]..<rowStart[i + 1] { matrix[i * n + Int(columns[k])] = values[k] }
        }
        return matrix
    }
}
