import JupyterKernel

extension SummaryTable {
    /// The display of a value that is a table with a figure (sweeps, gap curves, time to target): the figure as
    /// SVG, and HTML holding the figure and the table in one `<div class="cssClass">` — frontends prefer HTML
    /// to SVG, so the HTML must carry the figure too. Without a figure, the table alone.
    func bundle(plainText: String, figure: FigureValue?, cssClass: String, tableFirst: Bool = false) -> MimeBundle {
        var bundle: MimeBundle = ["text/plain": plainText]
        if let figure {
            bundle["image/svg+xml"] = figure.svg
            bundle["text/html"] = "<div class=\"\(cssClass)\">" + (tableFirst ? html + figure.svg : figure.svg + html) + "</div>"
        } else {
            bundle["text/html"] = html
        }
        return bundle
    }
}
