/// One declared parameter of a builtin: where it goes (positional or labeled), what it accepts, its default
/// and how it shows. The builtin's signature, completion labels and string choices, the unknown-label
/// error and every argument check are derived from its list of these (see Builtin.swift).
public struct Parameter {
    /// What an argument must be. Checked before the builtin runs, with the same positioned errors the
    /// typed reads (`Param`) give.
    public enum Kind: Equatable {
        case any, number, integer, positiveInteger, nonNegativeInteger, string, bool, tensor
        /// One of these strings (offered by completion after `label: `).
        case choice([String])
        /// A Model, an Expr or one decision variable (compiled on demand).
        case model
        /// A library value of the named type, e.g. "Result", "Graph", "Solver".
        case library(String)
    }

    /// The label (`reads` in `sa(reads: 4)`); nil for a positional parameter.
    public let label: String?
    /// As the signature shows it: the label, or the positional parameter's placeholder ("m", "dims...").
    public let name: String
    public let kind: Kind
    /// How the default shows after `label: ` ("32", "[hot, cold]"); nil shows `label:` alone (the type
    /// decides, or the parameter is optional). Choices without a shown default list their strings.
    public let shownDefault: String?
    public let isRequired: Bool
    /// Takes every remaining positional argument (`randn(dims...)`).
    public let isVariadic: Bool
    /// Not shown in the signature: the builtin's `alternatives` show it in another form.
    public let isHidden: Bool
    /// A line for the reader of the declaration (and `help`); may be empty.
    public let doc: String
    /// Validates a given argument (reads and discards it): type, range, choice.
    let check: (CallArguments) throws -> Void

    init(label: String?, name: String, kind: Kind, shownDefault: String?, isRequired: Bool, isVariadic: Bool = false,
         isHidden: Bool = false, doc: String = "", check: @escaping (CallArguments) throws -> Void) {
        self.label = label
        self.name = name
        self.kind = kind
        self.shownDefault = shownDefault
        self.isRequired = isRequired
        self.isVariadic = isVariadic
        self.isHidden = isHidden
        self.doc = doc
        self.check = check
    }

    public var isLabeled: Bool { label != nil }

    /// "reads: 32", "schedule: \"geometric\" | \"linear\"", "seed:", "m", "dims...".
    public var shown: String {
        guard let label else { return name }
        if let shownDefault { return "\(label): \(shownDefault)" }
        if case .choice(let options) = kind { return "\(label): " + options.map { "\"\($0)\"" }.joined(separator: " | ") }
        return "\(label):"
    }

    /// The string choices, for completion after `label: `.
    public var choices: [String]? { if case .choice(let c) = kind { c } else { nil } }

    /// The same parameter, hidden from the signature (shown by an alternative form instead).
    public func hidden() -> Parameter {
        Parameter(label: label, name: name, kind: kind, shownDefault: shownDefault, isRequired: isRequired,
                  isVariadic: isVariadic, isHidden: true, doc: doc, check: check)
    }
}

/// A typed handle on a declared parameter: the builtin lists it in its declaration and reads it in its
/// body with `args[p]`, which decodes (or defaults) the argument to `T`. One factory per kind below;
/// the library adds its own (models, results, solvers) in extensions.
public struct Param<T> {
    public let parameter: Parameter
    let read: (CallArguments) throws -> T

    init(_ parameter: Parameter, read: @escaping (CallArguments) throws -> T) {
        self.parameter = parameter
        self.read = read
    }

    /// A parameter whose reads and checks are written by the caller (shared factories build on this).
    static func make(label: String?, name: String? = nil, kind: Parameter.Kind, shown: String?, required: Bool,
                     variadic: Bool = false, doc: String, read: @escaping (CallArguments, Slot) throws -> T) -> Param<T> {
        let slot: Slot = label.map(Slot.label) ?? .positional(name ?? "?")
        let parameter = Parameter(label: label, name: label ?? name ?? "?", kind: kind, shownDefault: shown, isRequired: required,
                                  isVariadic: variadic, doc: doc, check: { args in _ = try read(args, slot) })
        return Param(parameter) { args in try read(args, slot) }
    }

    public func hidden() -> Param<T> { Param(parameter.hidden(), read: read) }
}

/// Where a parameter's argument is: a label, or the positional parameter of that name (its index is its
/// place among the builtin's positional parameters).
enum Slot {
    case label(String)
    case positional(String)
}

// MARK: labeled parameters

extension Param where T == Int {
    /// An integer with a default read from the type that owns it.
    public static func integer(_ label: String, default d: Int, _ doc: String = "") -> Param<Int> {
        make(label: label, kind: .integer, shown: "\(d)", required: false, doc: doc) { args, slot in
            try args.integer(slot) ?? d
        }
    }

