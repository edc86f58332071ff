import NumberText

/// Lines of y against x, each optionally with a shaded band (an interval per point), on linear or log axes,
/// with an optional marked point: the time-to-target curves (success probability with its confidence band
/// against the sweep budget) and the spectral-gap curve (gap against β, its minimum marked).
public struct CurvePlot: Figure {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var xs: [Double]
        public var ys: [Double]
        /// Band below and above each point (both or neither).
        public var lower: [Double]?
        public var upper: [Double]?

        public init(name: String, xs: [Double], ys: [Double], lower: [Double]? = nil, upper: [Double]? = nil) {
            self.name = name
            self.xs = xs
            self.ys = ys
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Mark: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public let svg: String
    public let description: String

    /// - Parameters:
    ///   - yRange: fixed y limits (e.g. 0…1 for a probability); default: the data's, with nice ticks.
    ///   - logX, logY: log₁₀ axes; every value on such an axis must be positive.
    public init(series: [Series], title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
                yRange: (low: Double, high: Double)? = nil, mark: Mark? = nil, width: Int = 760) throws {
        guard !series.isEmpty, series.contains(where: { !$0.xs.isEmpty }) else { throw FigureError.empty("curve \"\(title)\"") }
        var allX: [Double] = [], allY: [Double] = []
        for s in series {
            guard s.ys.count == s.xs.count else { throw FigureError.lengthMismatch("curve \"\(s.name)\" y values", expected: s.xs.count, got: s.ys.count) }
            guard (s.lower == nil) == (s.upper == nil) else { throw FigureError("curve \"\(s.name)\": a band needs both lower and upper values") }
            try FigureError.requireFinite(s.xs, "curve \"\(s.name)\" x values")
            try FigureError.requireFinite(s.ys, "curve \"\(s.name)\" y values")
            allX += s.xs
            allY += s.ys
            for band in [s.lower, s.upper] {
                guard let band else { continue }
                guard band.count == s.xs.count else { throw FigureError.lengthMismatch("curve \"\(s.name)\" band", expected: s.xs.count, got: band.count) }
                try FigureError.requireFinite(band, "curve \"\(s.name)\" band")
                allY += band
            }
        }
        if logX, let bad = allX.first(where: { $0 <= 0 }) {
            throw FigureError("curve \"\(title)\": a log x axis needs positive values, got \(NumberFormat.significant(bad, digits: 6))")
        }
        if logY, let bad = allY.first(where: { $0 <= 0 }) {
            throw FigureError("curve \"\(title)\": a log y axis needs positive values, got \(NumberFormat.significant(bad, digits: 6))")
        }

        var lines = ["Curves \"\(title)\": \(yLabel) against \(xLabel)\(logX ? " (log x)" : "")\(logY ? " (log y)" : "")"]
        for s in series {
            var line = "\(s.name): " + zip(s.xs, s.ys).map { "\(NumberFormat.significant($0, digits: 6)) → \(NumberFormat.significant($1, digits: 6))" }
                .joined(separator: ", ")
            if s.lower != nil { line += " (with band)" }
            lines.append(line)
        }
        if let mark { lines.append("marked: \(mark.label)") }
        let text = lines.joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        var top = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: figureWidth)
        let xLow = allX.min()!, xHigh = allX.max()!
        var x = logX ? Axis.logarithmic(low: xLow, high: xHigh)
            : Axis.linear(low: xLow, high: xHigh == xLow ? xLow + 1 : xHigh, target: 6, extend: false)
        let yLow = yRange?.low ?? allY.min()!, yHigh = yRange?.high ?? allY.max()!
        var y = logY ? Axis.logarithmic(low: yLow, high: yHigh)
            : Axis.linear(low: yLow, high: yHigh == yLow ? yLow + 1 : yHigh, target: 5, extend: yRange == nil)
        let left = PlotFrame.leftMargin(for: y, hasLabel: true) + 8
        let legend = Legend(items: series.indices.map { Legend.Item(label: series[$0].name, colour: Theme.seriesColour($0), key: .line) })
        top += legend.draw(into: &w, x: left, y: top - 4, width: figureWidth - left - 24)
        x.place(start: left + 10, end: figureWidth - 34)
        y.place(start: top + 12 + 260, end: top + 12)
        let frame = PlotFrame(x: x, y: y, padding: 10)
        frame.draw(into: &w, xLabel: xLabel, yLabel: yLabel)

        for (k, s) in series.enumerated() {
            let colour = Theme.seriesColour(k)
            if let lower = s.lower, let upper = s.upper, s.xs.count > 1 {
                let above = s.xs.indices.map { (x.position(s.xs[$0]), y.position(upper[$0])) }
                let below = s.xs.indices.reversed().map { (x.position(s.xs[$0]), y.position(lower[$0])) }
                w.polygon(above + below, fill: colour, opacity: 0.15, cssClass: "qf-band")
            }
            let points = zip(s.xs, s.ys).map { (x.position($0), y.position($1)) }
            if points.count > 1 { w.polyline(points, stroke: colour, width: 2, cssClass: "qf-line qf-series") }
            if points.count <= 40 {
                w.openGroup(cssClass: "qf-points")
                for p in points { w.circle(cx: p.0, cy: p.1, r: 3, fill: colour) }
                w.closeGroup()
            }
        }
        if let mark {
            let px = x.position(mark.x), py = y.position(mark.y)
            w.circle(cx: px, cy: py, r: 5.5, fill: "none", stroke: Theme.bestMarker, strokeWidth: 2, cssClass: "qf-mark")
            let right = px > (frame.left + frame.right) / 2
            w.text(mark.label, x: right ? px - 9 : px + 9, y: py - 9, anchor: right ? .end : .start, fill: Theme.bestMarker,
                   halo: true, cssClass: "qf-mark-label")
        }
        svg = w.document(width: figureWidth, height: frame.bottom + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }
}
