import NumberText

extension NumberFormat {
    /// SVG coordinates: two decimals are finer than any screen pixel.
    static func coordinate(_ x: Double) -> String { fixed(x, decimals: 2) }
}
