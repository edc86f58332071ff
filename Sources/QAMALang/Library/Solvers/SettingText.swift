import IsingCore

/// Where a solver's typed settings (IsingCore's `SolverSettings`) become text — the only place. A configured
/// solver (`sa(...)`) shows its numbers as given; a result shows the numbers its run used (β ranges and steps
/// computed from the problem) to four significant digits, as C's `%.4g`.
enum SettingText {
    enum Digits {
        /// The shortest text that reads back to the same number (`0.25`, `60`).
        case asGiven
        /// Four significant digits (`0.003825`, `1.359e+04`).
        case asUsed
    }

    /// `reads: 32, sweeps: 1000, beta: auto`.
    static func list(_ settings: SolverSettings, _ digits: Digits) -> String {
        settings.map { "\($0.name): \(text($0.value, digits))" }.joined(separator: ", ")
    }

    static func text(_ value: SettingValue, _ digits: Digits) -> String {
        let number = { (x: Double) in digits == .asGiven ? NumberFormat.format(x) : NumberFormat.g(x, precision: 4) }
        return switch value {
        case .int(let n): "\(n)"
        case .seed(let n): "\(n)"
        case .number(let x): number(x)
        case .text(let s): s
        case .range(let a, let b): "[\(number(a)), \(number(b))]"
        case .ramp(let a, let b): "\(number(a))→\(number(b))"
        case .fraction(let f): NumberFormat.percent(f)
        case .power(let base, let exponent): "\(base)^\(exponent)"
        case .interrupted(let done, let of): "\(done) of \(of) (interrupted)"
        case .minMean(let least, let mean): "min \(number(least)), mean \(number(mean))"
        case .auto: "auto"
        case .none: "none"
        }
    }
}
