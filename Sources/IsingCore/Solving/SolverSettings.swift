/// The settings of a solver, typed: what a configured solver says it will use (the language's `sa(...)`,
/// where a setting the solver picks from the problem is still `.auto`) and what a run actually used (a
/// `SampleSet`'s, every auto value resolved: SA's β range, SB's dt and c0). Values stay typed here; they
/// become text only where they are shown (the language's display), so every module shows them alike.
public struct SolverSettings: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    /// In a stable order: the order they are shown in.
    public var list: [Setting]

    public init(_ list: [Setting] = []) { self.list = list }
    public init(arrayLiteral elements: Setting...) { list = elements }

    public var startIndex: Int { list.startIndex }
    public var endIndex: Int { list.endIndex }
    public subscript(position: Int) -> Setting { list[position] }

    /// The value of the setting called `name` (nil when there is none).
    public subscript(name name: String) -> SettingValue? { list.first { $0.name == name }?.value }

    /// The settings that do not vary at all (`.fixed`): what identifies a configuration across runs.
    public var fixed: SolverSettings { SolverSettings(list.filter { $0.variation == .fixed }) }
    /// The settings that decide the samples (all but the `.incidental` ones): what a saved result shows.
    public var decisive: SolverSettings { SolverSettings(list.filter { $0.variation != .incidental }) }
}

/// One setting: its name, its typed value, and whether it varies from run to run.
public struct Setting: Sendable, Equatable {
    public let name: String
    public let value: SettingValue
    public let variation: Variation

    /// How a setting varies — which decides where it is shown: a configuration's name across many seeds
    /// (a time-to-target table) keeps only `.fixed` settings; a result keeps all but `.incidental` ones, so a
    /// saved notebook is the same bytes on every machine.
    public enum Variation: Sendable, Equatable {
        /// The same on every run: what the solver is (reads, sweeps, the β range) or what it found.
        case fixed
        /// Differs from run to run and decides the samples: the seed (a result shows it so it can be rerun).
        case perRun
        /// Differs between machines or runs but never changes the samples: the thread count.
        case incidental
    }

    public init(name: String, value: SettingValue, variation: Variation) {
        self.name = name
        self.value = value
        self.variation = variation
    }

    /// Whether it varies from run to run at all.
    public var varies: Bool { variation != .fixed }

    public static func fixed(_ name: String, _ value: SettingValue) -> Setting { Setting(name: name, value: value, variation: .fixed) }
    /// The seed a run used (all 64 bits: a draw from a session stream uses them all).
    public static func seed(_ seed: UInt64) -> Setting { Setting(name: "seed", value: .seed(seed), variation: .perRun) }
    /// The number of threads work was spread over (results never depend on it).
    public static func threads(_ n: Int) -> Setting { Setting(name: "threads", value: .int(n), variation: .incidental) }
}

/// A setting's value, typed.
public enum SettingValue: Sendable, Equatable {
    case int(Int)
    /// A 64-bit seed.
    case seed(UInt64)
    case number(Double)
    case text(String)
    /// A closed range such as a β range from hot to cold.
    case range(Double, Double)
    /// A quantity ramped from a start to an end value over a run (the CIM's pump and amplitude).
    case ramp(from: Double, to: Double)
    /// A fraction, shown as a percentage (the CIM's coefficient change on quantising).
    case fraction(Double)
    /// `base^exponent`, e.g. the 2^n states exact search visits.
    case power(base: Int, exponent: Int)
    /// How many of the requested were done before an interruption.
    case interrupted(done: Int, of: Int)
    /// The smallest and the mean of several rates (parallel tempering's exchange acceptance).
    case minMean(min: Double, mean: Double)
    /// Not given: the solver decides from the problem (`dt`, `beta` before a run).
    case auto
    /// Nothing to report (no neighbouring replicas to exchange).
    case none

    public static func optional(_ x: Double?) -> SettingValue { x.map(SettingValue.number) ?? .auto }
    public static func optional(_ r: (hot: Double, cold: Double)?) -> SettingValue { r.map { .range($0.hot, $0.cold) } ?? .auto }
}
