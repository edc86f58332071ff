/// What `for x in v` and comprehension loops walk over: a range's integers, an array's elements, a
/// tensor's first axis (numbers for a vector, sub-tensors otherwise), a Variables block's first axis.
/// Elements are made one at a time, so `for i in 0..<100000000` costs no memory up front.
enum Iteration {
    struct Items {
        let count: Int
        let element: (Int) throws -> Value
    }

    static func items(of v: Value, session: Session) throws -> Items {
        switch v {
        case .range(let r):
            let lower = r.lower
            return Items(count: r.count) { .number(Double(lower + $0)) }
        case .array(let a): return Items(count: a.count) { a[$0] }
        case .tensor(let t):
            guard t.rank > 0 else { throw LanguageError.type("cannot loop over a rank-0 tensor") }
            return Items(count: t.shape[0]) { try Indexing.index(v, [.at($0)], session: session) }
        case .variables(let x):
            guard !x.shape.isEmpty else { throw LanguageError.type("cannot loop over a single variable") }
            return Items(count: x.shape[0]) { try Indexing.index(v, [.at($0)], session: session) }
        default:
            throw LanguageError.type("cannot loop over \(Operators.describe(v)); use a range, an array or a tensor")
        }
    }
}