    /// An integer of at least 1 (counts: reads, sweeps, agents).
    public static func positive(_ label: String, default d: Int, _ doc: String = "") -> Param<Int> {
        make(label: label, kind: .positiveInteger, shown: "\(d)", required: false, doc: doc) { args, slot in
            try args.positive(slot) ?? d
        }
    }
}

extension Param where T == Int? {
    /// An integer the type decides when absent (shown `label:`).
    public static func integer(_ label: String, shown: String? = nil, _ doc: String = "") -> Param<Int?> {
        make(label: label, kind: .integer, shown: shown, required: false, doc: doc) { args, slot in try args.integer(slot) }
    }

    /// An integer of at least 1, or nil (the type decides: threads, steps).
    public static func positive(_ label: String, _ doc: String = "") -> Param<Int?> {
        make(label: label, kind: .positiveInteger, shown: nil, required: false, doc: doc) { args, slot in try args.positive(slot) }
    }
}

extension Param where T == UInt64 {
    /// `seed:`: a non-negative integer, else the next draw from the session stream (so a notebook
    /// reproduces from `seed(n)`). Read it once per call: every absent read draws.
    public static var seed: Param<UInt64> {
        make(label: "seed", kind: .nonNegativeInteger, shown: nil, required: false,
             doc: "defaults to a draw from the session stream") { args, slot in
            guard let s = try args.integer(slot) else { return args.drawSeed() }
            guard s >= 0 else { throw LanguageError.value("\(args.callee)() seed: must be ≥ 0, got \(s)", at: args.range(slot)) }
            return UInt64(s)
        }
    }
}

extension Param where T == Double {
    public static func number(_ label: String, default d: Double, _ doc: String = "") -> Param<Double> {
        make(label: label, kind: .number, shown: NumberFormat.format(d), required: false, doc: doc) { args, slot in
            try args.number(slot) ?? d
        }
    }

    /// A number the call must give (`tts(..., target:)`); `missing` is the error's text.
    public static func number(required label: String, missing: String, _ doc: String = "") -> Param<Double> {
        make(label: label, kind: .number, shown: nil, required: true, doc: doc) { args, slot in
            guard let x = try args.number(slot) else { throw LanguageError.value(missing, at: args.callRange) }
            return x
        }
    }
}

extension Param where T == Double? {
    /// A number the type decides when absent ("auto": `dt:`, `c0:`); `shown` replaces `label:` alone.
    public static func number(_ label: String, shown: String? = nil, _ doc: String = "") -> Param<Double?> {
        make(label: label, kind: .number, shown: shown, required: false, doc: doc) { args, slot in try args.number(slot) }
    }

    /// A positive finite number or nil; `rule` completes "f() label: must be …".
    public static func positiveNumber(_ label: String, rule: String = "positive", _ doc: String = "") -> Param<Double?> {
        make(label: label, kind: .number, shown: nil, required: false, doc: doc) { args, slot in
            guard let x = try args.number(slot) else { return nil }
            guard x > 0, x.isFinite else { throw LanguageError.value("\(args.callee)() \(label): must be \(rule)", at: args.range(slot)) }
            return x
        }
    }
}

extension Param where T == String? {
    public static func string(_ label: String, shown: String? = nil, _ doc: String = "") -> Param<String?> {
        make(label: label, kind: .string, shown: shown, required: false, doc: doc) { args, slot in try args.string(slot) }
    }

    /// One of `choices`, or nil (the type decides).
    public static func choice(_ label: String, _ choices: [String], shown: String? = nil, _ doc: String = "") -> Param<String?> {
        make(label: label, kind: .choice(choices), shown: shown, required: false, doc: doc) { args, slot in
            try args.choice(slot, choices)
        }
    }
}

extension Param where T == Bool {
    public static func bool(_ label: String, default d: Bool, _ doc: String = "") -> Param<Bool> {
        make(label: label, kind: .bool, shown: d ? "true" : "false", required: false, doc: doc) { args, slot in
            try args.bool(slot) ?? d
        }
    }
}

extension Param where T == Bool? {
    public static func bool(_ label: String, _ doc: String = "") -> Param<Bool?> {
        make(label: label, kind: .bool, shown: nil, required: false, doc: doc) { args, slot in try args.bool(slot) }
    }
}

extension Param where T == Tensor? {
    public static func tensor(_ label: String, shown: String? = nil, _ doc: String = "") -> Param<Tensor?> {
        make(label: label, kind: .tensor, shown: shown, required: false, doc: doc) { args, slot in try args.tensor(slot) }
    }
}

