import Foundation
import NumberText

/// One axis: a value domain, its ticks and labels, and (once placed) the pixel span it maps to.
///
/// Ticks depend only on the domain, so margins can be sized from the tick labels before placing the axis.
struct Axis {
    enum Scale { case linear, log }

    private(set) var low: Double
    private(set) var high: Double
    let scale: Scale
    private(set) var ticks: [Double]
    private(set) var labels: [String]
    /// Pixel positions of `low` and `high` (for a vertical axis `start` is the bottom).
    private(set) var start = 0.0
    private(set) var end = 1.0

    /// A linear value axis with nice ticks; `extend` widens the domain to whole tick steps.
    static func linear(low: Double, high: Double, target: Int = 5, integer: Bool = false, extend: Bool = true) -> Axis {
        let t = NiceTicks(low: low, high: high, target: target, integerStep: integer, extend: extend)
        return Axis(low: t.low, high: t.high, scale: .linear, ticks: t.values, labels: t.labels)
    }

    /// A log₁₀ axis over positive values, padded by a few percent, ticks at 1, 2, 5 × 10^k when the
    /// range is under two decades and at powers of ten otherwise.
    static func logarithmic(low: Double, high: Double) -> Axis {
        let lo = low / 1.12, hi = high * 1.12
        let eLow = NumberFormat.decimalExponent(lo), eHigh = NumberFormat.decimalExponent(hi)
        let multipliers: [Double] = eHigh - eLow < 2 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        for e in eLow...eHigh {
            for m in multipliers {
                let v = m * NumberFormat.powerOfTen(e)
                if v >= lo && v <= hi { ticks.append(v) }
            }
        }
        return Axis(low: lo, high: hi, scale: .log, ticks: ticks, labels: ticks.map { NumberFormat.significant($0, digits: 3) })
    }

    private init(low: Double, high: Double, scale: Scale, ticks: [Double], labels: [String]) {
        self.low = low
        self.high = high
        self.scale = scale
        self.ticks = ticks
        self.labels = labels
    }

    /// Replaces the ticks with given values (e.g. the swept parameter values), labelled compactly.
    mutating func setTicks(_ values: [Double]) {
        setTicks(values, labels: values.map { NumberFormat.significant($0, digits: 4) })
    }

    /// Ticks with given labels (categories: result labels, term names).
    mutating func setTicks(_ values: [Double], labels: [String]) {
        ticks = values
        self.labels = labels
    }

    mutating func place(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    func position(_ v: Double) -> Double {
        let t: Double
        switch scale {
        case .linear: t = (v - low) / (high - low)
        case .log: t = (log10(v) - log10(low)) / (log10(high) - log10(low))
        }
        return start + (end - start) * t
    }

    /// Widest tick label, for sizing the margin beside a vertical axis.
    var widestLabel: Double { labels.map { Theme.textWidth($0, size: Theme.tickSize) }.max() ?? 0 }

    /// Indices of ticks whose labels do not collide along a horizontal axis (greedy, left to right).
    func visibleHorizontalLabels() -> [Int] {
        var kept: [Int] = []
        var lastRight = -Double.infinity
        for (i, label) in labels.enumerated() {
            let half = label.split(separator: "\n").map { Theme.textWidth(String($0), size: Theme.tickSize) }.max().map { $0 / 2 } ?? 0
            let x = position(ticks[i])
            if x - half >= lastRight + 6 {
                kept.append(i)
                lastRight = x + half
            }
        }
        return kept
    }
}
