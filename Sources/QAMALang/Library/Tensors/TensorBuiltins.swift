import Foundation
import IsingCore

/// Tensor builtins: constructors (randn, rand, zeros, ones, eye, tensor), algebra (matmul, transpose,
/// softmax), reductions (sum, mean, max, min) and element-wise functions (abs, exp, log, sqrt).
enum TensorBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register([
            filled("randn", "A tensor of the given dimensions (randn(4, 16, 32) or randn([4, 16, 32])) filled with independent standard normal draws from the session's seeded generator; seed(n) makes it reproducible. With no dimensions, one Number.") {
                $0.random.nextGaussian()
            },
            filled("rand", "A tensor of the given dimensions filled with independent uniform draws in [0, 1) from the session's seeded generator. With no dimensions, one Number.") {
                $0.random.nextUnit()
            },
            filled("zeros", "A tensor of the given dimensions filled with 0.") { _ in 0 },
            filled("ones", "A tensor of the given dimensions filled with 1.") { _ in 1 },
            eye, tensor, reshape, matmul, transpose, softmax, sum,
            reduction("mean", "Mean of a tensor's elements, or along `axis:` (which removes that axis).") {
                $0.reduce(0, +) / Double($0.count)
            },
            reduction("max", "Largest element of a tensor, or along `axis:`; max(a, b) is the element-wise maximum.", {
                $0.max()!
            }, pairwise: { Swift.max($0, $1) }),
            reduction("min", "Smallest element of a tensor, or along `axis:`; min(a, b) is the element-wise minimum.", {
                $0.min()!
            }, pairwise: { Swift.min($0, $1) }),
            unary("abs", "Absolute value, element-wise on tensors.") { Swift.abs($0) },
            unary("exp", "e to the power x, element-wise on tensors.") { Foundation.exp($0) },
            unary("log", "Natural logarithm, element-wise on tensors (log of 0 is -inf, of a negative number nan).") { Foundation.log($0) },
            unary("sqrt", "Square root, element-wise on tensors.") { $0.squareRoot() },
        ])
    }

    // MARK: constructors

    private static func filled(_ name: String, _ doc: String, _ draw: @escaping (Session) -> Double) -> Builtin {
        let dims = Param<[Int]>.dimensions()
        return Builtin(name, [dims], doc: doc) { args, session in
            let shape = try args[dims]
            let count = try Allocation.elements(shape, Allocation.call(name, shape))
            // One pass, written in place (no zero-fill first: for 3.2 GB that alone took seconds and could not
            // be interrupted), checking the interrupt every 65,536 values.
            let storage = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for k in 0..<count {
                    if k & 0xFFFF == 0 { try session.checkInterrupted() }
                    buffer[k] = draw(session)
                    initialized = k + 1
                }
            }
            return shape.isEmpty ? .number(storage[0]) : .tensor(Tensor(shape: shape, storage: storage))
        }
    }

    private static var eye: Builtin {
        let n = Param<Int>.integer(at: "n")
        return Builtin("eye", [n], doc: "The n×n identity matrix.") { args, _ in
            let n = try args[n]
            guard n >= 0 else { throw LanguageError.value("eye() needs n ≥ 0, got \(n)", at: args.rangeOf(argument: 0)) }
            _ = try Allocation.elements([n, n], Allocation.call("eye", [n]))
            var t = Tensor(shape: [n, n], repeating: 0)
            for i in 0..<n { t.storage[i * n + i] = 1 }
            return .tensor(t)
        }
    }

    private static var tensor: Builtin {
        let items = Param<Tensor>.tensor(at: "[[...]]")
        return Builtin("tensor", [items],
                       doc: "A tensor from a (nested) array of numbers, e.g. tensor([[1, 2], [3, 4]]) is 2×2. Every row must have the same length.") { args, _ in
            .tensor(try args[items])
        }
    }

    private static var reshape: Builtin {
        let t = Param<Tensor>.tensor(at: "t"), dims = Param<[Int]>.dimensions()
        return Builtin("reshape", [t, dims], doc: "The same elements (row-major order) under a new shape with the same element count.") { args, _ in
            let t = try args[t]
            let shape = try args[dims]
            guard MemoryBudget.product(shape) == t.count else {
                throw LanguageError.shape("reshape() cannot turn shape \(Tensor.describe(shape: t.shape)) (\(t.count) elements) into \(Tensor.describe(shape: shape))", at: args.callRange)
            }
            return .tensor(t.reshaped(shape))
        }
    }

    // MARK: algebra

    private static var matmul: Builtin {
        let a = Param<Tensor>.tensor(at: "a"), b = Param<Tensor>.tensor(at: "b")
        return Builtin("matmul", [a, b],
                       doc: "Matrix product: [m, k]·[k, n] → [m, n]; a vector on either side acts as a row or column (the result drops that axis); rank-3 operands multiply per batch ([b, m, k]·[b, k, n]).") { args, _ in
            .tensor(try TensorMath.matmul(try args[a], try args[b]))
        }
    }

    private static var transpose: Builtin {
        let t = Param<Tensor>.tensor(at: "t")
        return Builtin("transpose", [t],
                       doc: "Swaps the last two axes: a [m, n] matrix becomes [n, m]; a [h, m, n] tensor becomes [h, n, m]. A vector is unchanged.") { args, _ in
            .tensor(TensorMath.transpose(try args[t]))
        }
    }

    private static var softmax: Builtin {
        let t = Param<Tensor>.tensor(at: "t"), axis = Param<Int>.integer("axis", default: -1)
        return Builtin("softmax", [t, axis],
                       doc: "exp(t) normalised to sum 1 along `axis` (default the last), computed stably by subtracting each line's maximum first.") { args, _ in
            .tensor(try TensorMath.softmax(try args[t], axis: try args[axis]))
        }
    }

    // MARK: reductions

    private static var sum: Builtin {
        let t = Param<Value>.value(at: "t"), axis = Param<Int?>.integer("axis")
        return Builtin("sum", [t, axis], alternatives: ["sum(i in a, j in b where cond: body)"],
                       doc: "Sum of a tensor's elements, or along `axis:` (which removes that axis). sum(x) of a Variables block is the Expr adding all its variables; sum of an array adds its elements (numbers, tensors or Exprs). The comprehension form sum(i in 0..<n, j in 0..<n where i < j: body) adds body over every combination of the loop variables that satisfies the condition.") { args, session in
            let v = try args[t]
            let axis = try args[axis]
            switch v {
            case .variables(let x):
                guard axis == nil else { throw LanguageError.type("sum() of Variables takes no axis:", at: args.rangeOf(label: "axis")) }
                var acc = TermAccumulator()
                acc.adopt(session.registry)
                for id in x.ids { try acc.addLinear(id, Double(1)) }
                return .expr(try acc.finish())
            case .array(let items) where axis == nil:
                var total = Summation()
                for item in items { try total.add(item, session: session, range: args.rangeOf(argument: 0) ?? SourceRange(at: .start)) }
                return try total.value()
            default:
                return try TensorMath.reduce(try args.tensor(at: 0), axis: axis) { $0.reduce(0, +) }
            }
        }
    }

    private static func reduction(_ name: String, _ doc: String, _ f: @escaping ([Double]) -> Double,
                                  pairwise: ((Double, Double) -> Double)? = nil) -> Builtin {
        let t = Param<Tensor>.tensor(at: "t"), other = Param<Value?>.optional(at: "b", kind: .tensor).hidden()
        let axis = Param<Int?>.integer("axis")
        let parameters: [any DeclaresParameter] = pairwise == nil ? [t, axis] : [t, other, axis]
        return Builtin(name, parameters, alternatives: pairwise == nil ? [] : ["\(name)(a, b)"], doc: doc) { args, _ in
            if let pairwise, args.count == 2 {
                let a = try args.tensor(at: 0), b = try args.tensor(at: 1)
                let r = try Operators.elementwise(.add, a, b)  // checks shapes
                var out = r
                if a.shape == b.shape { for k in 0..<a.count { out.storage[k] = pairwise(a.storage[k], b.storage[k]) } }
                else if b.rank == 0 { out = a.map { pairwise($0, b.storage[0]) } }
                else { out = b.map { pairwise(a.storage[0], $0) } }
                return out.rank == 0 ? .number(out.storage[0]) : .tensor(out)
            }
            let t = try args[t]
            let axis = try args[axis]
            guard t.count > 0 else { throw LanguageError.value("\(name)() of an empty tensor", at: args.rangeOf(argument: 0)) }
            return try TensorMath.reduce(t, axis: axis, f)
        }
    }

    // MARK: element-wise

    private static func unary(_ name: String, _ doc: String, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
        let x = Param<Tensor>.tensor(at: "t")
        var b = Builtin(name, [x], doc: doc) { args, _ in
            if case .number(let n) = try args.value(at: 0) { return .number(f(n)) }
            return .tensor(try args[x].map(f))
        }
        b.scalar = f
        return b
    }
}
