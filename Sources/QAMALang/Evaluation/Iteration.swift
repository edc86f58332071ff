/// What `for x in v` and comprehension loops walk over: a range's integers, an array's elements, a
/// tensor's first axis (numbers for a vector, sub-tensors otherwise), a Variables block's first axis.
enum Iteration {
    static func items(of v: Value, session: Session) throws -> [Value] {
        switch v {
        case .range(let r): return r.elements.map { .number(Double($0)) }
        case .array(let a): return a
        case .tensor(let t):
            guard t.rank > 0 else { throw LanguageError.type("cannot loop over a rank-0 tensor") }
            return try (0..<t.shape[0]).map { try Indexing.index(v, [.at($0)], session: session) }
        case .variables(let x):
            guard !x.shape.isEmpty else { throw LanguageError.type("cannot loop over a single variable") }
            return try (0..<x.shape[0]).map { try Indexing.index(v, [.at($0)], session: session) }
        default:
            throw LanguageError.type("cannot loop over \(Operators.describe(v)); use a range, an array or a tensor")
        }
    }
}
