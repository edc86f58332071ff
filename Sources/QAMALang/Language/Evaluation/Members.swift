/// `value.name` for core values; library values answer through `LibraryValue.member`.
enum Members {
    static func names(of v: Value) -> [String] {
        switch v {
        case .tensor: ["shape", "rank", "count"]
        case .variables: ["shape", "count", "name", "vartype"]
        case .array, .string: ["count"]
        case .range: ["count", "lower", "upper"]
        case .expr: ["degree", "params"]
        case .param: ["name", "value"]
        case .library(let d): d.memberNames
        default: []
        }
    }

    static func member(_ v: Value, _ name: String, session: Session) throws -> Value {
        let found: Value?
        switch (v, name) {
        case (.tensor(let t), "shape"): found = shapeValue(t.shape)
        case (.tensor(let t), "rank"): found = .number(Double(t.rank))
        case (.tensor(let t), "count"): found = .number(Double(t.count))
        case (.variables(let x), "shape"): found = shapeValue(x.shape)
        case (.variables(let x), "count"): found = .number(Double(x.ids.count))
        case (.variables(let x), "name"): found = .string(x.name)
        case (.variables(let x), "vartype"): found = .string(x.vartype.rawValue)
        case (.array(let a), "count"): found = .number(Double(a.count))
        case (.string(let s), "count"): found = .number(Double(s.count))
        case (.range(let r), "count"): found = .number(Double(r.count))
        case (.range(let r), "lower"): found = .number(Double(r.lower))
        case (.range(let r), "upper"): found = .number(Double(r.upper))
        case (.expr(let e), "degree"): found = .number(Double(e.degree))
        case (.expr(let e), "params"): found = .array(e.params.map { .string($0) })
        case (.param(let p), "name"): found = .string(p)
        case (.param(let p), "value"): found = session.paramValues[p].map { .number($0) }
        case (.library(let d), _): found = try d.member(name, session: session)
        default: found = nil
        }
        if let found { return found }
        let known = names(of: v)
        throw LanguageError.name("\(v.typeName) has no member '\(name)'" + (known.isEmpty ? "" : " (members: \(known.joined(separator: ", ")))"))
    }

    static func shapeValue(_ shape: [Int]) -> Value { .array(shape.map { .number(Double($0)) }) }
}
