/// A shaped block of decision variables declared together, e.g. `binary(3, 5, name: "x")`.
/// Ids are consecutive, row-major: element `[i, j]` of a 3×5 block is `firstID + i·5 + j`.
public struct VariableBlock: Sendable, Hashable {
    public let name: String
    public let shape: [Int]
    public let vartype: Vartype
    public let firstID: Int

    public init(name: String, shape: [Int], vartype: Vartype, firstID: Int) {
        self.name = name
        self.shape = shape
        self.vartype = vartype
        self.firstID = firstID
    }

    public var count: Int { shape.reduce(1, *) }
    public var ids: Range<Int> { firstID ..< firstID + count }

    /// Row-major strides of `shape`.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        for k in stride(from: shape.count - 2, through: 0, by: -1) { s[k] = s[k + 1] * shape[k + 1] }
        return s
    }

    /// The id of the element at `index` (one integer per axis, each within its axis).
    public func id(at index: [Int]) throws -> Int {
        guard index.count == shape.count else {
            throw ExpressionError("\(name) has \(shape.count) axes but \(index.count) indices were given")
        }
        var offset = 0
        for (k, (i, n)) in zip(index, shape).enumerated() {
            guard i >= 0 && i < n else { throw ExpressionError("index \(i) is out of range 0..<\(n) on axis \(k) of \(name)") }
            offset = offset * n + i
        }
        return firstID + offset
    }

    /// The multi-index of `id` within this block.
    public func index(of id: Int) -> [Int] {
        precondition(ids.contains(id), "id \(id) is not in block \(name)")
        var rest = id - firstID
        var out = [Int](repeating: 0, count: shape.count)
        for k in stride(from: shape.count - 1, through: 0, by: -1) {
            out[k] = rest % shape[k]
            rest /= shape[k]
        }
        return out
    }

    /// Display name of `id`: `x[0,3]`, or just `x` for a scalar block.
    public func name(of id: Int) -> String {
        shape.isEmpty ? name : "\(name)[\(index(of: id).map(String.init).joined(separator: ","))]"
    }
}
