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
