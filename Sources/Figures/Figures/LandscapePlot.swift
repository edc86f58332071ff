import NumberText

/// Energy against Hamming distance from the best state: the min … max band and the mean at each distance,
/// with the best energy marked. Shows how rugged the landscape is around the solution.
public struct LandscapePlot: Figure {
    public let svg: String
    public let description: String

    /// - Parameters:
    ///   - distances: Hamming distances (any order; drawn sorted), one entry per point of the other arrays.
    ///   - minimum, mean, maximum: energy statistics of the states at each distance.
    ///   - best: the best energy (drawn as a reference line).
    ///   - counts: optional number of states behind each point, reported in the description.
    public init(distances: [Double], minimum: [Double], mean: [Double], maximum: [Double], best: Double,
                counts: [Int]? = nil, title: String = "Energy landscape",
                distanceLabel: String = "Hamming distance from best state", valueLabel: String = "energy",
                width: Int = 760) throws {
        guard !distances.isEmpty else { throw FigureError.empty("landscape \"\(title)\"") }
        for (name, series) in [("minimum", minimum), ("mean", mean), ("maximum", maximum)] {
            guard series.count == distances.count else { throw FigureError.lengthMismatch("landscape \(name) energies", expected: distances.count, got: series.count) }
            try FigureError.requireFinite(series, "landscape \(name) energies")
        }
        if let counts, counts.count != distances.count { throw FigureError.lengthMismatch("landscape counts", expected: distances.count, got: counts.count) }
        try FigureError.requireFinite(distances, "landscape distances")
        try FigureError.requireFinite(best, "landscape best energy")
        if let i = distances.indices.first(where: { minimum[$0] > mean[$0] + 1e-9 * max(1, abs(mean[$0])) || mean[$0] > maximum[$0] + 1e-9 * max(1, abs(mean[$0])) }) {
            throw FigureError("landscape: at index \(i) the energies are not ordered minimum ≤ mean ≤ maximum")
        }

        let order = distances.indices.sorted { (distances[$0], $0) < (distances[$1], $1) }
        let d = order.map { distances[$0] }, lo = order.map { minimum[$0] }, mid = order.map { mean[$0] }, hi = order.map { maximum[$0] }

        let overall = Statistics(lo + hi + [best])
        var lines = ["Landscape \"\(title)\": \(valueLabel) against \(distanceLabel), \(Plural.count(d.count, "distance")) from \(NumberFormat.significant(d.first!, digits: 6)) to \(NumberFormat.significant(d.last!, digits: 6))"]
        lines.append("best \(NumberFormat.significant(best, digits: 6)); band \(NumberFormat.significant(overall.minimum, digits: 6)) … \(NumberFormat.significant(overall.maximum, digits: 6))")
        if let counts { lines.append("\(counts.reduce(0, +)) states in total") }
        let text = lines.joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        var top = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: figureWidth)
        var y = Axis.linear(low: overall.minimum, high: overall.maximum, target: 5)
        let left = PlotFrame.leftMargin(for: y, hasLabel: true) + 8
        let colour = Theme.seriesColour(0)
        let legend = Legend(items: [
            .init(label: "min … max", colour: colour, key: .box),
            .init(label: "mean", colour: colour, key: .line),
            .init(label: "best \(NumberFormat.significant(best, digits: 6))", colour: Theme.bestMarker, key: .dashed),
        ])
        top += legend.draw(into: &w, x: left, y: top - 4, width: figureWidth - left - 24)
        let integral = d.allSatisfy { $0 == $0.rounded() }
        var x = Axis.linear(low: d.first!, high: d.last!, target: 8, integer: integral, extend: false)
        x.place(start: left, end: figureWidth - 24)
        y.place(start: top + 12 + 260, end: top + 12)
        let frame = PlotFrame(x: x, y: y)
        frame.draw(into: &w, xLabel: distanceLabel, yLabel: valueLabel)

        let upper = zip(d, hi).map { (x.position($0), y.position($1)) }
        let lower = zip(d, lo).map { (x.position($0), y.position($1)) }
        if d.count > 1 {
            w.polygon(upper + lower.reversed(), fill: colour, opacity: 0.18, cssClass: "qf-band")
            w.polyline(upper, stroke: colour, width: 1, cssClass: "qf-line qf-max")
            w.polyline(lower, stroke: colour, width: 1, cssClass: "qf-line qf-min")
        } else {
            w.line(x1: upper[0].0, y1: upper[0].1, x2: lower[0].0, y2: lower[0].1, stroke: colour, width: 6, cssClass: "qf-band")
        }
        let by = y.position(best)
        w.line(x1: frame.left, y1: by, x2: frame.right, y2: by, stroke: Theme.bestMarker, width: 1.5, dash: "6 4", cssClass: "qf-best")
        let meanPoints = zip(d, mid).map { (x.position($0), y.position($1)) }
        if meanPoints.count > 1 { w.polyline(meanPoints, stroke: colour, width: 2.25, cssClass: "qf-line qf-mean") }
        if meanPoints.count <= 80 {
            w.openGroup(cssClass: "qf-points")
            for p in meanPoints { w.circle(cx: p.0, cy: p.1, r: 3, fill: colour) }
            w.closeGroup()
        }

        svg = w.document(width: figureWidth, height: frame.bottom + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }
}
