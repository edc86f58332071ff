import NumberText

/// Accumulates SVG elements with short, fixed-format attributes and wraps them in a standalone document.
///
/// Every number goes through `NumberFormat`, every string through `XMLText.escape`, so the output is
/// well-formed XML and identical byte for byte on every platform. Elements carry `qf-…` classes as stable
/// markers (for tests and for readers of the SVG); no stylesheet is emitted, so an inlined figure cannot
/// restyle the page around it, nor ids collide between figures.
struct SVGWriter {
    enum Anchor: String { case start, middle, end }

    private(set) var body = ""

    private static func n(_ x: Double) -> String { NumberFormat.coordinate(x) }

    private static func classAttribute(_ c: String?) -> String { c.map { " class=\"\($0)\"" } ?? "" }

    mutating func raw(_ s: String) { body += s }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                       strokeWidth: Double = 1, opacity: Double? = nil, rx: Double? = nil, cssClass: String? = nil) {
        body += "<rect\(Self.classAttribute(cssClass)) x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(width, 0)))\" height=\"\(Self.n(max(height, 0)))\""
        if let rx { body += " rx=\"\(Self.n(rx))\"" }
        body += " fill=\"\(fill)\""
        if let opacity { body += " fill-opacity=\"\(Self.n(opacity))\"" }
        if let stroke { body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(strokeWidth))\"" }
        body += "/>\n"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil, cssClass: String? = nil) {
        body += "<line\(Self.classAttribute(cssClass)) x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { body += " stroke-dasharray=\"\(dash)\"" }
        body += "/>\n"
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = Theme.tickSize,
                       fill: String = Theme.text, bold: Bool = false, rotate: Double? = nil, halo: Bool = false,
                       cssClass: String? = nil) {
        if halo {
            // A background-coloured outline drawn first, as its own element (renderers without `paint-order`
            // would otherwise paint the outline over the glyphs), keeps the label readable across lines.
            text(content, x: x, y: y, anchor: anchor, size: size, fill: Theme.background, bold: bold, rotate: rotate,
                 cssClass: "qf-halo", outline: true)
        }
        text(content, x: x, y: y, anchor: anchor, size: size, fill: fill, bold: bold, rotate: rotate, cssClass: cssClass, outline: false)
    }

    private mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor, size: Double, fill: String, bold: Bool,
                               rotate: Double?, cssClass: String?, outline: Bool) {
        body += "<text\(Self.classAttribute(cssClass)) x=\"\(Self.n(x))\" y=\"\(Self.n(y))\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if size != Theme.labelSize { body += " font-size=\"\(Self.n(size))\"" }
        if fill != Theme.text { body += " fill=\"\(fill)\"" }
        if bold { body += " font-weight=\"bold\"" }
        if outline { body += " stroke=\"\(Theme.background)\" stroke-width=\"3\" stroke-linejoin=\"round\"" }
        if let rotate { body += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        body += ">\(XMLText.escape(content))</text>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil,
                           cssClass: String? = nil) {
        body += "<polyline\(Self.classAttribute(cssClass)) points=\"\(Self.pointList(points))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\""
        if let dash { body += " stroke-dasharray=\"\(dash)\"" }
        body += "/>\n"
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double, cssClass: String? = nil) {
        body += "<polygon\(Self.classAttribute(cssClass)) points=\"\(Self.pointList(points))\" fill=\"\(fill)\" fill-opacity=\"\(Self.n(opacity))\"/>\n"
    }

    mutating func path(_ d: String, fill: String, fillOpacity: Double? = nil, stroke: String? = nil, width: Double = 1,
                       cssClass: String? = nil) {
        body += "<path\(Self.classAttribute(cssClass)) d=\"\(d)\" fill=\"\(fill)\""
        if let fillOpacity { body += " fill-opacity=\"\(Self.n(fillOpacity))\"" }
        if let stroke { body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\"" }
        body += "/>\n"
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1.5,
                         cssClass: String? = nil) {
        body += "<circle\(Self.classAttribute(cssClass)) cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(fill)\""
        if let stroke { body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(strokeWidth))\"" }
        body += "/>\n"
    }

    /// Opens a `<g>`; `attributes` is pre-formatted (e.g. a transform built with `NumberFormat`).
    mutating func openGroup(cssClass: String? = nil, attributes: String = "") {
        body += "<g\(Self.classAttribute(cssClass))\(attributes.isEmpty ? "" : " " + attributes)>\n"
    }

    mutating func closeGroup() { body += "</g>\n" }

    static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")
    }

    /// The standalone document: root with xmlns, viewBox, pixel size; `<title>` and `<desc>` first; then
    /// the background card and the body.
    func document(width: Double, height: Double, title: String, description: String) -> String {
        let w = Self.n(width.rounded(.up)), h = Self.n(height.rounded(.up))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\""
        out += " role=\"img\" font-family=\"\(Theme.fontFamily)\" font-size=\"\(Self.n(Theme.labelSize))\" fill=\"\(Theme.text)\">\n"
        out += "<title>\(XMLText.escape(title))</title>\n"
        out += "<desc>\(XMLText.escape(description))</desc>\n"
        out += "<rect class=\"qf-background\" x=\"0.5\" y=\"0.5\" width=\"\(Self.n(width.rounded(.up) - 1))\" height=\"\(Self.n(height.rounded(.up) - 1))\" rx=\"6\" fill=\"\(Theme.background)\" stroke=\"\(Theme.border)\"/>\n"
        out += body
        out += "</svg>\n"
        return out
    }
}