extension Param where T == Value? {
    /// Any value, or nil; the builtin checks it (`alpha:` of qama takes a number or a param).
    public static func value(_ label: String, shown: String? = nil, _ doc: String = "") -> Param<Value?> {
        make(label: label, kind: .any, shown: shown, required: false, doc: doc) { args, slot in args.given(slot)?.value }
    }
}

extension Param where T: RawRepresentable & CaseIterable, T.RawValue == String {
    /// One case of a library enum by its raw value (`schedule: "geometric"`), its default read from the
    /// library type. Shown as the list of cases.
    public static func choice(_ label: String, default d: T, _ doc: String = "") -> Param<T> {
        let names = T.allCases.map(\.rawValue)
        return make(label: label, kind: .choice(names), shown: nil, required: false, doc: doc) { args, slot in
            try args.choice(slot, names).flatMap(T.init(rawValue:)) ?? d
        }
    }
}

// MARK: positional parameters

extension Param where T == Value {
    /// Any value, required.
    public static func value(at name: String, kind: Parameter.Kind = .any, _ doc: String = "") -> Param<Value> {
        make(label: nil, name: name, kind: kind, shown: nil, required: true, doc: doc) { args, slot in try args.required(slot) }
    }
}

extension Param where T == Value? {
    /// Any value, optional (`solve(m, solver)` without a solver).
    public static func optional(at name: String, kind: Parameter.Kind = .any, _ doc: String = "") -> Param<Value?> {
        make(label: nil, name: name, kind: kind, shown: nil, required: false, doc: doc) { args, slot in args.given(slot)?.value }
    }
}

extension Param {
    /// A positional parameter the call must give, decoded by `decode` (which returns nil only when absent).
    static func required(_ name: String, _ kind: Parameter.Kind, _ doc: String,
                         _ decode: @escaping (CallArguments, Slot) throws -> T?) -> Param<T> {
        make(label: nil, name: name, kind: kind, shown: nil, required: true, doc: doc) { args, slot in
            _ = try args.required(slot)
            return try decode(args, slot)!
        }
    }

    /// A positional library value of type `V` (a Graph, a Result), handed to the body as `read(v)`;
    /// `what` names the expected value in the TypeError ("a Result of solve()").
    static func library<V: LibraryValue>(at name: String, _ type: V.Type, _ what: String,
                                         _ read: @escaping (V) -> T) -> Param<T> {
        required(name, .library(what), "") { args, slot in
            let v = try args.required(slot)
            guard case .library(let d as V) = v else {
                throw LanguageError.type("\(args.callee)() argument \(args.index(slot) + 1) must be \(what), not \(v.typeName)",
                                         at: args.range(slot))
            }
            return read(d)
        }
    }
}

extension Param where T == Tensor {
    /// A tensor (a Number is rank 0, a nested array of numbers a tensor of its shape).
    public static func tensor(at name: String, _ doc: String = "") -> Param<Tensor> { .required(name, .tensor, doc) { try $0.tensor($1) } }
}

extension Param where T == Double {
    public static func number(at name: String, _ doc: String = "") -> Param<Double> { .required(name, .number, doc) { try $0.number($1) } }
}

extension Param where T == Int {
    public static func integer(at name: String, _ doc: String = "") -> Param<Int> { .required(name, .integer, doc) { try $0.integer($1) } }
}

extension Param where T == String {
    public static func string(at name: String, _ doc: String = "") -> Param<String> { .required(name, .string, doc) { try $0.string($1) } }
}

extension Param where T == String? {
    public static func optionalString(at name: String, _ doc: String = "") -> Param<String?> {
        make(label: nil, name: name, kind: .string, shown: nil, required: false, doc: doc) { args, slot in try args.string(slot) }
    }
}

extension Param where T == [Int] {
    /// Dimensions `f(2, 3)` or `f([2, 3])`: every remaining positional argument, each a non-negative integer.
    public static func dimensions(_ name: String = "dims", _ doc: String = "") -> Param<[Int]> {
        make(label: nil, name: name + "...", kind: .integer, shown: nil, required: false, variadic: true, doc: doc) { args, slot in
            try args.dimensions(from: args.index(slot))
        }
    }
}

extension Param where T == [CallArguments.Argument] {
    /// Every remaining positional argument, as given (`print(values...)`).
    public static func rest(_ name: String, kind: Parameter.Kind = .any, _ doc: String = "") -> Param<[CallArguments.Argument]> {
        make(label: nil, name: name, kind: kind, shown: nil, required: false, variadic: true, doc: doc) { args, slot in
            args.rest(from: args.index(slot))
        }
    }
}
