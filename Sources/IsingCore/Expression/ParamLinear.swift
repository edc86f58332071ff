import NumberText

/// A coefficient that is linear in named params: c₀ + Σ_p c_p · p.
///
/// Most coefficients are plain numbers; those keep `terms` empty, so arithmetic on them never allocates.
public struct ParamLinear: Sendable, Hashable, CustomStringConvertible, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral
{
    public struct Term: Sendable, Hashable {
        public var param: String
        public var coefficient: Double
        public init(param: String, coefficient: Double) {
            self.param = param
            self.coefficient = coefficient
        }
    }

    public var constant: Double
    /// Sorted by param name; no zero coefficients.
    public private(set) var terms: [Term]

    public init(_ constant: Double = 0) {
        self.constant = constant
        self.terms = []
    }

    public init(param: String, coefficient: Double = 1) {
        self.constant = 0
        self.terms = coefficient == 0 ? [] : [Term(param: param, coefficient: coefficient)]
    }

    /// `terms` need not be sorted or merged.
    public init(constant: Double, terms: [Term]) {
        self.constant = constant
        var merged: [String: Double] = [:]
        for t in terms { merged[t.param, default: 0] += t.coefficient }
        self.terms = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
            .map { Term(param: $0.key, coefficient: $0.value) }
    }

    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    public static let zero = ParamLinear(0)
    public static let one = ParamLinear(1)

    public var isConstant: Bool { terms.isEmpty }
    public var isZero: Bool { constant == 0 && terms.isEmpty }
    public var params: [String] { terms.map(\.param) }

    public func coefficient(of param: String) -> Double {
        terms.first { $0.param == param }?.coefficient ?? 0
    }

    /// The number this coefficient takes for the given param values. Throws when a param has no value.
    public func value(_ values: [String: Double]) throws -> Double {
        var v = constant
        for t in terms {
            guard let p = values[t.param] else { throw ExpressionError("the param '\(t.param)' has no value") }
            v += t.coefficient * p
        }
        return v
    }

    // MARK: arithmetic

    public static func + (a: ParamLinear, b: ParamLinear) -> ParamLinear {
        if b.terms.isEmpty { return ParamLinear(constant: a.constant + b.constant, sortedTerms: a.terms) }
        if a.terms.isEmpty { return ParamLinear(constant: a.constant + b.constant, sortedTerms: b.terms) }
        return ParamLinear(constant: a.constant + b.constant, sortedTerms: mergeSorted(a.terms, b.terms, 1))
    }

    public static func - (a: ParamLinear, b: ParamLinear) -> ParamLinear {
        if b.terms.isEmpty { return ParamLinear(constant: a.constant - b.constant, sortedTerms: a.terms) }
        return ParamLinear(constant: a.constant - b.constant, sortedTerms: mergeSorted(a.terms, b.terms, -1))
    }

    public static prefix func - (a: ParamLinear) -> ParamLinear { a * -1 }

    public static func * (a: ParamLinear, s: Double) -> ParamLinear {
        if s == 0 { return .zero }
        if a.terms.isEmpty { return ParamLinear(a.constant * s) }
        return ParamLinear(constant: a.constant * s,
                           sortedTerms: a.terms.map { Term(param: $0.param, coefficient: $0.coefficient * s) })
    }

    public static func * (s: Double, a: ParamLinear) -> ParamLinear { a * s }

    public static func += (a: inout ParamLinear, b: ParamLinear) {
        if b.terms.isEmpty { a.constant += b.constant } else { a = a + b }
    }

    /// The product, which is linear only when at least one side is a plain number.
    /// Throws "coefficients must be linear in params: γ * δ" otherwise.
    public func multiplied(by other: ParamLinear) throws -> ParamLinear {
        if other.terms.isEmpty { return self * other.constant }
        if terms.isEmpty { return other * constant }
        throw ExpressionError("coefficients must be linear in params: \(terms[0].param) * \(other.terms[0].param)")
    }

    public var description: String {
        var parts: [String] = []
        if constant != 0 || terms.isEmpty { parts.append(NumberFormat.format(constant)) }
        for t in terms {
            let c = t.coefficient
            let text = c == 1 ? t.param : c == -1 ? "-\(t.param)" : "\(NumberFormat.format(c))*\(t.param)"
            parts.append(text)
        }
        return parts.joined(separator: " + ").replacingOccurrences(of: "+ -", with: "- ")
    }

    // MARK: private

    /// `terms` already sorted by param name, merged, without zeros (what `SortedTerms` keeps).
    init(constant: Double, sortedTerms: [Term]) {
        self.constant = constant
        self.terms = sortedTerms
    }

    private static func mergeSorted(_ a: [Term], _ b: [Term], _ sign: Double) -> [Term] {
        var out: [Term] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].param < b[j].param) {
                out.append(a[i]); i += 1
            } else if i == a.count || b[j].param < a[i].param {
                out.append(Term(param: b[j].param, coefficient: sign * b[j].coefficient)); j += 1
            } else {
                let c = a[i].coefficient + sign * b[j].coefficient
                if c != 0 { out.append(Term(param: a[i].param, coefficient: c)) }
                i += 1; j += 1
            }
        }
        return out
    }
}
