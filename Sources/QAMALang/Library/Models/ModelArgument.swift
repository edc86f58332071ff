import IsingCore

/// Turns an argument into a model: a Model value as is; an Expr (or one decision variable) compiled on
/// demand through the session's `ModelStore` cache.
enum ModelArgument {
    static func handle(_ value: Value, session: Session, callee: String, range: SourceRange?) throws -> ModelHandle {
        switch value {
        case .library(let d as ModelValue): return d.handle
        case .expr(let e): return try located(range) { try ModelStore.of(session).model(for: e) }
        case .variables(let v) where v.ids.count == 1:
            return try located(range) { try ModelStore.of(session).model(for: session.registry.expression(v.ids[0])) }
        default:
            throw LanguageError.type("\(callee)() needs a Model or an Expr, not \(value.typeName)", at: range)
        }
    }

    static func handle(_ args: CallArguments, at i: Int, session: Session) throws -> ModelHandle {
        let v = try args.value(at: i, "model")
        return try handle(v, session: session, callee: args.callee, range: args.rangeOf(argument: i))
    }

    private static func located<T>(_ range: SourceRange?, _ body: () throws -> T) throws -> T {
        // Compiling errors point at the argument, not the whole call.
        do { return try body() } catch { throw LanguageError(error).located(range) }
    }
}

extension Param where T == ModelHandle {
    /// A Model, or an Expr (or one decision variable) compiled on demand through the session's cache.
    static func model(at name: String = "m") -> Param<ModelHandle> {
        make(label: nil, name: name, kind: .model, shown: nil, required: true, doc: "a Model, or an Expr compiled on demand") { args, slot in
            let v = try args.required(slot)
            return try ModelArgument.handle(v, session: args.session!, callee: args.callee, range: args.range(slot))
        }
    }
}
