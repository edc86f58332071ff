import IsingCore

/// How a solver stores the couplings in its inner loop.
public enum CouplingLayout: String, Sendable, CaseIterable {
    /// Dense when the problem is dense enough for the solver's kernel to profit and the matrix fits.
    case automatic
    /// Compressed rows: Int32 columns, values alongside.
    case sparse
    /// A row-major n × n matrix with zeros on the diagonal.
    case dense

    /// The layout actually used. `denseAbove` is the density (fraction of coupled pairs) beyond which the
    /// solver's dense kernel wins; `automatic` also stays sparse when the matrix would not fit in memory.
    func resolved(for problem: IsingProblem, denseAbove: Double) -> CouplingLayout {
        switch self {
        case .sparse, .dense: return self
        case .automatic:
            let fits = (try? MemoryEstimate.forDense(variables: problem.n).check()) != nil
            return fits && problem.density > denseAbove ? .dense : .sparse
        }
    }
}

extension IsingProblem {
    /// The couplings pinned in `layout` (resolved for this problem), for the local-field kernels.
    func couplingStore(_ layout: CouplingLayout, denseAbove: Double) -> (CouplingStore, CouplingLayout) {
        let used = layout.resolved(for: self, denseAbove: denseAbove)
        let store = CouplingStore(rowStart: rowStart, columns: columns, values: values,
                                  dense: used == .dense ? denseMatrix() : nil, n: n)
        return (store, used)
    }
}
