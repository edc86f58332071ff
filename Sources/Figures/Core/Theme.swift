/// The colours and type sizes every figure shares.
///
/// Figures draw their own light, neutral card (background rect with a border) and dark text on it, so they
/// read the same on light and dark notebook themes: nothing depends on the page colour behind the SVG.
enum Theme {
    static let background = "#f8f8f7"
    static let border = "#c9c9c9"
    static let text = "#222222"
    static let mutedText = "#555555"
    static let axis = "#6b6b6b"
    static let grid = "#e2e2e2"
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    static let titleSize = 15.0
    static let labelSize = 12.0
    static let tickSize = 11.0

    /// Colour-blind-safe categorical colours (Okabe–Ito, without the yellow that vanishes on a light card).
    static let series = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#444444"]

    static func seriesColour(_ i: Int) -> String { series[i % series.count] }

    /// Marks the best (lowest) energy wherever it is drawn.
    static let bestMarker = "#c0392b"

    /// Approximate advance width of `text` at `size`, for layout (DejaVu Sans digits are ~0.64 em wide).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.62
    }
}
