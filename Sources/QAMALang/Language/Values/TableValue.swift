import JupyterKernel

/// A Table value (`params()`, `who()`): a `SummaryTable` shown as aligned text and as an HTML table.
struct TableValue: LibraryValue {
    var table: SummaryTable

    var typeName: String { "Table" }
    var plainText: String { table.plainText }
    var mimeBundle: MimeBundle { ["text/plain": table.plainText, "text/html": table.html] }
    var summary: String { "\(table.rows.count) row\(table.rows.count == 1 ? "" : "s")" }
    var memberNames: [String] { ["rows", "count"] }

    func member(_ name: String, session: Session) throws -> Value? {
        switch name {
        case "rows": .array(table.rows.map { .array($0.map { .string($0) }) })
        case "count": .number(Double(table.rows.count))
        default: nil
        }
    }
}
