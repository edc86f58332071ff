// How builtins are declared
// =========================
// A builtin is declared ONCE: its name, its typed parameters (Parameter.swift) and a one-paragraph doc.
// Everything else is derived from that declaration, the way swift-argument-parser derives usage, help and
// completion from its argument definitions:
//   - the signature that inspect (Shift-Tab), `help` and completion show,
//   - the labels completion offers inside `name(` and the strings it offers after `mode: `,
//   - the errors for an unknown label (with a did-you-mean), a missing or extra positional argument and
//     an ill-typed or out-of-range value — all raised before the body runs,
//   - the decoding: the body reads `try args[reads]`, typed (`Int` here), defaulted by the declaration.
// A default that belongs to a library type is read from that type (`default: SimulatedAnnealing().reads`);
// one the type decides from the problem stays nil ("auto": `Param<Double?>.number("dt")`).
//
// To add a builtin: in the Library folder of its concept (Library/Solvers, Library/Figures, …) write
//
//     static var eye: Builtin {
//         let n = Param<Int>.integer(at: "n")
//         return Builtin("eye", [n], doc: "The n×n identity matrix.") { args, session in
//             let n = try args[n]
//             ...
//             return .tensor(t)
//         }
//     }
//
// and add it to that folder's `register` list (`table.register([eye, ...])`); LibraryBuiltins (or
// StandardBuiltins for the core modules) calls each folder's register once. Errors a body throws without a
// position are positioned at the call; library errors that adopt `UserFacingError` become the right
// LanguageError kind at the one boundary in the evaluator. Long-running builtins poll
// `session.checkInterrupted()` (or hand `session.cancellationCheck` to `SolveControl`) so an interrupt
// stops them within 100 ms. Random draws come from `session.random` only.
//
// To add a solver: its dynamics in IsingSolvers; in Library/Solvers a builtin whose parameters read the
// solver type's defaults and which returns a `SolverValue` with a `SolverDescription` (progress label,
// figure title, typed settings); solve, sweep, tts and the figures take it as is. List the type in
// SolverDefaultsTests.solverTypes (that test walks every solver builtin and fails until you do).
// To add a figure: the drawing in the Figures module; in Library/Figures a builtin returning
// `FigureValue.make { try TheFigure(...) }` (a FigureError is a ValueError through UserFacingError).
// See docs/DESIGN.md, "Where a change goes".

/// Anything that declares one parameter: a typed `Param` or a bare `Parameter`.
public protocol DeclaresParameter {
    var parameter: Parameter { get }
}

extension Param: DeclaresParameter {}
extension Parameter: DeclaresParameter { public var parameter: Parameter { self } }

/// One builtin function (or a method of a value, `r.term(name)`).
public struct Builtin {
    public var name: String
    /// The value before the dot for a method ("r" in `r.term(name)`); nil for a function.
    public var receiver: String?
    public var parameters: [Parameter]
    /// Further parameter groups shown after `; title: ` (qama's v1 formulation, whose labels and defaults
    /// differ from v2's). Their labels are accepted and completed like the main ones.
    public var sections: [(title: String, parameters: [Parameter])]
    /// Labels that name things rather than parameters (`inject(γ: 4)`, interact's controls): any label is
    /// accepted, and this shows in the signature where such labels go. nil: only declared labels.
    public var namedLabels: String?
    /// Other forms of the call the parameters cannot show (`sum(i in a where cond: body)`), after " | ".
    public var alternatives: [String]
    /// One paragraph.
    public var doc: String
    public var call: (CallArguments, Session) throws -> Value
    /// What the builtin does to one Number, for a pure element-wise function (abs, exp, …): compiled sums and
    /// loops call it directly. nil for everything else.
    public var scalar: (@Sendable (Double) -> Double)? = nil

