/// Turning values into tensors: a Tensor as is, a Number as rank 0, a Range as a vector, a nested Array of
/// numbers as the tensor of its shape (ragged nesting is a ShapeError).
enum TensorConversion {
    struct NotNumeric: Error {}

    static func tensor(from v: Value) throws -> Tensor {
        switch v {
        case .tensor(let t): return t
        case .number(let x): return Tensor(shape: [], storage: [x])
        case .bool(let b): return Tensor(shape: [], storage: [b ? 1 : 0])
        case .range(let r): return Tensor(r.elements.map(Double.init))
        case .array(let items):
            var storage: [Double] = []
            let shape = try flatten(items, into: &storage)
            return Tensor(shape: shape, storage: storage)
        default: throw NotNumeric()
        }
    }

    private static func flatten(_ items: [Value], into storage: inout [Double]) throws -> [Int] {
        var inner: [Int]? = nil
        for item in items {
            let shape: [Int]
            switch item {
            case .number(let x): storage.append(x); shape = []
            case .bool(let b): storage.append(b ? 1 : 0); shape = []
            case .array(let sub): shape = try flatten(sub, into: &storage)
            case .tensor(let t): storage += t.storage; shape = t.shape
            case .range(let r): storage += r.elements.map(Double.init); shape = [r.count]
            default: throw NotNumeric()
            }
            if let inner, inner != shape {
                throw LanguageError.shape("ragged array: an element of shape \(Tensor.describe(shape: shape)) next to one of shape \(Tensor.describe(shape: inner))")
            }
            inner = shape
        }
        return [items.count] + (inner ?? [])
    }
}
