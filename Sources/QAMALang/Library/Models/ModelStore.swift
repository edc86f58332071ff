import IsingCore

/// The session's compiled models: numbers them, and caches the model compiled from each Expr so that
/// `solve(H, exact())` twice compiles H once. Params are never baked into a compiled model, so one cache
/// entry serves every param value (`λ = 0.5` then `solve(H, …)` reuses it).
///
/// An Expr is a value (a struct), so "the same Expr" means the same terms: the cache key is a hash of the
/// expression, confirmed by comparing the terms. Checking costs one pass over the terms, far less than a
/// compile.
final class ModelStore {
    private var serial = 0
    private var cache: [(hash: Int, expression: Expression, handle: ModelHandle)] = []
    private let capacity = 16

    /// How many models this session compiled (`model(e)`, `qama(...)`, `maxcut(g)`, …).
    var compileCount: Int { serial }

    /// The session's store, made on first use.
    enum Key: SessionKey { static func initialValue() -> ModelStore { ModelStore() } }

    static func of(_ session: Session) -> ModelStore { session.store[Key.self] }

    /// Wraps a freshly compiled model.
    func register(_ compiled: CompiledModel, origin: ModelHandle.Origin) -> ModelHandle {
        serial += 1
        return ModelHandle(compiled: compiled, origin: origin, serial: serial)
    }

    /// Wraps a `qama(...)` model (compiled only if and when it is expanded).
    func register(qama: StructuredQAMAModel) -> ModelHandle {
        serial += 1
        return ModelHandle(qama: qama, serial: serial)
    }

    /// The compiled model of `expression`, from the cache when the same terms were compiled before.
    func model(for expression: Expression) throws -> ModelHandle {
        let hash = Self.fingerprint(expression)
        if let k = cache.firstIndex(where: { $0.hash == hash && Self.same($0.expression, expression) }) {
            let entry = cache.remove(at: k)
            cache.append(entry)  // most recently used last
            return entry.handle
        }
        let compiled = try expression.compile()
        let handle = register(compiled, origin: .expression)
        cache.append((hash, expression, handle))
        if cache.count > capacity { cache.removeFirst() }
        return handle
    }

    private static func fingerprint(_ e: Expression) -> Int {
        var h = Hasher()
        h.combine(e.registry.map(ObjectIdentifier.init))
        h.combine(e.offset)
        if let sorted = e.sorted {
            // Sorted terms hash as two flat arrays (no hash map is built for them).
            h.combine(sorted.count)
            sorted.keys.withUnsafeBytes { h.combine(bytes: $0) }
            sorted.constants.withUnsafeBytes { h.combine(bytes: $0) }
            for part in sorted.paramParts { h.combine(part.index); h.combine(part.term) }
        } else {
            h.combine(e.linear)
            h.combine(e.quadratic)
        }
        h.combine(e.penalties.count)
        for p in e.penalties { h.combine(p.name); h.combine(p.relation); h.combine(p.weight) }
        return h.finalize()
    }

    private static func same(_ a: Expression, _ b: Expression) -> Bool {
        guard a.registry === b.registry && a.offset == b.offset && a.penalties == b.penalties else { return false }
        if let x = a.sorted, let y = b.sorted {
            return x === y || (x.keys == y.keys && x.constants == y.constants
                && x.paramParts.map(\.index) == y.paramParts.map(\.index) && x.paramParts.map(\.term) == y.paramParts.map(\.term))
        }
        return a.linear == b.linear && a.quadratic == b.quadratic
    }
}
