/// How numbers print everywhere (results, print, interpolation, tables): an integral value below 2^53 in
/// magnitude prints as an integer (`42`, `-4`); anything else as the shortest decimal that reads back to the
/// same Double (`5.5`, `0.1`, `1e-07`), which is what Swift's `Double.description` produces.
public enum NumberFormat {
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
        // Swift writes 2^53 … 2^64 as "9007199254740992.0"; the ".0" adds nothing to a round trip.
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
