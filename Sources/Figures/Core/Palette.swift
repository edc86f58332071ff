/// How heatmap values map to colours.
public enum Palette: Sendable, Equatable {
    /// Diverging when the values (or the given range) span negative and positive, sequential otherwise.
    case automatic
    /// Viridis: dark purple (low) to yellow (high), perceptually uniform.
    case sequential
    /// Blue (negative) through near-white (zero) to red (positive), symmetric about zero.
    case diverging
}

/// A palette resolved to a lookup table of 256 colours over a value range.
struct ColourScale {
    let low: Double
    let high: Double
    let isDiverging: Bool
    private let table: [String]

    init(palette: Palette, low: Double, high: Double) {
        let diverging: Bool
        switch palette {
        case .automatic: diverging = low < 0 && high > 0
        case .sequential: diverging = false
        case .diverging: diverging = true
        }
        if diverging {
            let m = max(abs(low), abs(high), Double.leastNonzeroMagnitude)
            self.low = -m
            self.high = m
        } else if low == high {
            self.low = low - (low == 0 ? 1 : abs(low) * 0.1)
            self.high = high + (high == 0 ? 1 : abs(high) * 0.1)
        } else {
            self.low = low
            self.high = high
        }
        isDiverging = diverging
        let anchors = diverging ? ColourScale.redBlue : ColourScale.viridis
        table = (0..<256).map { ColourScale.interpolate(anchors, Double($0) / 255) }
    }

    var name: String { isDiverging ? "diverging" : "sequential" }

    /// The colour of `value`, clamped into the range; 256 levels keep the SVG small and the output exact.
    func colour(_ value: Double) -> String { table[level(value)] }

    /// Index of `value`'s colour in `colours`.
    func level(_ value: Double) -> Int {
        let t = (value - low) / (high - low)
        return Int((min(max(t, 0), 1) * 255).rounded(.toNearestOrAwayFromZero))
    }

    /// The 256 colours from low to high.
    var colours: [String] { table }

    private static func interpolate(_ anchors: [(Double, Double, Double)], _ t: Double) -> String {
        let position = t * Double(anchors.count - 1)
        let i = min(Int(position), anchors.count - 2)
        let f = position - Double(i)
        let (a, b) = (anchors[i], anchors[i + 1])
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    private static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [r, g, b] {
            let v = Int((min(max(c, 0), 255)).rounded(.toNearestOrAwayFromZero))
            s.append(digits[v / 16])
            s.append(digits[v % 16])
        }
        return s
    }

    /// Viridis sampled at 9 points (matplotlib's table).
    private static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// ColorBrewer RdBu reversed (blue low, red high) with a light neutral centre.
    private static let redBlue: [(Double, Double, Double)] = [
        (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (236, 236, 236),
        (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
    ]
}
