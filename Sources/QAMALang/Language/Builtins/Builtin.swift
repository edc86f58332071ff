// How builtins are registered
// ===========================
// A builtin is a named closure with a signature and a one-paragraph doc (shown by `help`, inspect and
// completion). Each module of builtins is an enum with
//
//     static func register(into table: inout BuiltinTable)
//
// that calls `table.register(Builtin(...))` once per name. `BuiltinTable.standard` (Builtins/StandardBuiltins
// .swift) builds the one table the interpreter uses: the core modules first (tensors, session, …), then
// `LibraryBuiltins.register(into:)` from Sources/QAMALang/Library/LibraryBuiltins.swift, owned by the library
// helper. A later registration of the same name replaces the earlier one.
//
// Writing one:
//
//     table.register(Builtin(
//         name: "eye", signature: "eye(n)", doc: "The n×n identity matrix.", labels: []
//     ) { args, session in
//         let n = try args.int(at: 0)
//         try args.finish()                      // no extra positional or unknown labeled arguments
//         ...
//         return .tensor(t)
//     })
//
// Accessors on `CallArguments` throw `LanguageError`s positioned at the offending argument, e.g.
// "TypeError: eye() argument 1 must be a Number, not a String". Errors a builtin throws without a position
// are positioned at the call. Long-running builtins must poll `session.checkInterrupted()` (or hand
// `session.cancellationCheck` to `SolveControl(isCancelledExternally:)`) so an interrupt stops them within
// 100 ms. Random draws come from `session.random` only.

/// One builtin function.
public struct Builtin {
    public var name: String
    /// As shown to users, e.g. `sa(reads: 32, sweeps: 1000, beta: [hot, cold], schedule: "geometric", seed:, threads:)`.
    public var signature: String
    /// One paragraph.
    public var doc: String
    /// The labeled-argument names it accepts (completion offers `reads:` inside `sa(`).
    public var labels: [String]
    /// The strings a labeled argument accepts (`mode:` of `sb` → "ballistic", "discrete", "heated"), offered
    /// by completion after `mode: `. Read from the library's own enums, never restated.
    public var choices: [String: [String]]
    public var call: (inout CallArguments, Session) throws -> Value

    public init(name: String, signature: String, doc: String, labels: [String] = [], choices: [String: [String]] = [:],
                call: @escaping (inout CallArguments, Session) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.labels = labels
        self.choices = choices
        self.call = call
    }
}

/// Every builtin by name.
public struct BuiltinTable {
    public private(set) var builtins: [String: Builtin] = [:]

    public init() {}

    public mutating func register(_ builtin: Builtin) { builtins[builtin.name] = builtin }

    public subscript(name: String) -> Builtin? { builtins[name] }

    /// Sorted names, for completion and `help()`.
    public var names: [String] { builtins.keys.sorted() }
}
