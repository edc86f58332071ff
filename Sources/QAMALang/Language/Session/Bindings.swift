/// The names a session has bound. Statements are atomic through a journal: the evaluator opens a
/// transaction per statement, every change records the binding it replaced, and a failing statement rolls
/// the changes back (no copy of the bindings per statement, so a long script stays linear).
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
    /// Replaced bindings (nil: the name was unbound) since `beginTransaction`, oldest first.
    private var journal: [(String, Binding?)]? = nil

    public init() {}

    public subscript(name: String) -> Binding? { entries[name] }

    /// (Re)binds `name` (a new `let` in a later cell rebinds it).
    public mutating func bind(_ name: String, kind: Kind, value: Value) {
        record(name)
        counter += 1
        entries[name] = Binding(kind: kind, value: value, order: counter)
    }

    /// Replaces the value of an existing binding, keeping kind and order.
    mutating func update(_ name: String, value: Value) {
        record(name)
        entries[name]?.value = value
    }

    private mutating func record(_ name: String) {
        if journal != nil { journal!.append((name, entries[name])) }
    }

    mutating func beginTransaction() { journal = [] }

    /// A mark inside the open transaction: `rollBack(to:)` undoes only what changed after it (one statement
    /// inside a loop, while the loop's completed iterations stay).
    var savepoint: Int { journal?.count ?? 0 }

    mutating func rollBack(to mark: Int) {
        guard var changes = journal, mark < changes.count else { return }
        for (name, old) in changes[mark...].reversed() { entries[name] = old }
        changes.removeSubrange(mark...)
        journal = changes
    }
    mutating func commitTransaction() { journal = nil }

    /// Forgets what changed after `mark` without undoing it: a statement that succeeded is never rolled back
    /// (only the failing statement is), and a journal that kept every replaced value would keep every
    /// version of a variable a loop grows (`e = e + …`) alive until the cell ends.
    mutating func forget(after mark: Int) {
        guard journal != nil, mark < journal!.count else { return }
        journal!.removeSubrange(mark...)
    }

    /// Replaces a `var`'s value in place through `body`, without recording the old value: for a change that
    /// happens after the last thing in its statement that can fail (so nothing will roll it back). The value
    /// is moved out of the binding while `body` runs, so a growing expression is mutated without a copy.
    mutating func mutateInPlace(_ name: String, _ body: (inout Value) throws -> Void) rethrows {
        try entries.mutateInPlace(name, body)
    }

    /// Undoes every change since `beginTransaction`.
    mutating func rollBack() {
        guard let changes = journal else { return }
        journal = nil
        for (name, old) in changes.reversed() { entries[name] = old }
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

extension Dictionary where Key == String, Value == Bindings.Binding {
    /// Runs `body` on the value bound to `name` (nothing when it is unbound) with the value moved out of the
    /// dictionary meanwhile, so that `body` holds the only reference and mutates it without a copy. The
    /// session's bindings and the evaluator's local scopes both change values this way.
    mutating func mutateInPlace(_ name: String, _ body: (inout QAMALang.Value) throws -> Void) rethrows {
        guard var binding = self[name] else { return }
        self[name]!.value = .nothing
        defer { self[name] = binding }
        try body(&binding.value)
    }
}
