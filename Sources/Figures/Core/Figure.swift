/// A rendered figure: a standalone SVG document and a `text/plain` description of what it shows.
///
/// Figures are value types built from plain arrays (no model or solver types), rendered once in their
/// initialiser, and byte-deterministic: the same input gives the same `svg` on every machine.
public protocol Figure: Sendable, CustomStringConvertible {
    /// A standalone SVG document (`image/svg+xml`).
    var svg: String { get }
    /// What the figure shows, for `text/plain`: kind, size, ranges and any down-sampling.
    var description: String { get }
}

extension Figure {
    /// What a notebook displays: the SVG, with the description as the `text/plain` fallback.
    public var mimeBundle: [String: String] { ["image/svg+xml": svg, "text/plain": description] }
}
