/// Where a problem's coefficients land on a machine's integer grid: for fields and for couplings, how
/// many fall in each factor-of-two band of machine steps (|v| / step in [2^k, 2^(k+1))), with the shaded
/// region below half a step, where a coefficient rounds to 0, and a line at the largest programmable
/// magnitude.
public struct PrecisionPlot: Figure {
    public let svg: String
    public let description: String
    /// Band k covers [2^k, 2^(k+1)) steps; `bands` lists k from low to high (the lowest also holds anything
    /// smaller).
    public let bands: [Int]
    public let fieldCounts: [Int]
    public let couplingCounts: [Int]

    /// Widest span of bands drawn: smaller coefficients are counted in the lowest band.
    public static let maxBands = 24

    /// - Parameters:
    ///   - fieldSteps, couplingSteps: |coefficient| / step of every nonzero field and coupling.
    ///   - maxMagnitude: the largest programmable integer (127 at 8 bits).
    public init(fieldSteps: [Double], couplingSteps: [Double], maxMagnitude: Int, title: String = "Coefficients in machine steps",
                width: Int = 620) throws {
        guard !(fieldSteps.isEmpty && couplingSteps.isEmpty) else { throw FigureError.empty("precision plot \"\(title)\"") }
        try FigureError.requireFinite(fieldSteps, "field steps")
        try FigureError.requireFinite(couplingSteps, "coupling steps")
        guard maxMagnitude >= 1, (fieldSteps + couplingSteps).allSatisfy({ $0 > 0 }) else {
            throw FigureError("precision plot: steps must be positive and the largest magnitude at least 1")
        }
        let all = fieldSteps + couplingSteps
        let top = max(Self.band(all.max()!), Self.band(Double(maxMagnitude)))
        let bottom = max(min(Self.band(all.min()!), -2), top - Self.maxBands + 1)
        let bandList = Array(bottom...top)
        let counts = { (values: [Double]) -> [Int] in
            var c = [Int](repeating: 0, count: bandList.count)
            for v in values { c[max(Self.band(v), bottom) - bottom] += 1 }
            return c
        }
        let fieldCounts = counts(fieldSteps), couplingCounts = counts(couplingSteps)
        bands = bandList
        self.fieldCounts = fieldCounts
        self.couplingCounts = couplingCounts
        let zeroedFields = fieldSteps.filter { $0 < 0.5 }.count, zeroedCouplings = couplingSteps.filter { $0 < 0.5 }.count

        let text = [
            "Precision plot \"\(title)\": \(fieldSteps.count) fields and \(couplingSteps.count) couplings by |value| in machine steps, bands 2^\(bottom) … 2^\(top + 1)",
            "below ½ step (round to 0): \(zeroedFields) fields, \(zeroedCouplings) couplings; largest programmable magnitude \(maxMagnitude)",
            "fields per band: " + fieldCounts.map(String.init).joined(separator: " "),
            "couplings per band: " + couplingCounts.map(String.init).joined(separator: " "),
        ].joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        let subtitle = "\(zeroedFields) of \(fieldSteps.count) fields and \(zeroedCouplings) of \(couplingSteps.count) couplings round to 0"
        var top0 = TitleBlock.draw(into: &w, title: title, subtitle: subtitle, width: figureWidth)
        let legend = Legend(items: [.init(label: "fields", colour: Theme.seriesColour(0), key: .box),
                                    .init(label: "couplings", colour: Theme.seriesColour(1), key: .box)])
        top0 += legend.draw(into: &w, x: 16, y: top0 - 4, width: figureWidth - 32)
        let tallest = max(fieldCounts.max() ?? 0, couplingCounts.max() ?? 0, 1)
        var x = Axis.linear(low: Double(bottom), high: Double(top + 1), target: 8, integer: true, extend: false)
        x.setTicks((bottom...(top + 1)).map(Double.init), labels: (bottom...(top + 1)).map(Self.powerLabel))
        var y = Axis.linear(low: 0, high: Double(tallest) * 1.1, target: 4, integer: true)
        let left = PlotFrame.leftMargin(for: y, hasLabel: true) + 8
        let plotHeight = 180.0
        x.place(start: left, end: figureWidth - 24)
        y.place(start: top0 + 12 + plotHeight, end: top0 + 12)
        let frame = PlotFrame(x: x, y: y)

        // Below half a step: what the machine cannot see.
        let half = x.position(-1)
        if half > frame.left {
            w.rect(x: frame.left, y: frame.top, width: half - frame.left, height: frame.bottom - frame.top, fill: Theme.grid,
                   opacity: 0.7, cssClass: "qf-zeroed")
        }
        frame.draw(into: &w, xLabel: "|value| in machine steps (log scale)", yLabel: "count")
        if half > frame.left {
            w.text("rounds to 0", x: half - 5, y: frame.top + 14, anchor: .end, fill: Theme.mutedText, halo: true, cssClass: "qf-zeroed-label")
        }

        w.openGroup(cssClass: "qf-bars")
        for k in bandList.indices {
            let x0 = x.position(Double(bottom + k)), x1 = x.position(Double(bottom + k + 1))
            let barWidth = (x1 - x0 - 4) / 2
            for (series, count) in [fieldCounts[k], couplingCounts[k]].enumerated() where count > 0 {
                let yTop = y.position(Double(count))
                w.rect(x: x0 + 2 + Double(series) * barWidth, y: yTop, width: barWidth, height: frame.bottom - yTop,
                       fill: Theme.seriesColour(series), opacity: 0.85, cssClass: "qf-bar")
            }
        }
        w.closeGroup()

        let largest = x.position(Self.log2(Double(maxMagnitude)))
        w.line(x1: largest, y1: frame.top, x2: largest, y2: frame.bottom, stroke: Theme.bestMarker, width: 1.5, dash: "5 3", cssClass: "qf-largest")
        w.text("±\(maxMagnitude)", x: largest - 5, y: frame.top + 14, anchor: .end, fill: Theme.bestMarker, halo: true, cssClass: "qf-largest-label")

        svg = w.document(width: figureWidth, height: frame.bottom + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }

    /// k with 2^k ≤ v < 2^(k+1), for v > 0, by exact doubling and halving (no libm).
    public static func band(_ v: Double) -> Int {
        var k = 0, p = 1.0
        if v >= 1 { while p * 2 <= v && k < 1100 { p *= 2; k += 1 } } else { while p > v && k > -1100 { p /= 2; k -= 1 } }
        return k
    }

    /// log₂ v between its band edges, linearly (enough to place a marker line).
    static func log2(_ v: Double) -> Double {
        let k = band(v)
        var p = 1.0
        if k >= 0 { for _ in 0..<k { p *= 2 } } else { for _ in 0..<(-k) { p /= 2 } }
        return Double(k) + (v - p) / p
    }

    /// "1/4", "1/2", "1", "2", "128".
    static func powerLabel(_ k: Int) -> String {
        k >= 0 ? (k < 62 ? String(1 << k) : "2^\(k)") : (k > -62 ? "1/\(1 << -k)" : "2^\(k)")
    }
}
