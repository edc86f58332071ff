import IsingCore

/// The evaluated arguments of one call: positional first, then labeled (`sa(reads: 32)`), each with its
/// source range so errors point at the right argument. Accessors record what was read; `finish()` then
/// rejects anything left over (an extra positional argument, an unknown label).
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
    private var positionalRead = 0
    private var labelsRead: Set<String> = []

    public init(callee: String, positional: [Argument], labeled: [Argument] = [], callRange: SourceRange? = nil) {
        self.callee = callee
        self.positional = positional
        self.labeled = labeled
        self.callRange = callRange
    }

    /// Number of positional arguments.
    public var count: Int { positional.count }

    // MARK: positional

    /// Positional argument `i` (0-based); a TypeError naming the missing argument when absent.
    public mutating func value(at i: Int, _ what: String? = nil) throws -> Value {
        positionalRead = max(positionalRead, i + 1)
        guard i < positional.count else {
            throw LanguageError.type("\(callee)() is missing argument \(i + 1)\(what.map { " (\($0))" } ?? "")",
                                     at: callRange)
        }
        return positional[i].value
    }

    public mutating func optionalValue(at i: Int) -> Value? {
        positionalRead = max(positionalRead, i + 1)
        return i < positional.count ? positional[i].value : nil
    }

    public mutating func number(at i: Int) throws -> Double {
        try number(try value(at: i), positionalName(i), positional[i].range)
    }

    /// An integral number (dimensions, counts, indices).
    public mutating func int(at i: Int) throws -> Int {
        try int(try number(at: i), positionalName(i), positional[i].range)
    }

    public mutating func string(at i: Int) throws -> String {
        let v = try value(at: i)
        guard case .string(let s) = v else { throw mismatch(positionalName(i), "a String", v, positional[i].range) }
        return s
    }

    public mutating func bool(at i: Int) throws -> Bool {
        let v = try value(at: i)
        guard case .bool(let b) = v else { throw mismatch(positionalName(i), "a Bool", v, positional[i].range) }
        return b
    }

    /// A Tensor; a Number becomes a rank-0 tensor and a (nested) Array of numbers a tensor of its shape.
    public mutating func tensor(at i: Int) throws -> Tensor {
        let v = try value(at: i)
        return try tensor(v, positionalName(i), positional[i].range)
    }

    /// Every positional argument from `start` on (variadic builtins such as `randn(dims...)`).
    public mutating func rest(from start: Int) -> [Argument] {
        positionalRead = max(positionalRead, positional.count)
        return start < positional.count ? Array(positional[start...]) : []
    }

    /// Dimensions given as `f(2, 3)` or `f([2, 3])`, each a non-negative integer.
    public mutating func dimensions(from start: Int) throws -> [Int] {
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

    // MARK: labeled

    public func has(label: String) -> Bool { labeled.contains { $0.label == label } }

    public mutating func value(label: String) -> Value? {
        labelsRead.insert(label)
        return labeled.first { $0.label == label }?.value
    }

    private func range(of label: String) -> SourceRange? { labeled.first { $0.label == label }?.range }

    public mutating func number(label: String) throws -> Double? {
        guard let v = value(label: label) else { return nil }
        return try number(v, "'\(label):'", range(of: label))
    }

    public mutating func number(label: String, default d: Double) throws -> Double { try number(label: label) ?? d }

    public mutating func int(label: String) throws -> Int? {
        guard let x = try number(label: label) else { return nil }
        return try int(x, "'\(label):'", range(of: label))
    }

    public mutating func int(label: String, default d: Int) throws -> Int { try int(label: label) ?? d }

    public mutating func string(label: String) throws -> String? {
        guard let v = value(label: label) else { return nil }
        guard case .string(let s) = v else { throw mismatch("'\(label):'", "a String", v, range(of: label)) }
        return s
    }

    public mutating func bool(label: String) throws -> Bool? {
        guard let v = value(label: label) else { return nil }
        guard case .bool(let b) = v else { throw mismatch("'\(label):'", "a Bool", v, range(of: label)) }
        return b
    }

    public mutating func tensor(label: String) throws -> Tensor? {
        guard let v = value(label: label) else { return nil }
        return try tensor(v, "'\(label):'", range(of: label))
    }

    /// One of `choices` (e.g. `schedule: "geometric" | "linear"`); a ValueError listing them otherwise.
    public mutating func choice(label: String, _ choices: [String]) throws -> String? {
        guard let s = try string(label: label) else { return nil }
        guard choices.contains(s) else {
            throw LanguageError.value("\(callee)() '\(label):' must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"",
                                      at: range(of: label))
        }
        return s
    }

    // MARK: finishing

    /// Throws a TypeError for positional arguments nobody read and labels nobody asked for; with
    /// `allowingAnyLabel` every label is accepted (a builtin that takes names as labels, `inject(γ: 4)`).
    public func finish(allowingAnyLabel: Bool = false) throws {
        if positional.count > positionalRead {
            let extra = positional[positionalRead]
            throw LanguageError.type("\(callee)() takes \(positionalRead) positional argument\(positionalRead == 1 ? "" : "s") but got \(positional.count)",
                                     at: extra.range ?? callRange)
        }
        if !allowingAnyLabel, let unknown = labeled.first(where: { !labelsRead.contains($0.label ?? "") }) {
            let known = labelsRead.sorted().map { "\($0):" }
            throw LanguageError.type("\(callee)() has no argument '\(unknown.label ?? ""):'"
                                     + (known.isEmpty ? "" : " (it takes \(known.joined(separator: ", ")))"),
                                     at: unknown.range ?? callRange)
        }
    }

    /// The range of positional argument `i`, or of the call.
    public func rangeOf(argument i: Int) -> SourceRange? { i < positional.count ? positional[i].range ?? callRange : callRange }
    public func rangeOf(label: String) -> SourceRange? { range(of: label) ?? callRange }

    // MARK: conversions shared by the accessors

    private func positionalName(_ i: Int) -> String { "argument \(i + 1)" }

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
