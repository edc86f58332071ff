/// Every error a cell can raise: a kind (Jupyter's `ename`), a one-line message (`evalue`) and the source
/// range it points at. Builtins throw errors without a range; the evaluator fills in the range of the call
/// (or of the offending argument, when `CallArguments` knows it) before the error reaches the user.
public struct LanguageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case syntax = "SyntaxError"
        case name = "NameError"
        case type = "TypeError"
        case value = "ValueError"
        case shape = "ShapeError"
        case solver = "SolverError"
        case remote = "RemoteError"
        case interrupted = "Interrupted"
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange?

    public init(_ kind: Kind, _ message: String, at range: SourceRange? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    /// The error with `range` filled in unless it already has one.
    public func located(_ range: SourceRange?) -> LanguageError {
        var copy = self
        if copy.range == nil { copy.range = range }
        return copy
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    // Shorthands, so builtins read `throw .type("...")`.
    public static func syntax(_ m: String, at r: SourceRange? = nil) -> Self { Self(.syntax, m, at: r) }
    public static func name(_ m: String, at r: SourceRange? = nil) -> Self { Self(.name, m, at: r) }
    public static func type(_ m: String, at r: SourceRange? = nil) -> Self { Self(.type, m, at: r) }
    public static func value(_ m: String, at r: SourceRange? = nil) -> Self { Self(.value, m, at: r) }
    public static func shape(_ m: String, at r: SourceRange? = nil) -> Self { Self(.shape, m, at: r) }
    public static func solver(_ m: String, at r: SourceRange? = nil) -> Self { Self(.solver, m, at: r) }
    public static func remote(_ m: String, at r: SourceRange? = nil) -> Self { Self(.remote, m, at: r) }

    /// The message every interrupted statement reports.
    public static func interrupted(at r: SourceRange? = nil) -> Self {
        Self(.interrupted, "the cell was interrupted; bindings made before this statement are kept", at: r)
    }
}
