import IsingCore

/// The language's tensor is IsingCore's `NDArray` (shape + row-major Doubles): what `load("x.npy")` reads
/// and what `qama(Q, K, V)` takes, with no copy in between. A rank-0 tensor (shape `[]`) holds one number.
public typealias Tensor = NDArray

extension NDArray {
    /// "2×3": how shapes appear in summaries.
    public static func dimensions(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}

extension NDArray {
    /// A vector as one row, a matrix as itself: (rows, columns) of a non-empty tensor of rank 1 or 2, the
    /// form the heads × tokens builtins (`patchmap`, `rankcorr`, `topk`) take; nil for any other.
    var rowsAndColumns: (rows: Int, columns: Int)? {
        guard rank == 1 || rank == 2, count > 0 else { return nil }
        let rows = rank == 2 ? shape[0] : 1
        return (rows, count / rows)
    }
}
