/// The kind of a decision variable. Conversion between the two is s = 2x − 1.
public enum Vartype: String, Sendable, Hashable, Codable {
    case binary  // x ∈ {0, 1}
    case spin    // s ∈ {−1, +1}
}
