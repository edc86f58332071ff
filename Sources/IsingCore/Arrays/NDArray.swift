/// A dense n-dimensional array of Doubles: `shape` plus `storage` in row-major (NumPy's C) order, so
/// element `[t, i, d]` of a `[T, N, D]` array is `storage[(t·N + i)·D + d]`. A rank-0 array (shape `[]`)
/// holds one number. The one n-d array of the project: `.npy` files read into it (`NPY`), the QAMA
/// operator takes its Q, K and V as it, and it is the language's `Tensor`.
public struct NDArray: Sendable, Equatable {
    public private(set) var shape: [Int]
    /// The elements in row-major order; its count stays `shape`'s product (change elements, not the count).
    public var storage: [Double]

    /// Traps unless every dimension is ≥ 0 and `storage` holds exactly their product: callers check
    /// sizes from outside (files, cells) before they build an array.
    public init(shape: [Int], storage: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == storage.count, "storage count \(storage.count) does not match shape \(shape)")
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], repeating value: Double) {
        self.init(shape: shape, storage: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// A rank-1 array.
    public init(_ vector: [Double]) { self.init(shape: [vector.count], storage: vector) }

    public var rank: Int { shape.count }
    public var count: Int { storage.count }

    /// Row-major strides in elements.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for k in stride(from: shape.count - 1, through: 0, by: -1) { s[k] = acc; acc *= shape[k] }
        return s
    }

    /// Same storage, new shape (the counts must agree).
    public func reshaped(_ newShape: [Int]) -> NDArray { NDArray(shape: newShape, storage: storage) }

    /// Element-wise map.
    public func map(_ f: (Double) -> Double) -> NDArray { NDArray(shape: shape, storage: storage.map(f)) }

    /// "[2, 3]": how shapes (and multi-indices) appear in messages.
    public static func describe(shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