    public init(_ name: String, receiver: String? = nil, _ parameters: [any DeclaresParameter] = [],
                sections: [(title: String, parameters: [any DeclaresParameter])] = [], namedLabels: String? = nil,
                alternatives: [String] = [], doc: String, call: @escaping (CallArguments, Session) throws -> Value) {
        self.name = name
        self.receiver = receiver
        self.parameters = parameters.map(\.parameter)
        self.sections = sections.map { ($0.title, $0.parameters.map(\.parameter)) }
        self.namedLabels = namedLabels
        self.alternatives = alternatives
        self.doc = doc
        self.call = call
    }

    /// Every declared parameter, sections included.
    public var allParameters: [Parameter] { parameters + sections.flatMap(\.parameters) }

    /// As shown to users, e.g. `sa(reads: 32, sweeps: 1000, beta: [hot, cold], schedule: "geometric" | "linear", seed:, threads:)`.
    public var signature: String {
        func list(_ ps: [Parameter]) -> [String] { ps.filter { !$0.isHidden }.map(\.shown) }
        let positional = list(parameters.filter { !$0.isLabeled }), labeled = list(parameters.filter(\.isLabeled))
        var inside = (positional + (namedLabels.map { [$0] } ?? []) + labeled).joined(separator: ", ")
        for section in sections { inside += "; \(section.title): " + list(section.parameters).joined(separator: ", ") }
        let call = (receiver.map { "\($0)." } ?? "") + "\(name)(\(inside))"
        return ([call] + alternatives).joined(separator: " | ")
    }

    /// The declared labels in order, each once (completion offers `reads:` inside `sa(`).
    public var labels: [String] {
        var seen: Set<String> = []
        return allParameters.compactMap(\.label).filter { seen.insert($0).inserted }
    }

    /// The strings a labeled argument accepts (`mode:` of `sb` → "ballistic", "discrete", "heated"), offered
    /// by completion after `mode: `.
    public var choices: [String: [String]] {
        var out: [String: [String]] = [:]
        for p in allParameters { if let label = p.label, let c = p.choices { out[label] = c } }
        return out
    }

    /// Checks the arguments against the declaration, then runs the body.
    public func invoke(_ arguments: CallArguments, session: Session) throws -> Value {
        var args = arguments
        args.positionalNames = parameters.filter { !$0.isLabeled }.map(\.name)
        args.session = session
        try validate(args)
        return try call(args, session)
    }

    /// Unknown labels, extra positional arguments, missing required ones and every given value's type and
    /// range, in that order.
    func validate(_ args: CallArguments) throws {
        let labels = self.labels
        if namedLabels == nil, let unknown = args.labeled.first(where: { !labels.contains($0.label ?? "") }) {
            let label = unknown.label ?? ""
            var message = "\(args.callee)() has no argument '\(label):'"
            message += labels.isEmpty ? "" : " (it takes \(labels.map { "\($0):" }.joined(separator: ", ")))"
            if let guess = NameSuggestion.closest(to: label, among: labels) { message += "; did you mean '\(guess):'?" }
            throw LanguageError.type(message, at: unknown.range ?? args.callRange)
        }
        let positional = parameters.filter { !$0.isLabeled }
        if !positional.contains(where: \.isVariadic), args.count > positional.count {
            let n = positional.count
            throw LanguageError.type("\(args.callee)() takes \(n) positional argument\(n == 1 ? "" : "s") but got \(args.count)",
                                     at: args.positional[n].range ?? args.callRange)
        }
        for (k, p) in positional.enumerated() where p.isRequired || k < args.count || p.isVariadic { try p.check(args) }
        for p in allParameters where p.isLabeled && args.has(label: p.label!) { try p.check(args) }
    }
}

/// Every builtin by name.
public struct BuiltinTable {
    public private(set) var builtins: [String: Builtin] = [:]

    public init() {}

    /// A later registration of the same name replaces the earlier one.
    public mutating func register(_ builtin: Builtin) { builtins[builtin.name] = builtin }

    public mutating func register(_ list: [Builtin]) { for b in list { register(b) } }

    public subscript(name: String) -> Builtin? { builtins[name] }

    /// Sorted names, for completion and `help()`.
    public var names: [String] { builtins.keys.sorted() }
}
