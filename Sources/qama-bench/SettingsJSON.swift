import Foundation
import IsingCore

/// A run's settings as JSON values for the bench reports: numbers stay numbers (the Python drivers format
/// them), a range is `[hot, cold]`.
extension SettingValue {
    var json: Any {
        switch self {
        case .int(let n): n
        case .seed(let n): Int(exactly: n) ?? Double(n)  // JSON numbers: a seed above Int.max loses digits
        case .number(let x), .fraction(let x): x
        case .text(let s): s
        case .range(let a, let b), .ramp(let a, let b): [a, b]
        case .power(let base, let exponent): (0..<exponent).reduce(1.0) { x, _ in x * Double(base) }
        case .interrupted(let done, _): done
        case .minMean(let least, let mean): ["min": least, "mean": mean]
        case .auto: "auto"
        case .none: NSNull()
        }
    }
}

extension SolverSettings {
    /// Name → value (the first of a repeated name).
    var json: [String: Any] { Dictionary(map { ($0.name, $0.value.json) }, uniquingKeysWith: { a, _ in a }) }
}
