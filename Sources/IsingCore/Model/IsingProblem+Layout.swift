extension IsingProblem {
    /// Fraction of the n(n−1)/2 possible couplings that are present.
    public var density: Double {
        let m = Double(n)
        return n < 2 ? 0 : Double(couplingCount) / (m * (m - 1) / 2)
    }

    /// Solvers switch to a dense layout above this density: a dense row is then both smaller per
    /// entry (8 bytes against 12) and free of the column indirection.
    public static let denseThreshold = 0.1

    /// The couplings as a dense symmetric n×n row-major matrix (zero diagonal) when the problem is
    /// dense enough to profit (`density > threshold`) and the matrix fits in memory; nil otherwise,
    /// in which case a solver keeps to the CSR rows.
    public func denseCouplings(threshold: Double = IsingProblem.denseThreshold) -> [Double]? {
        guard density > threshold, (try? MemoryEstimate.forDense(variables: n).check()) != nil else { return nil }
        return denseMatrix()
    }

    /// The couplings as a dense symmetric n×n row-major matrix, whatever the density.
    public func denseMatrix() -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        out.withUnsafeMutableBufferPointer { d in
            for i in 0..<n {
                for k in rowStart[i]..<rowStart[i + 1] { d[i * n + Int(columns[k])] = values[k] }
            }
        }
        return out
    }

    /// The same problem without explicit zero couplings.
    public func droppingZeroCouplings() -> IsingProblem {
        var start = [Int](repeating: 0, count: n + 1)
        var cols: [Int32] = [], vals: [Double] = []
        cols.reserveCapacity(columns.count); vals.reserveCapacity(values.count)
        for i in 0..<n {
            for k in rowStart[i]..<rowStart[i + 1] where values[k] != 0 {
                cols.append(columns[k]); vals.append(values[k])
            }
            start[i + 1] = cols.count
        }
        return IsingProblem(n: n, h: h, rowStart: start, columns: cols, values: vals, offset: offset)
    }

    /// Energies of `spins.count / n` spin vectors stored row-major.
    public func energies(_ spins: [Int8]) -> [Double] {
        let rows = n == 0 ? 0 : spins.count / n
        return (0..<rows).map { r in energy(spins[(r * n)..<((r + 1) * n)]) }
    }
}
