/// A dense n-dimensional Float64 array: `shape` plus row-major `storage`. A rank-0 tensor (shape `[]`)
/// holds one number. Value semantics (copy on write through the array).
///
/// Library code builds tensors with `Tensor(shape:storage:)` (which checks the count) and reads `storage`
/// directly: it is laid out exactly as NumPy's C order, so `Q[t, i, d]` is `storage[(t·N + i)·D + d]`.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var storage: [Double]

    public init(shape: [Int], storage: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension")
        precondition(shape.reduce(1, *) == storage.count, "storage count \(storage.count) does not match shape \(shape)")
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], repeating value: Double) {
        self.init(shape: shape, storage: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// A 1-D tensor.
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
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }

    /// Element-wise map.
    public func map(_ f: (Double) -> Double) -> Tensor { Tensor(shape: shape, storage: storage.map(f)) }

    /// "[2, 3]": how shapes appear in messages.
    public static func describe(shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// "2×3": how shapes appear in summaries.
    public static func dimensions(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}
