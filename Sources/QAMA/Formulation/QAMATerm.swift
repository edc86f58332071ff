/// One named part of a QAMA model's energy at a sample (`r.terms` of a QAMA model): the same three names in
/// both formulations, so their ratios can be read, compared and swept.
public struct QAMATerm: Sendable, Equatable {
    public static let queryKey = "query-key"
    public static let value = "value"
    public static let headOverlap = "head overlap"
    /// The three names in the order every breakdown lists them.
    public static let names = [queryKey, value, headOverlap]

    public let name: String
    /// The term's weight (α, β or γ) as it was applied.
    public let weight: Double
    public let energy: Double

    public init(name: String, weight: Double, energy: Double) {
        self.name = name
        self.weight = weight
        self.energy = energy
    }
}
