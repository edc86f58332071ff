/// The names a session has bound. A value type: the evaluator runs each statement against a copy and
/// commits it only when the statement succeeds, which is what makes statements atomic.
public struct Bindings {
    public enum Kind: String, Sendable { case `let`, `var`, param, `func` }

    public struct Binding {
        public var kind: Kind
        public var value: Value
        /// Definition order, for `who()` and `params()`.
        public var order: Int
    }

    public private(set) var entries: [String: Binding] = [:]
    private var counter = 0

    public init() {}

    public subscript(name: String) -> Binding? { entries[name] }

    /// (Re)binds `name` (a new `let` in a later cell rebinds it).
    public mutating func bind(_ name: String, kind: Kind, value: Value) {
        counter += 1
        entries[name] = Binding(kind: kind, value: value, order: counter)
    }

    /// Replaces the value of an existing binding, keeping kind and order.
    mutating func update(_ name: String, value: Value) {
        entries[name]?.value = value
    }

    /// Names in definition order.
    public var orderedNames: [String] { entries.sorted { $0.value.order < $1.value.order }.map(\.key) }

    /// Every param's current value.
    public var paramValues: [String: Double] {
        var out: [String: Double] = [:]
        for (name, b) in entries where b.kind == .param {
            if case .number(let x) = b.value { out[name] = x }
        }
        return out
    }
}
