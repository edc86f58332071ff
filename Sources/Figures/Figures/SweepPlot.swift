import NumberText

/// A parameter sweep: the best sample's energy split by term (several lines) against the swept value, and
/// below it the sparsity of the decoded weights (fraction nonzero, mean weight) against the same axis.
public struct SweepPlot: Figure {
    /// One line: a name and one value per swept point.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public let svg: String
    public let description: String

    /// - Parameters:
    ///   - parameter: the swept parameter's name (x axis).
    ///   - values: the swept values (any order; drawn sorted).
    ///   - energies: energy series (e.g. total, objective, penalty), one value per swept point.
    ///   - sparsity: fraction of nonzero weights at each point, in [0, 1].
    ///   - meanWeight: mean decoded weight at each point, in [0, 1].
    ///   - logScale: log x axis; default when all values are positive and span a factor of 8 or more.
    public init(parameter: String, values: [Double], energies: [Series], sparsity: [Double]? = nil, meanWeight: [Double]? = nil,
                title: String? = nil, valueLabel: String = "energy", logScale: Bool? = nil, width: Int = 760) throws {
        let title = title ?? "Sweep over \(parameter)"
        guard !values.isEmpty, !energies.isEmpty || sparsity != nil || meanWeight != nil else { throw FigureError.empty("sweep \"\(title)\"") }
        try FigureError.requireFinite(values, "sweep values of \(parameter)")
        for s in energies {
            guard s.values.count == values.count else { throw FigureError.lengthMismatch("sweep series \"\(s.name)\"", expected: values.count, got: s.values.count) }
            try FigureError.requireFinite(s.values, "sweep series \"\(s.name)\"")
        }
        for (name, series) in [("sparsity", sparsity), ("mean weight", meanWeight)] {
            guard let series else { continue }
            guard series.count == values.count else { throw FigureError.lengthMismatch("sweep \(name)", expected: values.count, got: series.count) }
            try FigureError.requireFinite(series, "sweep \(name)")
            if let i = series.firstIndex(where: { $0 < -1e-9 || $0 > 1 + 1e-9 }) {
                throw FigureError("sweep \(name): value at index \(i) is \(NumberFormat.significant(series[i], digits: 6)), outside [0, 1]")
            }
        }
        let positive = values.allSatisfy { $0 > 0 }
        if logScale == true && !positive { throw FigureError("sweep: a log axis needs positive values of \(parameter)") }
        let useLog = logScale ?? (positive && values.max()! >= 8 * values.min()!)

        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        let xs = order.map { values[$0] }
        let energySeries = energies.map { series in Series(name: series.name, values: order.map { series.values[$0] }) }
        var lower: [Series] = []
        if let sparsity { lower.append(Series(name: "fraction nonzero", values: order.map { sparsity[$0] })) }
        if let meanWeight { lower.append(Series(name: "mean weight", values: order.map { meanWeight[$0] })) }

        var lines = ["Sweep \"\(title)\": \(Plural.count(values.count, "value")) of \(parameter) from \(NumberFormat.significant(xs.first!, digits: 6)) to \(NumberFormat.significant(xs.last!, digits: 6))\(useLog ? " (log axis)" : "")"]
        for s in energySeries + lower {
            lines.append("\(s.name): " + s.values.map { NumberFormat.significant($0, digits: 6) }.joined(separator: ", "))
        }
        let text = lines.joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        var top = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: figureWidth)
        let distinct = Set(xs).count
        var x = useLog ? Axis.logarithmic(low: xs.first!, high: xs.last!)
            : Axis.linear(low: xs.first!, high: xs.last!, target: 6, extend: false)
        if distinct <= 12 {
            var ticks: [Double] = []
            for v in xs where ticks.last != v { ticks.append(v) }
            x.setTicks(ticks)
        }
        let allEnergies = energySeries.flatMap { $0.values }
        let energyAxis = allEnergies.isEmpty ? nil : Axis.linear(low: allEnergies.min()!, high: allEnergies.max()!, target: 5)
        let fractionAxis = lower.isEmpty ? nil : Axis.linear(low: 0, high: 1, target: 4)
        let left = max(energyAxis.map { PlotFrame.leftMargin(for: $0, hasLabel: true) } ?? 0,
                       fractionAxis.map { PlotFrame.leftMargin(for: $0, hasLabel: true) } ?? 0) + 8
        x.place(start: left + 10, end: figureWidth - 34)

        if var y = energyAxis {
            let legend = Legend(items: energySeries.indices.map { Legend.Item(label: energySeries[$0].name, colour: Theme.seriesColour($0), key: .line) })
            top += legend.draw(into: &w, x: left, y: top - 4, width: figureWidth - left - 24)
            y.place(start: top + 12 + 220, end: top + 12)
            top = SweepPlot.drawPanel(energySeries, xs: xs, firstColour: 0, x: x, y: y, xLabel: lower.isEmpty ? parameter : nil, yLabel: valueLabel, into: &w)
        }
        if var y = fractionAxis {
            let legend = Legend(items: lower.indices.map { Legend.Item(label: lower[$0].name, colour: Theme.seriesColour(energySeries.count + $0), key: .line) })
            top += 34 + legend.draw(into: &w, x: left, y: top + 30, width: figureWidth - left - 24)
            y.place(start: top + 12 + 150, end: top + 12)
            top = SweepPlot.drawPanel(lower, xs: xs, firstColour: energySeries.count, x: x, y: y, xLabel: parameter, yLabel: "sparsity", into: &w)
        }
        svg = w.document(width: figureWidth, height: top + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }

    /// One panel: frame, axes, and a line with markers per series. Returns the panel's bottom edge.
    private static func drawPanel(_ series: [Series], xs: [Double], firstColour: Int, x: Axis, y: Axis, xLabel: String?,
                                  yLabel: String, into w: inout SVGWriter) -> Double {
        let frame = PlotFrame(x: x, y: y, padding: 10)
        frame.draw(into: &w, xLabel: xLabel, yLabel: yLabel)
        for (k, s) in series.enumerated() {
            let colour = Theme.seriesColour(firstColour + k)
            let points = zip(xs, s.values).map { (x.position($0), y.position($1)) }
            if points.count > 1 { w.polyline(points, stroke: colour, width: 2, cssClass: "qf-line qf-series") }
            w.openGroup(cssClass: "qf-points")
            for p in points { w.circle(cx: p.0, cy: p.1, r: 3.5, fill: colour) }
            w.closeGroup()
        }
        return frame.bottom
    }
}
