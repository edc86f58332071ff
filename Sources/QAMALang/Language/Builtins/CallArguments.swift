import IsingCore

/// The evaluated arguments of one call: positional first, then labeled (`sa(reads: 32)`), each with its
/// source range so errors point at the right argument. A builtin reads them through its declared
/// parameters (`args[reads]`, see Parameter.swift); `Builtin.invoke` has already refused unknown labels,
/// extra positional arguments and ill-typed values before the body runs.
public struct CallArguments {
    public struct Argument {
        public var label: String?
        public var value: Value
        public var range: SourceRange?

        public init(label: String? = nil, value: Value, range: SourceRange? = nil) {
            self.label = label
            self.value = value
            self.range = range
        }
    }

    /// The function's name as written, for messages ("randn()").
    public let callee: String
    public let positional: [Argument]
    public let labeled: [Argument]
    public let callRange: SourceRange?
    /// The names of the builtin's positional parameters in order (where `Slot.positional` looks).
    var positionalNames: [String] = []
    /// The session the call runs in (default seeds, models compiled on demand); set by `Builtin.invoke`.
    var session: Session?

    public init(callee: String, positional: [Argument], labeled: [Argument] = [], callRange: SourceRange? = nil) {
        self.callee = callee
        self.positional = positional
        self.labeled = labeled
        self.callRange = callRange
    }

    /// Number of positional arguments.
    public var count: Int { positional.count }

    /// The declared parameter's value, decoded (or its default).
    public subscript<T>(_ p: Param<T>) -> T {
        get throws { try p.read(self) }
    }

    public func has(label: String) -> Bool { labeled.contains { $0.label == label } }

    /// The range of positional argument `i`, or of the call.
    public func rangeOf(argument i: Int) -> SourceRange? { i < positional.count ? positional[i].range ?? callRange : callRange }
    public func rangeOf(label: String) -> SourceRange? { labeled.first { $0.label == label }?.range ?? callRange }
    public func rangeOf<T>(_ p: Param<T>) -> SourceRange? {
        p.parameter.label.map { rangeOf(label: $0) } ?? rangeOf(argument: index(.positional(p.parameter.name)))
    }

    // MARK: positional, by index (variadic and multi-form builtins)

    /// Positional argument `i` (0-based); a TypeError naming the missing argument when absent.
    public func value(at i: Int, _ what: String? = nil) throws -> Value {
        guard i < positional.count else {
            throw LanguageError.type("\(callee)() is missing argument \(i + 1)\(what.map { " (\($0))" } ?? "")", at: callRange)
        }
        return positional[i].value
    }

    public func optionalValue(at i: Int) -> Value? { i < positional.count ? positional[i].value : nil }

    public func number(at i: Int) throws -> Double { try number(try value(at: i), "argument \(i + 1)", positional[i].range) }

    public func int(at i: Int) throws -> Int { try int(try number(at: i), "argument \(i + 1)", positional[i].range) }

    public func string(at i: Int) throws -> String {
        let v = try value(at: i)
        guard case .string(let s) = v else { throw mismatch("argument \(i + 1)", "a String", v, positional[i].range) }
        return s
    }

    public func tensor(at i: Int) throws -> Tensor { try tensor(try value(at: i), "argument \(i + 1)", positional[i].range) }

    /// Every positional argument from `start` on.
    public func rest(from start: Int) -> [Argument] { start < positional.count ? Array(positional[start...]) : [] }

    /// Dimensions given as `f(2, 3)` or `f([2, 3])`, each a non-negative integer.
    public func dimensions(from start: Int) throws -> [Int] {
        let args = rest(from: start)
        if args.count == 1, case .array(let items) = args[0].value {
            return try items.enumerated().map { k, item in
                let d = try int(try number(item, "dimension \(k + 1)", args[0].range), "dimension \(k + 1)", args[0].range)
                guard d >= 0 else { throw LanguageError.value("\(callee)() dimensions must be ≥ 0, got \(d)", at: args[0].range) }
                return d
            }
        }
        return try args.enumerated().map { k, arg in
            let d = try int(try number(arg.value, "argument \(start + k + 1)", arg.range), "argument \(start + k + 1)", arg.range)
            guard d >= 0 else { throw LanguageError.value("\(callee)() dimensions must be ≥ 0, got \(d)", at: arg.range) }
            return d
        }
    }

