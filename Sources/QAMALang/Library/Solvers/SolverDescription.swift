/// What a configured solver is, as the language shows it — produced by the solver's own builtin
/// (Library/Solvers), so figures, results and sweeps never switch on solver names: adding a solver
/// touches its builtin only.
struct SolverDescription: Sendable {
    /// One setting's value, typed: `s.reads` is a Number, `s.schedule` a String, `s.beta` "auto" or a range.
    enum Setting: Sendable, Equatable {
        case int(Int)
        /// A 64-bit seed (a draw from the session stream uses all 64 bits).
        case seed(UInt64)
        case number(Double)
        case text(String)
        case range(Double, Double)
        /// The solver decides from the problem (`dt`, `beta` when not given).
        case auto

        var shown: String {
            switch self {
            case .int(let n): "\(n)"
            case .seed(let n): "\(n)"
            case .number(let x): NumberFormat.format(x)
            case .text(let s): s
            case .range(let a, let b): "[\(NumberFormat.format(a)), \(NumberFormat.format(b))]"
            case .auto: "auto"
            }
        }

        /// As a member reads it (`sa().reads`).
        var value: Value {
            switch self {
            case .int(let n): .number(Double(n))
            case .seed(let n): .number(Double(n))
            case .number(let x): .number(x)
            default: .string(shown)
            }
        }

        static func optional(_ x: Double?) -> Setting { x.map(Setting.number) ?? .auto }
        static func optional(_ r: (hot: Double, cold: Double)?) -> Setting { r.map { .range($0.hot, $0.cold) } ?? .auto }
    }

    /// The builtin's name ("sa").
    let name: String
    /// A few words for the progress display ("sa · 32 reads").
    let label: String
    /// How figures and sweep tables name a result of this solver ("sb ballistic · 64 agents"); the name
    /// alone when nothing more tells runs apart.
    let title: String
    /// One setting as used, and whether it varies from run to run without changing what is solved (the
    /// seed, the thread count): a time-to-target table, which compares solvers over many seeds, leaves those out.
    struct Entry: Sendable {
        let name: String
        let setting: Setting
        let varies: Bool

        static func fixed(_ name: String, _ setting: Setting) -> Entry { Entry(name: name, setting: setting, varies: false) }
        static func varying(_ name: String, _ setting: Setting) -> Entry { Entry(name: name, setting: setting, varies: true) }
    }

    /// The settings actually used, in a stable order (seed included: drawn from the session stream when
    /// not given, so a notebook reproduces).
    let settings: [Entry]

    init(name: String, label: String? = nil, title: String? = nil, settings: [Entry] = []) {
        self.name = name
        self.label = label ?? name
        self.title = title ?? name
        self.settings = settings
    }

    /// `sa(reads: 32, sweeps: 1000, beta: auto, schedule: geometric, seed: 7)`; without the varying
    /// settings when `includingVarying` is false.
    func shown(includingVarying: Bool = true) -> String {
        "\(name)(" + settings.filter { includingVarying || !$0.varies }.map { "\($0.name): \($0.setting.shown)" }
            .joined(separator: ", ") + ")"
    }

    subscript(name: String) -> Setting? { settings.first { $0.name == name }?.setting }
}
