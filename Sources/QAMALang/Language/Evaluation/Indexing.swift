import IsingCore

/// `t[i, j]`, `Q[0, 0..<4, :]`, `x[i, :]`, `a[2]`: integers drop an axis, ranges and `:` keep it, missing
/// trailing indices mean `:`. A Variables block indexed down to one variable is an Expr of that variable.
enum Indexing {
    enum Spec {
        case all
        case at(Int)
        case range(RangeValue)
    }

    /// `written`: the base as the cell wrote it (a bound name), used in error messages when known.
    static func index(_ base: Value, _ specs: [Spec], session: Session, written: String? = nil) throws -> Value {
        switch base {
        case .tensor(let t):
            let (shape, offsets) = try gather(shape: t.shape, specs, what: written ?? "the tensor")
            if shape.isEmpty { return .number(t.storage[offsets[0]]) }
            return .tensor(Tensor(shape: shape, storage: offsets.map { t.storage[$0] }))
        case .variables(let x):
            let (shape, offsets) = try gather(shape: x.shape, specs, what: written ?? x.name)
            let ids = offsets.map { x.ids[$0] }
            if shape.isEmpty { return .expr(session.registry.expression(ids[0])) }
            return .variables(Variables(ids: ids, shape: shape, vartype: x.vartype, name: x.name + "[" + specs.map(text).joined(separator: ", ") + "]"))
        case .array(let items):
            let (shape, offsets) = try gather(shape: [items.count], specs, what: written ?? "the array")
            return shape.isEmpty ? items[offsets[0]] : .array(offsets.map { items[$0] })
        case .range(let r):
            let (shape, offsets) = try gather(shape: [r.count], specs, what: written ?? "the range")
            return shape.isEmpty ? .number(Double(r.lower + offsets[0])) : .array(offsets.map { .number(Double(r.lower + $0)) })
        default:
            throw LanguageError.type("\(Operators.describe(base)) cannot be indexed")
        }
    }

    private static func text(_ s: Spec) -> String {
        switch s {
        case .all: ":"
        case .at(let i): String(i)
        case .range(let r): r.description
        }
    }

    /// The result shape and the row-major source offsets of every selected element.
    static func gather(shape: [Int], _ specs: [Spec], what: String) throws -> (shape: [Int], offsets: [Int]) {
        guard specs.count <= shape.count else {
            throw LanguageError.shape("\(what) has \(shape.count) ax\(shape.count == 1 ? "is" : "es") (shape \(Tensor.describe(shape: shape))) but \(specs.count) indices were given")
        }
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for k in stride(from: shape.count - 1, through: 0, by: -1) { strides[k] = acc; acc *= shape[k] }
        var offsets = [0]
        var result: [Int] = []
        for axis in 0..<shape.count {
            let n = shape[axis]
            let chosen: [Int]
            switch axis < specs.count ? specs[axis] : .all {
            case .all:
                chosen = Array(0..<n)
                result.append(n)
            case .at(let i):
                guard i >= 0 && i < n else {
                    throw LanguageError.value("index \(i) is out of range 0..<\(n) on axis \(axis) of \(what)")
                }
                chosen = [i]
            case .range(let r):
                guard r.count == 0 || (r.lower >= 0 && r.end <= n) else {
                    throw LanguageError.value("range \(r.description) is out of range 0..<\(n) on axis \(axis) of \(what)")
                }
                chosen = Array(r.elements)
                result.append(chosen.count)
            }
            let s = strides[axis]
            var next: [Int] = []
            next.reserveCapacity(offsets.count * chosen.count)
            for o in offsets { for i in chosen { next.append(o + i * s) } }
            offsets = next
        }
        return (result, offsets)
    }
}