    // MARK: reads by slot (what the Param factories use)

    func index(_ slot: Slot) -> Int {
        guard case .positional(let name) = slot else { return -1 }
        return positionalNames.firstIndex(of: name) ?? -1
    }

    func given(_ slot: Slot) -> Argument? {
        switch slot {
        case .label(let label): return labeled.first { $0.label == label }
        case .positional:
            let i = index(slot)
            return i >= 0 && i < positional.count ? positional[i] : nil
        }
    }

    func range(_ slot: Slot) -> SourceRange? { given(slot)?.range ?? callRange }

    /// "argument 2" or "'reads:'", as messages name an argument.
    private func what(_ slot: Slot) -> String {
        if case .label(let label) = slot { return "'\(label):'" }
        return "argument \(index(slot) + 1)"
    }

    func required(_ slot: Slot) throws -> Value {
        if let a = given(slot) { return a.value }
        let i = index(slot)
        if case .positional(let name) = slot {
            throw LanguageError.type("\(callee)() is missing argument \(i + 1) (\(name))", at: callRange)
        }
        throw LanguageError.type("\(callee)() needs \(what(slot))", at: callRange)
    }

    func number(_ slot: Slot) throws -> Double? {
        guard let a = given(slot) else { return nil }
        return try number(a.value, what(slot), a.range)
    }

    func integer(_ slot: Slot) throws -> Int? {
        guard let x = try number(slot) else { return nil }
        return try int(x, what(slot), range(slot))
    }

    /// An integer that must be at least 1.
    func positive(_ slot: Slot) throws -> Int? {
        guard let v = try integer(slot) else { return nil }
        guard v >= 1 else {
            let name = { if case .label(let l) = slot { "\(l):" } else { what(slot) } }()
            throw LanguageError.value("\(callee)() \(name) must be at least 1, got \(v)", at: range(slot))
        }
        return v
    }

    func string(_ slot: Slot) throws -> String? {
        guard let a = given(slot) else { return nil }
        guard case .string(let s) = a.value else { throw mismatch(what(slot), "a String", a.value, a.range) }
        return s
    }

    func bool(_ slot: Slot) throws -> Bool? {
        guard let a = given(slot) else { return nil }
        guard case .bool(let b) = a.value else { throw mismatch(what(slot), "a Bool", a.value, a.range) }
        return b
    }

    func tensor(_ slot: Slot) throws -> Tensor? {
        guard let a = given(slot) else { return nil }
        return try tensor(a.value, what(slot), a.range)
    }

    /// One of `choices` (e.g. `schedule: "geometric" | "linear"`); a ValueError listing them otherwise.
    func choice(_ slot: Slot, _ choices: [String]) throws -> String? {
        guard let s = try string(slot) else { return nil }
        guard choices.contains(s) else {
            throw LanguageError.value("\(callee)() \(what(slot)) must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"",
                                      at: range(slot))
        }
        return s
    }

    func drawSeed() -> UInt64 { session?.nextSeed() ?? 0 }

    // MARK: conversions shared by the accessors

    private func mismatch(_ what: String, _ expected: String, _ got: Value, _ range: SourceRange?) -> LanguageError {
        .type("\(callee)() \(what) must be \(expected), not \(got.typeName)", at: range ?? callRange)
    }

    private func number(_ v: Value, _ what: String, _ range: SourceRange?) throws -> Double {
        switch v {
        case .number(let x): return x
        case .tensor(let t) where t.rank == 0: return t.storage[0]
        default: throw mismatch(what, "a Number", v, range)
        }
    }

    private func int(_ x: Double, _ what: String, _ range: SourceRange?) throws -> Int {
        guard x == x.rounded(), abs(x) < 9_007_199_254_740_992 else {
            throw LanguageError.value("\(callee)() \(what) must be an integer, got \(NumberFormat.format(x))", at: range ?? callRange)
        }
        return Int(x)
    }

    private func tensor(_ v: Value, _ what: String, _ range: SourceRange?) throws -> Tensor {
        do {
            return try TensorConversion.tensor(from: v)
        } catch let e as LanguageError where e.kind == .shape {
            throw e.located(range ?? callRange)
        } catch {
            throw mismatch(what, "a Tensor", v, range)
        }
    }
}
