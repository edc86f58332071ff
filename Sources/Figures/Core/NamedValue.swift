/// A labelled number: one energy term of a result ("objective", "penalty γ", a constraint), one bar.
public struct NamedValue: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}
