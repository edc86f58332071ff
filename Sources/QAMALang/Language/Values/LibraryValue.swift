import JupyterKernel

/// A value type added by Sources/QAMALang/Library/ (Model, Solver, Result, Sweep, Figure, Table, Graph, …).
/// Carried by `Value.library`. Implement `typeName` and `plainText`; the rest have defaults.
///
/// - `mimeBundle`: at least `text/plain`; tables add `text/html`; figures add `image/svg+xml` (and keep a
///   `text/plain` description).
/// - `member(_:session:)`: `r.energy` → return the value; a method such as `r.value(x)` → return
///   `.function(.builtin(Builtin(...)))` whose closure captures `self`, and the evaluator calls it with the
///   arguments. Return nil for an unknown member (the evaluator raises a NameError listing `memberNames`).
/// - `memberNames`: for completion after `r.` and for that NameError.
/// - `summary`: one line for `who()` and `inspect` (defaults to the first line of `plainText`).
public protocol LibraryValue {
    var typeName: String { get }
    var plainText: String { get }
    var mimeBundle: MimeBundle { get }
    var memberNames: [String] { get }
    var summary: String { get }
    func member(_ name: String, session: Session) throws -> Value?
}

extension LibraryValue {
    public var mimeBundle: MimeBundle { ["text/plain": plainText] }
    public var memberNames: [String] { [] }
    public var summary: String { String(plainText.prefix { $0 != "\n" }) }
    public func member(_ name: String, session: Session) throws -> Value? { nil }
}

/// A library value that `save(value, "file")` can write (figures to .svg, …). Tensors are saved by the core
/// (`.npy`, `.csv`); anything else must conform to this or `save` raises a TypeError.
public protocol Savable {
    /// Writes to `path` (relative paths are relative to the working directory). Throw a LanguageError
    /// (`.value` for an unsupported extension) on failure.
    func save(to path: String, session: Session) throws
}
